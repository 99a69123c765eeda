import Builder
import Foundation
import Host
import Testing
import TestSupport

/// `nixpacks-ci build [--since REF]` on a git copy of the example monorepo, with the real engine.
@Suite(.serialized) struct BatchBuildTests {
    struct Run {
        var output: ProcessRunner.Output
        var report: [String: Any]
        var junit: URL

        var results: [String: String] {
            var table: [String: String] = [:]
            for service in report["services"] as? [[String: Any]] ?? [] {
                table[service["name"] as! String] = service["result"] as? String
            }
            return table
        }
    }

    /// A git repository holding Examples/monorepo, with `web` depending on `goapi` by declaration.
    static func monorepo() throws -> GitFixture {
        let repo = try GitFixture(copying: EngineHarnessTests.repositoryRoot.appendingPathComponent("Examples/monorepo"), name: "mono")
        try repo.write("nixpacks-ci.toml", """
        version = 1
        [changes]
        ignore = ["**/*.md", "docs/**"]
        [services.web]
        path = "services/web"
        dependsOn = ["goapi"]
        """)
        try repo.commitAll("example monorepo")
        return repo
    }

    func build(_ repo: GitFixture, cache: URL, _ extra: [String]) throws -> Run {
        let junit = repo.directory.deletingLastPathComponent().appendingPathComponent("junit-\(UUID().uuidString).xml")
        let json = repo.directory.deletingLastPathComponent().appendingPathComponent("report-\(UUID().uuidString).json")
        let output = try ImageBuildTests.run(["build", "--repo", repo.path, "--package-source", "debian", "--cache-dir", cache.path,
                                              "--jobs", "2", "--junit", junit.path, "--report-json", json.path,
                                              "--log-dir", repo.directory.deletingLastPathComponent().appendingPathComponent("logs").path] + extra)
        let data = try Data(contentsOf: json)
        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return Run(output: output, report: report, junit: junit)
    }

    /// junitparser, a real JUnit consumer from PyPI (installed by the harness), reads the file.
    func junitSummary(_ file: URL) throws -> String {
        let script = """
        import sys
        from junitparser import JUnitXml, Failure, Skipped
        xml = JUnitXml.fromfile(sys.argv[1])
        for suite in xml:
            for case in suite:
                kinds = [type(r).__name__ for r in case.result]
                print(case.name, ",".join(kinds) or "passed")
        """
        let output = try ProcessRunner().run("/opt/nixpacks-ci-tools/bin/python", ["-c", script, file.path])
        guard output.succeeded else { throw HTTP.HTTPError(message: "junitparser: \(output.standardError)") }
        return output.standardOutput
    }

    /// The file validates against the common JUnit schema (Fixtures/junit.xsd) with xmllint.
    func validateAgainstSchema(_ file: URL) throws {
        let schema = EngineHarnessTests.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/junit.xsd")
        let output = try ProcessRunner().run("xmllint", ["--noout", "--schema", schema.path, file.path])
        #expect(output.succeeded, "\(output.standardError)")
    }

    @Test func firstRunOneServiceDocsOnlyAndABrokenService() throws {
        let repo = try Self.monorepo()
        let cache = repo.directory.deletingLastPathComponent().appendingPathComponent("cache")

        // The first run builds everything.
        let first = try build(repo, cache: cache, [])
        #expect(first.output.succeeded, "\(first.output.standardOutput.suffix(3000))")
        #expect(first.results == ["web": "built", "api": "built", "pyapi": "built", "goapi": "built", "site": "built", "rusty": "built",
                                  "storefront": "built", "admin": "built"], "the shop's libraries ui and format are not built")
        try validateAgainstSchema(first.junit)

        // Nothing changed: everything is a cache hit.
        let second = try build(repo, cache: cache, [])
        #expect(Set(second.results.values) == ["cached"])
        try validateAgainstSchema(second.junit)
        #expect(try junitSummary(second.junit).contains("site passed"), "a cache hit is a passed testcase")

        // A commit touching one service rebuilds only it (and its dependents: web depends on goapi).
        try repo.git("checkout", "-q", "-b", "feature/x")
        try repo.write("services/goapi/extra.txt", "a change\n")
        let sha = try repo.commitAll("goapi change")
        let one = try build(repo, cache: cache, ["--since", "main", "--tag-with", "sha", "--tag-with", "branch"])
        #expect(one.output.succeeded)
        #expect(one.results == ["goapi": "built", "web": "built"])
        let engine = try DockerEngine.connect()
        let tags = try engine.docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", "goapi"]).standardOutput
        #expect(tags.contains("goapi:\(sha.prefix(12))") && tags.contains("goapi:feature-x"), "\(tags)")

        // A commit touching only docs builds nothing.
        try repo.git("checkout", "-q", "main")
        try repo.git("checkout", "-q", "-b", "docs")
        try repo.write("docs/more.md", "words\n")
        try repo.write("services/api/NOTES.md", "words\n")
        try repo.commitAll("docs only")
        let docs = try build(repo, cache: cache, ["--since", "main"])
        #expect(docs.output.succeeded)
        #expect(docs.results.isEmpty)

        // A broken service fails, its dependent is skipped, the others build; the JUnit file says so.
        try repo.git("checkout", "-q", "main")
        try repo.git("checkout", "-q", "-b", "broken")
        try repo.write("services/goapi/main.go", "package main\n\nfunc main() { this does not compile }\n")
        try repo.write("services/pyapi/extra.txt", "changed\n")
        try repo.commitAll("break goapi, change pyapi")
        let broken = try build(repo, cache: cache, ["--since", "main"])
        #expect(broken.output.status == 1)
        #expect(broken.results == ["goapi": "failed", "web": "skipped", "pyapi": "built"])
        let summary = try junitSummary(broken.junit)
        #expect(summary.contains("goapi Failure"))
        #expect(summary.contains("web Skipped"))
        #expect(summary.contains("pyapi passed"))
        try validateAgainstSchema(broken.junit)
        let xml = try String(contentsOf: broken.junit, encoding: .utf8)
        #expect(xml.contains("skipped message=\"dependency goapi failed\""))
    }

    @Test func dryRunShowsKeysAndHitsWithoutBuilding() throws {
        let repo = try Self.monorepo()
        let cache = repo.directory.deletingLastPathComponent().appendingPathComponent("cache")
        let dry = try build(repo, cache: cache, ["--dry-run"])
        #expect(dry.output.succeeded)
        #expect(Set(dry.results.values) == ["planned"])
        #expect((dry.report["services"] as? [[String: Any]])?.allSatisfy { ($0["key"] as? String)?.count == 64 } == true)
        #expect(dry.output.standardOutput.contains("8 to build"))
    }
}
