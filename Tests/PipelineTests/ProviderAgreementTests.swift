import Builder
import Foundation
import Monorepo
import Testing
import TestSupport

/// One provider table: `services` (discovery) and `detect` (the planner) name the same provider
/// for every fixture app, whether the app is named in nixpacks-ci.toml or found by its files.
@Suite struct ProviderAgreementTests {
    static let fixtures = ContextPropertyTests.fixtures

    static func repository(configured: Bool) throws -> GitFixture {
        let repo = try GitFixture("providers")
        var config = ""
        for name in ContextPropertyTests.appNames {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: repo.directory.appendingPathComponent("apps/\(name)"))
            config += "[services.\(name)]\npath = \"apps/\(name)\"\n"
        }
        if configured { try repo.write("nixpacks-ci.toml", config) }
        try repo.commitAll("fixtures")
        return repo
    }

    static func detected(_ name: String) throws -> String? {
        try PlanGenerator.detect(App(root: fixtures.appendingPathComponent(name)), PlanEnvironment())?.rawValue
    }

    @Test func namedServicesAgreeWithDetect() throws {
        let repo = try Self.repository(configured: true)
        let graph = try Workspace(path: repo.path).currentGraph(graphCache: nil)
        for name in ContextPropertyTests.appNames {
            let node = try #require(graph.node(named: name), "\(name) is a service")
            let detected = try Self.detected(name)
            #expect(node.provider == detected, "\(name): services says \(node.provider ?? "none"), detect says \(detected ?? "none")")
        }
    }

    /// Discovery finds a fixture by its manifest files; where it does, the provider is detect's.
    /// The ones it cannot find have no manifest file at their top (a Deno app known only by its
    /// imports, Zig or COBOL sources, a public/ or dist/ directory, one directory with the app
    /// inside), or discovery finds the app one level down (a .NET project in src/Api): such apps
    /// are named in nixpacks-ci.toml.
    @Test func discoveredServicesAgreeWithDetect() throws {
        let repo = try Self.repository(configured: false)
        let graph = try Workspace(path: repo.path).currentGraph(graphCache: nil)
        var missing: [String] = []
        for name in ContextPropertyTests.appNames {
            guard let node = graph.nodes.first(where: { $0.path == "apps/\(name)" }) else {
                missing.append(name)
                continue
            }
            if let detected = try Self.detected(name) { #expect(node.provider == detected, "\(name)") }
        }
        #expect(graph.nodes.contains { $0.path == "apps/csharp-global-json/src/Api" && $0.provider == "c#" })
        #expect(missing == ["cobol", "cobol-app-name", "csharp-global-json", "deno-import", "nested", "static-dist", "static-public-env-root", "zig-plain"],
                "found by nothing but their sources")
    }
}
