import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// Change detection on real repositories: `git diff SINCE...HEAD` semantics, the working tree,
/// renames, deletions, detached HEAD, merges, force pushes and submodules.
@Suite struct ChangeDetectorTests {
    /// main: a, b; feature (off main's first commit... second): one commit touching services/api.
    func featureBranchRepo() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("services/api/package.json", #"{"scripts":{"start":"node ."}}"#)
        try repo.write("services/web/index.html", "<h1>web</h1>\n")
        try repo.write("README.md", "readme\n")
        try repo.commitAll("initial")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("services/api/server.js", "console.log(1)\n")
        try repo.commitAll("api change")
        try repo.git("checkout", "-q", "main")
        try repo.write("services/web/index.html", "<h1>web 2</h1>\n")
        try repo.commitAll("main moves on")
        try repo.git("checkout", "-q", "feature")
        return repo
    }

    func changes(_ repo: GitFixture, _ query: ChangeQuery) throws -> ChangeSet {
        try ChangeDetector(repository: Repository(discovering: repo.path)).changes(for: query)
    }

    @Test func threeDotSemanticsIgnoreCommitsOnTheBase() throws {
        let repo = try featureBranchRepo()
        let result = try changes(repo, ChangeQuery(since: "main"))
        // main's own change to services/web is not part of the feature branch's changes.
        #expect(result.paths.map(\.path) == ["services/api/server.js"])
        #expect(result.base.method == .mergeBase)
        #expect(result.base.mergeBase == (try repo.git("merge-base", "main", "HEAD")).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func workingTreeChangesCountUnlessCommittedOnly() throws {
        let repo = try featureBranchRepo()
        try repo.write("services/web/staged.txt")
        try repo.git("add", "services/web/staged.txt")
        try repo.write("README.md", "edited, not staged\n")
        try repo.write("services/new/untracked.txt")
        try repo.write(".gitignore", "ignored.log\n")
        try repo.write("services/web/ignored.log")
        let all = try changes(repo, ChangeQuery(since: "main")).paths.map(\.path)
        #expect(all == [".gitignore", "README.md", "services/api/server.js", "services/new/untracked.txt", "services/web/staged.txt"])
        let committed = try changes(repo, ChangeQuery(since: "main", includeWorkingTree: false)).paths.map(\.path)
        #expect(committed == ["services/api/server.js"])
    }

    @Test func headOptionComparesTwoRefsAndIgnoresTheWorkingTree() throws {
        let repo = try featureBranchRepo()
        try repo.write("services/web/dirty.txt")
        try repo.git("checkout", "-q", "main")
        let result = try changes(repo, ChangeQuery(since: "main", head: "feature"))
        #expect(result.paths.map(\.path) == ["services/api/server.js"])
        #expect(result.base.includesWorkingTree == false)
    }

    @Test func renamesCountAtBothPathsAndDeletionsCount() throws {
        let repo = try GitFixture()
        try repo.write("a/file.txt", "same content\n")
        try repo.write("b/gone.txt")
        try repo.commitAll("one")
        try FileManager.default.createDirectory(at: repo.directory.appendingPathComponent("c"), withIntermediateDirectories: true)
        try repo.git("mv", "a/file.txt", "c/file.txt")
        try repo.remove("b/gone.txt")
        try repo.commitAll("rename and delete")
        let result = try changes(repo, ChangeQuery(since: "HEAD~1"))
        #expect(result.paths.map(\.path) == ["a/file.txt", "b/gone.txt", "c/file.txt"])
        #expect(result.paths.first { $0.path == "a/file.txt" }?.kind == .deleted)
        #expect(result.paths.first { $0.path == "c/file.txt" }?.kind == .added)
    }

    @Test(arguments: ["HEAD~1", "v1", "SHA"])
    func sinceTakesAnythingRevParseTakes(_ spelling: String) throws {
        let repo = try GitFixture()
        try repo.write("one.txt")
        let first = try repo.commitAll("one")
        try repo.git("tag", "v1")
        try repo.write("two.txt")
        try repo.commitAll("two")
        let result = try changes(repo, ChangeQuery(since: spelling == "SHA" ? first : spelling))
        #expect(result.paths.map(\.path) == ["two.txt"])
        #expect(result.base.refCommit == first)
    }

    @Test func detachedHeadWorks() throws {
        let repo = try featureBranchRepo()
        try repo.git("checkout", "-q", "--detach", "HEAD")
        let result = try changes(repo, ChangeQuery(since: "main"))
        #expect(result.paths.map(\.path) == ["services/api/server.js"])
    }

    @Test func branchWithOneCommitComparedWithItself() throws {
        let repo = try GitFixture()
        try repo.write("only.txt")
        try repo.commitAll("the only commit")
        let result = try changes(repo, ChangeQuery(since: "main", includeWorkingTree: false))
        #expect(result.paths.isEmpty)
        #expect(result.base.mergeBase == result.base.headCommit)
    }

    @Test func mergingTheBaseIntoTheBranchDoesNotBringItsChanges() throws {
        let repo = try featureBranchRepo()
        try repo.git("merge", "-q", "--no-edit", "main")
        let result = try changes(repo, ChangeQuery(since: "main"))
        #expect(result.paths.map(\.path) == ["services/api/server.js"])
    }

    @Test func forcePushedBaseStillFindsTheMergeBase() throws {
        let repo = try featureBranchRepo()
        let before = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        // Rewrite the branch: the old tip is no longer on it, but its object is still in the clone.
        try repo.git("reset", "-q", "--hard", "HEAD~1")
        try repo.write("services/web/rewritten.txt")
        try repo.commitAll("rewritten")
        let result = try changes(repo, ChangeQuery(since: before))
        // Three-dot semantics: what the rewritten branch holds since the merge-base ("initial").
        #expect(result.paths.map(\.path) == ["services/web/rewritten.txt"])
        #expect(result.base.mergeBase == (try repo.git("rev-parse", "HEAD~1")).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func missingRefSaysHowToFetchIt() throws {
        let origin = try featureBranchRepo()
        let clone = try origin.clone("clone", ["--single-branch", "--branch", "feature"])
        #expect(throws: MonorepoError.self) { try changes(clone, ChangeQuery(since: "origin/main")) }
        do {
            _ = try changes(clone, ChangeQuery(since: "origin/main"))
        } catch let error as MonorepoError {
            #expect(error.description.contains("git fetch --no-tags --depth=50 origin main:refs/remotes/origin/main"))
        }
        let all = try changes(clone, ChangeQuery(since: "origin/main", onMissingBase: .all))
        #expect(all.everythingAffected)
        #expect(all.base.method == .missingTreatedAsAll)
    }

    @Test func unrelatedHistoriesAreAnError() throws {
        let repo = try GitFixture()
        try repo.write("a.txt")
        try repo.commitAll("a")
        try repo.git("checkout", "-q", "--orphan", "other")
        try repo.write("b.txt")
        try repo.commitAll("b")
        #expect(throws: MonorepoError.unrelatedHistories(base: "main", head: "HEAD")) {
            try changes(repo, ChangeQuery(since: "main"))
        }
    }

    @Test func submoduleDoesNotBreakDetectionAndItsPointerCounts() throws {
        let library = try GitFixture("library")
        try library.write("lib.txt")
        try library.commitAll("lib")
        let repo = try GitFixture()
        try repo.write("app/main.py")
        try repo.commitAll("app")
        try repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", library.path, "vendor/lib")
        try repo.commitAll("add submodule")
        try library.write("lib2.txt")
        try library.commitAll("lib 2")
        try GitFixture.run(["git", "-C", repo.directory.appendingPathComponent("vendor/lib").path, "pull", "-q", "origin", "main"])
        try repo.write("app/main.py", "print(1)\n")
        try repo.commitAll("bump submodule and app")
        let result = try changes(repo, ChangeQuery(since: "HEAD~1"))
        #expect(result.paths.map(\.path) == ["app/main.py", "vendor/lib"])
    }
}
