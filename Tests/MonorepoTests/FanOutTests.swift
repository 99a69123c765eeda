import Foundation
import Testing
import Yams
@testable import Monorepo
import TestSupport

/// `--format github-matrix` and `--format gitlab-pipeline` from a real repository's graph.
@Suite struct FanOutTests {
    /// gateway → api (declared), web → greeting (library) → api (declared), worker alone.
    func repo() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("nixpacks-ci.toml", """
        [services.gateway]
        path = "services/gateway"
        dependsOn = ["api"]
        [services.greeting]
        path = "libs/greeting"
        library = true
        dependsOn = ["api"]
        """)
        try repo.write("libs/greeting/package.json", #"{"name":"greeting","main":"g.js"}"#)
        try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.write("services/api/main.py", "\n")
        try repo.write("services/gateway/main.py", "\n")
        try repo.write("services/worker/main.py", "\n")
        try repo.commitAll("initial")
        return repo
    }

    func fanOut(_ repo: GitFixture) throws -> FanOut {
        try repo.write("services/api/main.py", "print(1)\n")
        try repo.write("services/worker/main.py", "print(1)\n")
        try repo.commitAll("change api and worker")
        let (report, graph) = try Workspace(path: repo.path).affected(ChangeQuery(since: "HEAD~1"))
        return FanOut(report: report, graph: graph)
    }

    @Test func needsFollowTheGraphThroughLibraries() throws {
        let fanOut = try fanOut(repo())
        #expect(Set(fanOut.report.affected.map(\.name)) == ["api", "gateway", "web", "worker"])
        let needs = fanOut.needs()
        #expect(needs["gateway"] == ["api"])
        #expect(needs["web"] == ["api"])
        #expect(needs["api"] == [])
        #expect(needs["worker"] == [])
    }

    @Test func githubMatrixHasOneRowPerService() throws {
        let fanOut = try fanOut(repo())
        let json = fanOut.githubMatrix(shards: nil, durations: [:])
        #expect(!json.contains("\n"))
        let rows = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["include"] as? [[String: String]])
        #expect(rows.map { $0["service"]! } == fanOut.report.affected.map(\.name))
        #expect(rows.first { $0["service"] == "api" }?["path"] == "services/api")
    }

    @Test func shardsAreBalancedByRecordedDurations() throws {
        let fanOut = try fanOut(repo())
        // api 300 s, web 200 s, gateway 100 s, worker unknown (counts as the median, 200 s).
        let json = fanOut.githubMatrix(shards: 2, durations: ["api": 300, "web": 200, "gateway": 100])
        let rows = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["include"] as? [[String: Any]])
        #expect(rows.count == 2)
        let seconds = rows.map { $0["seconds"] as! Int }
        #expect(seconds.reduce(0, +) == 800)
        #expect(seconds.max()! == 400)
        let all = rows.flatMap { ($0["services"] as! String).split(separator: " ").map(String.init) }
        #expect(Set(all) == ["api", "web", "gateway", "worker"])
        #expect(all.count == 4)
        // More shards than services: one shard per service.
        let wide = fanOut.githubMatrix(shards: 10, durations: [:])
        #expect((try JSONSerialization.jsonObject(with: Data(wide.utf8)) as? [String: Any])?["include"].map { ($0 as! [Any]).count } == 4)
    }

    @Test func gitlabPipelineIsYAMLWithNeeds() throws {
        let fanOut = try fanOut(repo())
        let text = fanOut.gitlabPipeline(jobTemplate: ".nixpacks-ci-service", includes: ["ci/jobs.yml"], stage: "build")
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((document["include"] as? [[String: String]]) == [["local": "ci/jobs.yml"]])
        let gateway = try #require(document["build gateway"] as? [String: Any])
        #expect(gateway["needs"] as? [String] == ["build api"])
        #expect(gateway["extends"] as? String == ".nixpacks-ci-service")
        #expect((gateway["variables"] as? [String: String])?["NIXPACKS_CI_SERVICE"] == "gateway")
        #expect((document["build api"] as? [String: Any])?["needs"] as? [String] == [])
    }

    @Test func emptyGitlabPipelineStillHasAJob() throws {
        let repo = try repo()
        try repo.write("README.txt", "\n")
        try repo.commitAll("outside every service")
        let (report, graph) = try Workspace(path: repo.path).affected(ChangeQuery(since: "HEAD~1"))
        #expect(report.affected.isEmpty)
        let document = try #require(try Yams.load(yaml: FanOut(report: report, graph: graph).gitlabPipeline(jobTemplate: ".t", includes: [], stage: "build")) as? [String: Any])
        #expect(document["nixpacks-ci nothing affected"] != nil)
        #expect(FanOut(report: report, graph: graph).githubMatrix(shards: 3, durations: [:]) == #"{"include":[]}"#)
    }
}
