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
    /// Fingerprint → the rest of its line, decoded only when asked for (most runs use a few
    /// thousand of up to `capacity` records).
    private var records: [Substring: Substring]
    private var touched: [String: Record] = [:]
    /// Whether a record was added or replaced in this run (else the file already holds them all).
    private var changed = false

    /// `directory`: the cache directory (`<cache>/plans/`); nil keeps nothing between runs.
    init(directory: String?) {
        file = directory.map { $0 + "/plans-v1.tsv" }
        records = file.flatMap(Self.load) ?? [:]
    }

    /// Whether no earlier run left a record (a cold run: every service will be prepared).
    var isEmpty: Bool { records.isEmpty && touched.isEmpty }

    func record(_ fingerprint: String) -> Record? {
        if let record = touched[fingerprint] { return record }
        guard let line = records[Substring(fingerprint)], let record = Self.decode(line) else { return nil }
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
        var lines = [Self.formatLine]
        for (fingerprint, record) in touched.sorted(by: { $0.key < $1.key }) { lines.append(Self.line(fingerprint, record)) }
        for (fingerprint, rest) in records where touched[String(fingerprint)] == nil && lines.count <= Self.capacity(touched: touched.count) {
            lines.append(String(fingerprint) + "\t" + rest)
        }
        try? FileOperations.createIgnoredDirectory(String(file[..<file.lastIndex(of: "/")!]))
        try? FileOperations.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: file)
    }

    private static func line(_ fingerprint: String, _ record: Record) -> String {
        [fingerprint, record.key.hex, record.unstableBecause.joined(separator: "\u{1F}"), record.baseImages.joined(separator: "\u{1F}")]
            .map { field in field.utf8.contains { $0 == 9 || $0 == 10 } ? String(field.map { $0 == "\t" || $0 == "\n" ? " " : $0 }) : field }
            .joined(separator: "\t")
    }

    private static func load(_ file: String) -> [Substring: Substring]? {
        guard let text = try? FileOperations.readText(file, limit: 256 << 20) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(formatLine) else { return nil }
        lines.removeFirst()
        var records: [Substring: Substring] = [:]
        records.reserveCapacity(lines.count)
        for line in lines {
            guard let tab = line.utf8.firstIndex(of: 9) else { continue }
            records[line[..<tab]] = line[line.utf8.index(after: tab)...]
        }
        return records
    }

    /// A line's fields after the fingerprint: key, unstable reasons, base images.
    private static func decode(_ rest: Substring) -> Record? {
        let fields = rest.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, let key = CacheKey(hex: String(fields[0])) else { return nil }
        return Record(key: key, unstableBecause: fields[1].isEmpty ? [] : fields[1].split(separator: "\u{1F}").map(String.init),
                      baseImages: fields[2].isEmpty ? [] : fields[2].split(separator: "\u{1F}").map(String.init))
    }

    /// The running executable (`ExecutableIdentity`): a rebuilt or upgraded nixpacks-ci plans
    /// anew (its planner may differ).
    static var executableStamp: String { ExecutableIdentity.current }
}

/// Builds fingerprints: canonical lines, hashed.
struct Fingerprint {
    private var hasher = SHA256()

    mutating func add(_ field: String, _ value: String) {
        hasher.update(data: Data("\(field)\t\(value.utf8.count)\t\(value)\n".utf8))
    }

    mutating func add(_ field: String, bytes: [UInt8]) {
        hasher.update(data: Data("\(field)\t\(bytes.count)\t".utf8))
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    var hex: String { hasher.finalize().hexString }

    /// The parts of a run's configuration that a service's key depends on.
    static func configuration(_ configuration: BuildConfiguration) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add("format", "nixpacks-ci-prepare/1")
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
