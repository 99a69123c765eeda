import Builder
import Foundation
import Host
import Testing
import TestSupport

/// The registry as a layer cache across machines: every build exports BuildKit's inline cache
/// metadata to a moving tag per service and branch, and imports from this branch's and the base
/// branch's tags. A fresh runner is simulated on the real engine: the services' images removed, an
/// empty local store, and no build-cache record of any step from the services' own setup on.
///
/// Only those records are pruned (their setups install Debian's `hello`, which nothing else does,
/// so every record after it is theirs). Pruning the whole engine, as this suite once did, made
/// every other suite building at the same time run its setup steps again. Cache mounts are kept
/// too: they never make a step `CACHED`, so what these tests check is unchanged.
@Suite(.serialized) struct RegistryLayerCacheTests {
    /// A Node service with a dependency from a lockfile (from a local npm registry), and a Python
    /// service with a dependency from PyPI, on branch main.
    ///
    /// Each setup also installs Debian's `hello`, which no other suite's services install. Shared
    /// toolchain layers mean any other Node or Python build on trixie has the same setup step; when
    /// one runs it while this suite's fresh-runner build reaches that step, BuildKit joins the two
    /// and this build's log shows the step running (once in CI: `apt-get install ran again`, while
    /// the `npm ci` after it was `CACHED` from the registry). A setup of its own keeps what is
    /// checked here to the registry's layers.
    static func monorepo(_ npm: LocalNpmRegistry) throws -> GitFixture {
        try npm.publish("left-pad", "1.3.1", source: "module.exports = (s, n) => String(s).padStart(n)\n")
        let repo = try GitFixture("layer-cache")
        try repo.write("services/web/package.json",
                       #"{"name":"web","version":"1.0.0","private":true,"scripts":{"start":"node index.js"},"dependencies":{"left-pad":"1.3.1"}}"#)
        try repo.write("services/web/.npmrc", "registry=\(npm.url)\n")
        try repo.write("services/web/index.js", "console.log(require('left-pad')('web v1', 8))\n")
        let lock = try ProcessRunner().run("/bin/sh", ["-c", "cd \"$1\" && npm install --package-lock-only --no-audit --no-fund --silent",
                                                       "sh", repo.directory.appendingPathComponent("services/web").path])
        guard lock.succeeded else { throw FixtureError(message: "npm install --package-lock-only: \(lock.standardError)") }
        for service in ["web", "api"] {
            try repo.write("services/\(service)/nixpacks.toml", "[phases.setup]\naptPkgs = [\"...\", \"\(ownSetup)\"]\n")
        }
        try repo.write("services/api/requirements.txt", "six==1.16.0\n")
        try repo.write("services/api/main.py", "import six\nprint('api v1', six.__version__)\n")
        try repo.commitAll("base")
        _ = try repo.git("branch", "-M", "main")
        return repo
    }

    static var certificates: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/local/share/ca-certificates")) ?? [])
            .filter { $0.hasSuffix(".crt") }.sorted().flatMap { ["--ca-cert", "/usr/local/share/ca-certificates/\($0)"] }
    }

    /// The setup step of this suite's services, which no other suite's builds have.
    static let ownSetup = "hello"

    /// A fresh runner's engine as the services see it: none of the registry's images, and no layer
    /// of theirs in the build cache. With `setupPackage`, the records from each setup step that
    /// installs that package onwards are pruned, and other builds keep theirs; without it, every
    /// layer of the engine (the nested engine of BuildxRegistryCacheTests, which only its suite uses).
    static func forgetEverything(_ engine: DockerEngine, host: String, setupPackage: String? = nil) throws {
        for line in try engine.docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).standardOutput.split(separator: "\n")
            where line.hasPrefix(host + "/") {
            engine.removeImage(String(line))
        }
        guard let setupPackage else {
            _ = try engine.docker(["builder", "prune", "-af", "--filter", "type=regular"])
            return
        }
        try pruneRecords(engine, fromSetupInstalling: setupPackage)
    }

    /// One record of `docker system df -v`'s build cache (an ID ends in `*` while a build uses it).
    struct CacheRecord: Decodable {
        var ID: String
        var Parent: String
        var Description: String
        var id: String { ID.hasSuffix("*") ? String(ID.dropLast()) : ID }
    }

    /// Prunes each record whose step is an `apt-get install` of `package`, and every record made on
    /// top of one. BuildKit keeps a record while another is made on it, and prunes one `id=` filter
    /// per call, so the leaves go first, round after round.
    static func pruneRecords(_ engine: DockerEngine, fromSetupInstalling package: String) throws {
        for _ in 0..<30 {
            let json = try engine.docker(["system", "df", "-v", "--format", "{{json .BuildCache}}"]).standardOutput
            let records = try JSONDecoder().decode([CacheRecord]?.self, from: Data(json.utf8)) ?? []
            var chain = Set(records.filter { record in
                record.Description.contains("apt-get install") && record.Description.split(separator: " ").contains { $0 == package }
            }.map(\.id))
            var grown = true
            while grown {
                grown = false
                for record in records where !chain.contains(record.id) && chain.contains(record.Parent) {
                    chain.insert(record.id)
                    grown = true
                }
            }
            if chain.isEmpty { return }
            let parents = Set(records.map(\.Parent))
            for id in chain.sorted() where !parents.contains(id) {
                _ = try engine.docker(["builder", "prune", "-af", "--filter", "id=\(id)"])
            }
        }
        throw FixtureError(message: "the build cache still holds records made from the setup installing \(package) after 30 rounds of pruning")
    }

    static func tags(_ host: String, _ repository: String) throws -> String {
        try ProcessRunner().run("curl", ["-sS", "http://\(host)/v2/\(repository)/tags/list"]).standardOutput
    }

    /// The lines of a step in BuildKit's plain progress output, found by the text of its RUN line.
    static func step(containing command: String, in log: String) -> [Substring] {
        let lines = log.split(separator: "\n")
        guard let header = lines.first(where: { $0.contains("] RUN ") && $0.contains(command) }),
              let number = header.split(separator: " ").first else { return [] }
        return lines.filter { $0.hasPrefix(number + " ") }
    }

    @Test func aFreshRunnerReusesTheRegistrysLayersAfterASourceOnlyChange() throws {
        let npm = try LocalNpmRegistry()
        let registry = try LoopbackRegistry.start()
        defer { registry.stop() }
        let engine = try DockerEngine.connect()
        let host = "127.0.0.1:\(registry.port)"
        let repo = try Self.monorepo(npm)
        let work = repo.directory.deletingLastPathComponent()
        func build(_ name: String, _ extra: [String]) throws -> (ProcessRunner.Output, URL) {
            let cache = work.appendingPathComponent("cache-\(name)")
            let output = try ImageBuildTests.run(["build", "--repo", repo.path, "--package-source", "debian", "--registry", host,
                                                  "--cache-dir", cache.path, "--log-dir", cache.appendingPathComponent("logs").path]
                                                 + Self.certificates + extra)
            return (output, cache.appendingPathComponent("logs"))
        }
        func log(_ directory: URL, _ service: String) -> String {
            (try? String(contentsOf: directory.appendingPathComponent("\(service).log"), encoding: .utf8)) ?? ""
        }
        try Self.forgetEverything(engine, host: host, setupPackage: Self.ownSetup)
        defer { try? Self.forgetEverything(engine, host: host, setupPackage: Self.ownSetup) }

        // main: both built; each pushes its keyed image and main's moving cache tag, with inline cache.
        let (first, _) = try build("main", ["--cache-branch", "main"])
        let firstSucceeded = first.succeeded
        #expect(firstSucceeded, "\(first.diagnosis)")
        #expect(first.standardOutput.contains("2 built"), "\(first.standardOutput.suffix(1500))")
        for service in ["web", "api"] {
            let tags = try Self.tags(host, service)
            #expect(tags.contains("nixpacks-ci-cache-main"), "\(tags)")
        }

        // A feature branch changes only sources; built on a fresh runner, it imports main's layers.
        _ = try repo.git("checkout", "-q", "-b", "feature/greeting")
        try repo.write("services/web/index.js", "console.log(require('left-pad')('web v2', 8))\n")
        try repo.write("services/api/main.py", "import six\nprint('api v2', six.__version__)\n")
        try repo.commitAll("sources only")
        try Self.forgetEverything(engine, host: host, setupPackage: Self.ownSetup)
        let (second, logs) = try build("feature", ["--since", "main", "--cache-branch", "feature/greeting"])
        let secondSucceeded = second.succeeded
        #expect(secondSucceeded, "\(second.diagnosis)")
        #expect(second.standardOutput.contains("2 built"), "\(second.standardOutput.suffix(1500))")
        let web = log(logs, "web")
        let api = log(logs, "api")
        #expect(web.contains("importing cache manifest from \(host)/web:nixpacks-ci-cache-main"), "\(web.suffix(3000))")
        #expect(web.contains("exporting cache"), "a writing build exports inline cache: \(web.suffix(2000))")
        // The setup (apt) and the dependency-first install came from the registry, not from running them.
        for (text, command) in [(web, "apt-get install"), (web, "npm ci"), (api, "apt-get install"), (api, "pip install -r requirements.txt")] {
            let lines = Self.step(containing: command, in: text)
            #expect(!lines.isEmpty, "no step running \(command): \(text.suffix(3000))")
            #expect(lines.contains { $0.hasSuffix(" CACHED") }, "\(command) ran again: \(lines.joined(separator: "\n"))")
        }
        // The change itself is in the image.
        let image = "\(host)/web"
        let output = try engine.docker(["run", "--rm", image, "node index.js"]).standardOutput
        #expect(output.contains("web v2"), "\(output)")
        #expect(try Self.tags(host, "web").contains("nixpacks-ci-cache-feature-greeting"))

        // Read-only (a fork's pull request): imports the layers, exports and pushes nothing.
        _ = try repo.git("checkout", "-q", "-b", "fork")
        try repo.write("services/web/index.js", "console.log(require('left-pad')('web v3', 8))\n")
        try repo.commitAll("fork change")
        try Self.forgetEverything(engine, host: host, setupPackage: Self.ownSetup)
        let before = try Self.tags(host, "web")
        let (readOnly, readOnlyLogs) = try build("fork", ["--since", "main", "--cache-branch", "fork", "--cache-readonly"])
        let readOnlySucceeded = readOnly.succeeded
        #expect(readOnlySucceeded, "\(readOnly.diagnosis)")
        let forkLog = log(readOnlyLogs, "web")
        #expect(forkLog.contains("importing cache manifest from \(host)/web:nixpacks-ci-cache-main"), "\(forkLog.suffix(3000))")
        #expect(!forkLog.contains("exporting cache"), "a read-only build exports no cache: \(forkLog.suffix(2000))")
        for command in ["apt-get install", "npm ci"] {
            let lines = Self.step(containing: command, in: forkLog)
            #expect(lines.contains { $0.hasSuffix(" CACHED") }, "\(command) ran again (read-only): \(lines.joined(separator: "\n").prefix(1500))\n\(forkLog.prefix(6000))")
        }
        #expect(try Self.tags(host, "web") == before)
    }
}

/// Services with the same toolchain share its layers on one engine: the setup layer depends only
/// on the base image and the packages, and package caches are one mount for all services.
@Suite struct SharedToolchainLayerTests {
    @Test func nodeServicesShareTheBaseAndSetupLayers() throws {
        let engine = try DockerEngine.connect()
        let repo = try GitFixture("shared-toolchain")
        for name in ["alpha", "beta"] {
            try repo.write("services/\(name)/package.json",
                           #"{"name":"\#(name)","version":"1.0.0","private":true,"scripts":{"start":"node index.js"}}"#)
            try repo.write("services/\(name)/index.js", "console.log('\(name)')\n")
            let lock = try ProcessRunner().run("/bin/sh", ["-c", "cd \"$1\" && npm install --package-lock-only --silent",
                                                           "sh", repo.directory.appendingPathComponent("services/\(name)").path])
            #expect(lock.succeeded, "\(lock.standardError)")
        }
        try repo.commitAll("two node services")
        let cache = repo.directory.deletingLastPathComponent().appendingPathComponent("cache")
        let build = try ImageBuildTests.run(["build", "--repo", repo.path, "--package-source", "debian", "--cache-dir", cache.path,
                                             "--log-dir", cache.appendingPathComponent("logs").path])
        let succeeded = build.succeeded
        #expect(succeeded, "\(build.diagnosis)")
        defer { for name in ["alpha", "beta"] { engine.removeImage(name) } }
        func layers(_ image: String) throws -> [String] {
            let json = try engine.docker(["image", "inspect", "-f", "{{json .RootFS.Layers}}", image]).standardOutput
            return try JSONDecoder().decode([String].self, from: Data(json.utf8))
        }
        let alpha = try layers("alpha")
        let beta = try layers("beta")
        // The base image and the apt-get install of node and npm: byte-identical layers.
        #expect(alpha.count > 3 && beta.count > 3)
        #expect(Array(alpha.prefix(2)) == Array(beta.prefix(2)), "alpha \(alpha)\nbeta \(beta)")
        #expect(alpha != beta, "the services' own files differ")
        for name in ["alpha", "beta"] {
            let log = (try? String(contentsOf: cache.appendingPathComponent("logs/\(name).log"), encoding: .utf8)) ?? ""
            #expect(log.contains("--mount=type=cache,id=nixpacks-ci-/root/npm,target=/root/.npm npm ci"), "\(log.suffix(2000))")
        }
    }
}
