import Foundation

/// A version of a language that the app asked for (as opposed to Nixpacks' default), and where it
/// asked. The nix source reads versions from the Nix package names; the debian source needs to
/// know which versions are requests, because only a request decides the Debian release: a
/// Nixpacks default (Node 18, PHP 8.3) maps to the release's own version.
public struct VersionRequest: Sendable, Hashable, Codable {
    /// The languages, and the Python package managers, whose versions the providers read.
    public enum Tool: String, Sendable, Hashable, Codable, CaseIterable {
        case node, python, go, rust, php, java, elixir, poetry, pdm, uv

        /// `Node`, `PHP`.
        public var displayName: String {
            switch self {
            case .node: "Node"
            case .python: "Python"
            case .go: "Go"
            case .rust: "Rust"
            case .php: "PHP"
            case .java: "Java"
            case .elixir: "Elixir"
            case .poetry: "Poetry"
            case .pdm: "PDM"
            case .uv: "uv"
            }
        }
    }

    /// How a request is met.
    public enum Meaning: String, Sendable, Hashable, Codable {
        /// An npm- or Composer-style range (`>=18`, `^8.1`, `20`): any version inside it.
        case range
        /// The same major.minor (Python `3.12`) or major (Java `17`).
        case sameRelease
        /// This version or newer (Go's `go` directive, Rust's `rust-version`).
        case minimum
    }

    public var tool: Tool
    /// The version as written (`>=20`, `3.12`, `1.22`).
    public var text: String
    /// Where the app asked (`package.json engines.node`, `NIXPACKS_NODE_VERSION`, `go.mod`).
    public var source: String
    public var meaning: Meaning

    public init(tool: Tool, text: String, source: String, meaning: Meaning) {
        self.tool = tool
        self.text = text
        self.source = source
        self.meaning = meaning
    }

    /// Whether `version` (major.minor.patch, as Debian ships it) meets the request; nil when the
    /// request cannot be read as a version (`nightly`, `lts/*` aliases are resolved before).
    public func isMet(by version: [Int]) -> Bool? {
        // Rust's nightly and beta channels are no version Debian ships.
        if text.hasPrefix("nightly") || text.hasPrefix("beta") { return nil }
        let shipped = Triple(version.count > 0 ? version[0] : 0, version.count > 1 ? version[1] : 0, version.count > 2 ? version[2] : 0)
        switch meaning {
        case .range:
            guard let range = SemverRange(Self.npmRange(text)) else { return nil }
            return range.intersects(Interval(low: Bound(shipped, inclusive: true), high: Bound(shipped, inclusive: true)))
        case .sameRelease:
            let wanted = Self.numbers(text)
            guard !wanted.isEmpty else { return nil }
            return zip(wanted.prefix(2), [shipped.major, shipped.minor]).allSatisfy { $0 == $1 }
        case .minimum:
            let wanted = Self.numbers(text)
            guard !wanted.isEmpty else { return nil }
            let floor = Triple(wanted[0], wanted.count > 1 ? wanted[1] : 0, wanted.count > 2 ? wanted[2] : 0)
            return !(shipped < floor)
        }
    }

    /// The leading dotted numbers of `text` (`3.12.1` → [3, 12, 1], `go1.22` → [1, 22]).
    static func numbers(_ text: String) -> [Int] {
        let start = text.drop { !$0.isNumber }
        return start.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
    }

    /// Composer writes alternatives with one `|` and comparators with commas; npm with `||` and spaces.
    static func npmRange(_ text: String) -> String {
        // Elixir's `~> 1.15` is `>= 1.15 and < 2.0`; `~> 1.15.2` is `>= 1.15.2 and < 1.16`.
        var text = text.replacingOccurrences(of: " and ", with: " ").replacingOccurrences(of: " or ", with: " || ")
        if let range = text.range(of: #"~>\s*"#, options: .regularExpression) {
            let rest = text[range.upperBound...]
            let parts = rest.prefix { $0.isNumber || $0 == "." }.split(separator: ".")
            text.replaceSubrange(range, with: parts.count >= 3 ? "~" : "^")
        }
        var result = text.replacingOccurrences(of: "||", with: "|").replacingOccurrences(of: "|", with: " || ")
        result = result.replacingOccurrences(of: ",", with: " ")
        if let alias = NodeVersion.aliases[result.trimmingCharacters(in: .whitespaces).lowercased()] { result = alias }
        return result.split(separator: " ").joined(separator: " ")
    }
}
