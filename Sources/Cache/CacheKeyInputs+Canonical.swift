import Host
import Glibc

/// The canonical JSON of key inputs, written by hand: the bytes `JSONEncoder` gives with
/// `.sortedKeys` and `.withoutEscapingSlashes` (keys in UTF-8 byte order, no whitespace), which
/// `CacheKeyCanonicalTests` checks against it, at a fraction of its cost (a cold run keys
/// thousands of services, each with a context of hundreds of entries).
extension CacheKeyInputs {
    var canonicalJSON: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096 + context.count * 96 + plan.utf8.count + dockerfile.utf8.count)
        var writer = CanonicalJSONWriter(out: out)
        writer.object([
            ("buildArguments", { $0.object(buildArguments) }),
            ("context", { $0.object(context) }),
            ("dependencies", { $0.object(dependencies) }),
            ("dockerfile", { $0.string(dockerfile) }),
            ("environment", { writer in
                writer.object([
                    ("baseImages", { $0.array(environment.baseImages) }),
                    ("identities", { $0.array(environment.identities) }),
                    ("packageSource", { $0.string(environment.packageSource) }),
                    ("unstableBecause", { $0.array(environment.unstableBecause) }),
                ])
            }),
            ("format", { $0.string(format) }),
            ("options", { $0.object(options) }),
            ("plan", { $0.string(plan) }),
            ("secretNames", { $0.array(secretNames) }),
            ("service", { $0.string(service) }),
        ])
        out = writer.out
        return out
    }
}

struct CanonicalJSONWriter {
    var out: [UInt8]

    /// Members in the order given (already sorted by key).
    mutating func object(_ members: [(String, (inout CanonicalJSONWriter) -> Void)]) {
        out.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(member.0)
            out.append(UInt8(ascii: ":"))
            member.1(&self)
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func object(_ dictionary: [String: String]) {
        out.append(UInt8(ascii: "{"))
        for (index, (key, value)) in dictionary.sorted(by: { UTF8Order.precedes($0.key, $1.key) }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(key)
            out.append(UInt8(ascii: ":"))
            string(value)
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func array(_ values: [String]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(value)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func string(_ text: String) {
        out.append(UInt8(ascii: "\""))
        UTF8Order.withBytes(text) { bytes in
            // Runs of bytes that need no escape are copied whole.
            var start = 0
            for (position, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
                escape(byte)
                start = position + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func escape(_ byte: UInt8) {
        let hex = Self.hexDigits
        switch byte {
        case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        default: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }
}
