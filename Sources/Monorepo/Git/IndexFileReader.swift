import Foundation

/// Reads the paths of `.git/index` directly (versions 2, 3 and 4).
///
/// libgit2 1.5 spends about 100 ms loading an index of 80,000 entries (it builds full entry structs
/// and a hash map); listing paths needs a fraction of that. Split and sparse indexes, and anything
/// unexpected, return nil so the caller falls back to libgit2.
struct IndexFileReader {
    let url: URL

    func paths() -> [String]? {
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped), data.count >= 12 else { return nil }
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [String]? in
            let bytes = buffer.bindMemory(to: UInt8.self)
            func be32(_ offset: Int) -> Int {
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            }
            guard bytes[0] == 0x44, bytes[1] == 0x49, bytes[2] == 0x52, bytes[3] == 0x43 else { return nil } // "DIRC"
            let version = be32(4)
            guard (2...4).contains(version) else { return nil }
            let count = be32(8)
            var offset = 12
            var result: [String] = []
            result.reserveCapacity(count)
            var previous: [UInt8] = []
            let end = bytes.count - 20 // trailing checksum
            for _ in 0..<count {
                guard offset + 62 <= end else { return nil }
                let flags = Int(bytes[offset + 60]) << 8 | Int(bytes[offset + 61])
                var header = 62
                if version >= 3, flags & 0x4000 != 0 {
                    // Extended flags: bit 14 of them is "intent to add", 13 "skip worktree"; sparse
                    // directory entries (mode 040000) are caught below.
                    header += 2
                }
                let mode = be32(offset + 24)
                if mode & 0o170000 == 0o040000 { return nil } // sparse index directory entry
                var cursor = offset + header
                var path: [UInt8]
                if version == 4 {
                    // Varint: bytes to strip from the previous path, then a NUL-terminated suffix.
                    var strip = 0
                    var byte = Int(bytes[cursor]); cursor += 1
                    strip = byte & 0x7f
                    while byte & 0x80 != 0 {
                        guard cursor < end else { return nil }
                        byte = Int(bytes[cursor]); cursor += 1
                        strip = ((strip + 1) << 7) | (byte & 0x7f)
                    }
                    guard strip <= previous.count else { return nil }
                    path = Array(previous.prefix(previous.count - strip))
                    let start = cursor
                    while cursor < end, bytes[cursor] != 0 { cursor += 1 }
                    guard cursor < end else { return nil }
                    path.append(contentsOf: bytes[start..<cursor])
                    offset = cursor + 1
                } else {
                    let start = cursor
                    while cursor < end, bytes[cursor] != 0 { cursor += 1 }
                    guard cursor < end else { return nil }
                    path = Array(bytes[start..<cursor])
                    let length = header + (cursor - start)
                    offset += (length + 8) & ~7
                }
                // Conflicted paths appear once per stage: keep one.
                if path != previous { result.append(String(decoding: path, as: UTF8.self)) }
                previous = path
            }
            // A split index keeps most entries in a shared file: let libgit2 handle it.
            while offset + 8 <= end {
                let signature = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
                if signature == "link" || signature == "sdir" { return nil }
                offset += 8 + be32(offset + 4)
            }
            return result
        }
    }
}
