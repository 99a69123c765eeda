import Glibc

/// Literal substring search over UTF-8 bytes: what planning asks of source files ("does any file
/// mention deno.land?") thousands of times on a cold run, without Foundation's locale-aware search.
public enum TextSearch {
    /// Whether `text` contains `needle`, byte for byte.
    public static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in needle.withUTF8 { contains(haystack, $0) } }
    }

    /// Whether `haystack` contains `needle`.
    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count, let base = haystack.baseAddress, let needleBase = needle.baseAddress else { return false }
        var position = 0
        let last = haystack.count - needle.count
        while position <= last {
            guard let found = memchr(base + position, Int32(first), last - position + 1) else { return false }
            position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, needleBase, needle.count) == 0 { return true }
            position += 1
        }
        return false
    }
}
