/// Bounds on how deeply a document nests, checked on the text before any parser sees it: the
/// parsers (and the conversion to `DocumentValue`) recurse per level, and a hostile file of a few
/// kilobytes (`[[[[...`) would otherwise exhaust the stack. Manifests nest a handful of levels.
enum NestingLimit {
    /// Flow brackets (`[`, `{`) open at once.
    static let maximumDepth = 256
    /// YAML block nesting: the indentation column of a line, and `- ` sequence entries on one line.
    static let maximumIndentation = 1024

    /// Throws naming the line where the document first nests too deeply.
    static func check(_ text: String, file: String, format: Document.Format) throws(DocumentError) {
        var depth = 0
        var line = 1
        var quote: UInt8?
        var escaped = false
        var inComment = false
        var atLineStart = true
        var indentation = 0
        var dashes = 0
        let hash = UInt8(ascii: "#")
        // Quotes and comments start only after a separator (`a'b` and `a#b` are plain text).
        var previous = UInt8(ascii: " ")
        let separators: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "["), UInt8(ascii: "{"),
                                      UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "\n"), UInt8(ascii: "-")]
        for byte in text.utf8 {
            defer { previous = byte }
            if byte == UInt8(ascii: "\n") {
                line += 1
                inComment = false
                atLineStart = true
                indentation = 0
                dashes = 0
                // TOML and YAML strings in quotes end at the line's end (multi-line ones are rare
                // in manifests and cannot open brackets).
                if format != .json { quote = nil }
                continue
            }
            if inComment { continue }
            if let open = quote {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") { escaped = true } else if byte == open { quote = nil }
                continue
            }
            if format == .yaml, atLineStart {
                if byte == UInt8(ascii: " ") { indentation += 1; continue }
                if byte == UInt8(ascii: "-") { dashes += 1; continue }
                atLineStart = false
                if indentation + 2 * dashes > maximumIndentation {
                    throw DocumentError(file: file, line: line, message: "nested more than \(maximumIndentation / 2) levels deep; a manifest needs a few")
                }
            }
            switch byte {
            case UInt8(ascii: "\"") where format == .json || separators.contains(previous): quote = byte
            case UInt8(ascii: "'") where format != .json && separators.contains(previous): quote = byte
            case hash where format != .json && separators.contains(previous): inComment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumDepth {
                    throw DocumentError(file: file, line: line, message: "nested more than \(maximumDepth) levels deep; a manifest needs a few")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
    }
}
