import Dispatch
import Documents
import Foundation
import Synchronization

/// Reads ecosystem files (package.json, Cargo.toml, go.mod, ...) below the monorepo root.
/// Errors name the file relative to the root. Texts and parsed documents are cached, so discovery
/// and every inferrer read and parse a file once; `prefetch` reads many files on all cores.
public struct ManifestReader: Sendable {
    public let root: URL
    private let rootPath: String
    private let cache = Cache()

    public init(root: URL) {
        self.root = root
        rootPath = root.path.hasSuffix("/") && root.path.count > 1 ? String(root.path.dropLast()) : root.path
    }

    private final class Cache: Sendable {
        let texts = Mutex<[String: Result<String?, MonorepoError>]>([:])
        let documents = Mutex<[String: Result<Document?, MonorepoError>]>([:])
    }

    /// Every path read or looked for so far (the graph cache's dependencies).
    public var readPaths: [String] { cache.texts.withLock { Array($0.keys) } }

    /// The text of a file, or nil when it does not exist.
    public func text(_ path: String) throws -> String? {
        if let cached = cache.texts.withLock({ $0[path] }) { return try cached.get() }
        let result = Result { try readText(path) }.mapError { $0 as? MonorepoError ?? .invalidManifest(file: path, line: nil, message: "\($0)") }
        cache.texts.withLock { $0[path] = result }
        return try result.get()
    }

    /// A parsed file, or nil when it does not exist.
    public func document(_ path: String, _ format: Document.Format) throws -> Document? {
        if let cached = cache.documents.withLock({ $0[path] }) { return try cached.get() }
        let result = Result { () throws(MonorepoError) -> Document? in
            guard let text = try self.textTyped(path) else { return nil }
            do {
                return try Document(file: path, text: text, format: format)
            } catch let error as DocumentError {
                throw MonorepoError.invalidManifest(file: error.file, line: error.line, message: error.message)
            } catch {
                throw MonorepoError.invalidManifest(file: path, line: nil, message: "\(error)")
            }
        }
        cache.documents.withLock { $0[path] = result }
        return try result.get()
    }

    /// Reads (and parses, by extension) these files in parallel, filling the cache. Errors are kept
    /// for the caller that asks for the file.
    public func prefetch(_ paths: [String]) {
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            if path.hasSuffix(".json") {
                _ = try? document(path, .json)
            } else if path.hasSuffix(".toml") || path.hasSuffix("Pipfile") {
                _ = try? document(path, .toml)
            } else if path.hasSuffix(".yaml") {
                _ = try? document(path, .yaml)
            } else {
                _ = try? text(path)
            }
        }
    }

    private func textTyped(_ path: String) throws(MonorepoError) -> String? {
        do {
            return try text(path)
        } catch let error as MonorepoError {
            throw error
        } catch {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "\(error)")
        }
    }

    private func readText(_ path: String) throws -> String? {
        // POSIX calls: Foundation's URL and FileManager cost several times the read itself, and
        // discovery reads about one file per service.
        let descriptor = open(rootPath + "/" + path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        guard let bytes = FileSystem.readToEnd(descriptor) else {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "the file is not valid UTF-8")
        }
        return text
    }
}
