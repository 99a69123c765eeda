import Foundation

/// What a Nix package name of a Nixpacks plan stands for, as far as the debian source cares:
/// a language (whose Debian version is chosen by release and request), a PHP extension or
/// Composer (named after the chosen PHP), or any other package.
enum NixPackageName: Hashable {
    /// `nodejs_20`, `python311`, `go_1_22`, `php83`, `jdk17`, `rust-bin...`: the version in the
    /// name when there is one.
    case language(VersionRequest.Tool, version: String?)
    /// `(php83.withExtensions (pe: pe.enabled ++ [pe.all.redis]))`: PHP and the extensions named.
    case phpWithExtensions([String])
    /// `php83Extensions.redis`.
    case phpExtension(String)
    /// `php83Packages.composer`.
    case composer
    case other(String)

    init(_ name: String) {
        if let match = Self.capture(#"^nodejs(?:_(\d+))?$"#, name) {
            self = .language(.node, version: match)
        } else if let match = Self.capture(#"^python(\d+)?$"#, name) {
            // python3 is unversioned; python311 is 3.11, python27 is 2.7.
            self = .language(.python, version: match.flatMap { $0.count > 1 ? "\($0.prefix(1)).\($0.dropFirst())" : nil })
        } else if let match = Self.capture(#"^go(?:_1_(\d+))?$"#, name) {
            self = .language(.go, version: match.map { "1.\($0)" })
        } else if name.contains("rust-bin") {
            self = .language(.rust, version: Self.capture(#"rust-bin\.stable\."([0-9.]+)""#, name) ?? nil)
        } else if let match = Self.capture(#"^elixir(?:_1_(\d+))?$"#, name) {
            self = .language(.elixir, version: match.map { "1.\($0)" })
        } else if let match = Self.capture(#"^jdk(\d+)?$"#, name) {
            self = .language(.java, version: match)
        } else if let match = Self.capture(#"^php(\d\d)?$"#, name) {
            self = .language(.php, version: match.map { "\($0.prefix(1)).\($0.dropFirst())" })
        } else if name.hasPrefix("(php"), name.contains(".withExtensions") {
            self = .phpWithExtensions(Self.captures(#"pe\.all\.([A-Za-z0-9_-]+)"#, name))
        } else if let match = Self.capture(#"^php(?:\d\d)?Extensions\.([A-Za-z0-9_-]+)$"#, name) {
            self = .phpExtension(match ?? "")
        } else if name.range(of: #"^php(\d\d)?Packages\.composer$"#, options: .regularExpression) != nil {
            self = .composer
        } else {
            self = .other(name)
        }
    }

    /// The first capture group of `pattern` in `text`: nil when there is no match, `.some(nil)`
    /// when the group did not take part.
    private static func capture(_ pattern: String, _ text: String) -> String?? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        guard match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text) else { return .some(nil) }
        return .some(String(text[range]))
    }

    private static func captures(_ pattern: String, _ text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
