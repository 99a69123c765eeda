import Foundation
import Testing
@testable import Builder

/// Malformed files give errors that name the file and line, never a crash or a silent plan.
@Suite struct BadInputTests {
    func generate(_ files: [String: String], options: PlanOptions = PlanOptions()) throws -> PlanGenerator.Result {
        let root = try TemporaryApp.make(files)
        defer { try? FileManager.default.removeItem(at: root) }
        return try PlanGenerator(options: options).generate(App(root: root))
    }

    func expectFileError(_ files: [String: String], file: String, line: Int?, options: PlanOptions = PlanOptions()) {
        do {
            _ = try generate(files, options: options)
            Issue.record("expected an error about \(file)")
        } catch let error as PlanError {
            guard case let .invalidFile(actualFile, actualLine, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(actualFile == file)
            #expect(actualLine == line)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func malformedPackageJSON() {
        expectFileError(["package.json": "{\n  \"name\": \"a\",\n  \"scripts\": {\n}"], file: "package.json", line: 4)
    }

    @Test func malformedPyproject() {
        expectFileError(["pyproject.toml": "[project]\nname = \n"], file: "pyproject.toml", line: 2)
    }

    @Test func malformedCargoToml() {
        expectFileError(["Cargo.toml": "[package\nname = \"x\"\n"], file: "Cargo.toml", line: 1)
    }

    @Test func malformedNixpacksToml() {
        expectFileError(["main.py": "", "nixpacks.toml": "[phases.setup]\nnixPkgs = \"not a list\"\n"], file: "nixpacks.toml", line: 2)
        expectFileError(["main.py": "", "nixpacks.toml": "[phases.setup\n"], file: "nixpacks.toml", line: 1)
    }

    @Test func malformedNixpacksJSON() {
        expectFileError(["main.py": "", "nixpacks.json": "{\n  \"phases\": [1]\n}\n"], file: "nixpacks.json", line: 2)
    }

    @Test func unknownProviderIsNamed() {
        #expect(throws: PlanError.unknownProvider("cobolt", file: "nixpacks.toml", line: 1)) {
            try generate(["main.py": "", "nixpacks.toml": "providers = [\"cobolt\"]\n"])
        }
    }

    @Test func missingConfigFiles() {
        var options = PlanOptions()
        options.configFile = "missing.toml"
        #expect(throws: PlanError.configFileMissing("missing.toml")) { try generate(["main.py": ""], options: options) }
        options.configFile = "plan.yaml"
        #expect(throws: PlanError.unknownConfigFileType("plan.yaml")) { try generate(["main.py": "", "plan.yaml": ""], options: options) }
    }

    @Test func providerInputsMissingWhatThePlanNeeds() {
        #expect(throws: PlanError.invalidFile(file: "shard.yml", line: nil, message: "no `targets:` entry; add one naming the executable to start, e.g. `targets: { app: { main: src/app.cr } }`")) {
            try generate(["shard.yml": "name: app\n"])
        }
        #expect(throws: PlanError.invalidFile(file: "pubspec.yaml", line: nil, message: "no `name:`; the build compiles bin/<name>.dart")) {
            try generate(["pubspec.yaml": "version: 1.0.0\n"])
        }
        #expect(throws: PlanError.invalidFile(file: "package.yaml", line: nil, message: "no `executables:` entry; the image starts the first executable")) {
            try generate(["package.yaml": "name: app\n", "src/Main.hs": ""])
        }
        #expect(throws: PlanError.invalidFile(file: "manifest.toml", line: nil, message: "no `packages` list; run `gleam deps download` to write the manifest")) {
            try generate(["gleam.toml": "name = \"app\"\n", "manifest.toml": "requirements = {}\n"])
        }
        #expect(throws: PlanError.providerFailed(provider: "swift", message: "no Sources/<target>/main.swift found; the image starts the executable target that has one")) {
            try generate(["Package.swift": "// swift-tools-version:5.8\n", "Sources/Lib/Lib.swift": ""])
        }
        #expect(throws: PlanError.providerFailed(provider: "scala", message: "NIXPACKS_JDK_VERSION=seventeen is not a number; use one of 8, 11, 17, 19, 20, 21")) {
            try generate(["build.sbt": ""], options: PlanOptions(environment: PlanEnvironment(variables: ["NIXPACKS_JDK_VERSION": "seventeen"])))
        }
    }

    @Test func malformedProviderFilesNameFileAndLine() {
        expectFileError(["shard.yml": "name: app\ntargets: [unclosed\n"], file: "shard.yml", line: 2)
        expectFileError(["app.csproj": "<Project/>", "global.json": "{\n  \"sdk\": {\n    \"version\": 8,,\n  }\n}\n"], file: "global.json", line: 3)
        expectFileError(["gleam.toml": "", "manifest.toml": "packages = [\n  { name = \"x\" \n]\n"], file: "manifest.toml", line: 2)
    }

    @Test func unknownConfigKeysWarn() throws {
        let result = try generate(["main.py": "", "nixpacks.toml": "[deploy]\nenvs = 1\n[phases.setup]\nnixPkgz = [\"x\"]\n"])
        #expect(result.warnings.count == 2)
        #expect(result.warnings.contains { $0.contains("phases.setup.nixPkgz") })
    }

    @Test func unreadableFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-unreadable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data([0xff, 0xfe, 0x00]).write(to: root.appendingPathComponent("package.json"))
        #expect(throws: PlanError.invalidFile(file: "package.json", line: nil, message: "the file is not valid UTF-8")) {
            try PlanGenerator(options: PlanOptions()).generate(App(root: root))
        }
    }

    @Test func configFileFromTheEnvironmentOrTheFlag() throws {
        let files = ["main.py": "", "ci/plan.toml": "[start]\ncmd = \"python main.py --from-env-config\"\n",
                     "other.json": "{\"start\": {\"cmd\": \"from-flag\"}}"]
        let fromEnvironment = try generate(files, options: PlanOptions(environment: PlanEnvironment(variables: ["NIXPACKS_CONFIG_FILE": "ci/plan.toml"])))
        #expect(fromEnvironment.plan.start?.cmd == "python main.py --from-env-config")
        var options = PlanOptions()
        options.configFile = "other.json"
        #expect(try generate(files, options: options).plan.start?.cmd == "from-flag")
        #expect(throws: PlanError.configFileMissing("nope.toml")) {
            try generate(files, options: PlanOptions(environment: PlanEnvironment(variables: ["NIXPACKS_CONFIG_FILE": "nope.toml"])))
        }
    }
}
