import Foundation
import Host
internal import CLibgit2

/// The files a build can see, with the id of the content each has right now: what git tracks (the
/// index), corrected by the working tree's changes (modified files hashed, deleted ones gone,
/// untracked files that are not ignored added). Ignored files are not part of it.
///
/// Clean files take their blob id from the index, so a clean checkout reads no file; only files the
/// working-tree scan reports as changed are hashed (their raw bytes, as Docker receives them). A
/// submodule is walked on disk and every file in it hashed, since its work tree is what a build
/// context copies. Paths are relative to the repository's work tree, so a snapshot of the same
/// content is the same in every checkout.
public struct SourceSnapshot: Sendable {
    /// One file of the snapshot.
    public struct File: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, Codable {
            case regular, executable, symlink
        }

        /// Relative to the work tree.
        public var path: String
        public var kind: Kind
        /// The git blob id of the content (a symlink's target), 40 hex digits.
        public var id: String
        /// Whether `id` is the hash of the bytes on disk: true unless a filter (`core.autocrlf`,
        /// attributes such as Git LFS) may make the index's blob differ from the file's bytes.
        public var idIsOfBytesOnDisk: Bool
    }

    /// The work tree's absolute path, without a trailing slash.
    public let workTree: String
    /// Tracked files, sorted by path bytes as the index is; conflicted paths once. Their paths lie
    /// in `pathBytes` (the index's own buffer, shared, so a snapshot copies no path).
    private let tracked: [TrackedEntry]
    private let pathBytes: [UInt8]
    /// Working-tree changes: the new file, or nil for a deleted one.
    private let changed: [String: File?]
    /// Untracked files (and changed paths the index lacks), sorted.
    private let untracked: [String]
    /// Whether the index's blob ids are the hashes of the files' bytes (no filter can apply).
    private let indexIDsAreOfBytesOnDisk: Bool

    private struct TrackedEntry: Sendable {
        var pathStart: Int32
        var pathLength: Int32
        var mode: UInt32
        var id: GitIndex.RawID
        var skipWorktree: Bool
    }

    /// A snapshot of `repository`'s work tree; `changes` are its working-tree changes against
    /// HEAD, as `WorkingTreeScanner` reports them (with untracked files).
    public init(repository: Repository, workingTreeChanges changes: [ChangedPath]) throws {
        guard let workTree = repository.workTree else {
            throw MonorepoError.notARepository(path: repository.gitDirectory.path, detail: "a bare repository has no work tree")
        }
        self.workTree = workTree.path.hasSuffix("/") ? String(workTree.path.dropLast()) : workTree.path
        var entries: [TrackedEntry] = []
        let directIndex = repository.directIndex()
        indexIDsAreOfBytesOnDisk = directIndex.map { !WorkingTreeStatus.filtersMayApply(repository, repository.configSnapshot(), $0) } ?? false
            && !changes.contains { $0.path == ".gitattributes" || $0.path.hasSuffix("/.gitattributes") }
        if let index = directIndex {
            entries.reserveCapacity(index.entries.count)
            index.pathBytes.withUnsafeBufferPointer { bytes in
                for (position, entry) in index.entries.enumerated() {
                    if entry.stage != 0, position > 0, GitIndex.samePath(index.entries[position - 1], entry, in: bytes) { continue }
                    entries.append(TrackedEntry(pathStart: entry.pathStart, pathLength: entry.pathLength, mode: entry.mode, id: entry.id,
                                                skipWorktree: entry.skipWorktree))
                }
            }
            pathBytes = index.pathBytes
        } else {
            var bytes: [UInt8] = []
            var last: String?
            for entry in try repository.libgit2IndexEntries() where entry.path != last {
                last = entry.path
                entries.append(TrackedEntry(pathStart: Int32(bytes.count), pathLength: Int32(entry.path.utf8.count), mode: entry.mode,
                                            id: entry.id, skipWorktree: false))
                bytes += entry.path.utf8
            }
            pathBytes = bytes
        }
        tracked = entries
        var changed: [String: File?] = [:]
        var untracked: [String] = []
        for change in changes where change.origin == .workingTree {
            if change.kind == .deleted {
                changed[change.path] = .some(nil)
            } else {
                changed[change.path] = .some(Self.hashFile(self.workTree + "/" + change.path, path: change.path))
            }
            untracked.append(change.path)
        }
        self.changed = changed
        let bytes = pathBytes
        self.untracked = untracked.filter { !Self.isTracked($0, entries, in: bytes) }.sorted()
    }

    /// A directory that is not in a git repository: every file below it, hashed (`.git` left
    /// out, links not followed). Nothing is ignored but what a `.dockerignore` says later.
    public init(walking directory: String) {
        workTree = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        tracked = []
        pathBytes = []
        indexIDsAreOfBytesOnDisk = true
        let files = Self.walk(workTree, "")
        changed = Dictionary(files.map { ($0.path, .some($0)) }, uniquingKeysWith: { first, _ in first })
        untracked = files.map(\.path).sorted()
    }

    /// Every file below `directory` ("" for all), sorted by path.
    public func files(under directory: String) -> [File] {
        let prefix = directory.isEmpty ? [] : Array((directory + "/").utf8)
        var result: [File] = []
        var position = lowerBound(prefix)
        while position < tracked.count, hasPrefix(position, prefix) {
            let path = self.path(position)
            let entry = tracked[position]
            position += 1
            if entry.mode & 0o170000 == 0o160000 {
                result += Self.walk(workTree, path)
                continue
            }
            if let change = changed[path] {
                if let file = change { result.append(file) }
                continue
            }
            if entry.skipWorktree { continue }
            switch entry.mode & 0o170000 {
            case 0o120000:
                result.append(File(path: path, kind: .symlink, id: entry.id.hex, idIsOfBytesOnDisk: true))
            default:
                result.append(File(path: path, kind: entry.mode & 0o111 != 0 ? .executable : .regular, id: entry.id.hex,
                                   idIsOfBytesOnDisk: indexIDsAreOfBytesOnDisk))
            }
        }
        for path in untracked where RelativePath.isInside(path, directory) {
            if let change = changed[path], let file = change { result.append(file) }
        }
        return result.sorted { UTF8Order.precedes($0.path, $1.path) }
    }

    /// Bytes that differ whenever a file below `directory` is added, removed, renamed, or changes
    /// kind or content: its path, mode and id, for each file in path order. A clean directory is
    /// read straight from the index entries (no path is decoded); one with working-tree changes
    /// or a submodule from `files(under:)`.
    public func identityBytes(under directory: String) -> [UInt8] {
        let prefix = directory.isEmpty ? [] : Array((directory + "/").utf8)
        let dirty = changed.keys.contains { RelativePath.isInside($0, directory) } || untracked.contains { RelativePath.isInside($0, directory) }
        var out: [UInt8] = []
        var position = lowerBound(prefix)
        if !dirty {
            while position < tracked.count, hasPrefix(position, prefix) {
                let entry = tracked[position]
                if entry.mode & 0o170000 == 0o160000 { break } // a submodule: walked below
                out += pathBytes[Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)]
                out.append(0)
                withUnsafeBytes(of: entry.mode.bigEndian) { out += $0 }
                withUnsafeBytes(of: entry.id.high.bigEndian) { out += $0 }
                withUnsafeBytes(of: entry.id.middle.bigEndian) { out += $0 }
                withUnsafeBytes(of: entry.id.low.bigEndian) { out += $0 }
                out.append(entry.skipWorktree ? 1 : 0)
                position += 1
            }
            if !(position < tracked.count && hasPrefix(position, prefix)) { return out }
        }
        out = [1]
        for file in files(under: directory) {
            out += Array(file.path.utf8) + [0] + Array(file.kind.rawValue.utf8) + [0] + Array(file.id.utf8) + [0]
        }
        return out
    }

    /// Whether git tracks any file below `directory`.
    public func hasTrackedFiles(under directory: String) -> Bool {
        let prefix = Array((directory + "/").utf8)
        let position = lowerBound(prefix)
        return position < tracked.count && hasPrefix(position, prefix)
    }

    private func path(_ position: Int) -> String {
        let entry = tracked[position]
        return pathBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)]), as: UTF8.self)
        }
    }

    /// Whether tracked path `position` starts with `prefix`.
    private func hasPrefix(_ position: Int, _ prefix: [UInt8]) -> Bool {
        let entry = tracked[position]
        guard Int(entry.pathLength) >= prefix.count else { return false }
        return prefix.isEmpty || pathBytes.withUnsafeBufferPointer { bytes in
            prefix.withUnsafeBufferPointer { memcmp(bytes.baseAddress! + Int(entry.pathStart), $0.baseAddress!, prefix.count) == 0 }
        }
    }

    /// memcmp order of tracked path `position` against `other`: negative, zero or positive.
    private static func compare(_ entry: TrackedEntry, in pathBytes: [UInt8], _ other: UnsafeBufferPointer<UInt8>) -> Int {
        let length = Int(entry.pathLength)
        let common = min(length, other.count)
        let order = common == 0 ? 0 : pathBytes.withUnsafeBufferPointer {
            Int(memcmp($0.baseAddress! + Int(entry.pathStart), other.baseAddress!, common))
        }
        return order != 0 ? order : length - other.count
    }

    /// The first of `tracked` whose path is not before `prefix`.
    private static func lowerBound(_ tracked: [TrackedEntry], in pathBytes: [UInt8], _ prefix: UnsafeBufferPointer<UInt8>) -> Int {
        var low = 0, high = tracked.count
        while low < high {
            let middle = (low + high) / 2
            if compare(tracked[middle], in: pathBytes, prefix) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether `tracked` holds `path`.
    private static func isTracked(_ path: String, _ tracked: [TrackedEntry], in pathBytes: [UInt8]) -> Bool {
        Array(path.utf8).withUnsafeBufferPointer { path in
            let position = lowerBound(tracked, in: pathBytes, path)
            return position < tracked.count && compare(tracked[position], in: pathBytes, path) == 0
        }
    }

    /// The first tracked path not before `prefix`.
    private func lowerBound(_ prefix: [UInt8]) -> Int {
        prefix.withUnsafeBufferPointer { Self.lowerBound(tracked, in: pathBytes, $0) }
    }

    /// The file at `absolute` as it is now, or nil when it is gone or not a file or link (a
    /// FIFO, socket or device is never opened).
    static func hashFile(_ absolute: String, path: String) -> File? {
        var info = stat()
        guard lstat(absolute, &info) == 0 else { return nil }
        var oid = git_oid()
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(absolute, &buffer, buffer.count - 1)
            guard count >= 0 else { return nil }
            var bytes = buffer[..<count].map { UInt8(bitPattern: $0) }
            if bytes.isEmpty { bytes = [0] }
            guard bytes.withUnsafeBytes({ git_odb_hash(&oid, $0.baseAddress, count, GIT_OBJECT_BLOB) }) == 0 else { return nil }
            return File(path: path, kind: .symlink, id: ObjectID(oid).hex, idIsOfBytesOnDisk: true)
        case S_IFREG:
            guard git_odb_hashfile(&oid, absolute, GIT_OBJECT_BLOB) == 0 else { return nil }
            return File(path: path, kind: info.st_mode & S_IXUSR != 0 ? .executable : .regular, id: ObjectID(oid).hex, idIsOfBytesOnDisk: true)
        default:
            return nil
        }
    }

    /// Every file below a directory on disk (a submodule's work tree), hashed; `.git` and
    /// anything that is neither a file nor a link left out, links never followed.
    static func walk(_ workTree: String, _ directory: String) -> [File] {
        var result: [File] = []
        var pending = [directory]
        while let current = pending.popLast() {
            guard let stream = opendir(current.isEmpty ? workTree : workTree + "/" + current) else { continue }
            let entries = FileSystem.entries(of: stream)
            closedir(stream)
            for entry in entries where entry.name != ".git" {
                let path = current.isEmpty ? entry.name : current + "/" + entry.name
                var info = stat()
                guard lstat(workTree + "/" + path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    pending.append(path)
                } else if let file = hashFile(workTree + "/" + path, path: path) {
                    result.append(file)
                }
            }
        }
        return result
    }
}

extension GitIndex.RawID {
    /// 40 lowercase hex digits.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 40)
        func put(_ value: UInt64, bytes count: Int, at offset: Int) {
            for index in 0..<count {
                let byte = UInt8(truncatingIfNeeded: value >> UInt64(8 * (count - 1 - index)))
                out[offset + 2 * index] = digits[Int(byte >> 4)]
                out[offset + 2 * index + 1] = digits[Int(byte & 0x0F)]
            }
        }
        put(high, bytes: 8, at: 0)
        put(middle, bytes: 8, at: 16)
        put(UInt64(low), bytes: 4, at: 32)
        return String(decoding: out, as: UTF8.self)
    }
}
