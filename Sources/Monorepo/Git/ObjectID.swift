internal import CLibgit2

/// A git object id (SHA-1), held as its 40-character lowercase hex form.
public struct ObjectID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let hex: String

    /// Validates a full hex object id.
    public init?(hex: String) {
        let lower = hex.lowercased()
        guard lower.count == 40, lower.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.hex = lower
    }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &copy)
        self.hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    /// The first seven characters, as git abbreviates.
    public var short: String { String(hex.prefix(7)) }
    public var description: String { hex }
    public static func < (a: ObjectID, b: ObjectID) -> Bool { a.hex < b.hex }
}
