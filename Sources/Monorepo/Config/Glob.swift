/// A path pattern in the style of `.gitignore`, matched against repository-relative paths.
///
/// - `*` matches within one path segment, `?` one character, `**` any number of segments.
/// - A pattern without `/` (e.g. `*.md`) matches a segment name at any depth.
/// - A pattern that matches a directory matches everything below it (`docs` covers `docs/a/b.txt`).
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let segments: [Substring]
    private let anchored: Bool

    public init(_ pattern: String) {
        var text = pattern
        while text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasPrefix("/") { text.removeFirst() }
        while text.hasSuffix("/") { text.removeLast() }
        self.pattern = pattern
        self.anchored = text.contains("/")
        self.segments = text.split(separator: "/", omittingEmptySubsequences: true)
    }

    public var description: String { pattern }

    /// True when `path` or one of its parent directories matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.isEmpty { return false }
        if !anchored {
            return parts.contains { Self.matchSegment(segments[0], $0) }
        }
        // Matching any prefix of the path means a parent directory matched.
        for length in stride(from: parts.count, through: 1, by: -1) where Self.matchSegments(segments[...], parts[..<length]) {
            return true
        }
        return false
    }

    /// `*` and `?` within one segment.
    static func matchSegment(_ pattern: Substring, _ name: Substring) -> Bool {
        let p = Array(pattern.utf8)
        let n = Array(name.utf8)
        var pi = 0, ni = 0
        var star = -1, mark = 0
        while ni < n.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == n[ni] {
                pi += 1
                ni += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ni
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ni = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

extension Glob {
    /// True when the whole path matches (no parent-directory rule, no any-depth rule): for workspace
    /// member globs such as `packages/*`.
    public func matchesExactly(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var pattern = self.pattern
        while pattern.hasPrefix("./") { pattern.removeFirst(2) }
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
        return Glob.matchSegments(segments[...], parts[...])
    }

    static func matchSegments(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            var tail = path
            while true {
                if matchSegments(pattern.dropFirst(), tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(first, segment) else { return false }
        return matchSegments(pattern.dropFirst(), path.dropFirst())
    }
}
