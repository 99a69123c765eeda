import Foundation
import Documents

/// Reads ecosystem files (package.json, Cargo.toml, go.mod, ...) below the monorepo root.
/// Errors name the file relative to the root.
public struct ManifestReader: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The text of a file, or nil when it does not exist.
    public func text(_ path: String) throws -> String? {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "the file is not valid UTF-8")
        }
        return text
    }

    /// A parsed file, or nil when it does not exist.
    public func document(_ path: String, _ format: Document.Format) throws -> Document? {
        guard let text = try text(path) else { return nil }
        do {
            return try Document(file: path, text: text, format: format)
        } catch {
            throw MonorepoError.invalidManifest(file: error.file, line: error.line, message: error.message)
        }
    }
}
