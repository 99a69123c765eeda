import Builder
import Cache
import Foundation
import Monorepo
import Pipeline
import Testing
import TestSupport

/// Cache keys on real repositories with the real nix-instantiate and a local nixpkgs stand-in.
@Suite(.serialized) struct CacheKeyPipelineTests {
    /// The stand-in nixpkgs as a tarball, for fetchTarball "file://...".
    static let standin: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-standin-\(UUID().uuidString)")
        let nixpkgs = directory.appendingPathComponent("nixpkgs")
        try? FileManager.default.createDirectory(at: nixpkgs, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/nixpkgs-standin/default.nix")
        try? FileManager.default.copyItem(at: source, to: nixpkgs.appendingPathComponent("default.nix"))
        _ = try? GitFixture.run(["tar", "-C", directory.path, "-czf", directory.appendingPathComponent("standin.tar.gz").path, "nixpkgs"])
        return directory.appendingPathComponent("standin.tar.gz")
    }()

    static func monorepo() throws -> GitFixture {
        let repo = try GitFixture("origin")
        try repo.write("services/api/nixpacks.toml", "[phases.setup]\nnixPkgs = [\"hello\"]\n[start]\ncmd = \"hello\"\n")
        try repo.write("services/api/app.txt", "v1\n")
        try repo.write("services/api/.dockerignore", "*.log\n")
        try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"},"dependencies":{"lib":"file:../../libs/lib"}}"#)
        try repo.write("libs/lib/package.json", #"{"name":"lib"}"#)
        try repo.write("libs/lib/index.js", "module.exports = 1\n")
        try repo.write("docs/readme.txt", "docs\n")
        try repo.commitAll("base")
        return repo
    }

    func key(_ repo: GitFixture, _ service: String, packageSource: PackageSource = .nix, nix: Bool = true,
             archiveURL: String? = nil) throws -> PreparedService {
        var configuration = BuildConfiguration()
        configuration.repository = repo.path
        configuration.target = .monorepo(since: nil, services: [service])
        configuration.packageSource = packageSource
        configuration.nixpkgsArchiveURL = archiveURL ?? "file://\(Self.standin.path)"
        configuration.useNixInstantiate = nix
        configuration.useGraphCache = false
        return try #require(try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared().first)
    }

    @Test func derivationComesFromNixInstantiate() throws {
        let repo = try Self.monorepo()
        let api = try key(repo, "api")
        #expect(api.inputs.environment.identities.count == 1)
        #expect(api.inputs.environment.identities[0].hasPrefix("/nix/store/") && api.inputs.environment.identities[0].hasSuffix("-env.drv"))
    }

    @Test func aNixPackageChangeChangesTheKeyUnrelatedFilesDoNot() throws {
        let repo = try Self.monorepo()
        let before = try key(repo, "api")
        try repo.write("docs/readme.txt", "more docs\n")
        try repo.write("services/web/s.js", "1\n")
        try repo.commitAll("unrelated")
        #expect(try key(repo, "api").key == before.key)
        try repo.write("services/api/nixpacks.toml", "[phases.setup]\nnixPkgs = [\"cowsay\"]\n[start]\ncmd = \"hello\"\n")
        let changed = try key(repo, "api")
        #expect(changed.key != before.key)
        #expect(changed.inputs.environment.identities != before.inputs.environment.identities, "the derivation differs")
    }

    @Test func sourceChangesCountDockerignoredOnesDoNot() throws {
        let repo = try Self.monorepo()
        let before = try key(repo, "api")
        try repo.write("services/api/debug.log", "ignored by .dockerignore\n")
        #expect(try key(repo, "api").key == before.key)
        try repo.write("services/api/app.txt", "v2\n")
        let uncommitted = try key(repo, "api")
        #expect(uncommitted.key != before.key)
        #expect(uncommitted.inputs.context["app.txt"] != before.inputs.context["app.txt"])
        #expect(uncommitted.inputs.context["debug.log"] == nil)
    }

    @Test func aLibraryChangeChangesItsDependentsKey() throws {
        let repo = try Self.monorepo()
        // The npm overlay cannot be fetched here: the Node plan's environment is keyed by its text.
        let before = try key(repo, "web", nix: false)
        try repo.write("libs/lib/index.js", "module.exports = 2\n")
        try repo.commitAll("lib")
        #expect(try key(repo, "web", nix: false).key != before.key)
    }

    @Test func unpinnedOverlaysAndArchiveLocationsMarkTheKeyUnstable() throws {
        let repo = try Self.monorepo()
        let web = try key(repo, "web", nix: false)
        #expect(web.inputs.isUnstable)
        #expect(web.inputs.environment.unstableBecause.contains { $0.contains("nix-npm-overlay/archive/main.tar.gz") })
        // The stand-in location names no commit: that is unstable too, and said.
        #expect(try key(repo, "api").inputs.environment.unstableBecause.contains { $0.contains("does not name the commit") })
    }

    @Test func sameKeyAcrossCheckoutPathsCloneDepthsAndRuns() throws {
        let origin = try Self.monorepo()
        for index in 0..<5 {
            try origin.write("services/web/history\(index).txt")
            try origin.commitAll("history \(index)")
        }
        let full = try origin.clone("full-clone-at-some/deeper/path", [])
        let shallow = try origin.clone("shallow", ["--depth=1"])
        let partial = try origin.clone("partial", ["--filter=blob:none"])
        // Unique names: the services' paths in the clone and the origin are the same.
        for service in ["api", "web"] {
            let reference = try key(origin, service, nix: false).key
            #expect(try key(origin, service, nix: false).key == reference, "same run, same key")
            #expect(try key(full, service, nix: false).key == reference)
            #expect(try key(shallow, service, nix: false).key == reference)
            #expect(try key(partial, service, nix: false).key == reference)
        }
        #expect(try key(shallow, "api").key == (try key(full, "api").key), "with nix-instantiate too")
    }

    /// An unreachable nixpkgs archive does not stop the build: the text is hashed and the key says so.
    @Test func unreachableArchiveFallsBackToTheTextAndSaysSo() throws {
        let repo = try Self.monorepo()
        let api = try key(repo, "api", archiveURL: "file:///nonexistent/nixpkgs-{archive}.tar.gz")
        #expect(api.inputs.environment.identities[0].hasPrefix("sha256:"))
        #expect(api.inputs.environment.unstableBecause.contains { $0.contains("could not evaluate") })
    }
}
