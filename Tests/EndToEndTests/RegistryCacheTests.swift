import Builder
import Cache
import Foundation
import Host
import Testing

/// The registry cache store against Debian's docker-registry on loopback, with htpasswd auth.
@Suite(.serialized) struct RegistryCacheTests {
    static let site = ImageBuildTests.examples.appendingPathComponent("site").path

    func temporaryDirectory(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func missBuildsAndPushesThenAnotherMachineHits() throws {
        let registry = try LoopbackRegistry.start(htpasswd: ("ci", "s3cret"))
        defer { registry.stop() }
        let engine = try DockerEngine.connect()
        let dockerConfig = temporaryDirectory("docker-config")
        let firstCache = temporaryDirectory("cache-a")
        let secondCache = temporaryDirectory("cache-b")
        defer { for url in [dockerConfig, firstCache, secondCache] { try? FileManager.default.removeItem(at: url) } }
        let login = try ProcessRunner().run(engine.client, ["login", "127.0.0.1:\(registry.port)", "-u", "ci", "--password-stdin"],
                                            input: Data("s3cret".utf8), extraEnvironment: ["DOCKER_CONFIG": dockerConfig.path])
        #expect(login.succeeded, "\(login.standardError)")
        let environment = ["DOCKER_CONFIG": dockerConfig.path]

        let first = try ImageBuildTests.run(["build", Self.site, "--package-source", "debian", "--registry", "127.0.0.1:\(registry.port)",
                                             "--cache-dir", firstCache.path], environment: environment)
        let firstSucceeded = first.succeeded
        #expect(firstSucceeded, "\(first.diagnosis)")
        #expect(first.standardOutput.contains("built "))
        let keyLine = try #require(first.standardError.split(separator: "\n").first { $0.hasPrefix("note: cache key ") })
        let short = String(keyLine.split(separator: " ")[3])

        // The registry holds the image under the key's tag, with the key label.
        let store = RegistryStore(client: RegistryClient(host: "127.0.0.1:\(registry.port)",
                                                         credentials: RegistryCredentials(username: "ci", password: "s3cret")), readOnly: false)
        let entry = try #require(DirectoryStore(root: firstCache).list().entries.first)
        #expect(entry.key.short == short)
        #expect(try store.lookup(repository: "site", key: entry.key) != nil)
        let otherKey = try #require(CacheKey(hex: String(repeating: "0", count: 64)))
        #expect(try store.lookup(repository: "site", key: otherKey) == nil)

        // Another machine (an empty local store) gets a hit from the registry and builds nothing.
        engine.removeImage("127.0.0.1:\(registry.port)/site:\(RegistryStore.tag(for: entry.key))")
        let second = try ImageBuildTests.run(["build", Self.site, "--package-source", "debian", "--registry", "127.0.0.1:\(registry.port)",
                                              "--cache-dir", secondCache.path], environment: environment)
        let secondSucceeded = second.succeeded
        #expect(secondSucceeded, "\(second.diagnosis)")
        #expect(second.standardOutput.contains("cache hit"))
        engine.removeImage("127.0.0.1:\(registry.port)/site")
    }

    /// The batch (`build --since`) shares the registry too: one machine pushes the keyed image,
    /// another with an empty local store pulls it and builds nothing; a read-only run pushes nothing.
    @Test func batchBuildsShareTheRegistry() throws {
        let registry = try LoopbackRegistry.start()
        defer { registry.stop() }
        let engine = try DockerEngine.connect()
        let repo = try BatchBuildTests.monorepo()
        let caches = [temporaryDirectory("batch-a"), temporaryDirectory("batch-b"), temporaryDirectory("batch-c")]
        defer { for url in caches { try? FileManager.default.removeItem(at: url) } }
        try repo.write("services/site/index.html", "<h1>registry batch \(UUID().uuidString)</h1>\n")
        try repo.commitAll("change site")
        let host = "127.0.0.1:\(registry.port)"
        // With a namespace, as GHCR needs (ghcr.io/OWNER).
        func batch(_ cache: URL, _ extra: [String] = []) throws -> ProcessRunner.Output {
            try ImageBuildTests.run(["build", "--repo", repo.path, "--since", "HEAD~1", "--package-source", "debian",
                                     "--registry", host + "/team", "--cache-dir", cache.path,
                                     "--log-dir", cache.appendingPathComponent("logs").path] + extra)
        }
        let readOnly = try batch(caches[2], ["--cache-readonly"])
        let readOnlySucceeded = readOnly.succeeded
        #expect(readOnlySucceeded, "\(readOnly.diagnosis)")
        #expect(try ProcessRunner().run("curl", ["-sS", "http://\(host)/v2/_catalog"]).standardOutput.contains("\"repositories\":[]"))

        let first = try batch(caches[0])
        let firstSucceeded = first.succeeded
        #expect(firstSucceeded, "\(first.diagnosis)")
        let tags = try ProcessRunner().run("curl", ["-sS", "http://\(host)/v2/team/site/tags/list"]).standardOutput
        #expect(tags.contains("nixpacks-ci-"), "\(tags)")
        for line in try engine.docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]).standardOutput.split(separator: "\n")
            where line.hasPrefix(host + "/team/site") {
            engine.removeImage(String(line))
        }
        let second = try batch(caches[1])
        let secondSucceeded = second.succeeded
        #expect(secondSucceeded, "\(second.diagnosis)")
        #expect(second.standardOutput.contains("0 built, 1 cached"), "\(second.standardOutput)")
        engine.removeImage("\(host)/team/site")
    }

    @Test func refusedCredentialsAndADownRegistryBuildUncachedAndWriteNothing() throws {
        let registry = try LoopbackRegistry.start(htpasswd: ("ci", "s3cret"))
        defer { registry.stop() }
        let cache = temporaryDirectory("cache-c")
        let dockerConfig = temporaryDirectory("docker-config-empty")
        defer { for url in [cache, dockerConfig] { try? FileManager.default.removeItem(at: url) } }

        let refused = try ImageBuildTests.run(
            ["build", Self.site, "--package-source", "debian", "--registry", "127.0.0.1:\(registry.port)", "--cache-dir", cache.path, "--name", "nixpacks-ci-e2e/refused"],
            environment: ["NIXPACKS_CI_REGISTRY_USERNAME": "ci", "NIXPACKS_CI_REGISTRY_PASSWORD": "wrong", "DOCKER_CONFIG": dockerConfig.path])
        let refusedSucceeded = refused.succeeded
        #expect(refusedSucceeded, "\(refused.diagnosis)")
        #expect(refused.standardError.contains("refused the credentials"))
        #expect(DirectoryStore(root: cache).list().entries.isEmpty)

        let client = RegistryClient(host: "127.0.0.1:\(registry.port)", credentials: RegistryCredentials(username: "ci", password: "wrong"))
        #expect(throws: CacheError.self) { try RegistryStore(client: client, readOnly: true).lookup(repository: "site", key: CacheKey(hex: String(repeating: "1", count: 64))!) }

        registry.stop()
        let down = try ImageBuildTests.run(
            ["build", Self.site, "--package-source", "debian", "--registry", "127.0.0.1:\(registry.port)", "--cache-dir", cache.path, "--name", "nixpacks-ci-e2e/down"],
            environment: ["DOCKER_CONFIG": dockerConfig.path])
        let downSucceeded = down.succeeded
        #expect(downSucceeded, "\(down.diagnosis)")
        #expect(down.standardError.contains("does not answer"))
        #expect(DirectoryStore(root: cache).list().entries.isEmpty)
        let engine = try DockerEngine.connect()
        engine.removeImage("nixpacks-ci-e2e/refused")
        engine.removeImage("nixpacks-ci-e2e/down")
    }
}
