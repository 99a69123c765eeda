import Crypto
import Foundation

/// A content-addressed cache key: SHA-256 (hex) of the SHA-256 of the canonical JSON of
/// `CacheKeyInputs` less its dependencies, then one `<length>:<name>=<key>` line per dependency,
/// sorted. The part without the dependencies is hashed without waiting for them
/// (`CacheKeyPrefix`), so services are keyed in parallel and only a few bytes wait for the
/// dependencies' keys.
public struct CacheKey: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let hex: String

    /// Validates a 64-character lowercase hex key.
    public init?(hex: String) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.hex = hex
    }

    public init(_ inputs: CacheKeyInputs) {
        self.init(prefix: CacheKeyPrefix(inputs), dependencies: inputs.dependencies)
    }

    /// The key of the inputs `prefix` was made of, with these dependencies.
    public init(prefix: CacheKeyPrefix, dependencies: [String: String]) {
        var hasher = SHA256()
        hasher.update(data: Data(prefix.digest))
        hasher.update(data: Data("dependencies\n".utf8))
        for (name, key) in dependencies.sorted(by: { $0.key < $1.key }) {
            hasher.update(data: Data("\(name.utf8.count):\(name)=\(key)\n".utf8))
        }
        hex = Self.hexString(hasher.finalize())
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
    /// (`JSONEncoder`'s bytes with `.sortedKeys` and `.withoutEscapingSlashes`, written by hand.)
    public static func canonicalBytes(_ inputs: CacheKeyInputs) -> Data {
        Data(inputs.canonicalJSON)
    }

    /// The first 16 characters: image tags and reports.
    public var short: String { String(hex.prefix(16)) }
    public var description: String { hex }
    public static func < (a: CacheKey, b: CacheKey) -> Bool { a.hex < b.hex }
}

/// The hash of a key's inputs without their dependencies, ready for `CacheKey(prefix:dependencies:)`.
public struct CacheKeyPrefix: Sendable, Hashable {
    /// SHA-256 of the canonical JSON of the inputs with no dependencies.
    let digest: [UInt8]

    public init(_ inputs: CacheKeyInputs) {
        var withoutDependencies = inputs
        withoutDependencies.dependencies = [:]
        digest = withoutDependencies.canonicalJSON.withUnsafeBytes { Array(SHA256.hash(data: $0)) }
    }
}
