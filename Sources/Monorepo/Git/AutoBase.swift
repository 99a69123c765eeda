import Documents
import Foundation

/// How `--since auto` chose the base: part of every answer it gives.
public struct AutoBaseChoice: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case pullRequest = "pull-request"
        case mergeRequest = "merge-request"
        case mergeQueue = "merge-queue"
        case push
        case forcePush = "force-push"
        case newBranch = "new-branch"
        case tag
        case scheduled
        case manual
        case local
    }

    /// `github`, `gitlab` or `local`.
    public var platform: String
    /// The event as the platform names it (GITHUB_EVENT_NAME, CI_PIPELINE_SOURCE).
    public var event: String
    public var kind: Kind
    /// Why this base, in a sentence.
    public var reason: String
    /// Earlier choices that could not be used, and why (e.g. a force-pushed-away commit).
    public var fallbacks: [String]
}

/// The decision of `--since auto`, made from the CI environment alone: candidates in order of
/// preference. `AutoBaseResolver` tries them against the repository.
public struct AutoBase: Sendable, Hashable {
    public static let keyword = "auto"
    static let zeroCommit = String(repeating: "0", count: 40)

    public enum Candidate: Sendable, Hashable {
        /// Compare the tree of this commit with HEAD (`git diff C HEAD`).
        case direct(commit: String, kind: AutoBaseChoice.Kind, reason: String)
        /// `git diff REF...HEAD`; `branch` is fetched from `origin` when REF is missing.
        case mergeBase(ref: String, branch: String?, kind: AutoBaseChoice.Kind, reason: String)
        /// Every service is affected.
        case everything(kind: AutoBaseChoice.Kind, reason: String)
    }

    public var platform: String
    public var event: String
    public var candidates: [Candidate]

    /// Reads GitHub Actions (`GITHUB_ACTIONS`, `GITHUB_EVENT_NAME`, the event payload at
    /// `GITHUB_EVENT_PATH`) or GitLab CI (`GITLAB_CI`, `CI_PIPELINE_SOURCE`, `CI_COMMIT_BEFORE_SHA`,
    /// `CI_MERGE_REQUEST_*`). Outside CI the base is the remote's default branch (`origin/HEAD`).
    public static func decide(environment: [String: String]) throws -> AutoBase {
        if environment["GITHUB_ACTIONS"] == "true" { return try github(environment) }
        if environment["GITLAB_CI"] == "true" { return try gitlab(environment) }
        return AutoBase(platform: "local", event: "none", candidates: [
            .mergeBase(ref: "origin/HEAD", branch: nil, kind: .local,
                       reason: "not in CI (neither GITHUB_ACTIONS nor GITLAB_CI is set): merge-base with origin/HEAD, the remote's default branch"),
        ])
    }

    // MARK: GitHub Actions

    static func github(_ environment: [String: String]) throws -> AutoBase {
        let event = environment["GITHUB_EVENT_NAME"] ?? ""
        let payload = try githubPayload(environment)
        let defaultBranch = payload?[path: ["repository", "default_branch"]]?.string
        var base = AutoBase(platform: "github", event: event, candidates: [])
        switch event {
        case "pull_request", "pull_request_target":
            guard let target = nonEmpty(environment["GITHUB_BASE_REF"]) ?? payload?[path: ["pull_request", "base", "ref"]]?.string else {
                throw MonorepoError.autoBase("GitHub \(event) event without GITHUB_BASE_REF; pass --since origin/<target branch>")
            }
            base.candidates = [.mergeBase(ref: "origin/\(target)", branch: target, kind: .pullRequest,
                                          reason: "pull request into \(target): merge-base with origin/\(target)")]
        case "merge_group":
            let target = (payload?[path: ["merge_group", "base_ref"]]?.string).map(branchName)
            if let sha = payload?[path: ["merge_group", "base_sha"]]?.string {
                base.candidates.append(.direct(commit: sha, kind: .mergeQueue, reason: "merge queue: compared with the base commit \(short(sha))\(target.map { " of \($0)" } ?? "")"))
            }
            if let target {
                base.candidates.append(.mergeBase(ref: "origin/\(target)", branch: target, kind: .mergeQueue, reason: "merge queue: merge-base with origin/\(target)"))
            }
            guard !base.candidates.isEmpty else {
                throw MonorepoError.autoBase("GitHub merge_group event without merge_group.base_sha in \(environment["GITHUB_EVENT_PATH"] ?? "the event payload"); pass --since explicitly")
            }
        case "push":
            let ref = environment["GITHUB_REF"] ?? ""
            if ref.hasPrefix("refs/tags/") {
                base.candidates = [.everything(kind: .tag, reason: "tag \(ref.dropFirst("refs/tags/".count)): every service is checked; the cache decides what is built")]
                break
            }
            guard let payload else {
                throw MonorepoError.autoBase("GitHub push event without a readable event payload (GITHUB_EVENT_PATH); pass --since explicitly")
            }
            let branch = nonEmpty(environment["GITHUB_REF_NAME"]) ?? branchName(ref)
            base.candidates = pushCandidates(
                before: payload["before"]?.string, created: payload["created"]?.bool == true, forced: payload["forced"]?.bool,
                branch: branch, defaultBranch: defaultBranch)
        case "schedule":
            base.candidates = [.everything(kind: .scheduled, reason: "scheduled run: every service is checked; the cache decides what is built")]
        default:
            base.candidates = [.everything(kind: .manual, reason: "\(event.isEmpty ? "unknown" : event) event: every service is checked; the cache decides what is built")]
        }
        return base
    }

    static func githubPayload(_ environment: [String: String]) throws -> DocumentValue? {
        guard let path = nonEmpty(environment["GITHUB_EVENT_PATH"]) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MonorepoError.autoBase("cannot read the GitHub event payload \(path) (GITHUB_EVENT_PATH)")
        }
        do {
            return try Document(file: path, text: String(decoding: data, as: UTF8.self), format: .json).root
        } catch {
            throw MonorepoError.invalidManifest(file: error.file, line: error.line, message: error.message)
        }
    }

    // MARK: GitLab CI

    static func gitlab(_ environment: [String: String]) throws -> AutoBase {
        let source = environment["CI_PIPELINE_SOURCE"] ?? ""
        var base = AutoBase(platform: "gitlab", event: source, candidates: [])
        if source == "merge_request_event" {
            guard let target = nonEmpty(environment["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"]) else {
                throw MonorepoError.autoBase("GitLab merge request pipeline without CI_MERGE_REQUEST_TARGET_BRANCH_NAME; pass --since origin/<target branch>")
            }
            let eventType = environment["CI_MERGE_REQUEST_EVENT_TYPE"] ?? ""
            if ["merged_result", "merge_train"].contains(eventType), let sha = nonEmpty(environment["CI_MERGE_REQUEST_TARGET_BRANCH_SHA"]) {
                base.candidates.append(.direct(commit: sha, kind: .mergeRequest,
                                               reason: "merged-results pipeline into \(target): compared with the target commit \(short(sha)) it was merged onto"))
            } else if let sha = nonEmpty(environment["CI_MERGE_REQUEST_DIFF_BASE_SHA"]) {
                base.candidates.append(.direct(commit: sha, kind: .mergeRequest,
                                               reason: "merge request into \(target): compared with its merge-base \(short(sha)) (CI_MERGE_REQUEST_DIFF_BASE_SHA)"))
            }
            base.candidates.append(.mergeBase(ref: "origin/\(target)", branch: target, kind: .mergeRequest,
                                              reason: "merge request into \(target): merge-base with origin/\(target)"))
            return base
        }
        if let tag = nonEmpty(environment["CI_COMMIT_TAG"]) {
            base.candidates = [.everything(kind: .tag, reason: "tag \(tag): every service is checked; the cache decides what is built")]
            return base
        }
        switch source {
        case "push":
            base.candidates = pushCandidates(
                before: environment["CI_COMMIT_BEFORE_SHA"], created: false, forced: nil,
                branch: environment["CI_COMMIT_BRANCH"] ?? environment["CI_COMMIT_REF_NAME"] ?? "", defaultBranch: nonEmpty(environment["CI_DEFAULT_BRANCH"]))
        case "schedule":
            base.candidates = [.everything(kind: .scheduled, reason: "scheduled pipeline: every service is checked; the cache decides what is built")]
        default:
            base.candidates = [.everything(kind: .manual, reason: "\(source.isEmpty ? "unknown" : source) pipeline: every service is checked; the cache decides what is built")]
        }
        return base
    }

    // MARK: Pushes (both platforms)

    /// A push compares the branch's previous tip with HEAD directly, so a force push counts what it
    /// dropped as well as what it added. A new branch (before is all zeros) uses its merge-base
    /// with the default branch; the first push of the default branch itself checks everything.
    static func pushCandidates(before: String?, created: Bool, forced: Bool?, branch: String, defaultBranch: String?) -> [Candidate] {
        // The default branch, for a branch other than it.
        let mainline = defaultBranch.flatMap { $0 == branch ? nil : $0 }
        guard let before = nonEmpty(before), before != zeroCommit, !created else {
            guard let mainline else {
                return [.everything(kind: .newBranch,
                                    reason: "first push of \(branch.isEmpty ? "the branch" : branch): there is no earlier commit to compare with; every service is checked")]
            }
            return [.mergeBase(ref: "origin/\(mainline)", branch: mainline, kind: .newBranch,
                               reason: "new branch \(branch): merge-base with origin/\(mainline), the default branch"),
                    .everything(kind: .newBranch, reason: "new branch \(branch) and origin/\(mainline) unavailable: every service is checked")]
        }
        let direct: Candidate = forced == true
            ? .direct(commit: before, kind: .forcePush,
                      reason: "force push: the previous tip \(short(before)) compared directly with HEAD, so dropped commits count too")
            : .direct(commit: before, kind: .push, reason: "push: the pushed range \(short(before))..HEAD")
        let fallback = mainline.map { mainline in
            [Candidate.mergeBase(ref: "origin/\(mainline)", branch: mainline, kind: .newBranch,
                                 reason: "branch \(branch): merge-base with origin/\(mainline), the default branch")]
        } ?? []
        return [direct] + fallback + [.everything(kind: .push, reason: "the previous tip \(short(before)) is unavailable: every service is checked")]
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    static func branchName(_ ref: String) -> String {
        ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : ref
    }

    static func short(_ sha: String) -> String { String(sha.prefix(12)) }
}

/// Tries the candidates of `AutoBase` against the repository: fetches a missing commit or base
/// branch (unless `--no-deepen`), falls back to the next candidate when one cannot be used, and
/// records what it chose in the answer.
struct AutoBaseResolver {
    let detector: ChangeDetector

    func changes(for query: ChangeQuery) throws -> ChangeSet {
        let decision = try AutoBase.decide(environment: query.environment ?? ProcessInfo.processInfo.environment)
        var fallbacks: [String] = []
        for (index, candidate) in decision.candidates.enumerated() {
            let isLast = index == decision.candidates.count - 1
            var attempt = query
            var changes: ChangeSet
            var kind: AutoBaseChoice.Kind
            var reason: String
            switch candidate {
            case let .everything(candidateKind, why):
                kind = candidateKind
                reason = why
                attempt.since = AutoBase.keyword
                changes = try detector.everything(query: attempt, why: why)
            case let .direct(commit, candidateKind, why):
                kind = candidateKind
                reason = why
                guard try ensureCommit(commit, query: query) else {
                    fallbacks.append("\(AutoBase.short(commit)) is not in this clone and could not be fetched (\(why))")
                    continue
                }
                attempt.since = commit
                attempt.comparison = .direct
                changes = try detector.changes(for: attempt)
                if candidateKind == .push, isForcePush(from: commit) {
                    kind = .forcePush
                    reason = "force push: the previous tip \(AutoBase.short(commit)) is no ancestor of HEAD; compared directly, so dropped commits count too"
                }
            case let .mergeBase(ref, branch, candidateKind, why):
                kind = candidateKind
                reason = why
                attempt.since = ref
                attempt.comparison = .mergeBase
                if try detector.repository.commit(for: ref) == nil {
                    if let branch, query.deepen { fetchBranch(branch) }
                    if decision.platform == "local", try detector.repository.commit(for: ref) == nil {
                        throw MonorepoError.autoBase("not in CI (neither GITHUB_ACTIONS nor GITLAB_CI is set) and this clone has no origin/HEAD. "
                            + "Pass --since REF (e.g. --since origin/main), or set origin/HEAD with `git remote set-head origin --auto`.")
                    }
                }
                do {
                    changes = try detector.changes(for: attempt)
                } catch let error as MonorepoError where !isLast {
                    fallbacks.append("\(ref): \(error.description)")
                    continue
                }
            }
            let choice = AutoBaseChoice(platform: decision.platform, event: decision.event, kind: kind, reason: reason, fallbacks: fallbacks)
            changes.base.auto = choice
            changes.base.note = "auto (\(decision.platform) \(decision.event)): \(reason)"
                + (fallbacks.isEmpty ? "" : " [after: \(fallbacks.joined(separator: "; "))]")
                + (changes.base.method == .everything ? "" : "; \(changes.base.note)")
            return changes
        }
        throw MonorepoError.autoBase("no usable base (\(fallbacks.joined(separator: "; "))); pass --since REF, or --on-missing-base=all")
    }

    /// Whether `commit` is present, fetching it (one commit deep on a shallow clone) when allowed.
    private func ensureCommit(_ commit: String, query: ChangeQuery) throws -> Bool {
        if try detector.repository.commit(for: commit) != nil { return true }
        guard query.deepen else { return false }
        fetchFromOrigin(commit)
        return try detector.repository.commit(for: commit) != nil
    }

    private func fetchBranch(_ branch: String) {
        fetchFromOrigin("+refs/heads/\(branch):refs/remotes/origin/\(branch)")
    }

    /// `git fetch origin <refspec>`, one commit deep on a shallow clone; a failure leaves the
    /// candidate unusable, which the caller reports.
    private func fetchFromOrigin(_ refspec: String) {
        let repository = detector.repository
        guard let workTree = repository.workTree else { return }
        var arguments = ["fetch", "--no-tags", "--quiet"]
        if repository.isShallow { arguments.append("--depth=1") }
        _ = try? GitCommandLine(workTree: workTree).run(arguments + ["origin", refspec])
    }

    /// True when `commit` is known not to be an ancestor of HEAD (unknown beyond a shallow boundary).
    private func isForcePush(from commit: String) -> Bool {
        let repository = detector.repository
        guard let before = try? repository.commit(for: commit), let head = try? repository.commit(for: "HEAD") else { return false }
        switch try? MergeBaseSearch(repository: repository).mergeBase(before, head) {
        case let .found(base): return base != before
        case .unrelated: return true
        default: return false
        }
    }
}
