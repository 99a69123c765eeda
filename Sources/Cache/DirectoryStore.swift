import Foundation
import Host

/// The local cache store: one JSON file per key under `entries/`, and the latest entry of each
/// service under `services/`. Writes go to a temporary file and are renamed into place, so
/// several processes can share a store and a reader never sees half an entry. An entry whose
/// inputs do not hash to its key is reported as corrupt and never trusted.
public struct DirectoryStore: Sendable {
    public let root: URL
    private let verified: VerifiedEntries
    /// `entries/` as a path with a trailing slash (a run looks thousands of entries up).
    private let entriesPrefix: String

    public init(root: URL) {
        self.root = root
        verified = VerifiedEntries(directory: root.appendingPathComponent("entries"))
        entriesPrefix = root.appendingPathComponent("entries").path + "/"
    }

    /// The store at `--cache-dir`, or at the default root when it is not given.
    public init(directory: String?) {
        self.init(root: directory.map { URL(fileURLWithPath: $0) } ?? Self.defaultRoot())
    }

    /// `NIXPACKS_CI_CACHE_DIR`, else `$XDG_CACHE_HOME/nixpacks-ci`, else `~/.cache/nixpacks-ci`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit = environment["NIXPACKS_CI_CACHE_DIR"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("nixpacks-ci") }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/nixpacks-ci")
    }

    private var entries: URL { root.appendingPathComponent("entries") }
    private var services: URL { root.appendingPathComponent("services") }

    public func lookup(_ key: CacheKey) -> CacheLookup {
        read(entries.appendingPathComponent("\(key.hex).json"), expectedKey: key)
    }

    /// The image of `key`'s entry: what `lookup` gives, without reading an entry that was verified
    /// before and has not changed since (`VerifiedEntries`).
    public func lookupImage(_ key: CacheKey) -> ImageLookup {
        let file = entriesPrefix + key.hex + ".json"
        var info = stat()
        guard lstat(file, &info) == 0 else { return .miss }
        guard let identity = VerifiedEntries.identity(of: info) else { return .corrupt(reason: "\(key.hex).json is not a regular file") }
        if let record = verified.record(for: key, identity: identity) { return .hit(image: record.image, service: record.service) }
        switch lookup(key) {
        case let .hit(entry):
            // Remembered only if the file is still the one read.
            if VerifiedEntries.identity(of: file) == identity {
                verified.remember(key, VerifiedEntries.Record(identity: identity, image: entry.image, service: entry.service))
            }
            return .hit(image: entry.image, service: entry.service)
        case .miss: return .miss
        case let .corrupt(reason): return .corrupt(reason: reason)
        }
    }

    public enum ImageLookup: Sendable, Equatable {
        case hit(image: String, service: String)
        case miss
        case corrupt(reason: String)
    }

    /// Writes what `lookupImage` verified in this process, for the next run (best effort).
    public func saveVerified() {
        verified.save()
    }

    /// The most recent entry recorded for a service.
    public func latest(service: String) -> CacheLookup {
        read(services.appendingPathComponent("\(service).json"), expectedKey: nil)
    }

    /// Records an entry (after the image was built, and pushed where it is pushed).
    public func record(_ entry: CacheEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(entry)
        try write(data, to: entries.appendingPathComponent("\(entry.key.hex).json"))
        try write(data, to: services.appendingPathComponent("\(entry.service).json"))
    }

    /// Every entry, and the files that could not be trusted.
    public func list() -> (entries: [CacheEntry], corrupt: [(file: String, reason: String)]) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: entries.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        var good: [CacheEntry] = []
        var bad: [(String, String)] = []
        for file in files {
            let expected = CacheKey(hex: String(file.dropLast(5)))
            switch read(entries.appendingPathComponent(file), expectedKey: expected) {
            case let .hit(entry): good.append(entry)
            case let .corrupt(reason): bad.append((file, reason))
            case .miss: break
            }
        }
        return (good, bad)
    }

    /// Removes entries built before `date`, and corrupt ones; keeps each service's latest entry
    /// unless `keepLatest` is false. Returns the removed file names.
    public func collectGarbage(olderThan date: Date, keepLatest: Bool = true) throws -> [String] {
        let (good, bad) = list()
        var latestKeys: Set<String> = []
        if keepLatest {
            for service in Set(good.map(\.service)) {
                if case let .hit(entry) = latest(service: service) { latestKeys.insert(entry.key.hex) }
            }
        }
        let formatter = ISO8601DateFormatter()
        var removed = bad.map(\.file)
        for entry in good where !latestKeys.contains(entry.key.hex) {
            if let built = formatter.date(from: entry.builtAt), built < date { removed.append("\(entry.key.hex).json") }
        }
        for file in removed { try? FileManager.default.removeItem(at: entries.appendingPathComponent(file)) }
        return removed.sorted()
    }

    private func read(_ file: URL, expectedKey: CacheKey?) -> CacheLookup {
        guard let data = FileManager.default.contents(atPath: file.path) else { return .miss }
        guard let entry = try? JSONDecoder().decode(CacheEntry.self, from: data) else {
            return .corrupt(reason: "\(file.lastPathComponent) is not a valid cache entry")
        }
        if let expectedKey, entry.key != expectedKey {
            return .corrupt(reason: "\(file.lastPathComponent) holds the entry of another key (\(entry.key.short))")
        }
        guard CacheKey(entry.inputs) == entry.key else {
            return .corrupt(reason: "\(file.lastPathComponent): its recorded inputs do not hash to its key")
        }
        return .hit(entry)
    }

    /// Atomic: a temporary file next to it, renamed into place.
    private func write(_ data: Data, to file: URL) throws {
        do {
            try FileOperations.createIgnoredDirectory(file.deletingLastPathComponent().path)
            try FileOperations.write(Array(data), to: file.path)
        } catch {
            throw CacheError.storeUnwritable(path: root.path, detail: error.description)
        }
    }
}
