import Foundation

/// Node.js version selection (spec §3.2): the highest even major in 22, 20, 18, 16, 14 whose
/// `N.x.x` range intersects the requested semver range; 18 by default.
enum NodeVersion {
    static let majors = [22, 20, 18, 16, 14]
    static let defaultMajor = 18

    /// `.nvmrc` aliases.
    static let aliases: [String: String] = [
        "lts/*": "22", "lts/jod": "22", "lts/iron": "20", "lts/hydrogen": "18", "lts/gallium": "16", "lts/fermium": "14",
        "lts/erbium": "12", "lts/dubnium": "10", "lts/carbon": "8", "lts/boron": "6", "lts/argon": "4",
    ]

    /// The major for a requested version; `warning` is set when the value cannot be parsed.
    static func major(for requested: String?, warning: inout String?) -> Int {
        guard var text = requested?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text != "*" else {
            return defaultMajor
        }
        if let alias = aliases[text.lowercased()] { text = alias }
        guard let range = SemverRange(text) else {
            warning = "cannot parse the Node version '\(text)'; using Node \(defaultMajor)"
            return defaultMajor
        }
        return majors.first { range.intersects(Interval(low: Bound(Triple($0, 0, 0), inclusive: true),
                                                         high: Bound(Triple($0 + 1, 0, 0), inclusive: false))) } ?? defaultMajor
    }
}

struct Triple: Comparable, Hashable {
    var major: Int, minor: Int, patch: Int
    init(_ major: Int, _ minor: Int, _ patch: Int) { (self.major, self.minor, self.patch) = (major, minor, patch) }
    static func < (a: Triple, b: Triple) -> Bool { (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
}

struct Bound: Hashable {
    var value: Triple
    var inclusive: Bool

    init(_ value: Triple, inclusive: Bool) {
        self.value = value
        self.inclusive = inclusive
    }
}

/// A version interval; nil bounds are unbounded.
struct Interval: Hashable {
    var low: Bound?
    var high: Bound?

    static let all = Interval(low: nil, high: nil)

    func intersecting(_ other: Interval) -> Interval {
        var result = self
        if let low = other.low, result.low == nil || low.value > result.low!.value || (low.value == result.low!.value && !low.inclusive) {
            result.low = low
        }
        if let high = other.high, result.high == nil || high.value < result.high!.value || (high.value == result.high!.value && !high.inclusive) {
            result.high = high
        }
        return result
    }

    var isEmpty: Bool {
        guard let low, let high else { return false }
        return low.value > high.value || (low.value == high.value && !(low.inclusive && high.inclusive))
    }
}

/// An npm-style semver range: `||` alternatives of space-separated comparators (`>=`, `<`, `^`, `~`,
/// x-ranges, hyphen ranges).
struct SemverRange {
    var alternatives: [Interval]

    init?(_ text: String) {
        var alternatives: [Interval] = []
        for part in text.components(separatedBy: "||") {
            let tokens = part.split(separator: " ").map(String.init)
            var interval = Interval.all
            if tokens.isEmpty { alternatives.append(.all); continue }
            if tokens.count == 3, tokens[1] == "-" {
                guard let low = Partial(tokens[0]), let high = Partial(tokens[2]) else { return nil }
                interval = Interval(low: Bound(low.floor, inclusive: true), high: high.upperBound(inclusive: true))
                alternatives.append(interval)
                continue
            }
            var index = 0
            while index < tokens.count {
                var token = tokens[index]
                // `>= 14` written with a space.
                if [">", ">=", "<", "<=", "=", "^", "~"].contains(token), index + 1 < tokens.count {
                    token += tokens[index + 1]
                    index += 1
                }
                guard let comparator = Self.comparator(token) else { return nil }
                interval = interval.intersecting(comparator)
                index += 1
            }
            alternatives.append(interval)
        }
        self.alternatives = alternatives
    }

    func intersects(_ other: Interval) -> Bool {
        alternatives.contains { !$0.intersecting(other).isEmpty }
    }

    private static func comparator(_ token: String) -> Interval? {
        var text = token
        var op = ""
        for candidate in [">=", "<=", ">", "<", "=", "^", "~"] where text.hasPrefix(candidate) {
            op = candidate
            text.removeFirst(candidate.count)
            break
        }
        if text.hasPrefix("v") { text.removeFirst() }
        guard let version = Partial(text) else { return nil }
        switch op {
        case ">=": return Interval(low: Bound(version.floor, inclusive: true), high: nil)
        case ">": return version.isFull ? Interval(low: Bound(version.floor, inclusive: false), high: nil)
            : Interval(low: Bound(version.next, inclusive: true), high: nil)
        case "<": return Interval(low: nil, high: Bound(version.floor, inclusive: false))
        case "<=": return Interval(low: nil, high: version.upperBound(inclusive: true))
        case "^":
            let ceiling: Triple
            if version.major != 0 || version.minor == nil { ceiling = Triple(version.major + 1, 0, 0) }
            else if version.minor != 0 || version.patch == nil { ceiling = Triple(0, version.minor! + 1, 0) }
            else { ceiling = Triple(0, 0, version.patch! + 1) }
            return Interval(low: Bound(version.floor, inclusive: true), high: Bound(ceiling, inclusive: false))
        case "~":
            let ceiling = version.minor == nil ? Triple(version.major + 1, 0, 0) : Triple(version.major, version.minor! + 1, 0)
            return Interval(low: Bound(version.floor, inclusive: true), high: Bound(ceiling, inclusive: false))
        default:
            if version.isWildcard { return .all }
            return Interval(low: Bound(version.floor, inclusive: true), high: version.upperBound(inclusive: true))
        }
    }
}

/// A possibly partial version: `14`, `14.x`, `14.2`, `14.2.1`, `*`.
struct Partial {
    var major: Int
    var minor: Int?
    var patch: Int?
    var isWildcard = false

    init?(_ text: String) {
        let core = text.split(separator: "-")[0].split(separator: "+")[0]
        let parts = core.split(separator: ".").map(String.init)
        func number(_ index: Int) -> (Int?, Bool)? {
            guard index < parts.count else { return (nil, true) }
            let part = parts[index]
            if ["x", "X", "*"].contains(part) { return (nil, true) }
            guard let value = Int(part) else { return nil }
            return (value, false)
        }
        guard !parts.isEmpty, let first = number(0), let second = number(1), let third = number(2) else { return nil }
        guard let major = first.0 else {
            self.major = 0
            isWildcard = true
            return
        }
        self.major = major
        minor = second.0
        patch = second.0 == nil ? nil : third.0
    }

    var isFull: Bool { minor != nil && patch != nil }
    var floor: Triple { Triple(major, minor ?? 0, patch ?? 0) }
    /// The first version above this partial one: `14` → 15.0.0, `14.2` → 14.3.0.
    var next: Triple {
        if minor == nil { return Triple(major + 1, 0, 0) }
        if patch == nil { return Triple(major, minor! + 1, 0) }
        return Triple(major, minor!, patch! + 1)
    }

    func upperBound(inclusive: Bool) -> Bound {
        isFull ? Bound(floor, inclusive: inclusive) : Bound(next, inclusive: false)
    }
}
