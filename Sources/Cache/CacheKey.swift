import Crypto
import Foundation

/// A content-addressed cache key: SHA-256 (hex) of the canonical JSON of `CacheKeyInputs`.
public struct CacheKey: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let hex: String

    /// Validates a 64-character lowercase hex key.
    public init?(hex: String) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.hex = hex
    }

    public init(_ inputs: CacheKeyInputs) {
        let digest = SHA256.hash(data: Self.canonicalBytes(inputs))
        hex = Self.hexString(digest)
    }

    static func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Sorted keys, no whitespace, no escaped slashes: the same bytes on every machine.
    public static func canonicalBytes(_ inputs: CacheKeyInputs) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(inputs)) ?? Data()
    }

    /// The first 16 characters: image tags and reports.
    public var short: String { String(hex.prefix(16)) }
    public var description: String { hex }
    public static func < (a: CacheKey, b: CacheKey) -> Bool { a.hex < b.hex }
}
