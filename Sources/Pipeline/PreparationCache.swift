import Cache
import Crypto
import Foundation
import Glibc
import Host

/// Cache keys of services prepared in earlier runs, by a fingerprint of everything preparing a
/// service reads: the tool (its executable), the run's configuration (plan flags, package source,
/// certificates' contents, image names, ...), the node and its dependencies' keys, and the git
/// ids of every file below the directories its context is taken from (the app or workspace root,
/// and each local dependency). A service whose fingerprint is known gets its key without planning,
/// rendering or assembling its context; it is prepared in full only when it must be built, and then
/// the key it gets is checked against the remembered one.
///
/// The base images' ids are not in the fingerprint (they are the engine's, not the repository's):
/// each record names the images and ids its key holds, and a record is used only while the
/// engine still reports those ids.
final class PreparationCache {
    struct Record: Sendable, Hashable {
        var key: CacheKey
        var unstableBecause: [String]
        /// `image@id` (or `image` when the id was unknown), as in the key's environment.
        var baseImages: [String]
    }

    static let formatLine = "nixpacks-ci-plans\t1"
    /// The most records kept: those used or made in the latest run first, then older ones up to
    /// four per service of that run (other branches' states), and at least 10,000.
    static func capacity(touched: Int) -> Int { max(10_000, 4 * touched) }

    private let file: String?
    /// The file as read: records are decoded only when asked for (most runs use a few thousand
    /// of up to `capacity` records).
    private var bytes: [UInt8] = []
    /// Fingerprint → where the rest of its line lies in `bytes`.
    private var records: [FingerprintBits: Range<Int>] = [:]
    private var touched: [String: Record] = [:]
    /// Whether a record was added or replaced in this run (else the file already holds them all).
    private var changed = false

    /// A fingerprint's 64 hex digits as 32 bytes: cheap to hash, and no String per record.
    struct FingerprintBits: Hashable {
        var words: (UInt64, UInt64, UInt64, UInt64)
        static func == (a: Self, b: Self) -> Bool { a.words == b.words }
        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
        }

        /// Parses 64 lowercase hex digits at `start`; nil for anything else.
        init?(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) {
            guard count == 64 else { return nil }
            func word(_ at: Int) -> UInt64? {
                var value: UInt64 = 0
                for offset in at..<(at + 16) {
                    let byte = bytes[offset]
                    switch byte {
                    case 48...57: value = value << 4 | UInt64(byte - 48)
                    case 97...102: value = value << 4 | UInt64(byte - 87)
                    default: return nil
                    }
                }
                return value
            }
            guard let a = word(start), let b = word(start + 16), let c = word(start + 32), let d = word(start + 48) else { return nil }
            words = (a, b, c, d)
        }

        init?(_ fingerprint: String) {
            guard let parsed = Array(fingerprint.utf8).withUnsafeBufferPointer({ Self($0, at: 0, count: $0.count) }) else { return nil }
            self = parsed
        }
    }

    /// `directory`: the cache directory (`<cache>/plans/`); nil keeps nothing between runs.
    convenience init(directory: String?) {
        self.init(directory: directory, contents: directory.flatMap(Self.read))
    }

    /// With the file's records already read (`startReading`).
    init(directory: String?, contents: Contents?) {
        file = directory.map(Self.file)
        if let contents {
            bytes = contents.bytes
            records = contents.records
        }
    }

    /// The file as read, and where each record lies in it.
    struct Contents: Sendable {
        var bytes: [UInt8]
        var records: [FingerprintBits: Range<Int>]
    }

    /// Reads and indexes the records on another thread from now on (a warm run's file of 2,000
    /// records takes ~5 ms), for a run that has the working tree to scan first.
    static func startReading(directory: String) -> BackgroundValue<Contents?> {
        BackgroundValue { read(directory) }
    }

    private static func file(_ directory: String) -> String { directory + "/plans-v1.tsv" }

    private static func read(_ directory: String) -> Contents? {
        guard let bytes = try? FileOperations.read(file(directory), limit: 256 << 20) else { return nil }
        return Contents(bytes: bytes, records: index(bytes))
    }

    /// Whether no earlier run left a record (a cold run: every service will be prepared).
    var isEmpty: Bool { records.isEmpty && touched.isEmpty }

    func record(_ fingerprint: String) -> Record? {
        if let record = touched[fingerprint] { return record }
        guard let bits = FingerprintBits(fingerprint), let range = records[bits], let record = Self.decode(bytes[range]) else { return nil }
        touched[fingerprint] = record
        return record
    }

    func store(_ record: Record, for fingerprint: String) {
        if self.record(fingerprint) != record { changed = true }
        touched[fingerprint] = record
    }

    /// Writes the records of this run first, then older ones up to `capacity`. Best effort: a
    /// cache that cannot be written only makes the next run slower.
    func save() {
        // Nothing new: the file already holds every record used.
        guard let file, changed else { return }
        var out = Array((Self.formatLine + "\n").utf8)
        var kept = Set<FingerprintBits>()
        for (fingerprint, record) in touched.sorted(by: { $0.key < $1.key }) {
            out += Self.line(fingerprint, record).utf8
            out.append(10)
            if let bits = FingerprintBits(fingerprint) { kept.insert(bits) }
        }
        var count = touched.count
        for (bits, range) in records where !kept.contains(bits) && count <= Self.capacity(touched: touched.count) {
            // The line as read: its fingerprint (64 digits and a tab) comes before the rest.
            out += bytes[(range.lowerBound - 65)..<range.upperBound]
            out.append(10)
            count += 1
        }
        try? FileOperations.createIgnoredDirectory(String(file[..<file.lastIndex(of: "/")!]))
        try? FileOperations.write(out, to: file)
    }

    private static func line(_ fingerprint: String, _ record: Record) -> String {
        [fingerprint, record.key.hex, record.unstableBecause.joined(separator: "\u{1F}"), record.baseImages.joined(separator: "\u{1F}")]
            .map { field in field.utf8.contains { $0 == 9 || $0 == 10 } ? String(field.map { $0 == "\t" || $0 == "\n" ? " " : $0 }) : field }
            .joined(separator: "\t")
    }

    /// Each record's fingerprint and the range of the rest of its line; empty unless the file
    /// starts with `formatLine`.
    private static func index(_ bytes: [UInt8]) -> [FingerprintBits: Range<Int>] {
        bytes.withUnsafeBufferPointer { buffer in
            let header = Array((formatLine + "\n").utf8)
            guard buffer.count >= header.count, memcmp(buffer.baseAddress!, header, header.count) == 0 else { return [:] }
            var records: [FingerprintBits: Range<Int>] = [:]
            records.reserveCapacity(buffer.count / 160)
            var start = header.count
            while start < buffer.count {
                var end = start
                while end < buffer.count, buffer[end] != 10 { end += 1 }
                if end - start > 65, buffer[start + 64] == 9, let bits = FingerprintBits(buffer, at: start, count: 64) {
                    records[bits] = (start + 65)..<end
                }
                start = end + 1
            }
            return records
        }
    }

    /// A line's fields after the fingerprint: key, unstable reasons, base images.
    private static func decode(_ rest: ArraySlice<UInt8>) -> Record? {
        let fields = rest.split(separator: 9, omittingEmptySubsequences: false)
        guard fields.count == 3, let key = CacheKey(hex: String(decoding: fields[0], as: UTF8.self)) else { return nil }
        func list(_ field: ArraySlice<UInt8>) -> [String] {
            field.isEmpty ? [] : field.split(separator: 0x1F).map { String(decoding: $0, as: UTF8.self) }
        }
        return Record(key: key, unstableBecause: list(fields[1]), baseImages: list(fields[2]))
    }

    /// The running executable (`ExecutableIdentity`): a rebuilt or upgraded nixpacks-ci plans
    /// anew (its planner may differ).
    static var executableStamp: String { ExecutableIdentity.current }
}

/// Builds fingerprints: canonical lines, hashed.
struct Fingerprint {
    private var hasher = SHA256()

    /// Hashes `field TAB length TAB value LF` (the length in UTF-8 bytes, in decimal).
    mutating func add(_ field: String, _ value: String) {
        var line = header(field, count: value.utf8.count)
        line += value.utf8
        line.append(10)
        line.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// Hashes `field TAB length TAB` and the bytes.
    mutating func add(_ field: String, bytes: [UInt8]) {
        var line = header(field, count: bytes.count)
        line += bytes
        line.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    private func header(_ field: String, count: Int) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(field.utf8.count + count + 24)
        line += field.utf8
        line.append(9)
        line += String(count).utf8
        line.append(9)
        return line
    }

    var hex: String { hasher.finalize().hexString }

    /// The parts of a run's configuration that a service's key depends on.
    static func configuration(_ configuration: BuildConfiguration) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add("format", "nixpacks-ci-prepare/2")
        fingerprint.add("tool", PreparationCache.executableStamp)
        fingerprint.add("key format", CacheKeyInputs.currentFormat)
        let options = configuration.planOptions
        for (key, value) in options.environment.variables.sorted(by: { $0.key < $1.key }) { fingerprint.add("env \(key)", value) }
        fingerprint.add("pkgs", options.pkgs.joined(separator: "\u{1F}"))
        fingerprint.add("apt", options.apt.joined(separator: "\u{1F}"))
        fingerprint.add("libs", options.libs.joined(separator: "\u{1F}"))
        fingerprint.add("install", options.installCmd ?? "\u{0}")
        fingerprint.add("build", options.buildCmd ?? "\u{0}")
        fingerprint.add("start", options.startCmd ?? "\u{0}")
        fingerprint.add("config", options.configFile ?? "\u{0}")
        fingerprint.add("json plan", options.jsonPlan ?? "\u{0}")
        fingerprint.add("package source", configuration.packageSource.rawValue)
        fingerprint.add("debian release", configuration.debianRelease?.rawValue ?? "auto")
        fingerprint.add("nixpkgs", configuration.nixpkgsArchiveURL)
        fingerprint.add("nix-instantiate", configuration.useNixInstantiate ? EnvironmentIdentifier.findNixInstantiate() ?? "none" : "off")
        fingerprint.add("secrets", configuration.secrets.joined(separator: "\u{1F}"))
        for certificate in configuration.caCertificates {
            let bytes = (try? FileOperations.read(certificate.path, limit: 1 << 20)) ?? []
            fingerprint.add("certificate", certificate.path + " " + SHA256.hash(data: bytes).hexString)
        }
        fingerprint.add("no cache", "\(configuration.noCache)")
        fingerprint.add("test", configuration.testCommand ?? "\u{0}")
        fingerprint.add("platforms", configuration.platforms.joined(separator: "\u{1F}"))
        // Image names, tags, the registry and --cache-from are no key input: left out, so a
        // commit tag (--tag-with sha) does not make every run plan anew.
        return fingerprint.hex
    }
}
