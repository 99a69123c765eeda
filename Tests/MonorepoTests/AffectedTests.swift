import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// From a change to the affected services, with reasons.
@Suite struct AffectedTests {
    /// A monorepo below `mono/` in the repository (so the root prefix is exercised).
    func repo() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("mono/nixpacks-ci.toml", """
        [changes]
        ignore = ["**/*.md", "docs/**"]
        global = ["toolchain.txt"]
        [services.worker]
        path = "services/worker"
        inputs = ["proto/**"]
        """)
        try repo.write("mono/libs/greeting/package.json", #"{"name":"greeting","main":"g.js"}"#)
        try repo.write("mono/libs/greeting/g.js", "module.exports = 1\n")
        try repo.write("mono/services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.write("mono/services/api/package.json", #"{"name":"api","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.write("mono/services/worker/main.py", "\n")
        try repo.write("mono/services/old/main.py", "\n")
        try repo.write("mono/proto/api.proto", "\n")
        try repo.write("mono/docs/guide.txt", "\n")
        try repo.write("mono/toolchain.txt", "1\n")
        try repo.write("outside/file.txt", "\n")
        try repo.commitAll("initial")
        return repo
    }

    func affected(_ repo: GitFixture, since: String = "HEAD~1", policy: ChangeQuery.MissingBasePolicy = .fail) throws -> AffectedReport {
        let workspace = try Workspace(path: repo.path, root: repo.directory.appendingPathComponent("mono").path)
        return try workspace.affected(ChangeQuery(since: since, onMissingBase: policy)).report
    }

    @Test func libraryChangeAffectsItsDependentsOnly() throws {
        let repo = try repo()
        try repo.write("mono/libs/greeting/g.js", "module.exports = 2\n")
        try repo.commitAll("change the library")
        let report = try affected(repo)
        #expect(report.affected.map(\.name) == ["api", "web"])
        #expect(report.affected[0].reasons == [AffectReason(kind: .dependency, dependency: "greeting", summary: "depends on greeting, which is affected")])
        #expect(report.affectedLibraries == ["greeting"])
    }

    @Test func serviceChangeListsPathsAndDocsOnlyChangesBuildNothing() throws {
        let repo = try repo()
        try repo.write("mono/services/web/s.js", "1\n")
        try repo.write("mono/services/web/README.md", "docs\n")
        try repo.commitAll("web")
        let report = try affected(repo)
        #expect(report.affected.map(\.name) == ["web"])
        #expect(report.affected[0].reasons[0].paths == ["services/web/s.js"])
        #expect(report.ignoredPathCount == 1)

        try repo.write("mono/docs/guide.txt", "2\n")
        try repo.write("mono/CHANGELOG.md", "2\n")
        try repo.commitAll("docs only")
        let docs = try affected(repo)
        #expect(docs.affected.isEmpty)
        #expect(docs.ignoredPathCount == 2)
    }

    @Test func globalTriggerAffectsEveryService() throws {
        let repo = try repo()
        try repo.write("mono/toolchain.txt", "2\n")
        try repo.commitAll("toolchain")
        let report = try affected(repo)
        #expect(report.affected.map(\.name).sorted() == ["api", "old", "web", "worker"])
        #expect(report.affected.allSatisfy { $0.reasons.contains { $0.kind == .global } })
    }

    @Test func extraInputsAndUnownedAndOutsideTheRoot() throws {
        let repo = try repo()
        try repo.write("mono/proto/api.proto", "2\n")
        try repo.write("mono/scripts/deploy.sh", "\n")
        try repo.write("outside/file.txt", "2\n")
        try repo.commitAll("proto")
        let report = try affected(repo)
        #expect(report.affected.map(\.name) == ["worker"])
        #expect(report.unownedPaths == ["scripts/deploy.sh"])
        #expect(report.changedPathCount == 2, "the path outside the monorepo root does not count")
    }

    @Test func deletedServiceIsRemovedNotBuilt() throws {
        let repo = try repo()
        try repo.git("rm", "-q", "-r", "mono/services/old")
        try repo.commitAll("drop old")
        let report = try affected(repo)
        #expect(report.affected.isEmpty)
        #expect(report.removed == [RemovedService(name: "old", path: "services/old", marker: "services/old/main.py")])
    }

    @Test func uncommittedChangesCount() throws {
        let repo = try repo()
        try repo.write("mono/services/api/new-untracked.js", "\n")
        let report = try affected(repo, since: "HEAD")
        #expect(report.affected.map(\.name) == ["api"])
    }

    @Test func missingBaseWithPolicyAllAffectsEverything() throws {
        let repo = try repo()
        let report = try affected(repo, since: "origin/main", policy: .all)
        #expect(report.affected.count == 4)
        #expect(report.base.method == .missingTreatedAsAll)
        #expect(report.affected.allSatisfy { $0.reasons.first?.kind == .missingBase })
    }
}

/// Turborepo and Garden users hit hashes and answers that depended on run order or checkout path
/// (research §3 items 14 and 16): the same change must give the same report anywhere.
@Suite struct DeterminismTests {
    @Test func sameReportAcrossRunsAndCheckoutPaths() throws {
        let origin = try GitFixture("origin")
        for index in 0..<30 {
            try origin.write("services/s\(index)/package.json", #"{"name":"s\#(index)","scripts":{"start":"node ."},"dependencies":{"lib":"file:../../lib"}}"#)
        }
        try origin.write("lib/package.json", #"{"name":"lib"}"#)
        try origin.commitAll("base")
        try origin.git("checkout", "-q", "-b", "feature")
        try origin.write("lib/index.js")
        try origin.write("services/s3/x.js")
        try origin.commitAll("change")
        let cloneA = try origin.clone("a", ["--no-single-branch", "--branch", "feature"])
        let cloneB = try origin.clone("deeper-path-b", ["--depth=1", "--no-single-branch", "--branch", "feature"])
        func report(_ repo: GitFixture) throws -> String {
            var value = try Workspace(path: repo.path).affected(ChangeQuery(since: "origin/main")).report
            // The method and fetch counts legitimately differ between a full and a shallow clone.
            value.base.method = .mergeBase
            value.base.fetches = 0
            value.base.deepenedBy = 0
            value.base.shallowClone = false
            value.base.note = ""
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        let first = try report(cloneA)
        #expect(try report(cloneA) == first)
        #expect(try report(cloneB) == first)
        #expect(first.contains("\"s29\""))
    }
}
