import Builder
import Foundation
import Host
import Testing
import TestSupport

/// The registry cache buildx exports (`--cache-to type=registry,mode=max`), on a real engine that
/// can: Debian trixie's Docker 26 with the containerd image store and buildx 0.13, nested in the
/// harness's engine (scripts/buildx-engine.sh), with a docker-registry beside it. The harness's
/// own engine (Debian 12's Docker 20.10) cannot export such a cache: there builds write inline
/// cache metadata only, as RegistryLayerCacheTests shows.
@Suite(.serialized) struct BuildxRegistryCacheTests {
    /// The nested engine's socket, buildx's config directory and the registry, from the script.
    struct NestedEngine {
        var host: String
        var config: String
        var registry: String

        var environment: [String: String] {
            ["DOCKER_HOST": host, "DOCKER_CONFIG": config, "NIXPACKS_CI_DOCKER": "/usr/bin/docker"]
        }

        static func start() throws -> NestedEngine {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("scripts/buildx-engine.sh").path
            let output = try ProcessRunner().run("/bin/bash", [script])
            guard output.succeeded else { throw FixtureError(message: "scripts/buildx-engine.sh failed: \(output.standardError.suffix(2000))") }
            var values: [String: String] = [:]
            for line in output.standardOutput.split(separator: "\n") where line.hasPrefix("export ") {
                let assignment = line.dropFirst("export ".count)
                guard let equals = assignment.firstIndex(of: "=") else { continue }
                values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
            guard let host = values["NIXPACKS_CI_BUILDX_HOST"], let config = values["NIXPACKS_CI_BUILDX_CONFIG"],
                  let registry = values["NIXPACKS_CI_BUILDX_REGISTRY"] else {
                throw FixtureError(message: "scripts/buildx-engine.sh printed no exports: \(output.standardOutput)")
            }
            return NestedEngine(host: host, config: config, registry: registry)
        }

        func engine() throws -> DockerEngine {
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in self.environment { environment[key] = value }
            return try DockerEngine.connect(environment: environment)
        }
    }

    /// A Python service with a dependency from PyPI, on branch main.
    static func monorepo() throws -> GitFixture {
        let repo = try GitFixture("buildx-cache")
        try repo.write("services/api/requirements.txt", "six==1.16.0\n")
        try repo.write("services/api/main.py", "import six\nprint('api v1', six.__version__)\n")
        try repo.commitAll("base")
        _ = try repo.git("branch", "-M", "main")
        return repo
    }

    @Test func theNestedEngineExportsRegistryCachesAndTheHarnessEngineDoesNot() throws {
        let nested = try NestedEngine.start()
        #expect(try nested.engine().exportsRegistryCache)
        // The same buildx plugin against Debian 12's engine: "Cache export is not supported for the docker driver".
        var host = ProcessInfo.processInfo.environment
        host["DOCKER_HOST"] = nil
        host["DOCKER_CONFIG"] = nested.config
        host["NIXPACKS_CI_DOCKER"] = "/usr/bin/docker"
        #expect(try DockerEngine.connect(environment: host).exportsRegistryCache == false)
    }

    @Test func aFreshEngineReusesTheRegistryCacheAfterASourceOnlyChange() throws {
        let nested = try NestedEngine.start()
        let engine = try nested.engine()
        let registry = nested.registry
        let repo = try Self.monorepo()
        let work = repo.directory.deletingLastPathComponent()
        func build(_ name: String, _ extra: [String]) throws -> (ProcessRunner.Output, String) {
            let cache = work.appendingPathComponent("cache-\(name)")
            let output = try ImageBuildTests.run(["build", "--repo", repo.path, "--package-source", "debian", "--registry", registry,
                                                  "--cache-dir", cache.path, "--log-dir", cache.appendingPathComponent("logs").path]
                                                 + RegistryLayerCacheTests.certificates + extra, environment: nested.environment)
            let log = (try? String(contentsOf: cache.appendingPathComponent("logs/api.log"), encoding: .utf8)) ?? ""
            return (output, log)
        }
        // Every run starts as a fresh runner: nothing of the registry's on the engine, no build cache.
        try RegistryLayerCacheTests.forgetEverything(engine, host: registry)
        defer { try? RegistryLayerCacheTests.forgetEverything(engine, host: registry) }
        let repository = "api-\(UUID().uuidString.prefix(8).lowercased())"
        try repo.write("nixpacks-ci.toml", "[services.api]\npath = \"services/api\"\nimage = \"\(repository)\"\n")
        try repo.commitAll("image name")

        // main: the image, the inline-cache tag and the registry cache (every layer, mode=max).
        let (first, firstLog) = try build("main", ["--cache-branch", "main"])
        let firstSucceeded = first.succeeded
        #expect(firstSucceeded, "\(first.diagnosis)")
        #expect(first.standardOutput.contains("1 built"), "\(first.standardOutput)")
        #expect(firstLog.contains("exporting cache to registry"), "\(firstLog.suffix(2000))")
        let tags = try RegistryLayerCacheTests.tags(registry, repository)
        #expect(tags.contains("nixpacks-ci-buildcache-main") && tags.contains("nixpacks-ci-cache-main"), "\(tags)")
        // The registry cache is BuildKit's cache manifest, not an image.
        let manifest = try ProcessRunner().run("curl", ["-sS", "-H", "Accept: application/vnd.oci.image.index.v1+json",
                                                        "http://\(registry)/v2/\(repository)/manifests/nixpacks-ci-buildcache-main"]).standardOutput
        #expect(manifest.contains("application/vnd.buildkit.cacheconfig.v0"), "\(manifest.prefix(1000))")

        // A feature branch changes only the source; on a fresh engine the setup and the install come from the registry cache.
        _ = try repo.git("checkout", "-q", "-b", "feature/greeting")
        try repo.write("services/api/main.py", "import six\nprint('api v2', six.__version__)\n")
        try repo.commitAll("source only")
        try RegistryLayerCacheTests.forgetEverything(engine, host: registry)
        let (second, secondLog) = try build("feature", ["--since", "main", "--cache-branch", "feature/greeting"])
        let secondSucceeded = second.succeeded
        #expect(secondSucceeded, "\(second.diagnosis)")
        #expect(second.standardOutput.contains("1 built"), "\(second.standardOutput)")
        #expect(secondLog.contains("importing cache manifest from \(registry)/\(repository):nixpacks-ci-buildcache-main"), "\(secondLog.suffix(3000))")
        for command in ["apt-get install", "pip install -r requirements.txt"] {
            let lines = RegistryLayerCacheTests.step(containing: command, in: secondLog)
            #expect(!lines.isEmpty, "no step running \(command): \(secondLog.suffix(3000))")
            #expect(lines.contains { $0.hasSuffix(" CACHED") }, "\(command) ran again: \(lines.joined(separator: "\n"))")
        }
        let output = try engine.docker(["run", "--rm", "\(registry)/\(repository)", "python main.py"]).standardOutput
        #expect(output.contains("api v2"), "\(output)")
        #expect(try RegistryLayerCacheTests.tags(registry, repository).contains("nixpacks-ci-buildcache-feature-greeting"))

        // A same-size edit on the same engine, nothing pruned: BuildKit sends the context against
        // the one it has, by size and modification time, so the time must follow the content
        // (with one fixed time this image printed "api v2").
        try repo.write("services/api/main.py", "import six\nprint('api v4', six.__version__)\n")
        try repo.commitAll("same size")
        let (third, _) = try build("feature-again", ["--since", "main", "--cache-branch", "feature/greeting"])
        let thirdSucceeded = third.succeeded
        #expect(thirdSucceeded, "\(third.diagnosis)")
        let again = try engine.docker(["run", "--rm", "\(registry)/\(repository)", "python main.py"]).standardOutput
        #expect(again.contains("api v4"), "\(again)")

        // Read-only (a fork's pull request): imports the registry cache, exports none.
        _ = try repo.git("checkout", "-q", "-b", "fork")
        try repo.write("services/api/main.py", "import six\nprint('api v3', six.__version__)\n")
        try repo.commitAll("fork change")
        try RegistryLayerCacheTests.forgetEverything(engine, host: registry)
        let (readOnly, readOnlyLog) = try build("fork", ["--since", "main", "--cache-branch", "fork", "--cache-readonly"])
        let readOnlySucceeded = readOnly.succeeded
        #expect(readOnlySucceeded, "\(readOnly.diagnosis)")
        #expect(readOnlyLog.contains("importing cache manifest from \(registry)/\(repository):nixpacks-ci-buildcache-main"), "\(readOnlyLog.suffix(3000))")
        #expect(!readOnlyLog.contains("exporting cache"), "a read-only build exports no cache: \(readOnlyLog.suffix(2000))")
        #expect(RegistryLayerCacheTests.step(containing: "pip install -r requirements.txt", in: readOnlyLog).contains { $0.hasSuffix(" CACHED") })
        #expect(try !RegistryLayerCacheTests.tags(registry, repository).contains("buildcache-fork"))
    }
}
