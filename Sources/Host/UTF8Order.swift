import Glibc

/// Strings in the order of their UTF-8 bytes (git's order of paths, JSONEncoder's `.sortedKeys`),
/// compared in place: `utf8.lexicographicallyPrecedes` walks the views byte by byte, and
/// `withUTF8` on a copy costs several times a `memcmp`. Sorts of thousands of context paths per
/// run are what this is for.
public enum UTF8Order {
    public static func precedes(_ first: String, _ second: String) -> Bool {
        withBytes(first) { a in
            withBytes(second) { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }

    /// A string's UTF-8 bytes in place (a copy only for a string that is not stored as UTF-8).
    public static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }
}
