/// A parsed TOML, JSON or YAML value, as a Sendable value type.
public indirect enum DocumentValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    /// Dates and times, kept as their text.
    case datetime(String)
    case array([DocumentValue])
    case table([String: DocumentValue])
    case null

    public var string: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    public var integer: Int? {
        if case let .integer(value) = self { return value }
        return nil
    }

    public var array: [DocumentValue]? {
        if case let .array(value) = self { return value }
        return nil
    }

    public var table: [String: DocumentValue]? {
        if case let .table(value) = self { return value }
        return nil
    }

    /// The value at a key of a table; nil for any other value.
    public subscript(key: String) -> DocumentValue? {
        table?[key]
    }

    /// The value at a dotted path of nested tables: `value[path: ["tool", "poetry"]]`.
    public subscript(path keys: [String]) -> DocumentValue? {
        var current: DocumentValue? = self
        for key in keys { current = current?[key] }
        return current
    }

    /// An array of strings, or nil if this is not an array or holds something else.
    public var strings: [String]? {
        guard let array else { return nil }
        let values = array.compactMap(\.string)
        return values.count == array.count ? values : nil
    }

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .double: "a number"
        case .bool: "a boolean"
        case .datetime: "a date"
        case .array: "an array"
        case .table: "a table"
        case .null: "null"
        }
    }
}
