import Documents
import Foundation
import Testing
@testable import Builder

/// The plan rules of spec §1–§2, one test each.
@Suite struct PlanRulesTests {
    func plan(_ toml: String) throws -> BuildPlan {
        var warnings: [String] = []
        return try BuildPlan(document: Document(file: "nixpacks.toml", text: toml, format: .toml), warnings: &warnings)
    }

    @Test(arguments: [
        (["a", "b", "c"], ["x", "...", "z"], ["x", "...", "a", "b", "c", "z"]),
        (["nodejs", "yarn"], ["...", "cowsay"], ["...", "nodejs", "yarn", "cowsay"]),
        (["a"], ["b"], ["b"]),
        (["a"], ["@auto", "b"], ["@auto", "a", "b"]),
    ])
    func fillAutoSplices(_ original: [String], _ replacer: [String], _ expected: [String]) {
        #expect(BuildPlan.fillAuto(original, replacer) == expected)
        #expect(BuildPlan.fillAuto(original, nil) == original)
    }

    @Test func mergeKeepsLowerPhasesAndHigherWins() throws {
        let merged = BuildPlan.merge(
            try plan("[phases.setup]\nnixPkgs = [\"nodejs\", \"yarn\"]\n[phases.build]\ncmds = [\"yarn run build\"]\n[start]\ncmd = \"yarn run start\"\n"),
            try plan("[phases.setup]\nnixPkgs = [\"...\", \"cowsay\"]\n[start]\ncmd = \"yarn run client:start\"\n"))
        #expect(merged.phase("setup")?.nixPkgs == ["...", "nodejs", "yarn", "cowsay"])
        #expect(merged.phase("build")?.cmds == ["yarn run build"])
        #expect(merged.start?.cmd == "yarn run client:start")
        var pinned = merged
        pinned.pin(useDebian: false)
        #expect(pinned.phase("setup")?.nixPkgs == ["nodejs", "yarn", "cowsay"])
        #expect(pinned.phase("setup")?.nixpkgsArchive == NixpkgsArchive.default)
        #expect(pinned.providers == [])
        #expect(pinned.buildImage == NixpacksImages.ubuntu)
    }

    @Test func newInstallAndBuildPhasesGetDefaultDependencies() throws {
        let merged = BuildPlan.mergeAll([try plan("[phases.setup]\nnixPkgs = [\"x\"]\n"), try plan("[phases.build]\ncmds = [\"make\"]\n[phases.install]\ncmds = [\"i\"]\n")])
        #expect(merged.phase("build")?.dependsOn == ["install"])
        #expect(merged.phase("install")?.dependsOn == ["setup"])
    }

    @Test func debianPinUsesTheLegacyArchiveAndImage() throws {
        var debian = try plan("[phases.setup]\nnixPkgs = [\"x\"]\n")
        debian.pin(useDebian: true)
        #expect(debian.buildImage == NixpacksImages.debian)
        #expect(debian.phase("setup")?.nixpkgsArchive == NixpkgsArchive.legacyOpenSSL)
    }

    @Test(arguments: [
        ("[phases.setup]\n[phases.install]\ndependsOn=[\"setup\"]\n[phases.build]\ndependsOn=[\"install\"]\n", ["setup", "install", "build"]),
        ("[phases.setup]\n[phases.caddy]\ndependsOn=[\"setup\"]\n[phases.install]\ndependsOn=[\"setup\"]\n[phases.build]\ndependsOn=[\"install\"]\n", ["setup", "caddy", "install", "build"]),
        ("[phases.setup]\n[phases.install]\ndependsOn=[\"setup\"]\n[phases.build]\ndependsOn=[\"install\"]\n[phases.\"python:setup\"]\n[phases.\"python:install\"]\ndependsOn=[\"python:setup\"]\n",
         ["python:setup", "setup", "install", "python:install", "build"]),
        ("[phases.a]\ndependsOn=[\"missing\"]\n", ["a"]),
    ])
    func topologicalOrderInRounds(_ toml: String, _ expected: [String]) throws {
        #expect(try PhaseOrder.sorted(plan(toml).phases!).map { $0.name! } == expected)
    }

    @Test func cycleIsAnError() throws {
        #expect(throws: PlanError.self) { try PhaseOrder.sorted(plan("[phases.a]\ndependsOn=[\"b\"]\n[phases.b]\ndependsOn=[\"a\"]\n").phases!) }
    }

    @Test func aliasesAreAccepted() throws {
        let decoded = try plan("[phases.setup]\nnixPackages = [\"a\"]\nnixLibraries = [\"b\"]\naptPackages = [\"c\"]\ncommands = [\"d\"]\nenvPaths = [\"e\"]\n")
        let setup = try #require(decoded.phase("setup"))
        #expect(setup.nixPkgs == ["a"] && setup.nixLibs == ["b"] && setup.aptPkgs == ["c"] && setup.cmds == ["d"] && setup.paths == ["e"])
    }

    @Test func environmentPlanFollowsNixpacks() {
        let environment = PlanEnvironment(variables: [
            "NIXPACKS_PKGS": "cowsay sl", "NIXPACKS_APT_PKGS": "foo,bar", "NIXPACKS_LIBS": "my-lib",
            "NIXPACKS_INSTALL_CMD": "yarn install", "NIXPACKS_INSTALL_CACHE_DIRS": "install/cache/dir",
            "NIXPACKS_BUILD_CACHE_DIRS": "ignored/without/build/cmd", "NIXPACKS_START_CMD": "yarn start",
        ])
        let plan = PlanGenerator.environmentPlan(environment)
        #expect(plan.phase("setup")?.nixPkgs == ["cowsay", "sl", "..."])
        #expect(plan.phase("setup")?.aptPkgs == ["foo", "bar", "..."])
        #expect(plan.phase("setup")?.nixLibs == ["my-lib", "..."])
        #expect(plan.phase("install")?.cmds == ["yarn install"])
        #expect(plan.phase("install")?.cacheDirectories == ["install/cache/dir"])
        #expect(plan.phase("build") == nil, "BUILD_CACHE_DIRS is only read with BUILD_CMD")
        #expect(plan.start?.cmd == "yarn start")
    }

    @Test func envArgumentsCopyFromTheHost() {
        let environment = PlanEnvironment(arguments: ["A=1", "B", "C="], host: ["B": "from-host", "C": "also"])
        #expect(environment.variables == ["A": "1", "B": "from-host", "C": "also"])
        #expect(PlanEnvironment(variables: ["NIXPACKS_X": "a\nb"]).config("X") == "ab")
    }

    @Test func pkgsFlagDropsTheProvidersOverlaysAsNixpacksDoes() throws {
        let app = App(root: GoldenPlanTests.fixtures.appendingPathComponent("apps/node-npm"))
        var options = PlanOptions()
        options.pkgs = ["cowsay"]
        options.startCmd = "node other.js"
        let plan = try PlanGenerator(options: options).generate(app).plan
        #expect(plan.phase("setup")?.nixPkgs == ["cowsay", "nodejs_18", "npm-9_x"])
        #expect(plan.phase("setup")?.nixOverlays == [])
        #expect(plan.start?.cmd == "node other.js")
    }

    @Test func jsonPlanReplaysAndTurnsOffDetection() throws {
        let app = App(root: GoldenPlanTests.fixtures.appendingPathComponent("apps/node-npm"))
        let printed = try PlanGenerator(options: PlanOptions()).generate(app).plan.json()
        var options = PlanOptions()
        options.jsonPlan = printed
        let replayed = try PlanGenerator(options: options).generate(app)
        #expect(replayed.providers.isEmpty)
        #expect(replayed.plan.phase("install")?.cmds == ["npm ci"])
    }

    @Test func tomlOutputParsesBack() throws {
        let app = App(root: GoldenPlanTests.fixtures.appendingPathComponent("apps/config-toml"))
        let original = try PlanGenerator(options: PlanOptions()).generate(app).plan
        let reparsed = try plan(original.toml())
        #expect(reparsed.json() == original.json())
    }
}
