/// Service names: used in image names, CLI arguments and reports.
public enum ServiceName {
    /// Letters, digits, `.`, `_`, `-`; starting with a letter or digit.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    static func validate(_ name: String, orThrow error: @autoclosure () -> Error) throws {
        guard isValid(name) else { throw error() }
    }

    /// A valid name made from a directory path: `services/api` → `api`; the root gets `root`.
    static func derived(fromPath path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? "root"
        let cleaned = String(last.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "-" })
        return isValid(cleaned) ? cleaned.lowercased() : "svc-" + cleaned.lowercased()
    }
}
