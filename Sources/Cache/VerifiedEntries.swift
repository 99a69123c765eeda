import Foundation
import Glibc
import Host
import Synchronization

/// Entries of a `DirectoryStore` already verified (their inputs hash to their key), by the
/// file's identity: size, modification time and inode. A lookup whose entry file is unchanged
/// since it was verified gets its image without reading and re-hashing the entry (a no-op run
/// over thousands of services would otherwise decode every entry's inputs). An entry file that
/// was rewritten, truncated or replaced has another identity and is verified again.
///
/// Kept in `<store>/entries/verified-v1.tsv`; a memo that cannot be read or written only makes
/// lookups slower.
final class VerifiedEntries: Sendable {
    struct Record: Sendable, Hashable {
        var identity: String
        var image: String
        var service: String
    }

    static let formatLine = "nixpacks-ci-verified\t1"
    private let file: String
    private let state = Mutex<(records: [String: Record]?, changed: Bool)>((nil, false))

    init(directory: URL) {
        file = directory.appendingPathComponent("verified-v1.tsv").path
    }

    /// `size mtime inode` of a file, or nil when it is not a regular file.
    static func identity(of path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return identity(of: info)
    }

    /// The identity of a file from its `lstat`; nil for anything but a regular file.
    static func identity(of info: stat) -> String? {
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
    }

    func record(for key: CacheKey, identity: String) -> Record? {
        state.withLock { state in
            if state.records == nil { state.records = load() }
            guard let record = state.records?[key.hex], record.identity == identity else { return nil }
            return record
        }
    }

    func remember(_ key: CacheKey, _ record: Record) {
        state.withLock { state in
            if state.records == nil { state.records = load() }
            guard state.records?[key.hex] != record else { return }
            state.records?[key.hex] = record
            state.changed = true
        }
    }

    func save() {
        let (records, changed) = state.withLock { ($0.records ?? [:], $0.changed) }
        guard changed else { return }
        var text = Self.formatLine + "\n"
        for (key, record) in records.sorted(by: { $0.key < $1.key }) {
            let fields = [key, record.identity, record.image, record.service]
            guard !fields.contains(where: { $0.contains("\t") || $0.contains("\n") }) else { continue }
            text += fields.joined(separator: "\t") + "\n"
        }
        try? FileOperations.write(Array(text.utf8), to: file)
        state.withLock { $0.changed = false }
    }

    private func load() -> [String: Record] {
        guard let text = try? FileOperations.readText(file, limit: 64 << 20) else { return [:] }
        var lines = text.split(separator: "\n")
        guard lines.first == Substring(Self.formatLine) else { return [:] }
        lines.removeFirst()
        var records: [String: Record] = [:]
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4 else { continue }
            records[String(fields[0])] = Record(identity: String(fields[1]), image: String(fields[2]), service: String(fields[3]))
        }
        return records
    }
}
