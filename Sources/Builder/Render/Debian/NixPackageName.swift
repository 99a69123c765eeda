

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
        if let version = Self.suffix(of: name, after: "nodejs", separator: "_") {
            self = .language(.node, version: version)
        } else if name.hasPrefix("python"), let digits = Self.digits(name.dropFirst("python".count)) {
            // python3 is unversioned; python311 is 3.11, python27 is 2.7.
            self = .language(.python, version: digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : nil)
        } else if let version = Self.suffix(of: name, after: "go", separator: "_1_") {
            self = .language(.go, version: version.map { "1.\($0)" })
        } else if name.contains("rust-bin") {
            var version: String?
            if let start = name.range(of: "rust-bin.stable.\"") {
                let rest = name[start.upperBound...]
                let text = rest.prefix { $0 != "\"" }
                if text.allSatisfy({ $0.isNumber || $0 == "." }), !text.isEmpty { version = String(text) }
            }
            self = .language(.rust, version: version)
        } else if let version = Self.suffix(of: name, after: "elixir", separator: "_1_") {
            self = .language(.elixir, version: version.map { "1.\($0)" })
        } else if let version = Self.suffix(of: name, after: "jdk", separator: "") {
            self = .language(.java, version: version)
        } else if let version = Self.suffix(of: name, after: "php", separator: ""), version.map({ $0.count == 2 }) ?? true {
            self = .language(.php, version: version.map { "\($0.prefix(1)).\($0.dropFirst())" })
        } else if name.hasPrefix("(php"), name.contains(".withExtensions") {
            var extensions: [String] = []
            var rest = Substring(name)
            while let range = rest.range(of: "pe.all.") {
                let word = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                if !word.isEmpty { extensions.append(String(word)) }
                rest = rest[range.upperBound...]
            }
            self = .phpWithExtensions(extensions)
        } else if let (prefix, rest) = Self.split(name, at: "Extensions."), Self.isPHP(prefix) {
            self = .phpExtension(rest)
        } else if let (prefix, rest) = Self.split(name, at: "Packages."), Self.isPHP(prefix), rest == "composer" {
            self = .composer
        } else {
            self = .other(name)
        }
    }

    /// `name` is `base` alone (`.some(nil)`), or `base` + `separator` + digits (`.some(digits)`).
    private static func suffix(of name: String, after base: String, separator: String) -> String?? {
        guard name.hasPrefix(base) else { return nil }
        let rest = name.dropFirst(base.count)
        if rest.isEmpty { return .some(nil) }
        guard rest.hasPrefix(separator), let digits = digits(rest.dropFirst(separator.count)), !digits.isEmpty else { return nil }
        return .some(digits)
    }

    /// The text if it is all ASCII digits (possibly empty), else nil.
    private static func digits(_ text: Substring) -> String? {
        text.allSatisfy({ $0.isASCII && $0.isNumber }) ? String(text) : nil
    }

    private static func split(_ name: String, at marker: String) -> (String, String)? {
        guard let range = name.range(of: marker) else { return nil }
        return (String(name[..<range.lowerBound]), String(name[range.upperBound...]))
    }

    /// `php` or `php` and two digits.
    private static func isPHP(_ text: String) -> Bool {
        guard text.hasPrefix("php") else { return false }
        let rest = text.dropFirst(3)
        return rest.isEmpty || (rest.count == 2 && rest.allSatisfy { $0.isASCII && $0.isNumber })
    }
}
