/// Service names: used in image names, CLI arguments and reports.
public enum ServiceName {
    /// ASCII letters, digits, `.`, `_`, `-`; starting with a letter or digit.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetterOrDigit(first) else { return false }
        return name.utf8.allSatisfy { isLetterOrDigit($0) || isPunctuation($0) }
    }

    static func validate(_ name: String, orThrow error: @autoclosure () -> Error) throws {
        guard isValid(name) else { throw error() }
    }

    /// A valid name made from a directory path: `services/api` → `api`; the root gets `root`.
    /// Characters other than letters, digits, `.`, `_` and `-` become `-`; a name that still does
    /// not start with a letter or digit (or holds non-ASCII letters) gets `svc-` in front.
    static func derived(fromPath path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? "root"
        guard last.utf8.allSatisfy({ $0 < 0x80 }) else {
            let cleaned = String(last.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "-" })
            return isValid(cleaned) ? cleaned.lowercased() : "svc-" + cleaned.lowercased()
        }
        // ASCII (nearly every directory name): bytes, without Unicode tables.
        let bytes = last.utf8.map { byte -> UInt8 in
            guard isLetterOrDigit(byte) || isPunctuation(byte) else { return UInt8(ascii: "-") }
            return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }
        let cleaned = String(decoding: bytes, as: UTF8.self)
        return isLetterOrDigit(bytes[0]) ? cleaned : "svc-" + cleaned
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isPunctuation(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
