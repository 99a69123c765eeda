/// The "link" extension of a split index: which shared index the entries build on, and which of
/// its entries are deleted or replaced (git's `Documentation/gitformat-index.txt`).
struct SplitIndexLink: Sendable {
    /// The hex id in the shared index's file name, `sharedindex.<id>`.
    var sharedIndex: String
    /// Positions in the shared index, ascending.
    var deleted: [Int]
    var replaced: [Int]

    /// Decodes the extension's payload: a 20-byte id, then (unless nothing changed) the delete and
    /// replace bitmaps, each EWAH-compressed. nil when it is damaged.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 20 else { return nil }
        sharedIndex = bytes[0..<20].map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
        }.joined()
        guard bytes.count > 20 else {
            deleted = []
            replaced = []
            return
        }
        var cursor = 20
        guard let deleted = Self.ewahBits(bytes, &cursor), let replaced = Self.ewahBits(bytes, &cursor), cursor == bytes.count else {
            return nil
        }
        self.deleted = deleted
        self.replaced = replaced
    }

    /// The set bits of one serialized EWAH bitmap: a 32-bit bit count, a 32-bit word count, the
    /// 64-bit words, and a 32-bit position of the last marker word, all big-endian. Each marker
    /// word holds a run bit (bit 0), a run length in words (bits 1–32) and the number of literal
    /// words that follow it (bits 33–63).
    static func ewahBits(_ bytes: UnsafeRawBufferPointer, _ cursor: inout Int) -> [Int]? {
        func be32(_ offset: Int) -> Int { Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        guard cursor + 8 <= bytes.count else { return nil }
        let wordCount = be32(cursor + 4)
        let wordsStart = cursor + 8
        guard wordsStart + wordCount * 8 + 4 <= bytes.count else { return nil }
        func word(_ index: Int) -> UInt64 { UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: wordsStart + index * 8, as: UInt64.self)) }
        var bits: [Int] = []
        var position = 0
        var index = 0
        while index < wordCount {
            let marker = word(index)
            let runLength = Int((marker >> 1) & 0xFFFF_FFFF)
            let literals = Int(marker >> 33)
            if marker & 1 == 1 {
                bits.append(contentsOf: position..<(position + runLength * 64))
            }
            position += runLength * 64
            index += 1
            guard index + literals <= wordCount else { return nil }
            for _ in 0..<literals {
                var literal = word(index)
                while literal != 0 {
                    bits.append(position + literal.trailingZeroBitCount)
                    literal &= literal - 1
                }
                position += 64
                index += 1
            }
        }
        cursor = wordsStart + wordCount * 8 + 4
        return bits
    }
}
