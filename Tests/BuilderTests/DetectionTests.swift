import Foundation
import Testing
@testable import Builder

/// Detection in Nixpacks' order (spec §3.1), on apps made in temporary directories.
@Suite struct DetectionTests {
    func detect(_ files: [String: String]) throws -> ProviderName? {
        let root = try TemporaryApp.make(files)
        defer { try? FileManager.default.removeItem(at: root) }
        return try PlanGenerator.detect(App(root: root), PlanEnvironment())
    }

    @Test(arguments: [
        (["shard.yml": ""], ProviderName.crystal), (["src/App/App.csproj": ""], .csharp), (["pubspec.yaml": ""], .dart),
        (["mix.exs": ""], .elixir), (["deno.jsonc": "{}"], .deno), (["a.fsproj": ""], .fsharp), (["project.clj": ""], .clojure),
        (["gleam.toml": "", "manifest.toml": ""], .gleam), (["go.mod": ""], .go), (["main.go": ""], .go),
        (["package.yaml": "", "src/Main.hs": ""], .haskell), (["haunt.scm": ""], .scheme), (["pom.xml": ""], .java),
        (["pom.atom/x": ""], .java), (["gradlew": ""], .java), (["build.sbt": ""], .scala), (["index.php": ""], .php),
        (["Gemfile": ""], .ruby), (["package.json": "{}"], .node), (["requirements.txt": ""], .python), (["Pipfile": ""], .python),
        (["Cargo.toml": ""], .rust), (["Cargo.toml": "", ".cargo/config.toml": "runner = \"lunatic\""], .lunatic),
        (["Package.swift": ""], .swift), (["public/a.html": ""], .staticfile), (["Staticfile": ""], .staticfile),
        (["build.zig": ""], .zig), (["src/index.cbl": ""], .cobol),
        // Order: Deno beats Node, Node beats Python, PHP and Ruby beat Node.
        (["package.json": "{}", "deno.json": "{}"], .deno), (["package.json": "{}", "requirements.txt": ""], .node),
        (["package.json": "{}", "composer.json": "{}"], .php), (["package.json": "{}", "Gemfile": ""], .ruby),
        (["index.ts": "import { serve } from \"https://deno.land/std/http/server.ts\";\n"], .deno),
    ])
    func detects(_ files: [String: String], _ expected: ProviderName) throws {
        #expect(try detect(files) == expected)
    }

    @Test func nothingDetected() throws {
        #expect(try detect(["README.md": ""]) == nil)
    }
}
