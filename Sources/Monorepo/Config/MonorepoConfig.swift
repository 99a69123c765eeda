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

    /// The file's text, for the lines of errors found after reading it (a path that is no directory).
    public var text: String?

    /// The line of a key path of the file, when there is a file.
    public func line(of keyPath: [String]) -> Int? {
        text.flatMap { Document.line(of: keyPath, in: $0, format: .toml) }
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
        text = document.text
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
            var nameByPath: [String: String] = [:]
            for name in table.keys.sorted() {
                let keyPath = ["services", name]
                try ServiceName.validate(name, orThrow: reader.error(keyPath, "a service name uses letters, digits, '.', '_' and '-', and starts with a letter or digit"))
                let entry = try reader.table(keyPath, allowed: ["path", "image", "dependsOn", "inputs", "library"])
                guard let path = try reader.string(keyPath + ["path"], in: entry) else {
                    throw reader.error(keyPath, "a service needs path = \"<directory relative to the repository root>\"")
                }
                let normalised = try Self.validatedPath(path, keyPath: keyPath + ["path"], reader: reader)
                if let other = nameByPath[normalised] {
                    throw reader.error(keyPath + ["path"], "'\(path)' is also the path of services.\(other); give each service its own directory")
                }
                nameByPath[normalised] = name
                let image = try reader.string(keyPath + ["image"], in: entry)
                if let image, !Self.isValidImageName(image) {
                    throw reader.error(keyPath + ["image"], "'\(image)' is no image name: use lower-case letters, digits, '.', '_', '-' and '/' "
                        + "(a registry host may have a :port), like ghcr.io/acme/api")
                }
                services.append(ServiceSettings(
                    name: name, path: normalised, image: image,
                    dependsOn: try reader.strings(keyPath + ["dependsOn"], in: entry),
                    inputs: try reader.globs(keyPath + ["inputs"], in: entry),
                    library: try reader.bool(keyPath + ["library"], in: entry) ?? false))
            }
        }
    }

    /// A service path: relative, inside the repository, not in `.git`, no NUL; "." is the root.
    static func validatedPath(_ path: String, keyPath: [String], reader: KeyReader) throws -> String {
        if path.isEmpty { throw reader.error(keyPath, "is empty; write \".\" for the repository root") }
        if path.contains("\0") { throw reader.error(keyPath, "holds a NUL character") }
        if path.hasPrefix("/") { throw reader.error(keyPath, "'\(path)' is absolute; write it relative to the repository root") }
        let normalised = RelativePath.normalise(path)
        if normalised.hasPrefix("..") { throw reader.error(keyPath, "'\(path)' leaves the repository") }
        if normalised == ".git" || normalised.hasPrefix(".git/") { throw reader.error(keyPath, "'\(path)' is inside .git, git's own directory") }
        return normalised
    }

    /// A Docker image name without tag or digest: `name`, `org/name`, `host[:port]/org/name`.
    static func isValidImageName(_ image: String) -> Bool {
        var components = image.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !components.isEmpty, image.count <= 255 else { return false }
        if components.count > 1, components[0].contains(".") || components[0].contains(":") || components[0] == "localhost" {
            let host = components.removeFirst()
            let parts = host.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }),
                  parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isNumber)) else { return false }
        }
        return components.allSatisfy { component in
            guard let first = component.first, let last = component.last, !component.isEmpty else { return false }
            let allowed = component.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "_" || $0 == "-" }
            return allowed && (first.isLowercase || first.isNumber) && (last.isLowercase || last.isNumber)
        }
    }
}

/// Reads typed values at key paths of a document and reports wrong types and unknown keys.
struct KeyReader {
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
            // .gitignore patterns have no braces: someone writing `{a,b}` means two patterns.
            if text.contains("{") || text.contains("}") {
                throw error(keyPath, "'\(text)': braces are not glob syntax here (.gitignore patterns); list each alternative as a pattern of its own")
            }
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
