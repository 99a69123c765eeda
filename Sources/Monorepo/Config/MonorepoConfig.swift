import Foundation
import Documents
import SourceRules

/// `nixpacks-ci.toml` at the monorepo root: which directories are services, which changes count, and
/// declared dependencies. Every key is optional; docs/configuration.md documents them.
public struct MonorepoConfig: Sendable, Hashable {
    public static let fileName = "nixpacks-ci.toml"

    /// Zero-configuration discovery of services by their files.
    public var autoDiscover = true
    /// When not empty, only directories matching one of these globs become services by discovery.
    public var include: [PathPattern] = []
    /// Directories matching these globs are never services by discovery.
    public var exclude: [PathPattern] = []
    /// Changes to matching paths never trigger a build (docs, `*.md`).
    public var ignore: [PathPattern] = []
    /// Changes to matching paths affect every service.
    public var globalTriggers: [PathPattern] = []
    /// Services named explicitly, sorted by name.
    public var services: [ServiceSettings] = []

    public init() {}

    /// One `[services.NAME]` table.
    public struct ServiceSettings: Sendable, Hashable {
        public var name: String
        /// Directory relative to the monorepo root.
        public var path: String
        /// Image name; default: the service name.
        public var image: String?
        public var dependsOn: [String] = []
        /// Extra paths (globs, relative to the monorepo root) whose changes affect this service.
        public var inputs: [PathPattern] = []
        /// A library is a graph node that is never built as an image.
        public var library = false
    }

    /// Reads `nixpacks-ci.toml` from `root`; a missing file gives the defaults.
    public static func load(root: URL) throws -> MonorepoConfig {
        let url = root.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return MonorepoConfig() }
        do {
            return try MonorepoConfig(document: try Document.read(url, format: .toml, displayName: fileName))
        } catch let error as DocumentError {
            throw MonorepoError.invalidConfig(file: error.file, line: error.line, key: nil, message: error.message)
        }
    }

    /// Decodes and validates a parsed document; unknown keys and wrong types are errors.
    public init(document: Document) throws {
        let reader = KeyReader(document: document)
        let top = try reader.table([], allowed: ["version", "discovery", "changes", "services"])
        if let version = top["version"] {
            guard version.integer == 1 else {
                throw reader.error(["version"], "only version = 1 exists; found \(version)")
            }
        }
        if top["discovery"] != nil {
            let discovery = try reader.table(["discovery"], allowed: ["auto", "include", "exclude"])
            autoDiscover = try reader.bool(["discovery", "auto"], in: discovery) ?? true
            include = try reader.globs(["discovery", "include"], in: discovery)
            exclude = try reader.globs(["discovery", "exclude"], in: discovery)
        }
        if top["changes"] != nil {
            let changes = try reader.table(["changes"], allowed: ["ignore", "global"])
            ignore = try reader.globs(["changes", "ignore"], in: changes)
            globalTriggers = try reader.globs(["changes", "global"], in: changes)
        }
        if top["services"] != nil {
            let table = try reader.table(["services"], allowed: nil)
            for name in table.keys.sorted() {
                let keyPath = ["services", name]
                try ServiceName.validate(name, orThrow: reader.error(keyPath, "a service name uses letters, digits, '.', '_' and '-', and starts with a letter or digit"))
                let entry = try reader.table(keyPath, allowed: ["path", "image", "dependsOn", "inputs", "library"])
                guard let path = try reader.string(keyPath + ["path"], in: entry) else {
                    throw reader.error(keyPath, "a service needs path = \"<directory relative to the repository root>\"")
                }
                let normalised = RelativePath.normalise(path)
                guard !normalised.hasPrefix("..") else {
                    throw reader.error(keyPath + ["path"], "'\(path)' leaves the repository")
                }
                services.append(ServiceSettings(
                    name: name, path: normalised,
                    image: try reader.string(keyPath + ["image"], in: entry),
                    dependsOn: try reader.strings(keyPath + ["dependsOn"], in: entry),
                    inputs: try reader.globs(keyPath + ["inputs"], in: entry),
                    library: try reader.bool(keyPath + ["library"], in: entry) ?? false))
            }
        }
    }
}

/// Reads typed values at key paths of a document and reports wrong types and unknown keys.
private struct KeyReader {
    let document: Document

    func error(_ keyPath: [String], _ message: String) -> MonorepoError {
        MonorepoError.invalidConfig(file: document.file, line: document.line(of: keyPath),
                                    key: keyPath.joined(separator: "."), message: message)
    }

    func table(_ keyPath: [String], allowed: Set<String>?) throws -> [String: DocumentValue] {
        guard let table = document.root[path: keyPath]?.table else {
            throw error(keyPath, "expected a table, found \(document.root[path: keyPath]?.typeName ?? "nothing")")
        }
        if let allowed {
            for key in table.keys.sorted() where !allowed.contains(key) {
                throw error(keyPath + [key], "unknown key; known keys here: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        return table
    }

    func string(_ keyPath: [String], in table: [String: DocumentValue]) throws -> String? {
        guard let value = table[keyPath.last!] else { return nil }
        guard let string = value.string else { throw error(keyPath, "expected a string, found \(value.typeName)") }
        return string
    }

    func bool(_ keyPath: [String], in table: [String: DocumentValue]) throws -> Bool? {
        guard let value = table[keyPath.last!] else { return nil }
        guard let bool = value.bool else { throw error(keyPath, "expected true or false, found \(value.typeName)") }
        return bool
    }

    func strings(_ keyPath: [String], in table: [String: DocumentValue]) throws -> [String] {
        guard let value = table[keyPath.last!] else { return [] }
        guard let strings = value.strings else { throw error(keyPath, "expected an array of strings, found \(value.typeName)") }
        return strings
    }

    /// Globs in `.gitignore` syntax (docs/configuration.md), each checked as it is read.
    func globs(_ keyPath: [String], in table: [String: DocumentValue]) throws -> [PathPattern] {
        try strings(keyPath, in: table).map { text in
            do {
                let pattern = try PathPattern(text, syntax: .gitignore)
                guard !pattern.isNegated else { throw error(keyPath, "'\(text)': a '!' exception has no meaning here; list only what to match") }
                return pattern
            } catch let failure as PatternError {
                throw error(keyPath, failure.description)
            }
        }
    }
}
