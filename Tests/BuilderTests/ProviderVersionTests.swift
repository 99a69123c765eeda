import Foundation
import Testing
@testable import Builder

/// Runtime version selection of the smaller providers (spec §3.9), one row per rule, beyond the
/// golden fixtures.
@Suite struct ProviderVersionTests {
    func withApp<T>(_ files: [String: String], _ body: (App) throws -> T) throws -> T {
        let root = try TemporaryApp.make(files)
        defer { try? FileManager.default.removeItem(at: root) }
        return try body(App(root: root))
    }

    @Test(arguments: [
        ("1.14.2", "elixir_1_14"), ("1.17", "elixir_1_17"), ("1.9", "elixir_1_9"), ("1.8", "elixir"),
        ("1.18.0", "elixir"), ("2.0", "elixir"), ("\"1.16\"", "elixir_1_16"), ("v1.13", "elixir_1_13"), ("latest", "elixir"),
    ])
    func elixirVersions(_ requested: String, _ expected: String) throws {
        let package = try withApp(["mix.exs": ""]) { app in
            try ElixirProvider.package(app, PlanEnvironment(variables: ["NIXPACKS_ELIXIR_VERSION": requested]), mix: "")
        }
        #expect(package == expected)
    }

    @Test func elixirVersionFromMixExsTakesTheLastSpaceOnTheLine() throws {
        // Nixpacks' regex is greedy: anything after the version on the same line hides it.
        let plain = try withApp(["mix.exs": ""]) { app in
            try ElixirProvider.package(app, PlanEnvironment(), mix: "      elixir: \"~> 1.13\",\n")
        }
        let crowded = try withApp(["mix.exs": ""]) { app in
            try ElixirProvider.package(app, PlanEnvironment(), mix: "[app: :x, elixir: \"~> 1.13\", deps: deps()]\n")
        }
        #expect(plain == "elixir_1_13")
        #expect(crowded == "elixir")
    }

    @Test(arguments: [("8.0.100", "dotnet-sdk_8"), ("6.0.1", "dotnet-sdk"), ("7", "dotnet-sdk_7"), ("preview", "dotnet-sdk"), ("300", "dotnet-sdk")])
    func csharpSdkFromTheEnvironment(_ requested: String, _ expected: String) throws {
        let package = try withApp(["a.csproj": ""]) { app in
            try DotNetProvider.sdkPackage(app, PlanEnvironment(variables: ["NIXPACKS_CSHARP_SDK_VERSION": requested]))
        }
        #expect(package == expected)
    }

    @Test(arguments: [(" 11\n", "jdk11"), ("latest", "jdk"), ("17", "jdk8"), ("8", "jdk8")])
    func clojureJdkFromTheVersionFile(_ text: String, _ expected: String) throws {
        let package = try withApp(["project.clj": "", ".jdk-version": text]) { app in
            try ClojureProvider.jdkPackage(app, PlanEnvironment())
        }
        #expect(package == expected)
    }

    @Test(arguments: [
        ("// swift-tools-version:5.8\n", "5.8"), ("// swift-tools-version: 5.6.2\n", "5.6.2"), ("import PackageDescription\n", "5.8"),
    ])
    func swiftVersionFromTheManifest(_ manifest: String, _ expected: String) throws {
        let version = try withApp(["Package.swift": manifest]) { app in try SwiftProvider.version(app) }
        #expect(version == expected)
    }

    @Test func swiftVersionFileWinsOverTheManifest() throws {
        let version = try withApp(["Package.swift": "// swift-tools-version:5.8\n", ".swift-version": "5.4\n"]) { app in
            try SwiftProvider.version(app)
        }
        #expect(version == "5.4")
    }

    @Test func overridesAreSortedByName() {
        #expect(NixPackage.overriding("pkg", ["z": "b", "a": "c"]).expression == "(pkg.override { a = c; z = b; })")
    }
}
