import Foundation
import Testing
@testable import Builder

/// The debian source's release and package choice: version requests pick the release that ships
/// them, Nixpacks' defaults do not, and a request no release meets lists what Debian has.
@Suite struct DebianEnvironmentTests {
    /// The rendered debian build of an app made of `files`.
    func render(_ files: [String: String], env: [String] = [], release: DebianRelease? = nil) throws -> RenderedBuild {
        let root = try TemporaryApp.make(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try PlanGenerator(options: PlanOptions(environment: PlanEnvironment(arguments: env, host: [:]))).generate(App(root: root))
        var request = BuildRequest(appDirectory: root, plan: result.plan, imageName: "t", cacheMountKey: "t")
        request.packageSource = .debian
        request.versionRequests = result.versionRequests
        request.debianRelease = release
        return try RenderedBuild.render(request)
    }

    func unmet(_ files: [String: String], env: [String] = [], release: DebianRelease? = nil) -> BuilderError? {
        do {
            _ = try render(files, env: env, release: release)
            return nil
        } catch let error as BuilderError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    static let node = ["package.json": #"{"name":"a","scripts":{"start":"node a.js"}}"#, "a.js": ""]

    @Test func theStableReleaseIsTheDefault() throws {
        let built = try render(Self.node)
        #expect(built.debian?.release == .trixie)
        #expect(built.dockerfile.hasPrefix("FROM debian:trixie-slim\n"))
        #expect(built.debian?.packages.contains("nodejs") == true)
        // nodejs_18 is Nixpacks' default, not a request: trixie's Node 20, and the log says so.
        #expect(built.notes.contains { $0.contains("nodejs_18 is node 20.19") })
    }

    @Test(arguments: [("20", DebianRelease.trixie), ("18", .bookworm), (">=18 <19", .bookworm), ("^20.1", .trixie)])
    func nodeRequestsPickTheRelease(_ version: String, _ release: DebianRelease) throws {
        #expect(try render(Self.node, env: ["NIXPACKS_NODE_VERSION=\(version)"]).debian?.release == release)
    }

    @Test func aNodeVersionNoReleaseShipsListsWhatDebianHas() throws {
        let error = try #require(unmet(Self.node, env: ["NIXPACKS_NODE_VERSION=22"]))
        let text = error.description
        #expect(text.contains("Node 22 (from NIXPACKS_NODE_VERSION): no Debian release ships it"))
        #expect(text.contains("Debian 13 (trixie) ships 20.19"))
        #expect(text.contains("Debian 12 (bookworm) ships 18.20"))
    }

    @Test func aPinnedReleaseThatLacksTheVersionSaysSo() throws {
        let error = try #require(unmet(Self.node, env: ["NIXPACKS_NODE_VERSION=20"], release: .bookworm))
        #expect(error.description.contains("Debian 12 (bookworm) (--debian-release) does not ship it; Debian 13 (trixie) ships 20.19"))
    }

    static func goModule(_ version: String) -> [String: String] {
        ["go.mod": "module example.com/a\n\ngo \(version)\n", "main.go": "package main\nfunc main() {}\n"]
    }

    @Test func goMeetsTheDirectiveWithTheReleasesGoOrBackports() throws {
        let trixie = try render(Self.goModule("1.22"))
        #expect(trixie.debian?.release == .trixie)
        #expect(trixie.debian?.packages.contains("golang-go") == true)
        #expect(trixie.debian?.usesBackports == false)

        let bookworm = try render(Self.goModule("1.22"), release: .bookworm)
        #expect(bookworm.debian?.packages.contains("golang-1.22-go") == true)
        #expect(bookworm.debian?.usesBackports == true)
        #expect(bookworm.dockerfile.contains("bookworm-backports main"))
        #expect(bookworm.dockerfile.contains("ENV PATH=/usr/lib/go-1.22/bin:$PATH"))
        // No mirror is written into the Dockerfile: it comes from the image's own sources.
        #expect(!bookworm.dockerfile.contains("http"))

        #expect(try render(Self.goModule("1.19"), release: .bookworm).debian?.packages.contains("golang-go") == true)
        #expect(unmet(Self.goModule("1.30"))?.description.contains("Go 1.30 (from go.mod)") == true)
    }

    @Test func goWithoutAModuleFileGetsTheReleasesGo() throws {
        let built = try render(["main.go": "package main\nfunc main() {}\n"])
        #expect(built.debian?.packages.contains("golang-go") == true)
    }

    @Test func phpsDefaultIsNotARequestButTheVariableIs() throws {
        let php = ["index.php": "<?php echo 'hi';"]
        let plain = try render(php)
        #expect(plain.debian?.release == .trixie)
        #expect(plain.debian?.packages.contains("php8.4-fpm") == true)
        #expect(plain.debian?.commands.contains("ln -sf /usr/sbin/php-fpm8.4 /usr/local/bin/php-fpm") == true)
        #expect(unmet(php, env: ["NIXPACKS_PHP_VERSION=8.3"])?.description.contains("PHP 8.3 (from NIXPACKS_PHP_VERSION)") == true)
        #expect(try render(php, env: ["NIXPACKS_PHP_VERSION=8.2"]).debian?.release == .bookworm)
        // A Composer range Debian 13's PHP meets.
        let composer = php.merging(["composer.json": #"{"require":{"php":"^8.1","ext-redis":"*","ext-ctype":"*"}}"#]) { $1 }
        let ranged = try render(composer)
        #expect(ranged.debian?.release == .trixie)
        #expect(ranged.debian?.packages.contains("php8.4-redis") == true)
        #expect(ranged.debian?.packages.contains("php8.4-ctype") == false)
    }

    @Test(arguments: [("3.11", DebianRelease.bookworm), ("3.13", .trixie)])
    func pythonRequestsPickTheRelease(_ version: String, _ release: DebianRelease) throws {
        let built = try render(["requirements.txt": "", "main.py": "print(1)\n", ".python-version": version + "\n"])
        #expect(built.debian?.release == release)
    }

    @Test func pythonThreeTwelveIsInNoRelease() throws {
        let error = try #require(unmet(["requirements.txt": "", "main.py": "", ".python-version": "3.12\n"]))
        #expect(error.description.contains("Python 3.12 (from .python-version)"))
        #expect(error.description.contains("ships 3.13") && error.description.contains("ships 3.11"))
    }

    @Test func yarnOnePrefersTheReleaseThatPackagesIt() throws {
        let yarn = Self.node.merging(["yarn.lock": "# yarn lockfile v1\n\n"]) { $1 }
        let automatic = try render(yarn)
        #expect(automatic.debian?.release == .bookworm)
        #expect(automatic.debian?.packages.contains("yarnpkg") == true)
        // Pinned to trixie (whose yarnpkg is Yarn 4), Yarn 1 comes from npm, and the log says so.
        let trixie = try render(yarn, release: .trixie)
        #expect(trixie.debian?.commands.contains("npm install -g yarn@1") == true)
        #expect(trixie.notes.contains { $0.contains("Yarn 1 is installed with npm") })
        // Node 20 asked for: trixie with npm's Yarn 1 rather than failing.
        #expect(try render(yarn, env: ["NIXPACKS_NODE_VERSION=20"]).debian?.release == .trixie)
    }

    @Test func configPackagesMapByNameAndVersionedOnesAreRequests() throws {
        let toml = Self.node.merging(["nixpacks.toml": "[phases.setup]\nnixPkgs = ['...', 'cowsay']\n"]) { $1 }
        let built = try render(toml)
        #expect(built.debian?.packages.contains("cowsay") == true)
        let versioned = Self.node.merging(["nixpacks.toml": "[phases.setup]\nnixPkgs = ['python311']\n"]) { $1 }
        #expect(try render(versioned).debian?.release == .bookworm)
    }

    @Test func unpackagedToolsAreListedWithWhy() throws {
        let error = try #require(unmet(["build.zig": "", "src/main.zig": ""]))
        #expect(error.description.contains("zig (Zig is not packaged in Debian 12 or 13)"))
        #expect(error.description.contains("--package-source nix"))
    }

    @Test func rustBuildsForGlibcOntoTheSlimRunImage() throws {
        let built = try render(["Cargo.toml": "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n", "src/main.rs": "fn main() {}\n"])
        #expect(!built.dockerfile.contains("musl"))
        #expect(built.dockerfile.contains("RUN  cargo build --release\n") || built.dockerfile.contains(" cargo build --release\n"))
        #expect(built.dockerfile.contains("cp target/release/hello bin"))
        #expect(built.dockerfile.contains("FROM debian:trixie-slim\nENTRYPOINT"))
        #expect(built.notes.contains { $0.contains("no x86_64-unknown-linux-musl target") || $0.contains("no aarch64-unknown-linux-musl target") })
        // rust-version is a minimum: 1.70 is past bookworm's rustc (1.63), so its rustc-web (1.85).
        func crate(_ version: String) -> [String: String] {
            ["Cargo.toml": "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nrust-version = \"\(version)\"\n", "src/main.rs": "fn main() {}\n"]
        }
        #expect(try render(crate("1.70"), release: .bookworm).debian?.packages.contains("rustc-web") == true)
        #expect(try render(crate("1.60"), release: .bookworm).debian?.packages.contains("rustc") == true)
        #expect(unmet(crate("1.90"))?.description.contains("Rust 1.90 (from Cargo.toml package.rust-version)") == true)
    }

    @Test func elixirRangesFromMix() throws {
        let mix = ["mix.exs": "defmodule A.MixProject do\n  def project, do: [app: :a, elixir: \"~> 1.15\"]\nend\n"]
        let built = try render(mix)
        #expect(built.debian?.release == .trixie)
        #expect(built.debian?.packages.contains("elixir") == true)
    }

    @Test(arguments: [
        (VersionRequest.Meaning.range, ">=18", [20, 19, 2], true), (.range, "^18.2", [18, 20, 4], true), (.range, "18.x", [20, 19, 2], false),
        (.range, "^8.1 || ^7.4", [8, 4, 11], true), (.range, "~> 1.15", [1, 18, 3], true), (.range, "~> 1.15.2", [1, 18, 3], false),
        (.range, ">=8.1,<8.4", [8, 4, 11], false), (.sameRelease, "3.11.4", [3, 11, 2], true), (.sameRelease, "3.12", [3, 13, 5], false),
        (.sameRelease, "17", [17, 0, 16], true), (.minimum, "1.22", [1, 24, 4], true), (.minimum, "1.22.3", [1, 22, 12], true),
        (.minimum, "1.25", [1, 24, 4], false),
    ])
    func versionRequestsAreMet(_ meaning: VersionRequest.Meaning, _ text: String, _ version: [Int], _ met: Bool) {
        #expect(VersionRequest(tool: .node, text: text, source: "t", meaning: meaning).isMet(by: version) == met)
    }

    @Test func nightlyRustIsNotMet() {
        #expect(VersionRequest(tool: .rust, text: "nightly-2024-01-01", source: "t", meaning: .minimum).isMet(by: [1, 85, 0]) == nil)
    }
}
