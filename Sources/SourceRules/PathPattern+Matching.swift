/// Matches one token list against a whole path by simulating it as an automaton, one position at a
/// time: O(tokens × path length), no recursion and no backtracking, whatever a repository holds.
struct Matcher {
    let tokens: [Token]
    let path: [UInt8]

    /// A character is at most 4 bytes, so positions more than 4 ahead are never written: 5 rows.
    private static let rows = 5

    func matches() -> Bool {
        let width = tokens.count + 1
        // at: in front of token t at this position; inside: part way through a `**/` run of token t.
        var at = [Bool](repeating: false, count: Self.rows * width)
        var inside = [Bool](repeating: false, count: Self.rows * width)
        at[0] = true
        for position in 0...path.count {
            let row = (position % Self.rows) * width
            // Tokens that may match nothing pass their position on to the next token.
            for token in 0..<tokens.count where at[row + token] {
                switch tokens[token] {
                case .star, .directories: at[row + token + 1] = true
                default: break
                }
            }
            if position == path.count { return at[row + tokens.count] }
            let byte = path[position]
            let next = ((position + 1) % Self.rows) * width
            for token in 0..<tokens.count where at[row + token] || inside[row + token] {
                let here = at[row + token]
                switch tokens[token] {
                case let .literal(literal):
                    if here, byte == literal { at[next + token + 1] = true }
                case let .anyCharacter(crossesSlash):
                    if here, crossesSlash || byte != PathPattern.slash {
                        let length = Self.decodeScalar(path[...], at: position).length
                        at[((position + length) % Self.rows) * width + token + 1] = true
                    }
                case let .characterClass(characterClass):
                    if here {
                        let (scalar, length) = Self.decodeScalar(path[...], at: position)
                        if characterClass.contains(scalar) { at[((position + length) % Self.rows) * width + token + 1] = true }
                    }
                case let .star(crossesSlash):
                    if here, crossesSlash || byte != PathPattern.slash { at[next + token] = true }
                case .directories:
                    inside[next + token] = true
                    if byte == PathPattern.slash { at[next + token + 1] = true }
                }
            }
            for token in 0..<width {
                at[row + token] = false
                inside[row + token] = false
            }
        }
        return false
    }

    /// The Unicode scalar at `position` and its length in bytes; a malformed byte counts as itself.
    static func decodeScalar(_ bytes: ArraySlice<UInt8>, at position: Int) -> (UInt32, length: Int) {
        let lead = bytes[position]
        let length: Int
        switch lead {
        case 0..<0x80: return (UInt32(lead), 1)
        case 0xC0..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF8: length = 4
        default: return (UInt32(lead), 1)
        }
        guard position + length <= bytes.endIndex else { return (UInt32(lead), 1) }
        var scalar = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for offset in 1..<length {
            let byte = bytes[position + offset]
            guard byte & 0xC0 == 0x80 else { return (UInt32(lead), 1) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        return (scalar, length)
    }
}
