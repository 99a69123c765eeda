/// The rules of one ignore file (`.dockerignore` or `.gitignore`), in order, with their lines.
public struct IgnoreRules: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var pattern: PathPattern
        /// 1-based line in the file.
        public var line: Int
    }

    public let syntax: PathPattern.Syntax
    public let rules: [Rule]

    /// No rules: nothing is excluded.
    public static func none(_ syntax: PathPattern.Syntax) -> IgnoreRules { IgnoreRules(syntax: syntax, rules: []) }

    init(syntax: PathPattern.Syntax, rules: [Rule]) {
        self.syntax = syntax
        self.rules = rules
    }

    /// Parses an ignore file's text as Docker (`ignorefile.ReadAll`) or git reads it.
    /// - Parameter file: how to name the file in errors (`services/web/.dockerignore`).
    /// - Throws: `IgnoreFileError` naming the file and line of a pattern that cannot be parsed.
    public init(parsing text: String, syntax: PathPattern.Syntax, file: String) throws(IgnoreFileError) {
        precondition(syntax == .dockerignore || syntax == .gitignore, "ignore files are dockerignore or gitignore")
        self.syntax = syntax
        var rules: [Rule] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        for (offset, rawLine) in lines.enumerated() {
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            guard let pattern = syntax == .dockerignore ? Self.dockerLine(line) : Self.gitLine(line) else { continue }
            do {
                rules.append(Rule(pattern: try PathPattern(pattern, syntax: syntax), line: offset + 1))
            } catch {
                throw IgnoreFileError(file: file, line: offset + 1, message: error.description)
            }
        }
        self.rules = rules
    }

    /// The rules of a file whose bad lines are skipped, as git skips them in a `.gitignore`.
    public static func lenient(_ text: String, syntax: PathPattern.Syntax) -> IgnoreRules {
        var rules: [Rule] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(line)
            if line.hasSuffix("\r") { line.removeLast() }
            guard let pattern = syntax == .dockerignore ? dockerLine(line) : gitLine(line),
                  let parsed = try? PathPattern(pattern, syntax: syntax) else { continue }
            rules.append(Rule(pattern: parsed, line: offset + 1))
        }
        return IgnoreRules(syntax: syntax, rules: rules)
    }

    /// Docker's reading of one line: comments are lines starting with `#`; whitespace is trimmed;
    /// the pattern is cleaned, and a leading `/` dropped (`/a` and `a` are the same).
    static func dockerLine(_ line: String) -> String? {
        if line.hasPrefix("#") { return nil }
        var pattern = line.trimmingASCIIWhitespace()
        if pattern.isEmpty { return nil }
        let invert = pattern.hasPrefix("!")
        if invert { pattern = String(pattern.dropFirst()).trimmingASCIIWhitespace() }
        if !pattern.isEmpty {
            pattern = PathPattern.Parser.goClean(pattern)
            if pattern.count > 1, pattern.hasPrefix("/") { pattern.removeFirst() }
        }
        return invert ? "!" + pattern : pattern
    }

    /// git's reading of one line: `#` starts a comment, trailing spaces go unless escaped.
    static func gitLine(_ line: String) -> String? {
        if line.hasPrefix("#") { return nil }
        var pattern = Substring(line)
        while pattern.hasSuffix(" "), !pattern.hasSuffix("\\ ") { pattern = pattern.dropLast() }
        return pattern.isEmpty ? nil : String(pattern)
    }

    /// Whether the file excludes `path` (relative to the file's directory).
    public func isExcluded(_ path: String, isDirectory: Bool = false) -> Bool {
        guard !rules.isEmpty else { return false }
        switch syntax {
        case .gitignore:
            // git never looks inside an excluded directory, so nothing below it can be re-included.
            var ancestor = ""
            for part in path.split(separator: "/").dropLast() {
                ancestor = ancestor.isEmpty ? String(part) : ancestor + "/" + part
                if lastMatchExcludes(ancestor, isDirectory: true) { return true }
            }
            return lastMatchExcludes(path, isDirectory: isDirectory)
        default:
            // Docker's MatchesOrParentMatches: a pattern applies when it matches the path or a
            // directory above it; an exception is only tried once something excluded the path.
            var excluded = false
            for rule in rules where rule.pattern.isNegated == excluded {
                if rule.pattern.matchesPathOrAncestor(path, isDirectory: isDirectory) { excluded = !rule.pattern.isNegated }
            }
            return excluded
        }
    }

    private func lastMatchExcludes(_ path: String, isDirectory: Bool) -> Bool {
        for rule in rules.reversed() where rule.pattern.matches(path, isDirectory: isDirectory) {
            return !rule.pattern.isNegated
        }
        return false
    }
}

/// An ignore file with a pattern that cannot be parsed.
public struct IgnoreFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String {
        "\(file):\(line): \(message). Docker refuses such a file too; fix or remove the line."
    }
}
