import Foundation
internal import TOMLKit
internal import Yams

extension Document {
    static func parseTOML(file: String, text: String) throws(DocumentError) -> DocumentValue {
        do {
            let table = try TOMLTable(string: text)
            return convert(table)
        } catch let error as TOMLParseError {
            throw DocumentError(file: file, line: error.source.begin.line, message: "invalid TOML: \(error.description)")
        } catch {
            throw DocumentError(file: file, line: nil, message: "invalid TOML: \(error)")
        }
    }

    private static func convert(_ value: TOMLValueConvertible) -> DocumentValue {
        switch value.type {
        case .table:
            guard let table = value.table else { return .null }
            var result: [String: DocumentValue] = [:]
            for (key, item) in table { result[key] = convert(item) }
            return .table(result)
        case .array:
            guard let array = value.array else { return .null }
            return .array(array.map { convert($0) })
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .double(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .date, .time, .dateTime: return .datetime(value.tomlValue.debugDescription)
        }
    }

    static func parseJSON(file: String, text: String) throws(DocumentError) -> DocumentValue {
        do {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            return convert(json: object)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            // An unterminated document is reported at its last line.
            let endLine = detail.contains("end of file") ? text.split(separator: "\n", omittingEmptySubsequences: false).count : nil
            throw DocumentError(file: file, line: lineNumber(in: detail) ?? line(atCharacterIn: detail, of: text) ?? endLine,
                                message: "invalid JSON: \(detail)")
        }
    }

    private static func convert(json: Any) -> DocumentValue {
        switch json {
        case let dictionary as [String: Any]:
            return .table(dictionary.mapValues { convert(json: $0) })
        case let array as [Any]:
            return .array(array.map { convert(json: $0) })
        case let string as String:
            return .string(string)
        case let number as NSNumber:
            // Foundation hands JSON booleans over as NSNumber with the C type "c".
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            if number.doubleValue == Double(number.intValue) { return .integer(number.intValue) }
            return .double(number.doubleValue)
        default:
            return .null
        }
    }

    static func parseYAML(file: String, text: String) throws(DocumentError) -> DocumentValue {
        do {
            guard let node = try Yams.compose(yaml: text) else { return .null }
            // Aliases share nodes: a few lines can stand for billions of them. Count what is built.
            var budget = maximumYAMLNodes
            guard let value = convert(node, budget: &budget) else {
                throw DocumentError(file: file, line: nil, message: "invalid YAML: its aliases expand to more than \(maximumYAMLNodes) values")
            }
            return value
        } catch let error as DocumentError {
            throw error
        } catch let error as YamlError {
            throw DocumentError(file: file, line: lineNumber(in: "\(error)"), message: "invalid YAML: \(error)")
        } catch {
            throw DocumentError(file: file, line: nil, message: "invalid YAML: \(error)")
        }
    }

    /// The most values a YAML document may expand to.
    static let maximumYAMLNodes = 1_000_000

    /// nil when the budget runs out.
    private static func convert(_ node: Node, budget: inout Int) -> DocumentValue? {
        budget -= 1
        if budget < 0 { return nil }
        switch node {
        case let .scalar(scalar):
            // The YAML 1.2 core schema, as serde_yaml reads it: `on`, `yes` and `1:30` stay strings.
            if scalar.style == .plain {
                switch scalar.string {
                case "true", "True", "TRUE": return .bool(true)
                case "false", "False", "FALSE": return .bool(false)
                case "~", "null", "Null", "NULL", "": return .null
                default: if let value = Int(scalar.string) { return .integer(value) }
                }
            }
            return .string(scalar.string)
        case let .mapping(mapping):
            var result: [String: DocumentValue] = [:]
            for (key, value) in mapping {
                guard let converted = convert(value, budget: &budget) else { return nil }
                result[key.string ?? "\(key)"] = converted
            }
            return .table(result)
        case let .sequence(sequence):
            var result: [DocumentValue] = []
            for item in sequence {
                guard let converted = convert(item, budget: &budget) else { return nil }
                result.append(converted)
            }
            return .array(result)
        }
    }

    /// Turns Foundation's "around character N" into a line of `text`.
    private static func line(atCharacterIn message: String, of text: String) -> Int? {
        guard let range = message.range(of: #"character (\d+)"#, options: .regularExpression),
              let offset = Int(message[range].filter(\.isNumber)) else { return nil }
        return text.utf8.prefix(offset).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// Finds "line N" in a parser's message.
    private static func lineNumber(in message: String) -> Int? {
        guard let range = message.range(of: #"line:? (\d+)"#, options: .regularExpression) else { return nil }
        return Int(message[range].filter(\.isNumber))
    }
}
