/// One element of a compiled pattern.
enum Token: Sendable, Hashable {
    case literal(UInt8)
    /// `?`: one character.
    case anyCharacter(crossesSlash: Bool)
    case characterClass(CharacterClass)
    /// `*`: any run of characters.
    case star(crossesSlash: Bool)
    /// Zero or more whole directories: "", "a/", "a/b/", ... (`**/`).
    case directories
}

/// `[a-z_]`, `[!0-9]`: ranges of Unicode scalars.
struct CharacterClass: Sendable, Hashable {
    var ranges: [ClosedRange<UInt32>]
    var negated: Bool
    var crossesSlash: Bool

    func contains(_ scalar: UInt32) -> Bool {
        if !crossesSlash, scalar == 0x2F { return false }
        return ranges.contains { $0.contains(scalar) } != negated
    }
}

extension PathPattern {
    /// Compiles a pattern in one syntax to token lists.
    struct Parser {
        struct Parsed {
            var negated = false
            var directoryOnly = false
            var namesOnly = false
            var alternatives: [[Token]] = []
        }

        static let maximumAlternatives = 256

        let pattern: String
        let syntax: Syntax

        init(_ pattern: String, syntax: Syntax) {
            self.pattern = pattern
            self.syntax = syntax
        }

        func fail(_ message: String) -> PatternError { PatternError(pattern: pattern, message: message) }

        func parse() throws(PatternError) -> Parsed {
            switch syntax {
            case .dockerignore: return try dockerignore()
            case .gitignore: return try gitignore()
            case .nixpacks: return try glob(crossing: true)
            case .path: return try glob(crossing: false)
            }
        }

        // MARK: Docker (moby/patternmatcher)

        /// As Docker's `patternmatcher.New`: trimmed, `filepath.Clean`ed, `!` for exceptions; then
        /// compiled to the regular expression its `compile` makes: `*` and `?` within a segment,
        /// `**` (eating a following `/`) any number of directories, `**` at the end anything.
        ///
        /// Newer patternmatcher versions match a pattern that starts with `**` and has only
        /// literal text after it (`**foo`) as a plain suffix, so `barfoo` matches; the BuildKit
        /// of Docker 20.10 and the regular expression do not. nixpacks-ci follows the regular
        /// expression (docs/caching.md), which the engine in the tests confirms.
        private func dockerignore() throws(PatternError) -> Parsed {
            var parsed = Parsed()
            var text = Self.goClean(pattern.trimmingASCIIWhitespace())
            if text.hasPrefix("!") {
                guard text.count > 1 else { throw fail("a lone '!' excludes nothing; write !PATTERN") }
                parsed.negated = true
                text.removeFirst()
            }
            // As Docker's ReadAll: `/a` and `a` are the same pattern.
            if text.count > 1, text.hasPrefix("/") { text.removeFirst() }
            guard !text.isEmpty else { throw fail("the pattern is empty") }
            var tokens: [Token] = []
            var scanner = Scanner(text)
            while let byte = scanner.next() {
                switch byte {
                case UInt8(ascii: "*"):
                    guard scanner.peek() == UInt8(ascii: "*") else {
                        tokens.append(.star(crossesSlash: false))
                        continue
                    }
                    scanner.advance()
                    if scanner.peek() == PathPattern.slash { scanner.advance() }
                    tokens.append(scanner.atEnd ? .star(crossesSlash: true) : .directories)
                case UInt8(ascii: "?"):
                    tokens.append(.anyCharacter(crossesSlash: false))
                case UInt8(ascii: "\\"):
                    tokens.append(.literal(scanner.next() ?? UInt8(ascii: "\\")))
                case UInt8(ascii: "["):
                    tokens.append(.characterClass(try characterClass(&scanner, negations: [UInt8(ascii: "^")], crossesSlash: false)))
                default:
                    tokens.append(.literal(byte))
                }
            }
            parsed.alternatives = [tokens]
            return parsed
        }

        /// Go's `filepath.Clean` for `/` paths.
        static func goClean(_ path: String) -> String {
            if path.isEmpty { return "." }
            let rooted = path.hasPrefix("/")
            var parts: [Substring] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == ".." {
                    if let last = parts.last, last != ".." {
                        parts.removeLast()
                    } else if !rooted {
                        parts.append(part)
                    }
                    continue
                }
                parts.append(part)
            }
            let joined = parts.joined(separator: "/")
            if rooted { return "/" + joined }
            return joined.isEmpty ? "." : joined
        }

        // MARK: git (gitignore(5))

        private func gitignore() throws(PatternError) -> Parsed {
            var parsed = Parsed()
            var text = Substring(pattern)
            if text.hasPrefix("!") {
                parsed.negated = true
                text = text.dropFirst()
            }
            while text.hasSuffix("/"), !text.hasSuffix("\\/") {
                parsed.directoryOnly = true
                text = text.dropLast()
            }
            guard !text.isEmpty else { throw fail("the pattern is empty") }
            parsed.namesOnly = !text.contains("/")
            if text.hasPrefix("/") { text = text.dropFirst() }
            parsed.alternatives = [try globTokens(String(text), crossing: false)]
            return parsed
        }

        // MARK: globs (Nixpacks' globset; workspace and member globs)

        private func glob(crossing: Bool) throws(PatternError) -> Parsed {
            var parsed = Parsed()
            var text = Substring(pattern)
            if !crossing, text.hasPrefix("!") {
                parsed.negated = true
                text = text.dropFirst()
            }
            while text.hasPrefix("./") { text = text.dropFirst(2) }
            if !crossing { while text.count > 1, text.hasSuffix("/") { text = text.dropLast() } }
            guard !text.isEmpty else { throw fail("the pattern is empty") }
            parsed.alternatives = try expandBraces(String(text)).map { alternative throws(PatternError) in
                try globTokens(alternative, crossing: crossing)
            }
            return parsed
        }

        private func globTokens(_ text: String, crossing: Bool) throws(PatternError) -> [Token] {
            var tokens: [Token] = []
            var scanner = Scanner(text)
            var atSegmentStart = true
            while let byte = scanner.next() {
                let segmentStart = atSegmentStart
                atSegmentStart = byte == PathPattern.slash
                switch byte {
                case UInt8(ascii: "*"):
                    if scanner.peek() == UInt8(ascii: "*") {
                        scanner.advance()
                        let segmentEnd = scanner.atEnd || scanner.peek() == PathPattern.slash
                        if segmentStart && segmentEnd {
                            if scanner.atEnd {
                                tokens.append(.star(crossesSlash: true))
                            } else {
                                scanner.advance()
                                atSegmentStart = true
                                tokens.append(.directories)
                            }
                            continue
                        }
                    }
                    tokens.append(.star(crossesSlash: crossing))
                case UInt8(ascii: "?"):
                    tokens.append(.anyCharacter(crossesSlash: crossing))
                case UInt8(ascii: "\\"):
                    tokens.append(.literal(scanner.next() ?? UInt8(ascii: "\\")))
                case UInt8(ascii: "["):
                    tokens.append(.characterClass(try characterClass(&scanner, negations: [UInt8(ascii: "!"), UInt8(ascii: "^")], crossesSlash: crossing)))
                default:
                    tokens.append(.literal(byte))
                }
            }
            return tokens
        }

        /// `a{b,c{d,e}}` → `ab`, `acd`, `ace`.
        /// Braces nest at most this deep (`{a,{b,{c,...}}}`): the expansion recurses per level.
        static let maximumBraceDepth = 32

        func expandBraces(_ text: String, depth: Int = 0) throws(PatternError) -> [String] {
            guard depth < Self.maximumBraceDepth else { throw fail("its braces nest deeper than \(Self.maximumBraceDepth) levels") }
            let bytes = Array(text.utf8)
            var results: [[UInt8]] = [[]]
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    results = results.map { $0 + [byte, bytes[index + 1]] }
                    index += 2
                } else if byte == UInt8(ascii: "{") {
                    guard let close = Self.matchingBrace(bytes, from: index) else { throw fail("'{' is never closed with '}'") }
                    var options: [String] = []
                    for part in Self.splitTopLevel(Array(bytes[(index + 1)..<close])) {
                        options += try expandBraces(String(decoding: part, as: UTF8.self), depth: depth + 1)
                    }
                    results = results.flatMap { prefix in options.map { prefix + Array($0.utf8) } }
                    guard results.count <= Self.maximumAlternatives else {
                        throw fail("its braces expand to more than \(Self.maximumAlternatives) alternatives")
                    }
                    index = close + 1
                } else if byte == UInt8(ascii: "}") {
                    throw fail("'}' has no opening '{'")
                } else {
                    results = results.map { $0 + [byte] }
                    index += 1
                }
            }
            return results.map { String(decoding: $0, as: UTF8.self) }
        }

        private static func matchingBrace(_ bytes: [UInt8], from open: Int) -> Int? {
            var depth = 0
            var index = open
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 1
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
                index += 1
            }
            return nil
        }

        private static func splitTopLevel(_ bytes: [UInt8]) -> [[UInt8]] {
            var parts: [[UInt8]] = [[]]
            var depth = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    parts[parts.count - 1] += [byte, bytes[index + 1]]
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "{") { depth += 1 }
                if byte == UInt8(ascii: "}") { depth -= 1 }
                if byte == UInt8(ascii: ","), depth == 0 { parts.append([]) } else { parts[parts.count - 1].append(byte) }
                index += 1
            }
            return parts
        }

        // MARK: character classes

        /// Reads a class after its `[`, up to and including the closing `]`.
        private func characterClass(_ scanner: inout Scanner, negations: [UInt8], crossesSlash: Bool) throws(PatternError) -> CharacterClass {
            var negated = false
            if let first = scanner.peek(), negations.contains(first) {
                negated = true
                scanner.advance()
            }
            var ranges: [ClosedRange<UInt32>] = []
            var first = true
            while true {
                guard var low = scanner.nextScalar() else { throw fail("'[' is never closed with ']'") }
                if low == 0x5D, !first { break } // ]
                first = false
                if low == 0x5C { // backslash escapes the next character
                    guard let escaped = scanner.nextScalar() else { throw fail("'[' is never closed with ']'") }
                    low = escaped
                }
                var high = low
                if scanner.peek() == UInt8(ascii: "-"), scanner.peek(offset: 1) != UInt8(ascii: "]"), scanner.peek(offset: 1) != nil {
                    scanner.advance()
                    guard var end = scanner.nextScalar() else { throw fail("'[' is never closed with ']'") }
                    if end == 0x5C {
                        guard let escaped = scanner.nextScalar() else { throw fail("'[' is never closed with ']'") }
                        end = escaped
                    }
                    high = end
                }
                guard low <= high else {
                    throw fail("the range \(Self.character(low))-\(Self.character(high)) is reversed; write \(Self.character(high))-\(Self.character(low))")
                }
                ranges.append(low...high)
            }
            return CharacterClass(ranges: ranges, negated: negated, crossesSlash: crossesSlash)
        }

        private static func character(_ scalar: UInt32) -> String {
            Unicode.Scalar(scalar).map { String(Character($0)) } ?? "?"
        }
    }

    /// Reads a pattern's bytes, with whole UTF-8 characters where one is wanted.
    struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var atEnd: Bool { position >= bytes.count }

        func peek(offset: Int = 0) -> UInt8? {
            position + offset < bytes.count ? bytes[position + offset] : nil
        }

        mutating func advance() { position += 1 }

        mutating func next() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func nextScalar() -> UInt32? {
            guard position < bytes.count else { return nil }
            let (scalar, length) = Matcher.decodeScalar(bytes[...], at: position)
            position += length
            return scalar
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (Go's `strings.TrimSpace` for ASCII).
    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}
