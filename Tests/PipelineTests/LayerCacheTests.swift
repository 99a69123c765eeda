import Builder
import Cache
import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// What a build asks BuildKit to import and export as layer cache (the registry's moving tags),
/// recorded without an engine; the real round trip is in RegistryLayerCacheTests.
@Suite struct LayerCacheTests {
    @Test(arguments: [
        ("origin/main", "main"), ("refs/remotes/origin/release/2.0", "release/2.0"), ("refs/heads/dev", "dev"), ("main", "main"),
        ("feature/x", "feature/x"),
    ])
    func sinceRefsNameTheirBranch(_ ref: String, _ branch: String) {
        #expect(LayerCacheBranches.branch(fromRef: ref, isRemote: { $0 == "origin" }) == branch)
    }

    @Test(arguments: ["HEAD~1", "HEAD", "0123abcd", "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "v1^", "main@{1}"])
    func commitsAndExpressionsNameNoBranch(_ ref: String) {
        #expect(LayerCacheBranches.branch(fromRef: ref, isRemote: { $0 == "origin" }) == nil)
    }

    @Test func tagsAreTheBranchThenTheBaseOnce() {
        #expect(LayerCacheBranches(current: "feature/a b", base: "main").tags == ["feature-a-b", "main"])
        #expect(LayerCacheBranches(current: "main", base: "main").tags == ["main"])
        #expect(LayerCacheBranches(current: nil, base: nil).tags == [nil])
        let store = RegistryStore(client: RegistryClient(host: "registry.test:5000", credentials: nil), readOnly: false, namespace: "acme")
        #expect(store.cacheReference(repository: "web", branchTag: "main") == "registry.test:5000/acme/web:nixpacks-ci-cache-main")
        #expect(store.cacheReference(repository: "web", branchTag: nil) == "registry.test:5000/acme/web:nixpacks-ci-cache")
    }

    func recordedRequest(readOnly: Bool, registryCache: Bool = false) throws -> BuildRequest {
        let repo = try GitFixture("layer-cache-unit")
        try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"}}"#)
        try repo.commitAll("base")
        var configuration = BuildConfiguration()
        configuration.repository = repo.path
        configuration.target = .monorepo(since: nil, services: [])
        configuration.packageSource = .debian
        configuration.useGraphCache = false
        let service = try #require(try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared().first)
        let builder = RecordingImageBuilder(exportsRegistryCache: registryCache)
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-layer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let store = RegistryStore(client: RegistryClient(host: "registry.test:5000", credentials: nil), readOnly: readOnly)
        let worker = BuildWorker(builder: builder, directoryStore: DirectoryStore(root: cache), registryStore: store, useRegistry: true,
                                 cacheReadOnly: readOnly, push: false, labels: [:], logDirectory: nil, flag: InterruptFlag(),
                                 layerCacheBranches: LayerCacheBranches(current: "feature/x", base: "main"))
        _ = worker.build(service, reason: "test")
        return try #require(builder.recorded.first).request
    }

    @Test func aWritingBuildImportsBothBranchesAndExportsToItsOwn() throws {
        let request = try recordedRequest(readOnly: false)
        #expect(request.cacheFrom == ["registry.test:5000/web:nixpacks-ci-cache-feature-x", "registry.test:5000/web:nixpacks-ci-cache-main"])
        #expect(request.exportsInlineCache)
        #expect(request.tags.contains("registry.test:5000/web:nixpacks-ci-cache-feature-x"))
        #expect(!request.tags.contains("registry.test:5000/web:nixpacks-ci-cache-main"))
        #expect(request.push)
        // An engine without registry cache export gets inline metadata only.
        #expect(request.registryCacheFrom.isEmpty && request.registryCacheTo == nil)
    }

    @Test func whereBuildxExportsRegistryCachesEachBranchHasOne() throws {
        let request = try recordedRequest(readOnly: false, registryCache: true)
        #expect(request.registryCacheFrom == ["registry.test:5000/web:nixpacks-ci-buildcache-feature-x",
                                              "registry.test:5000/web:nixpacks-ci-buildcache-main"])
        #expect(request.registryCacheTo == "registry.test:5000/web:nixpacks-ci-buildcache-feature-x")
        // The inline metadata and its moving tag stay, for engines that can only read those.
        #expect(request.exportsInlineCache)
        #expect(request.tags.contains("registry.test:5000/web:nixpacks-ci-cache-feature-x"))
        let readOnly = try recordedRequest(readOnly: true, registryCache: true)
        #expect(readOnly.registryCacheFrom.count == 2)
        #expect(readOnly.registryCacheTo == nil)
    }

    @Test func aReadOnlyBuildImportsAndNeverExports() throws {
        let request = try recordedRequest(readOnly: true)
        #expect(request.cacheFrom.count == 2)
        #expect(!request.exportsInlineCache)
        #expect(!request.tags.contains { $0.contains("nixpacks-ci-cache") })
        #expect(!request.push)
    }
}
