import Foundation
import Host
internal import TOMLKit
internal import Yams

/// A configuration or manifest file, parsed: its name (as shown in errors), text and value.
public struct Document: Sendable {
    public enum Format: String, Sendable {
        case toml, json, yaml
    }

    public let file: String
    public let text: String
    public let format: Format
    public let root: DocumentValue

    /// Parses `text`; `file` is the name used in errors.
    public init(file: String, text: String, format: Format) throws(DocumentError) {
        self.file = file
        self.text = text
        self.format = format
        try NestingLimit.check(text, file: file, format: format)
        switch format {
        case .toml: root = try Self.parseTOML(file: file, text: text)
        case .json: root = try Self.parseJSON(file: file, text: text)
        case .yaml: root = try Self.parseYAML(file: file, text: text)
        }
    }

    /// Reads and parses a file. `displayName` is how errors name it (default: the path).
    /// The largest document read (16 MiB): manifests and configuration are far smaller, and a
    /// larger file is refused before it is parsed.
    public static let maximumBytes = 16 << 20

    /// What went wrong reading the file, without repeating its path.
    static func reason(_ error: HostError) -> String {
        if case let .file(_, _, reason) = error { return "cannot read the file: \(reason)" }
        return error.description
    }

    public static func read(_ url: URL, format: Format, displayName: String? = nil) throws(DocumentError) -> Document {
        let name = displayName ?? url.path
        let data: [UInt8]
        do {
            data = try FileOperations.read(url.path, limit: Document.maximumBytes)
        } catch {
            throw DocumentError(file: name, line: nil, message: Self.reason(error))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw DocumentError(file: name, line: nil, message: "the file is not valid UTF-8")
        }
        return try Document(file: name, text: text, format: format)
    }

    /// An error about this document at a key path, with the line of that key where it can be found.
    public func error(at keyPath: [String], _ message: String) -> DocumentError {
        DocumentError(file: file, line: line(of: keyPath), message: "key '\(keyPath.joined(separator: "."))': \(message)")
    }

    /// The 1-based line that defines `keyPath`, found by reading the text (TOML tables and keys, JSON
    /// and YAML keys). Best effort: nil when it cannot be told.
    public func line(of keyPath: [String]) -> Int? {
        Self.line(of: keyPath, in: text, format: format)
    }

    /// `line(of:)` of a document's text, without parsing it again.
    public static func line(of keyPath: [String], in text: String, format: Format) -> Int? {
        guard let last = keyPath.last else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        switch format {
        case .toml:
            let header = keyPath.dropLast().joined(separator: ".")
            let full = keyPath.joined(separator: ".")
            var inTable = header.isEmpty
            for (index, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") {
                    let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                        .replacingOccurrences(of: "\"", with: "")
                    if name == full { return index + 1 }
                    inTable = name == header
                    continue
                }
                if inTable, Self.definesKey(line, last) { return index + 1 }
                if header.isEmpty == false, Self.definesKey(line, full) { return index + 1 }
            }
            return nil
        case .json:
            let needle = "\"\(last)\""
            return lines.firstIndex { $0.contains(needle) }.map { $0 + 1 }
        case .yaml:
            return lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("\(last):") }.map { $0 + 1 }
        }
    }

    private static func definesKey(_ line: String, _ key: String) -> Bool {
        for candidate in [key, "\"\(key)\""] where line.hasPrefix(candidate) {
            let rest = line.dropFirst(candidate.count).drop { $0 == " " || $0 == "\t" }
            if rest.first == "=" { return true }
        }
        return false
    }
}
