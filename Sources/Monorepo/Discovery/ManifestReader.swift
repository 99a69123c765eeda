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
    /// The root with its symbolic links resolved.
    private let realRoot: String
    private let cache = Cache()

    public init(root: URL) {
        self.root = root
        rootPath = root.path.hasSuffix("/") && root.path.count > 1 ? String(root.path.dropLast()) : root.path
        if let resolved = realpath(rootPath, nil) {
            realRoot = String(cString: resolved)
            free(resolved)
        } else {
            realRoot = rootPath
        }
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
        let full = rootPath + "/" + path
        var link = stat()
        guard lstat(full, &link) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        if link.st_mode & S_IFMT == S_IFLNK {
            // A link is read only where it leads inside the repository.
            guard let target = realpath(full, nil) else {
                throw MonorepoError.invalidManifest(file: path, line: nil, message: "is a symbolic link to a file that does not exist; fix or remove the link")
            }
            let resolved = String(cString: target)
            free(target)
            guard resolved.hasPrefix(realRoot + "/") else {
                throw MonorepoError.invalidManifest(file: path, line: nil,
                                                    message: "is a symbolic link to \(resolved), outside the repository; nixpacks-ci reads files inside the repository only")
            }
        }
        // O_NONBLOCK: opening a FIFO never waits for a writer; fstat then refuses it.
        let descriptor = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            let kind = info.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file (a FIFO, socket or device)"
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "is \(kind); nixpacks-ci reads regular files only")
        }
        guard Int(info.st_size) <= Document.maximumBytes else {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "is \(info.st_size) bytes, more than the \(Document.maximumBytes) a manifest may have")
        }
        guard let bytes = FileSystem.readToEnd(descriptor) else {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MonorepoError.invalidManifest(file: path, line: nil, message: "the file is not valid UTF-8")
        }
        return text
    }
}
