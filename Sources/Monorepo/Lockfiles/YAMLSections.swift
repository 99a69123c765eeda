/// A YAML lockfile (pnpm-lock.yaml, Yarn berry's yarn.lock) split into its top-level sections and
/// their entries as written, so a pruned lockfile keeps the kept entries byte for byte.
struct YAMLSections {
    struct Entry {
        /// The entry's key, unquoted (a Yarn berry key may list several descriptors).
        var key: String
        var text: String
    }

    struct Section {
        /// The section's line (`packages:`), or the whole top-level text for a scalar key.
        var header: String
        var key: String
        var entries: [Entry]
        /// Text in the section before its first entry (none in practice).
        var preamble: String
    }

    var leading: String
    var sections: [Section]

    /// Splits on top-level keys (no indentation) and, inside each, on entries two spaces in.
    init(_ text: String) {
        leading = ""
        sections = []
        var current: Section?
        var entry: Entry?
        func flushEntry() {
            if let done = entry { current?.entries.append(done) }
            entry = nil
        }
        func flushSection() {
            flushEntry()
            if let done = current { sections.append(done) }
            current = nil
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let indentation = line.prefix { $0 == " " }.count
            if line.isEmpty || line.allSatisfy({ $0 == " " }) {
                if entry != nil { entry!.text += "\n" } else if current != nil { current!.preamble += "\n" } else { leading += "\n" }
                continue
            }
            if indentation == 0, !line.hasPrefix("#") {
                flushSection()
                current = Section(header: line, key: Self.key(of: line), entries: [], preamble: "")
                continue
            }
            guard current != nil else {
                leading += line + "\n"
                continue
            }
            if indentation == 2, !line.dropFirst(2).hasPrefix("#") {
                flushEntry()
                entry = Entry(key: Self.key(of: String(line.dropFirst(2))), text: line + "\n")
                continue
            }
            if entry != nil { entry!.text += line + "\n" } else { current!.preamble += line + "\n" }
        }
        flushSection()
    }

    /// The key of a `key: value` or `key:` line, quotes removed.
    static func key(of line: String) -> String {
        var text = Substring(line)
        if let quote = text.first, quote == "\"" || quote == "'" {
            text = text.dropFirst()
            var key = ""
            var escaped = false
            for character in text {
                if escaped {
                    key.append(character)
                    escaped = false
                } else if character == "\\" && quote == "\"" {
                    escaped = true
                } else if character == quote {
                    return key
                } else {
                    key.append(character)
                }
            }
            return key
        }
        guard let colon = text.range(of: ": ") ?? (text.hasSuffix(":") ? text.index(before: text.endIndex)..<text.endIndex : nil) else {
            return String(text)
        }
        return String(text[..<colon.lowerBound])
    }

    /// The text with only the top-level keys `keep` accepts (Yarn berry, whose entries are top-level).
    func text(keepingTopLevel keep: (_ key: String) -> Bool) -> String {
        var out = leading
        for section in sections where keep(section.key) {
            out += section.header + "\n" + section.preamble + section.entries.map(\.text).joined()
        }
        return out
    }

    /// The text with, in the named sections, only the entries `keep` accepts.
    func text(keeping keep: (_ section: String, _ key: String) -> Bool) -> String {
        var out = leading
        for section in sections {
            out += section.header + "\n" + section.preamble
            for entry in section.entries where keep(section.key, entry.key) { out += entry.text }
        }
        return out
    }
}
