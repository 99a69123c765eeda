import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// `--since auto`: the decision from the CI environment alone, then real clones shaped as GitHub
/// Actions and GitLab CI make them, with the environment each platform sets.
@Suite struct AutoBaseTests {
    static let before = "1111111111111111111111111111111111111111"
    static let zeros = String(repeating: "0", count: 40)

    func payloadFile(_ json: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-event-\(UUID().uuidString).json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func github(_ event: String, payload: String? = nil, _ extra: [String: String] = [:]) throws -> [String: String] {
        var environment = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_REF": "refs/heads/feature", "GITHUB_REF_NAME": "feature"]
        if let payload { environment["GITHUB_EVENT_PATH"] = try payloadFile(payload) }
        return environment.merging(extra) { _, new in new }
    }

    func gitlab(_ source: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["GITLAB_CI": "true", "CI_PIPELINE_SOURCE": source, "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BRANCH": "feature"]
            .merging(extra) { _, new in new }
    }

    // MARK: The decision

    @Test func githubPullRequestUsesTheTargetBranch() throws {
        let decision = try AutoBase.decide(environment: github("pull_request", ["GITHUB_BASE_REF": "release/2"]))
        guard case let .mergeBase(ref, branch, kind, _) = decision.candidates.first else { Issue.record("\(decision)"); return }
        #expect(ref == "origin/release/2")
        #expect(branch == "release/2")
        #expect(kind == .pullRequest)
        #expect(decision.candidates.count == 1)
    }

    @Test func githubPushComparesThePushedRange() throws {
        let payload = #"{"before":"\#(Self.before)","after":"2222222222222222222222222222222222222222","forced":false,"created":false,"repository":{"default_branch":"main"}}"#
        let decision = try AutoBase.decide(environment: github("push", payload: payload))
        guard case let .direct(commit, kind, _) = decision.candidates.first else { Issue.record("\(decision)"); return }
        #expect(commit == Self.before)
        #expect(kind == .push)
        // Then the default branch, then everything: a previous tip that cannot be fetched is not fatal.
        guard case .mergeBase(ref: "origin/main", _, _, _) = decision.candidates[1], case .everything = decision.candidates[2] else {
            Issue.record("\(decision.candidates)"); return
        }
    }

    @Test func githubForcePushIsNamed() throws {
        let payload = #"{"before":"\#(Self.before)","forced":true,"repository":{"default_branch":"main"}}"#
        let decision = try AutoBase.decide(environment: github("push", payload: payload))
        guard case .direct(_, .forcePush, _) = decision.candidates.first else { Issue.record("\(decision)"); return }
    }

    @Test func newBranchUsesTheDefaultBranchAndTheDefaultBranchItselfChecksEverything() throws {
        let payload = #"{"before":"\#(Self.zeros)","created":true,"repository":{"default_branch":"main"}}"#
        let feature = try AutoBase.decide(environment: github("push", payload: payload))
        guard case .mergeBase("origin/main", "main", .newBranch, _) = feature.candidates.first else { Issue.record("\(feature)"); return }
        let main = try AutoBase.decide(environment: github("push", payload: payload, ["GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main"]))
        guard case .everything(.newBranch, _) = main.candidates.first else { Issue.record("\(main)"); return }
        #expect(main.candidates.count == 1)
    }

    @Test(arguments: [("schedule", AutoBaseChoice.Kind.scheduled), ("workflow_dispatch", .manual), ("repository_dispatch", .manual)])
    func githubRunsWithoutAChangeCheckEverything(_ event: String, _ expected: AutoBaseChoice.Kind) throws {
        let decision = try AutoBase.decide(environment: github(event))
        guard case let .everything(kind, _) = decision.candidates.first else { Issue.record("\(decision)"); return }
        #expect(kind == expected)
    }

    @Test func githubTagPushChecksEverything() throws {
        let decision = try AutoBase.decide(environment: github("push", payload: "{}", ["GITHUB_REF": "refs/tags/v1.0.0", "GITHUB_REF_NAME": "v1.0.0"]))
        guard case .everything(.tag, _) = decision.candidates.first else { Issue.record("\(decision)"); return }
    }

    @Test func githubMergeQueueUsesTheBaseCommit() throws {
        let payload = #"{"merge_group":{"base_sha":"\#(Self.before)","base_ref":"refs/heads/main"}}"#
        let decision = try AutoBase.decide(environment: github("merge_group", payload: payload))
        guard case .direct(Self.before, .mergeQueue, _) = decision.candidates.first,
              case .mergeBase("origin/main", "main", .mergeQueue, _) = decision.candidates.last else { Issue.record("\(decision)"); return }
    }

    @Test func gitlabMergeRequestUsesGitLabsMergeBase() throws {
        let decision = try AutoBase.decide(environment: gitlab("merge_request_event", [
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_MERGE_REQUEST_DIFF_BASE_SHA": Self.before, "CI_MERGE_REQUEST_EVENT_TYPE": "detached",
        ]))
        guard case .direct(Self.before, .mergeRequest, _) = decision.candidates.first,
              case .mergeBase("origin/main", "main", .mergeRequest, _) = decision.candidates.last else { Issue.record("\(decision)"); return }
    }

    @Test func gitlabMergedResultsUseTheTargetCommit() throws {
        let decision = try AutoBase.decide(environment: gitlab("merge_request_event", [
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_MERGE_REQUEST_DIFF_BASE_SHA": Self.zeros,
            "CI_MERGE_REQUEST_EVENT_TYPE": "merged_result", "CI_MERGE_REQUEST_TARGET_BRANCH_SHA": Self.before,
        ]))
        guard case .direct(Self.before, .mergeRequest, _) = decision.candidates.first else { Issue.record("\(decision)"); return }
    }

    @Test func gitlabPushesNewBranchesTagsAndSchedules() throws {
        let push = try AutoBase.decide(environment: gitlab("push", ["CI_COMMIT_BEFORE_SHA": Self.before]))
        guard case .direct(Self.before, .push, _) = push.candidates.first else { Issue.record("\(push)"); return }
        let new = try AutoBase.decide(environment: gitlab("push", ["CI_COMMIT_BEFORE_SHA": Self.zeros]))
        guard case .mergeBase("origin/main", "main", .newBranch, _) = new.candidates.first else { Issue.record("\(new)"); return }
        let tag = try AutoBase.decide(environment: gitlab("push", ["CI_COMMIT_TAG": "v2", "CI_COMMIT_BEFORE_SHA": Self.zeros]))
        guard case .everything(.tag, _) = tag.candidates.first else { Issue.record("\(tag)"); return }
        let schedule = try AutoBase.decide(environment: gitlab("schedule"))
        guard case .everything(.scheduled, _) = schedule.candidates.first else { Issue.record("\(schedule)"); return }
        let web = try AutoBase.decide(environment: gitlab("web"))
        guard case .everything(.manual, _) = web.candidates.first else { Issue.record("\(web)"); return }
    }

    @Test func badEnvironmentsAreErrorsThatSayWhatToDo() throws {
        #expect(throws: MonorepoError.autoBase("GitHub pull_request event without GITHUB_BASE_REF; pass --since origin/<target branch>")) {
            try AutoBase.decide(environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request"])
        }
        #expect(throws: MonorepoError.autoBase("GitLab merge request pipeline without CI_MERGE_REQUEST_TARGET_BRANCH_NAME; pass --since origin/<target branch>")) {
            try AutoBase.decide(environment: ["GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event"])
        }
        let path = try payloadFile("{\n  \"before\": \"abc\",,\n}\n")
        do {
            _ = try AutoBase.decide(environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": path])
            Issue.record("a malformed payload was accepted")
        } catch let MonorepoError.invalidManifest(file, line, _) {
            #expect(file == path)
            #expect(line == 2)
        }
    }

    // MARK: Real clones

    func changes(_ clone: GitFixture, _ environment: [String: String]) throws -> ChangeSet {
        try ChangeDetector(repository: Repository(discovering: clone.path)).changes(for: ChangeQuery(since: "auto", environment: environment))
    }

    func sha(_ repo: GitFixture, _ rev: String) throws -> String {
        try repo.git("rev-parse", rev).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// GitHub push to main, checked out at depth 1: the previous tip is fetched and compared directly.
    @Test func githubPushOnADepthOneClone() throws {
        let origin = try ShallowCloneTests.origin()
        let before = try sha(origin, "main~2")
        let clone = try origin.clone("clone", ["--depth=1", "--branch", "main"])
        let payload = #"{"before":"\#(before)","forced":false,"repository":{"default_branch":"main"}}"#
        let result = try changes(clone, github("push", payload: payload, ["GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main"]))
        #expect(result.paths.map(\.path) == ["services/web/page29.html", "services/web/page30.html"])
        #expect(result.base.method == .direct)
        #expect(result.base.auto?.kind == .push)
        #expect(result.base.note.hasPrefix("auto (github push): push: the pushed range"))
    }

    /// A force push rewrote feature: what it dropped and what it added both count.
    @Test func forcePushCountsDroppedAndAddedCommits() throws {
        let origin = try ShallowCloneTests.origin()
        try origin.git("checkout", "-q", "feature")
        let before = try sha(origin, "feature")
        try origin.git("reset", "-q", "--hard", "feature~1")
        try origin.write("services/web/rewritten.html")
        try origin.commitAll("rewrite")
        try origin.git("checkout", "-q", "main")
        // GitHub serves commits by SHA even after a force push; so does this origin.
        try origin.git("config", "uploadpack.allowAnySHA1InWant", "true")
        let clone = try origin.clone("clone", ["--depth=1", "--branch", "feature"])
        let payload = #"{"before":"\#(before)","forced":true,"repository":{"default_branch":"main"}}"#
        let result = try changes(clone, github("push", payload: payload))
        #expect(result.paths.map(\.path) == ["services/api/file5.txt", "services/web/rewritten.html"])
        #expect(result.base.auto?.kind == .forcePush)
        #expect(result.base.method == .direct)
    }

    /// GitLab says nothing about force pushes: the ancestry of the previous tip tells.
    @Test func gitlabForcePushIsRecognisedByAncestry() throws {
        let origin = try ShallowCloneTests.origin()
        let clone = try origin.clone("clone", ["--branch", "feature"])
        let before = try sha(clone, "HEAD")
        try origin.git("checkout", "-q", "feature")
        try origin.git("reset", "-q", "--hard", "feature~2")
        try origin.write("services/api/new.txt")
        try origin.commitAll("rewrite")
        try origin.git("checkout", "-q", "main")
        try clone.git("fetch", "-q", "origin")
        try clone.git("reset", "-q", "--hard", "origin/feature")
        let result = try changes(clone, gitlab("push", ["CI_COMMIT_BEFORE_SHA": before]))
        #expect(result.paths.map(\.path) == ["services/api/file4.txt", "services/api/file5.txt", "services/api/new.txt"])
        #expect(result.base.auto?.kind == .forcePush)
    }

    /// The previous tip is gone for good: the branch falls back to its merge-base with main, and says so.
    @Test func unavailablePreviousTipFallsBackToTheDefaultBranch() throws {
        let origin = try ShallowCloneTests.origin()
        let clone = try origin.clone("clone", ["--no-single-branch", "--branch", "feature"])
        let payload = #"{"before":"\#(Self.before)","forced":true,"repository":{"default_branch":"main"}}"#
        let result = try changes(clone, github("push", payload: payload))
        #expect(result.paths.map(\.path) == ShallowCloneTests.expectedPaths)
        #expect(result.base.auto?.kind == .newBranch)
        #expect(result.base.auto?.fallbacks.count == 1)
        #expect(result.base.note.contains("could not be fetched"))
    }

    /// A new branch pushed from a single-branch depth-1 checkout: main is fetched and deepened.
    @Test func newBranchFetchesTheDefaultBranch() throws {
        let origin = try ShallowCloneTests.origin()
        let clone = try origin.clone("clone", ["--depth=1", "--branch", "feature"])
        let payload = #"{"before":"\#(Self.zeros)","created":true,"repository":{"default_branch":"main"}}"#
        let result = try changes(clone, github("push", payload: payload))
        #expect(result.paths.map(\.path) == ShallowCloneTests.expectedPaths)
        #expect(result.base.auto?.kind == .newBranch)
        #expect(result.base.mergeBase == (try sha(origin, "main~20")))
    }

    /// A pull request checked out like actions/checkout does (depth 1, one branch).
    @Test func githubPullRequestOnASingleBranchClone() throws {
        let origin = try ShallowCloneTests.origin()
        let clone = try origin.clone("clone", ["--depth=1", "--branch", "feature"])
        let result = try changes(clone, github("pull_request", ["GITHUB_BASE_REF": "main"]))
        #expect(result.paths.map(\.path) == ShallowCloneTests.expectedPaths)
        #expect(result.base.auto?.kind == .pullRequest)
        #expect(result.base.shallowClone)
    }

    /// A GitLab merge request at GitLab's default depth of 20.
    @Test func gitlabMergeRequestAtDepthTwenty() throws {
        let origin = try ShallowCloneTests.origin()
        let base = try origin.git("merge-base", "main", "feature").trimmingCharacters(in: .whitespacesAndNewlines)
        let clone = try origin.clone("clone", ["--depth=20", "--branch", "feature"])
        let result = try changes(clone, gitlab("merge_request_event", [
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_MERGE_REQUEST_EVENT_TYPE": "detached",
        ]))
        #expect(result.paths.map(\.path) == ShallowCloneTests.expectedPaths)
        #expect(result.base.auto?.kind == .mergeRequest)
        #expect(result.base.method == .direct)
    }

    @Test func scheduledRunAffectsEverything() throws {
        let origin = try ShallowCloneTests.origin()
        let clone = try origin.clone("clone", ["--depth=1"])
        let result = try changes(clone, gitlab("schedule"))
        #expect(result.everythingAffected)
        #expect(result.base.method == .everything)
        #expect(result.base.auto?.kind == .scheduled)
    }
}
