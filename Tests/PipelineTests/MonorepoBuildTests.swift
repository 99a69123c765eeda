import Builder
import Cache
import Foundation
import Host
import Monorepo
import Pipeline
import Synchronization
import Testing
import TestSupport

/// The main job end to end without Docker: real repositories, the real planner, and the recording
/// image builder (the dry run), whose simulated failures stand for failing builds.
@Suite struct MonorepoBuildTests {
    /// A monorepo with a library shared by two apps, a chain of declared dependencies and a static site.
    static func monorepo() throws -> GitFixture {
        let repo = try GitFixture("mono")
        try repo.write("nixpacks-ci.toml", """
        [services.web]
        path = "services/web"
        dependsOn = ["api"]
        """)
        try repo.write("libs/greeting/package.json", #"{"name":"greeting","version":"1.0.0","main":"greeting.js"}"#)
        try repo.write("libs/greeting/greeting.js", "module.exports = () => 'hello'\n")
        try repo.write("services/api/package.json", #"{"name":"api","scripts":{"start":"node server.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.write("services/api/server.js", "require('greeting')\n")
        try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node server.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.write("services/web/server.js", "require('greeting')\n")
        try repo.write("services/site/index.html", "<p>site</p>\n")
        try repo.write("README.md", "docs\n")
        try repo.commitAll("monorepo")
        return repo
    }

    static func configuration(_ repo: GitFixture, cache: String, _ change: (inout BuildConfiguration) -> Void = { _ in }) -> BuildConfiguration {
        var configuration = BuildConfiguration()
        configuration.repository = repo.path
        configuration.packageSource = .debian
        configuration.cacheDirectory = cache
        configuration.dryRun = true
        configuration.jobs = 2
        change(&configuration)
        return configuration
    }

    static func cacheDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-cache-\(UUID().uuidString)").path
    }

    @Test func buildsEveryServiceDependenciesFirstAndNeverALibrary() throws {
        let repo = try Self.monorepo()
        let builder = RecordingImageBuilder()
        let report = try MonorepoBuild(configuration: Self.configuration(repo, cache: Self.cacheDirectory()), builder: builder, engine: nil).run()
        #expect(Set(report.services.map(\.name)) == ["api", "site", "web"], "greeting is a library: never built")
        #expect(report.services.allSatisfy { $0.result == .planned })
        let order = builder.recorded.map(\.request.imageName)
        #expect(Set(order) == ["api", "site", "web"])
        #expect(order.firstIndex(of: "api")! < order.firstIndex(of: "web")!, "web depends on api: api is built first")
        // The job's context is exactly what its key covers.
        for job in builder.recorded {
            let service = try #require(report.services.first { $0.name == job.request.imageName })
            #expect(service.key != nil)
        }
    }

    /// A failing build fails its line, skips its dependents, and leaves the rest alone.
    @Test func aFailureSkipsItsDependentsAndNothingElse() throws {
        let repo = try Self.monorepo()
        let builder = RecordingImageBuilder(failing: ["api"])
        let report = try MonorepoBuild(configuration: Self.configuration(repo, cache: Self.cacheDirectory()), builder: builder, engine: nil).run()
        let results = Dictionary(uniqueKeysWithValues: report.services.map { ($0.name, $0.result) })
        #expect(results == ["api": .failed, "web": .skipped, "site": .planned])
        #expect(!report.succeeded)
        #expect(report.services.first { $0.name == "web" }?.reason.contains("api") == true)
    }

    /// A service whose plan cannot be made is a failed line naming the file; the others go on.
    @Test func aBrokenManifestFailsItsServiceOnly() throws {
        let repo = try Self.monorepo()
        try repo.write("services/site/nixpacks.toml", "[phases.setup\nnixPkgs = [\n")
        try repo.commitAll("broken config")
        let report = try MonorepoBuild(configuration: Self.configuration(repo, cache: Self.cacheDirectory()), builder: RecordingImageBuilder(),
                                       engine: nil).run()
        let site = try #require(report.services.first { $0.name == "site" })
        #expect(site.result == .failed)
        #expect(site.reason.contains("nixpacks.toml"))
        #expect(report.services.filter { $0.result == .planned }.map(\.name).sorted() == ["api", "web"])
    }

    /// With a cache entry for every key (and the image on the engine), the run is all hits.
    @Test func recordedKeysAreCacheHits() throws {
        let repo = try Self.monorepo()
        let cache = Self.cacheDirectory()
        let configuration = Self.configuration(repo, cache: cache)
        let prepared = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared()
        let store = DirectoryStore(directory: cache)
        for service in prepared where service.node.name != "site" {
            try store.record(CacheEntry(key: service.key, service: service.node.name, image: service.request.imageName, digest: nil,
                                        builtAt: "2026-12-01T00:00:00Z", seconds: 1, sizeBytes: nil, inputs: service.inputs))
        }
        let builder = RecordingImageBuilder(knownImages: ["api", "web"])
        let report = try MonorepoBuild(configuration: configuration, builder: builder, engine: nil).run()
        let results = Dictionary(uniqueKeysWithValues: report.services.map { ($0.name, $0.result) })
        #expect(results == ["api": .cached, "web": .cached, "site": .planned])
        #expect(builder.recorded.map(\.request.imageName) == ["site"])
        // An entry whose image is gone from the engine is no hit.
        let gone = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(knownImages: ["web"]), engine: nil).run()
        #expect(gone.services.first { $0.name == "api" }?.result == .planned)
    }

    /// A dry run asks the engine for its images once, when the run starts, and the answer decides
    /// hits as before (the answer arrives while the working tree is read).
    @Test func theEnginesImagesAreAskedOnceAndStillDecideHits() throws {
        let repo = try Self.monorepo()
        let cache = Self.cacheDirectory()
        let configuration = Self.configuration(repo, cache: cache)
        let prepared = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared()
        let store = DirectoryStore(directory: cache)
        for service in prepared {
            try store.record(CacheEntry(key: service.key, service: service.node.name, image: service.request.imageName, digest: nil,
                                        builtAt: "2026-12-01T00:00:00Z", seconds: 1, sizeBytes: nil, inputs: service.inputs))
        }
        let asked = Atomic<Int>(0)
        let builder = RecordingImageBuilder(askingForKnownImages: {
            asked.add(1, ordering: .relaxed)
            return ["api", "site"]
        })
        #expect(asked.load(ordering: .relaxed) == 0, "asked before the run")
        let report = try MonorepoBuild(configuration: configuration, builder: builder, engine: nil).run()
        let results = Dictionary(uniqueKeysWithValues: report.services.map { ($0.name, $0.result) })
        #expect(results == ["api": .cached, "web": .planned, "site": .cached])
        #expect(asked.load(ordering: .relaxed) == 1)
        // --no-cache: nothing is looked up, so the engine is not asked.
        var noCache = configuration
        noCache.noCache = true
        let quiet = Atomic<Int>(0)
        let uncached = try MonorepoBuild(configuration: noCache, builder: RecordingImageBuilder(askingForKnownImages: {
            quiet.add(1, ordering: .relaxed)
            return []
        }), engine: nil).run()
        #expect(uncached.services.allSatisfy { $0.result == .planned })
        #expect(quiet.load(ordering: .relaxed) == 0)
    }

    @Test func sinceBuildsWhatTheChangeAffects() throws {
        let repo = try Self.monorepo()
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("libs/greeting/greeting.js", "module.exports = () => 'hi'\n")
        try repo.write("README.md", "more docs\n")
        try repo.commitAll("change the library")
        let configuration = Self.configuration(repo, cache: Self.cacheDirectory()) {
            $0.target = .monorepo(since: ChangeQuery(since: "main"), services: [])
        }
        let report = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).run()
        #expect(report.services.map(\.name).sorted() == ["api", "web"])
        #expect(report.base?.contains("main") == true)
    }

    @Test func anUnknownServiceIsAnErrorThatListsTheServices() throws {
        let repo = try Self.monorepo()
        let configuration = Self.configuration(repo, cache: Self.cacheDirectory()) { $0.target = .monorepo(since: nil, services: ["nope"]) }
        #expect(throws: PipelineError.unknownService("nope", known: ["api", "site", "web"])) {
            try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).run()
        }
    }

    /// A dependsOn chain of 2,000 services prepares without recursion, dependencies first.
    @Test func aLongDeclaredChainPrepares() throws {
        let repo = try GitFixture("chain")
        var config = ""
        for index in 0..<2000 {
            try repo.write("s/\(index)/index.html", "\(index)\n")
            config += "[services.s\(index)]\npath = \"s/\(index)\"\n" + (index > 0 ? "dependsOn = [\"s\(index - 1)\"]\n" : "")
        }
        try repo.write("nixpacks-ci.toml", config)
        try repo.commitAll("chain")
        let configuration = Self.configuration(repo, cache: Self.cacheDirectory()) { $0.useGraphCache = false }
        let report = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).run()
        #expect(report.services.count == 2000)
        #expect(report.services.first?.name == "s0")
        #expect(report.services.last?.name == "s1999")
    }
}
