import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// Shallow and partial clones, as CI systems make them: GitHub's checkout fetches depth 1, GitLab 20.
@Suite struct ShallowCloneTests {
    /// main: 10 commits, then feature branches off with 5 commits while main gets 20 more.
    static func origin() throws -> GitFixture {
        let repo = try GitFixture("origin")
        for index in 1...10 {
            try repo.write("services/web/page\(index).html")
            try repo.commitAll("main \(index)")
        }
        try repo.git("branch", "feature")
        for index in 11...30 {
            try repo.write("services/web/page\(index).html")
            try repo.commitAll("main \(index)")
        }
        try repo.git("checkout", "-q", "feature")
        for index in 1...5 {
            try repo.write("services/api/file\(index).txt")
            try repo.commitAll("feature \(index)")
        }
        try repo.git("checkout", "-q", "main")
        try repo.git("config", "uploadpack.allowFilter", "true")
        return repo
    }

    static let expectedPaths = (1...5).map { "services/api/file\($0).txt" }.sorted()

    func changes(_ repo: GitFixture, _ query: ChangeQuery) throws -> ChangeSet {
        try ChangeDetector(repository: Repository(discovering: repo.path)).changes(for: query)
    }

    @Test(arguments: [1, 2, 5, 20])
    func shallowCloneIsDeepenedUntilTheMergeBaseIsFound(depth: Int) throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--depth=\(depth)", "--no-single-branch", "--branch", "feature"])
        let result = try changes(clone, ChangeQuery(since: "origin/main"))
        #expect(result.paths.map(\.path) == Self.expectedPaths)
        #expect(result.base.shallowClone)
        #expect(result.base.method == .deepened)
        #expect(result.base.fetches >= 1)
        let expectedBase = try origin.git("merge-base", "main", "feature").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.base.mergeBase == expectedBase)
    }

    @Test func deepShallowCloneNeedsNoFetch() throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--depth=40", "--no-single-branch", "--branch", "feature"])
        let result = try changes(clone, ChangeQuery(since: "origin/main"))
        #expect(result.paths.map(\.path) == Self.expectedPaths)
        #expect(result.base.method == .mergeBase)
        #expect(result.base.fetches == 0)
    }

    /// GitHub's checkout: one commit of the branch, then the base branch fetched at depth 1 by hand.
    @Test func singleBranchDepthOneWithBaseFetchedSeparately() throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--depth=1", "--single-branch", "--branch", "feature"])
        try clone.git("fetch", "-q", "--depth=1", "origin", "main:refs/remotes/origin/main")
        let result = try changes(clone, ChangeQuery(since: "origin/main"))
        #expect(result.paths.map(\.path) == Self.expectedPaths)
        #expect(result.base.method == .deepened)
    }

    @Test func withoutDeepeningTheErrorNamesTheBoundaryAndTheFix() throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--depth=2", "--no-single-branch", "--branch", "feature"])
        do {
            _ = try changes(clone, ChangeQuery(since: "origin/main", deepen: false))
            Issue.record("expected an error")
        } catch let error as MonorepoError {
            guard case let .missingHistory(ref, oldest, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(ref == "origin/main")
            #expect(!oldest.isEmpty)
            #expect(error.description.contains("git fetch --deepen"))
            #expect(error.description.contains("--on-missing-base=all"))
        }
        #expect(try Repository(discovering: clone.path).isShallow, "nothing was fetched")
    }

    @Test func missingBaseCanMeanEverything() throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--depth=2", "--no-single-branch", "--branch", "feature"])
        let result = try changes(clone, ChangeQuery(since: "origin/main", deepen: false, onMissingBase: .all))
        #expect(result.everythingAffected)
        #expect(result.base.method == .missingTreatedAsAll)
        #expect(result.base.note.contains("every service"))
    }

    @Test func partialCloneWithoutBlobsDiffs() throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--filter=blob:none", "--no-single-branch", "--branch", "feature"])
        try clone.write("services/api/uncommitted.txt")
        let result = try changes(clone, ChangeQuery(since: "origin/main"))
        #expect(result.paths.map(\.path) == (Self.expectedPaths + ["services/api/uncommitted.txt"]).sorted())
        #expect(result.base.method == .mergeBase)
    }

    @Test func shallowPartialClone() throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--depth=3", "--filter=blob:none", "--no-single-branch", "--branch", "feature"])
        let result = try changes(clone, ChangeQuery(since: "origin/main"))
        #expect(result.paths.map(\.path) == Self.expectedPaths)
    }

    /// GITHUB_BASE_REF's commit may be absent from a shallow clone (turborepo#9214): deepen until it is there.
    @Test func baseShaAbsentFromShallowCloneIsFetchedByDeepening() throws {
        let origin = try Self.origin()
        let baseSha = try origin.git("rev-parse", "main~25").trimmingCharacters(in: .whitespacesAndNewlines)
        let clone = try origin.clone("clone", ["--depth=1", "--no-single-branch", "--branch", "feature"])
        let result = try changes(clone, ChangeQuery(since: baseSha))
        let expected = try origin.git("diff", "--name-only", "\(baseSha)...feature").split(separator: "\n").map(String.init).sorted()
        #expect(expected.count == 10)
        #expect(result.paths.map(\.path) == expected)
        #expect(result.base.fetches >= 1)
    }

    @Test func relativeRefBeyondTheBoundaryIsReachedByDeepening() throws {
        let origin = try Self.origin()
        let clone = try origin.clone("clone", ["--depth=1", "--no-single-branch", "--branch", "feature"])
        let result = try changes(clone, ChangeQuery(since: "HEAD~3"))
        #expect(result.paths.map(\.path) == ["services/api/file3.txt", "services/api/file4.txt", "services/api/file5.txt"])
        #expect(result.base.method == .deepened)
    }
}
