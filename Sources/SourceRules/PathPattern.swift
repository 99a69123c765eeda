/// A path pattern, with the syntax it is written in made explicit: the one pattern type behind
/// `.dockerignore`, `.gitignore`, Nixpacks' globs and workspace member globs.
///
/// Paths are relative (`services/web/index.js`), with `/` separators and no leading `./`.
///
/// | syntax | `*` | `**` | other | a path matches when |
/// |---|---|---|---|---|
/// | `dockerignore` | within a segment | any number of directories | `?`, `[...]`, `\`; `!` negates | Docker's rules: the pattern, anchored at the context root, matches it or a parent directory |
/// | `gitignore` | within a segment | as git's `**/`, `/**`, `/**/` | `?`, `[...]`, `\`; `!` negates; a trailing `/` means directories only | a pattern without `/` matches a name at any depth; one with `/` is anchored |
/// | `nixpacks` | crosses `/` | any number of directories | `?`, `[...]`, `{a,b}` | the pattern matches the whole path (Nixpacks' `globset`) |
/// | `path` | within a segment | any number of segments | `?`, `[...]`, `{a,b}`; `!` negates | the pattern matches the whole path (workspace globs such as `packages/*`) |
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    public enum Syntax: String, Sendable, Hashable, CaseIterable {
        case dockerignore, gitignore, nixpacks, path
    }

    /// The pattern as written.
    public let source: String
    public let syntax: Syntax
    /// `!pattern`: an exception in an ignore file, or an exclusion from a list of globs.
    public let isNegated: Bool
    /// gitignore `name/`: matches directories only.
    public let directoryOnly: Bool
    /// gitignore: a pattern without `/` is matched against names at any depth.
    let matchesNamesOnly: Bool
    /// One token list per alternative (braces expanded).
    let alternatives: [[Token]]
    /// Each alternative as a plain comparison when it is one (`**/*.py`, `*.ts`, `Cargo.toml`):
    /// detection asks such globs of every file of every app.
    let shortcuts: [Shortcut?]

    enum Shortcut: Sendable, Hashable {
        /// The whole path is this.
        case exact([UInt8])
        /// The path ends with this, which holds no `/` (`**/*.py`; `*.py` where `*` crosses `/`).
        case suffix([UInt8])

        init?(_ tokens: [Token]) {
            var rest = tokens[...]
            var leadingAny = false
            if rest.first == .directories { rest = rest.dropFirst(); leadingAny = true }
            if case let .star(crosses)? = rest.first {
                // `*` alone matches any run only when it crosses `/` or follows `**/`.
                guard crosses || leadingAny else { return nil }
                rest = rest.dropFirst()
                leadingAny = true
            } else if leadingAny {
                return nil
            }
            var literal: [UInt8] = []
            for token in rest {
                guard case let .literal(byte) = token else { return nil }
                literal.append(byte)
            }
            if leadingAny {
                guard !literal.contains(PathPattern.slash) else { return nil }
                self = .suffix(literal)
            } else {
                self = .exact(literal)
            }
        }

        func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
            switch self {
            case let .exact(bytes): return path.elementsEqual(bytes)
            case let .suffix(bytes): return path.count >= bytes.count && path[(path.count - bytes.count)...].elementsEqual(bytes)
            }
        }
    }

    public var description: String { source }

    /// Parses `pattern` as written in `syntax`.
    /// - Throws: `PatternError` for an unclosed `[` or `{`, a reversed range (`[z-a]`), a lone `!`,
    ///   or a pattern that would expand to too many alternatives.
    public init(_ pattern: String, syntax: Syntax) throws(PatternError) {
        source = pattern
        self.syntax = syntax
        let parsed = try Parser(pattern, syntax: syntax).parse()
        isNegated = parsed.negated
        directoryOnly = parsed.directoryOnly
        matchesNamesOnly = parsed.namesOnly
        alternatives = parsed.alternatives
        shortcuts = parsed.alternatives.map(Shortcut.init)
    }

    /// Whether `path` itself matches (a directory when `isDirectory`).
    public func matches(_ path: String, isDirectory: Bool = false) -> Bool {
        if directoryOnly && !isDirectory { return false }
        if !matchesNamesOnly, !shortcuts.contains(nil) {
            var copy = path
            return copy.withUTF8 { bytes in shortcuts.contains { $0!.matches(bytes) } }
        }
        let bytes = Array(path.utf8)
        if matchesNamesOnly {
            let start = (bytes.lastIndex(of: Self.slash) ?? -1) + 1
            return matchesBytes(bytes[start...])
        }
        return matchesBytes(bytes[...])
    }

    /// `matches` by the token matcher alone (the shortcuts' oracle in tests).
    func matchesByTokens(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        if matchesNamesOnly {
            let start = (bytes.lastIndex(of: Self.slash) ?? -1) + 1
            return matchesBytes(bytes[start...])
        }
        return matchesBytes(bytes[...])
    }

    /// Whether `path` or one of the directories above it matches: a pattern that matches a
    /// directory covers everything below it (`docs` covers `docs/a/b.md`).
    public func matchesPathOrAncestor(_ path: String, isDirectory: Bool = false) -> Bool {
        if matches(path, isDirectory: isDirectory) { return true }
        var bytes = Array(path.utf8)
        while let slash = bytes.lastIndex(of: Self.slash) {
            bytes.removeSubrange(slash...)
            if matches(String(decoding: bytes, as: UTF8.self), isDirectory: true) { return true }
        }
        return false
    }

    static let slash = UInt8(ascii: "/")

    private func matchesBytes(_ path: ArraySlice<UInt8>) -> Bool {
        let normalised = Array(path)
        return alternatives.contains { Matcher(tokens: $0, path: normalised).matches() }
    }
}

/// A pattern that cannot be parsed.
public struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pattern: String
    public var message: String

    public var description: String { "invalid pattern '\(pattern)': \(message)" }
}
