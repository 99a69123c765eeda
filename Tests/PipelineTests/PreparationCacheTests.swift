import Builder
import Cache
import Foundation
import Monorepo
import Pipeline
import Synchronization
import Testing
import TestSupport

/// The preparation cache: a run that remembers keys gives exactly the keys a full preparation
/// gives, reuses them only while every input is the same, and checks a remembered key whenever a
/// service is prepared in full.
@Suite struct PreparationCacheTests {
    static func run(_ repo: GitFixture, cache: String, planCache: Bool = true, dryRun: Bool = true,
                    builder: RecordingImageBuilder = RecordingImageBuilder()) throws -> (BatchReport, [String]) {
        let configuration = MonorepoBuildTests.configuration(repo, cache: cache) {
            $0.usePlanCache = planCache
            $0.dryRun = dryRun
            $0.useNixInstantiate = false
        }
        let notes = Mutex<[String]>([])
        let report = try MonorepoBuild(configuration: configuration, builder: builder, engine: nil, events: { event in
            if case let .note(text) = event { notes.withLock { $0.append(text) } }
        }).run()
        return (report, notes.withLock { $0 })
    }

    static func keys(_ report: BatchReport) -> [String: String] {
        Dictionary(uniqueKeysWithValues: report.services.compactMap { service in service.key.map { (service.name, $0) } })
    }

    @Test func rememberedKeysAreTheKeysAFullPreparationGives() throws {
        let repo = try MonorepoBuildTests.monorepo()
        let cache = MonorepoBuildTests.cacheDirectory()
        let first = try Self.run(repo, cache: cache).0
        let builder = RecordingImageBuilder()
        let second = try Self.run(repo, cache: cache, builder: builder).0
        #expect(Self.keys(second) == Self.keys(first))
        #expect(Self.keys(second).count == 3)
        #expect(builder.recorded.isEmpty, "a dry run with every key remembered prepares nothing")
        #expect(Self.keys(try Self.run(repo, cache: MonorepoBuildTests.cacheDirectory(), planCache: false).0) == Self.keys(first))
    }

    @Test func aChangedInputChangesExactlyTheKeysItShould() throws {
        let repo = try MonorepoBuildTests.monorepo()
        let cache = MonorepoBuildTests.cacheDirectory()
        let before = Self.keys(try Self.run(repo, cache: cache).0)
        // The shared library: api and web (its local dependents; web also through api's key).
        try repo.write("libs/greeting/greeting.js", "module.exports = () => 'hi'\n")
        let library = Self.keys(try Self.run(repo, cache: cache).0)
        #expect(library["site"] == before["site"])
        #expect(library["api"] != before["api"] && library["web"] != before["web"])
        #expect(library == Self.keys(try Self.run(repo, cache: MonorepoBuildTests.cacheDirectory(), planCache: false).0))
        // An untracked file in the site, and a different plan flag: each is an input.
        try repo.write("services/site/extra.html", "<p>more</p>\n")
        let untracked = Self.keys(try Self.run(repo, cache: cache).0)
        #expect(untracked["site"] != library["site"] && untracked["api"] == library["api"])
        var configuration = MonorepoBuildTests.configuration(repo, cache: cache) { $0.usePlanCache = true }
        configuration.planOptions = PlanOptions(environment: PlanEnvironment(variables: ["NIXPACKS_NODE_VERSION": "20"]))
        let flagged = Self.keys(try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).run())
        #expect(flagged["api"] != untracked["api"])
    }

    /// A change to a service's own files reaches the services that depend on it through its key
    /// alone (web declares `dependsOn = ["api"]` and reads none of api's files): the remembered
    /// fingerprint of web must not be the one made before api's key was known.
    @Test func aDependencysNewKeyChangesItsDependentsKey() throws {
        let repo = try MonorepoBuildTests.monorepo()
        let cache = MonorepoBuildTests.cacheDirectory()
        let before = Self.keys(try Self.run(repo, cache: cache).0)
        try repo.write("services/api/server.js", "require('greeting')\nconsole.log('api')\n")
        let after = Self.keys(try Self.run(repo, cache: cache).0)
        #expect(after["api"] != before["api"])
        #expect(after["web"] != before["web"], "web's key must follow api's")
        #expect(after["site"] == before["site"])
        #expect(after == Self.keys(try Self.run(repo, cache: MonorepoBuildTests.cacheDirectory(), planCache: false).0))
    }

    /// A remembered key that no longer matches what preparing gives (a damaged cache file stands
    /// for a missed input) is caught when the service is prepared in full for its build.
    @Test func aWrongRememberedKeyIsCaughtWhenTheServiceIsBuilt() throws {
        let repo = try MonorepoBuildTests.monorepo()
        let cache = MonorepoBuildTests.cacheDirectory()
        let truth = Self.keys(try Self.run(repo, cache: cache).0)
        let file = cache + "/plans/plans-v1.tsv"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let wrong = String(repeating: "0", count: 64)
        text = text.replacingOccurrences(of: truth["site"]!, with: wrong)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (report, notes) = try Self.run(repo, cache: cache, dryRun: false)
        #expect(Self.keys(report)["site"] == truth["site"], "the key of the full preparation is used")
        #expect(notes.contains { $0.contains("site: the preparation cache remembered another key") })
    }
}
