import Foundation
import Testing
@testable import Builder

/// Providers named in nixpacks.toml run even where their manifest is missing, as in Nixpacks'
/// `examples/multiple-providers` (a nixpacks.toml and nothing else; snapshot
/// `tests/snapshots/generate_plan_tests__multiple_providers.snap`).
///
/// The example is not a fixture app under Fixtures/apps: the services-versus-detect agreement test
/// names every fixture app, and for an app with nothing but a nixpacks.toml discovery says
/// `procfile` where detect says none. `multi-node-python-no-package-json` is the fixture app.
@Suite struct ConfiguredProvidersTests {
    static let example = """
        providers = ["node", "python", "go", "deno"]

        [start]
        cmd = "node --version && python --version && go version && deno --version"

        """

    func plan(_ files: [String: String]) throws -> BuildPlan {
        let root = try TemporaryApp.make(files)
        defer { try? FileManager.default.removeItem(at: root) }
        return try PlanGenerator(options: PlanOptions()).generate(App(root: root)).plan
    }

    @Test func everyConfiguredProviderPlansWithoutItsManifest() throws {
        let plan = try plan(["nixpacks.toml": Self.example])
        #expect(plan.phases?.keys.sorted() == ["build", "deno:setup", "go:build", "go:setup", "install", "python:install", "python:setup", "setup"])
        #expect(plan.variables?["NIXPACKS_METADATA"] == "node,python,go,deno")
        #expect(plan.start?.cmd == "node --version && python --version && go version && deno --version")
    }

    /// Node reads the missing package.json as empty: the default Node and npm, no install command.
    @Test func nodeWithoutPackageJSONHasNoInstallCommand() throws {
        let plan = try plan(["nixpacks.toml": Self.example])
        #expect(plan.phase("setup")?.nixPkgs == ["nodejs_18", "npm-9_x"])
        #expect(plan.phase("install")?.cmds == nil)
        #expect(plan.phase("install")?.cacheDirectories == ["/root/.npm"])
        #expect(plan.phase("install")?.paths == ["/app/node_modules/.bin"])
        #expect(plan.phase("build")?.cmds == nil)
        #expect(plan.phase("build")?.cacheDirectories == ["node_modules/.cache"])
    }

    /// A package.json that is there but does not parse is still an error, as in Nixpacks.
    @Test func malformedPackageJSONStillFails() throws {
        #expect(throws: PlanError.self) {
            _ = try plan(["nixpacks.toml": "providers = [\"node\"]\n", "package.json": "{\n"])
        }
    }
}
