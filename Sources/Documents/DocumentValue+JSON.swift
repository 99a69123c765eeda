extension DocumentValue {
    /// The value as JSON: keys sorted (the empty key first, as npm writes it), `indentation`
    /// spaces per level, no trailing newline. The same value always gives the same bytes.
    public func jsonText(indentation: Int = 2) -> String {
        var out = ""
        write(into: &out, level: 0, indentation: indentation)
        return out
    }

    private func write(into out: inout String, level: Int, indentation: Int) {
        let pad = String(repeating: " ", count: (level + 1) * indentation)
        let closing = String(repeating: " ", count: level * indentation)
        switch self {
        case let .string(text), let .datetime(text): out += JSONString.quoted(text)
        case let .integer(number): out += String(number)
        case let .double(number): out += number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case let .bool(flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case let .array(items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                item.write(into: &out, level: level + 1, indentation: indentation)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case let .table(table):
            if table.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            let keys = table.keys.sorted()
            for (index, key) in keys.enumerated() {
                out += pad + JSONString.quoted(key) + ": "
                table[key]!.write(into: &out, level: level + 1, indentation: indentation)
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }
}
