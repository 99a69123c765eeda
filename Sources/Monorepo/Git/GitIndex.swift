import Foundation

/// `.git/index` (versions 2, 3 and 4), read directly: every entry with its stat data, object id and
/// flags, the cache tree, and when the file was written.
///
/// libgit2 1.5 spends about 100 ms loading an index of 80,000 entries (it builds full entry structs
/// and a hash map); this reads the same file in a few milliseconds, with paths kept in one byte
/// buffer. A split index is merged with its shared index here (libgit2 1.5 cannot read one). Sparse
/// indexes, SHA-256 repositories and anything unexpected give nil, and the caller falls back to
/// libgit2 or the git command line.
struct GitIndex: Sendable {
    /// The stat fields git records for an entry, as 32-bit values the way the index stores them.
    struct StatData: Equatable {
        var ctimeSeconds: UInt32 = 0
        var ctimeNanoseconds: UInt32 = 0
        var mtimeSeconds: UInt32 = 0
        var mtimeNanoseconds: UInt32 = 0
        var device: UInt32 = 0
        var inode: UInt32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        var size: UInt32 = 0
    }

    /// A SHA-1 object id as raw bytes (20).
    struct RawID: Hashable {
        var high: UInt64
        var middle: UInt64
        var low: UInt32

        init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
            high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            middle = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            low = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
        }

        init(bytes: [UInt8]) {
            self = bytes.withUnsafeBytes { RawID($0, at: 0) }
        }
    }

    struct Entry {
        /// Where the path lies in `pathBytes`.
        var pathStart: Int32
        var pathLength: Int32
        var stat: StatData
        var mode: UInt32
        var id: RawID
        var flags: UInt16
        var extendedFlags: UInt16

        var stage: Int { Int(flags >> 12) & 3 }
        /// `git update-index --assume-unchanged`: the work tree is not looked at.
        var assumeValid: Bool { flags & 0x8000 != 0 }
        /// Sparse checkout: the file is not in the work tree on purpose.
        var skipWorktree: Bool { extendedFlags & 0x4000 != 0 }
        /// `git add -N`: recorded as a path only.
        var intentToAdd: Bool { extendedFlags & 0x2000 != 0 }
    }

    private(set) var entries: [Entry] = []
    /// Every path, one after another (no separators; see `Entry.pathStart`).
    private(set) var pathBytes: [UInt8] = []
    /// Whether the index carries git's untracked cache ("UNTR"), which lets `git status` skip
    /// reading directories that did not change.
    private(set) var hasUntrackedCache = false
    /// The "TREE" extension as stored; `cacheTree()` decodes it when asked (listing files needs none of it).
    private var cacheTreeBytes: [UInt8] = []
    /// When the index file was last modified (whole seconds; for a split index, the older of its
    /// two files). Entries modified in that second or later may have changed without their stat
    /// data showing it ("racily clean").
    private(set) var timestampSeconds: Int
    /// A split index's "link" extension, until the shared index is merged in.
    private var link: SplitIndexLink?

    /// Reads the index at `url` (and, for a split index, the shared index beside it); nil when it
    /// is missing, damaged or of a kind this reader leaves to libgit2 (sparse, version 1 or above 4).
    init?(url: URL) {
        self.init(file: url, allowLink: true)
        if let link {
            guard let shared = GitIndex(file: url.deletingLastPathComponent().appendingPathComponent("sharedindex.\(link.sharedIndex)"),
                                        allowLink: false),
                  merge(shared, link) else { return nil }
            self.link = nil
        }
    }

    private init?(file url: URL, allowLink: Bool) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        timestampSeconds = Int(info.st_mtim.tv_sec)
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped), data.count >= 32 else { return nil }
        let parsed = data.withUnsafeBytes { bytes in parse(bytes) }
        guard parsed, allowLink || link == nil else { return nil }
    }

    /// Folds the shared index into this split index, as git does: shared entries marked in the
    /// delete bitmap go, those marked in the replace bitmap take the stat data, id and flags of
    /// this index's first entries (whose paths are empty), and this index's other entries are
    /// added. The result is sorted by path and stage like any index. False when the parts do not fit.
    private mutating func merge(_ shared: GitIndex, _ link: SplitIndexLink) -> Bool {
        guard link.replaced.count <= entries.count,
              link.deleted.allSatisfy({ $0 < shared.entries.count }), link.replaced.allSatisfy({ $0 < shared.entries.count })
        else { return false }
        let deleted = Set(link.deleted)
        var replacement: [Int: Int] = [:]
        for (order, position) in link.replaced.sorted().enumerated() { replacement[position] = order }
        // (source, entry) pairs: source false = shared index, true = this file; both lists are sorted.
        var baseEntries: [(Bool, Entry)] = []
        baseEntries.reserveCapacity(shared.entries.count)
        for (position, entry) in shared.entries.enumerated() where !deleted.contains(position) {
            guard let order = replacement[position] else {
                baseEntries.append((false, entry))
                continue
            }
            var merged = entries[order]
            merged.pathStart = entry.pathStart
            merged.pathLength = entry.pathLength
            merged.flags = (merged.flags & 0xF000) | (entry.flags & 0x0FFF) // the shared entry's name length
            baseEntries.append((false, merged))
        }
        let added = entries[link.replaced.count...].map { (true, $0) }
        guard added.allSatisfy({ $0.1.pathLength > 0 }) else { return false }

        func bytes(_ item: (Bool, Entry)) -> ArraySlice<UInt8> {
            let source = item.0 ? pathBytes : shared.pathBytes
            return source[Int(item.1.pathStart)..<Int(item.1.pathStart + item.1.pathLength)]
        }
        func precedes(_ a: (Bool, Entry), _ b: (Bool, Entry)) -> Bool {
            let left = bytes(a), right = bytes(b)
            if left.elementsEqual(right) { return a.1.stage < b.1.stage }
            return left.lexicographicallyPrecedes(right)
        }
        var mergedEntries: [Entry] = []
        var mergedBytes: [UInt8] = []
        mergedEntries.reserveCapacity(baseEntries.count + added.count)
        mergedBytes.reserveCapacity(shared.pathBytes.count + pathBytes.count)
        var (left, right) = (0, 0)
        while left < baseEntries.count || right < added.count {
            let takeAdded = left == baseEntries.count || right < added.count && precedes(added[right], baseEntries[left])
            let item = takeAdded ? added[right] : baseEntries[left]
            if takeAdded { right += 1 } else { left += 1 }
            var entry = item.1
            entry.pathStart = Int32(mergedBytes.count)
            mergedBytes += bytes(item)
            mergedEntries.append(entry)
        }
        entries = mergedEntries
        pathBytes = mergedBytes
        timestampSeconds = min(timestampSeconds, shared.timestampSeconds)
        return true
    }

    /// The path of entry `index`.
    func path(_ index: Int) -> String {
        let entry = entries[index]
        return pathBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)]), as: UTF8.self)
        }
    }

    /// Whether the entries are in git's order (paths by their bytes), as git writes them and as
    /// git requires on reading.
    var isSorted: Bool {
        pathBytes.withUnsafeBufferPointer { bytes in
            zip(entries, entries.dropFirst()).allSatisfy { a, b in
                let order = memcmp(bytes.baseAddress! + Int(a.pathStart), bytes.baseAddress! + Int(b.pathStart), Int(min(a.pathLength, b.pathLength)))
                return order != 0 ? order < 0 : a.pathLength <= b.pathLength
            }
        }
    }

    /// Whether some path is not valid UTF-8 (only paths with a byte ≥ 0x80 are decoded to check).
    var hasNonUTF8Path: Bool {
        guard pathBytes.contains(where: { $0 >= 0x80 }) else { return false }
        return pathBytes.withUnsafeBufferPointer { bytes in
            entries.contains { entry in
                let range = Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)
                return bytes[range].contains(where: { $0 >= 0x80 })
                    && String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) == nil
            }
        }
    }

    /// The last component of entry `index`'s path.
    func name(_ index: Int) -> String {
        let entry = entries[index]
        return pathBytes.withUnsafeBufferPointer { bytes in
            let range = Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)
            let start = bytes[range].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? range.lowerBound
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<range.upperBound]), as: UTF8.self)
        }
    }

    /// Every path once (a conflicted path has one entry per stage), sorted as the index is.
    func paths() -> [String] {
        var result: [String] = []
        result.reserveCapacity(entries.count)
        pathBytes.withUnsafeBufferPointer { buffer in
            for (position, entry) in entries.enumerated() {
                if entry.stage != 0, position > 0, Self.samePath(entries[position - 1], entry, in: buffer) { continue }
                result.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)]), as: UTF8.self))
            }
        }
        return result
    }

    /// Whether two entries have the same path (the stages of a conflicted path).
    static func samePath(_ a: Entry, _ b: Entry, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        a.pathLength == b.pathLength && equalBytes(bytes, Int(a.pathStart), Int(b.pathStart), count: Int(a.pathLength))
    }

    /// Whether an entry's file name (the last part of its path) is `name`, compared by bytes
    /// (no string per entry: the benchmark's index has 82,000).
    func holdsFile(named name: String) -> Bool {
        let target = Array(name.utf8)
        guard !target.isEmpty else { return false }
        return pathBytes.withUnsafeBufferPointer { bytes in
            target.withUnsafeBufferPointer { target in
                entries.contains { entry in
                    let end = Int(entry.pathStart + entry.pathLength)
                    let start = end - target.count
                    guard start >= Int(entry.pathStart), start == Int(entry.pathStart) || bytes[start - 1] == UInt8(ascii: "/") else { return false }
                    return memcmp(bytes.baseAddress! + start, target.baseAddress!, target.count) == 0
                }
            }
        }
    }

    /// memcmp of two ranges of one buffer.
    static func equalBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ second: Int, count: Int) -> Bool {
        count == 0 || memcmp(bytes.baseAddress! + first, bytes.baseAddress! + second, count) == 0
    }

    private mutating func parse(_ bytes: UnsafeRawBufferPointer) -> Bool {
        func be32(_ offset: Int) -> UInt32 { UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        func be16(_ offset: Int) -> UInt16 { UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
        guard be32(0) == 0x4449_5243 else { return false } // "DIRC"
        let version = be32(4)
        guard (2...4).contains(version) else { return false }
        let count = Int(be32(8))
        let end = bytes.count - 20 // trailing checksum
        entries.reserveCapacity(count)
        pathBytes.reserveCapacity(count * 40)
        var offset = 12
        var previousStart = 0
        var previousLength = 0
        for _ in 0..<count {
            guard offset + 62 <= end else { return false }
            let flags = be16(offset + 60)
            var header = 62
            var extendedFlags: UInt16 = 0
            if version >= 3, flags & 0x4000 != 0 {
                guard offset + 64 <= end else { return false }
                extendedFlags = be16(offset + 62)
                header += 2
            }
            let mode = be32(offset + 24)
            if mode & 0o170000 == 0o040000 { return false } // a sparse index's directory entry
            var stat = StatData()
            stat.ctimeSeconds = be32(offset)
            stat.ctimeNanoseconds = be32(offset + 4)
            stat.mtimeSeconds = be32(offset + 8)
            stat.mtimeNanoseconds = be32(offset + 12)
            stat.device = be32(offset + 16)
            stat.inode = be32(offset + 20)
            stat.uid = be32(offset + 28)
            stat.gid = be32(offset + 32)
            stat.size = be32(offset + 36)
            let id = RawID(bytes, at: offset + 40)
            var cursor = offset + header
            let start = pathBytes.count
            if version == 4 {
                // A varint (bytes to strip from the previous path), then a NUL-terminated suffix.
                guard cursor < end else { return false }
                var byte = Int(bytes[cursor]); cursor += 1
                var strip = byte & 0x7f
                while byte & 0x80 != 0 {
                    guard cursor < end else { return false }
                    byte = Int(bytes[cursor]); cursor += 1
                    strip = ((strip + 1) << 7) | (byte & 0x7f)
                }
                guard strip <= previousLength else { return false }
                let kept = previousLength - strip
                if kept > 0 {
                    for position in previousStart..<(previousStart + kept) { pathBytes.append(pathBytes[position]) }
                }
                let suffix = cursor
                while cursor < end, bytes[cursor] != 0 { cursor += 1 }
                guard cursor < end else { return false }
                pathBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[suffix..<cursor]))
                offset = cursor + 1
            } else {
                let name = cursor
                while cursor < end, bytes[cursor] != 0 { cursor += 1 }
                guard cursor < end else { return false }
                pathBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[name..<cursor]))
                offset += (header + (cursor - name) + 8) & ~7
            }
            previousStart = start
            previousLength = pathBytes.count - start
            entries.append(Entry(pathStart: Int32(start), pathLength: Int32(previousLength), stat: stat, mode: mode,
                                 id: id, flags: flags, extendedFlags: extendedFlags))
        }
        // Extensions: a four-byte signature and a 32-bit size each.
        while offset + 8 <= end {
            let signature = be32(offset)
            let size = Int(be32(offset + 4))
            guard offset + 8 + size <= end else { return false }
            switch signature {
            case 0x6c69_6e6b: // "link": a split index
                guard let decoded = SplitIndexLink(UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + size)])) else { return false }
                link = decoded
            case 0x7364_6972: // "sdir": a sparse index's directories
                return false
            case 0x554E_5452: // "UNTR"
                hasUntrackedCache = true
            case 0x5452_4545: // "TREE"
                cacheTreeBytes = Array(UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + size)]))
            default:
                break
            }
            offset += 8 + size
        }
        return true
    }

    /// Directory ("" for the root) → the tree id the cache tree records for it, for the directories
    /// whose record is valid (their contents did not change since the tree was computed). Empty
    /// when the index has no cache tree or it cannot be read.
    ///
    /// The "TREE" extension holds pre-order records of `path NUL entry-count SP subtree-count LF [id]`,
    /// where a count of -1 marks a record as invalid (and it carries no id).
    func cacheTree() -> [String: RawID] {
        cacheTreeBytes.withUnsafeBytes { bytes in Self.decodeCacheTree(bytes) ?? [:] }
    }

    private static func decodeCacheTree(_ bytes: UnsafeRawBufferPointer) -> [String: RawID]? {
        var cacheTree: [String: RawID] = [:]
        var cursor = 0
        func number(until terminator: UInt8) -> Int? {
            var negative = false
            var value = 0
            var digits = 0
            while cursor < bytes.count, bytes[cursor] != terminator {
                let byte = bytes[cursor]
                if byte == UInt8(ascii: "-"), digits == 0, !negative {
                    negative = true
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                    digits += 1
                } else {
                    return nil
                }
                cursor += 1
            }
            guard cursor < bytes.count, digits > 0 else { return nil }
            cursor += 1
            return negative ? -value : value
        }
        // Each record's path is relative to its parent; a stack of (directory, subtrees left) tracks where we are.
        var stack: [(directory: String, remaining: Int)] = []
        while cursor < bytes.count {
            let nameStart = cursor
            while cursor < bytes.count, bytes[cursor] != 0 { cursor += 1 }
            guard cursor < bytes.count else { return nil }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<cursor]), as: UTF8.self)
            cursor += 1
            guard let entryCount = number(until: UInt8(ascii: " ")), let subtrees = number(until: UInt8(ascii: "\n")) else { return nil }
            while let last = stack.last, last.remaining == 0 { stack.removeLast() }
            let directory: String
            if let parent = stack.last {
                stack[stack.count - 1].remaining -= 1
                directory = parent.directory.isEmpty ? name : parent.directory + "/" + name
            } else {
                directory = name
            }
            if entryCount >= 0 {
                guard cursor + 20 <= bytes.count else { return nil }
                cacheTree[directory] = RawID(bytes, at: cursor)
                cursor += 20
            }
            stack.append((directory, subtrees))
        }
        return cacheTree
    }
}
