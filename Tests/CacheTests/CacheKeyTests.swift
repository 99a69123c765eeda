import Foundation
import Testing
@testable import Cache

func sampleInputs(service: String = "api", arguments: [String: String] = ["A": "1", "B": "2"],
                  context: [String: String] = ["index.js": "regular abc"], dependencies: [String: String] = [:],
                  unstable: [String] = []) -> CacheKeyInputs {
    CacheKeyInputs(service: service,
                   environment: .init(packageSource: "nix", identities: ["/nix/store/x-env.drv"], baseImages: ["img@sha256:1"], unstableBecause: unstable),
                   plan: "{}", dockerfile: "FROM x\n", context: context, buildArguments: arguments, secretNames: ["TOKEN"],
                   dependencies: dependencies)
}

@Suite struct CacheKeyTests {
    @Test func sameInputsSameKeyWhateverTheInsertionOrder() {
        var reversed: [String: String] = [:]
        reversed["B"] = "2"
        reversed["A"] = "1"
        #expect(CacheKey(sampleInputs()) == CacheKey(sampleInputs(arguments: reversed)))
        #expect(CacheKey(sampleInputs()).hex.count == 64)
    }

    @Test func everyInputMatters() {
        let base = CacheKey(sampleInputs())
        #expect(CacheKey(sampleInputs(service: "web")) != base)
        #expect(CacheKey(sampleInputs(arguments: ["A": "1", "B": "3"])) != base)
        #expect(CacheKey(sampleInputs(context: ["index.js": "regular abd"])) != base)
        #expect(CacheKey(sampleInputs(context: ["index.js": "executable abc"])) != base, "the mode is part of what Docker receives")
        #expect(CacheKey(sampleInputs(context: ["main.js": "regular abc"])) != base, "so is the path")
        var options = sampleInputs()
        options.options = ["platforms": "linux/arm64"]
        #expect(CacheKey(options) != base)
        var plan = sampleInputs()
        plan.plan = "{\"start\":{}}"
        #expect(CacheKey(plan) != base)
        #expect(CacheKey(sampleInputs(dependencies: ["lib": String(repeating: "a", count: 64)])) != base)
        var environment = sampleInputs()
        environment.environment.identities = ["/nix/store/y-env.drv"]
        #expect(CacheKey(environment) != base)
        var format = sampleInputs()
        format.format = CacheKeyInputs.currentFormat + "-next"
        #expect(CacheKey(format) != base)
    }

    /// The key is the prefix (inputs less dependencies) and the dependency lines: splitting them
    /// loses nothing, and no dependency can pass for another.
    @Test func aKeyFromItsPrefixIsTheKeyOfTheWholeInputs() {
        var inputs = sampleInputs()
        inputs.dependencies = ["lib": String(repeating: "a", count: 64), "db": String(repeating: "b", count: 64)]
        #expect(CacheKey(prefix: CacheKeyPrefix(inputs), dependencies: inputs.dependencies) == CacheKey(inputs))
        var none = inputs
        none.dependencies = [:]
        #expect(CacheKeyPrefix(none) == CacheKeyPrefix(inputs), "the prefix ignores dependencies")
        #expect(CacheKey(none) != CacheKey(inputs))
        var renamed = inputs
        renamed.dependencies = ["li": String(repeating: "a", count: 64), "db": String(repeating: "b", count: 64)]
        #expect(CacheKey(renamed) != CacheKey(inputs))
        var swapped = inputs
        swapped.dependencies = ["lib": String(repeating: "b", count: 64), "db": String(repeating: "a", count: 64)]
        #expect(CacheKey(swapped) != CacheKey(inputs))
    }

    @Test func canonicalBytesAreSortedAndCompact() {
        let text = String(decoding: CacheKey.canonicalBytes(sampleInputs()), as: UTF8.self)
        #expect(text.hasPrefix("{\"buildArguments\":{\"A\":\"1\",\"B\":\"2\"},\"context\":{\"index.js\":\"regular abc\"},\"dependencies\":{}"))
        #expect(!text.contains("\n"))
    }

    /// The hand-written canonical JSON is JSONEncoder's, byte for byte: keys recorded by earlier
    /// versions (in registries, in local stores) stay the same.
    @Test func canonicalBytesAreJSONEncodersBytes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let controls = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        let awkward = ["", "a/b", "quote \" and \\ backslash", controls, "\u{7F}\u{80}\u{2028}\u{2029}", "é e\u{301} 日本 🚀 \u{FEFF}",
                       "</script>", "tab\tnew\nline\r"]
        var keys: [String: String] = [:]
        for (index, key) in (awkward + ["B", "a", "a1", "a10", "a2", "Z_", "_z", "é", "e", "~", "ß", "A b", "a-b", "a.b", "a_b"]).enumerated() {
            keys[key] = awkward[index % awkward.count]
        }
        var samples = [sampleInputs(), sampleInputs(arguments: keys, context: keys, dependencies: keys, unstable: awkward)]
        var inputs = sampleInputs(service: controls)
        inputs.plan = awkward.joined(separator: "\n")
        inputs.dockerfile = controls + "FROM x\n"
        inputs.options = keys
        inputs.environment = .init(packageSource: "debian", identities: awkward, baseImages: [], unstableBecause: [])
        inputs.secretNames = awkward
        samples.append(inputs)
        for sample in samples {
            let reference = try encoder.encode(sample)
            #expect(CacheKey.canonicalBytes(sample) == reference,
                    "\(String(decoding: CacheKey.canonicalBytes(sample), as: UTF8.self))\n≠\n\(String(decoding: reference, as: UTF8.self))")
        }
    }

    @Test func differencesSayWhatChanged() {
        var new = sampleInputs(context: ["index.js": "regular def"])
        new.dockerfile = "FROM y\n"
        let differences = new.differences(from: sampleInputs())
        #expect(differences.contains("context file index.js: regular abc → regular def"))
        #expect(differences.contains { $0.hasPrefix("Dockerfile changed") && $0.contains("+ FROM y") })
    }
}

@Suite struct DirectoryStoreTests {
    func store() -> DirectoryStore {
        DirectoryStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-store-\(UUID().uuidString)"))
    }

    func entry(_ inputs: CacheKeyInputs, builtAt: String = "2026-11-26T10:00:00Z") -> CacheEntry {
        CacheEntry(key: CacheKey(inputs), service: inputs.service, image: "img", digest: "sha256:1", builtAt: builtAt,
                   seconds: 1.5, sizeBytes: 10, inputs: inputs)
    }

    @Test func recordThenHitAndLatest() throws {
        let store = store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let recorded = entry(sampleInputs())
        #expect(store.lookup(recorded.key) == .miss)
        try store.record(recorded)
        #expect(store.lookup(recorded.key) == .hit(recorded))
        #expect(store.latest(service: "api") == .hit(recorded))
    }

    @Test func corruptEntriesAreReportedAndNeverTrusted() throws {
        let store = store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let recorded = entry(sampleInputs())
        try store.record(recorded)
        let file = store.root.appendingPathComponent("entries/\(recorded.key.hex).json")
        // Tampered inputs: the entry no longer hashes to its key.
        let tampered = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"regular abc\"", with: "\"regular evil\"")
        try tampered.write(to: file, atomically: true, encoding: .utf8)
        guard case .corrupt = store.lookup(recorded.key) else {
            Issue.record("a tampered entry was trusted")
            return
        }
        try "{ not json".write(to: file, atomically: true, encoding: .utf8)
        guard case .corrupt = store.lookup(recorded.key) else {
            Issue.record("a broken entry was trusted")
            return
        }
        #expect(store.list().corrupt.count == 1)
    }

    /// A verified entry's image is remembered by the file's identity (next run too); rewriting the
    /// file, even after it was verified, makes it checked again.
    @Test func verifiedEntriesAreCheckedAgainWhenTheirFileChanges() throws {
        let store = store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let recorded = entry(sampleInputs())
        try store.record(recorded)
        #expect(store.lookupImage(recorded.key) == .hit(image: recorded.image, service: recorded.service))
        store.saveVerified()
        let memo = try String(contentsOf: store.root.appendingPathComponent("entries/verified-v1.tsv"), encoding: .utf8)
        #expect(memo.contains(recorded.key.hex))
        // A later run (a new store value) trusts the memo while the file is the same one.
        let later = DirectoryStore(root: store.root)
        #expect(later.lookupImage(recorded.key) == .hit(image: recorded.image, service: recorded.service))
        let file = store.root.appendingPathComponent("entries/\(recorded.key.hex).json")
        let tampered = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"regular abc\"", with: "\"regular evil\"")
        try tampered.write(to: file, atomically: true, encoding: .utf8)
        guard case .corrupt = DirectoryStore(root: store.root).lookupImage(recorded.key) else {
            Issue.record("a tampered entry was trusted through the memo")
            return
        }
        #expect(DirectoryStore(root: store.root).lookupImage(CacheKey(sampleInputs(service: "other"))) == .miss)
    }

    @Test func concurrentWritersLeaveValidEntries() throws {
        let store = store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let entries = (0..<40).map { entry(sampleInputs(service: "svc\($0 % 4)", context: ["x": "regular \($0)"])) }
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            try? store.record(entries[index])
        }
        let (good, corrupt) = store.list()
        #expect(good.count == 40)
        #expect(corrupt.isEmpty)
        for service in 0..<4 {
            guard case .hit = store.latest(service: "svc\(service)") else {
                Issue.record("no latest entry for svc\(service)")
                continue
            }
        }
    }

    @Test func garbageCollectionKeepsEachServicesLatest() throws {
        let store = store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let old = entry(sampleInputs(context: ["x": "regular old"]), builtAt: "2020-01-01T00:00:00Z")
        let newest = entry(sampleInputs(context: ["x": "regular new"]), builtAt: "2020-01-02T00:00:00Z")
        try store.record(old)
        try store.record(newest)
        let removed = try store.collectGarbage(olderThan: Date())
        #expect(removed == ["\(old.key.hex).json"])
        #expect(store.lookup(newest.key) == .hit(newest))
    }

    @Test func unwritableStoreIsAClearError() {
        let store = DirectoryStore(root: URL(fileURLWithPath: "/proc/nixpacks-ci-cannot-write"))
        #expect(throws: CacheError.self) { try store.record(entry(sampleInputs())) }
    }
}

@Suite struct RegistryNameTests {
    @Test(arguments: [
        ("ghcr.io/acme", "ghcr.io", "acme"), ("127.0.0.1:5000", "127.0.0.1:5000", nil), ("registry.example/a/b/", "registry.example", "a/b"),
    ] as [(String, String, String?)])
    func registryParsesIntoHostAndNamespace(_ text: String, _ host: String, _ namespace: String?) {
        let parsed = RegistryStore.parse(text)
        #expect(parsed.host == host)
        #expect(parsed.namespace == namespace)
    }

    @Test func referencesLiveBelowTheNamespace() throws {
        let key = try #require(CacheKey(hex: String(repeating: "ab", count: 32)))
        let store = RegistryStore(client: RegistryClient(host: "ghcr.io", credentials: nil), readOnly: true, namespace: "acme")
        #expect(store.reference(repository: "web", key: key) == "ghcr.io/acme/web:\(RegistryStore.tag(for: key))")
        let bare = RegistryStore(client: RegistryClient(host: "ghcr.io", credentials: nil), readOnly: true)
        #expect(bare.reference(repository: "web", key: key) == "ghcr.io/web:\(RegistryStore.tag(for: key))")
    }
}
