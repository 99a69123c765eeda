import Documents
import Foundation
import Glibc
import Host
import SourceRules
import Synchronization

/// The app directory being planned: file checks, reads with file-and-line errors, and globs.
///
/// Globs follow Nixpacks (spec §3.1): matched on the path relative to the app with `*` crossing `/`
/// (`PathPattern` syntax `nixpacks`, through `SourceTree`'s `hasMatch` and `findFiles`), over a
/// walk that skips `.git` and what the app's `.gitignore` ignores. The walk happens once, on the
/// first glob, so planning reads only what the rules need.
public struct App: Sendable, SourceTree {
    public let root: URL
    /// `root` as a path string: Foundation's URL appending is slow on Linux, and planning 2,000 apps
    /// builds hundreds of thousands of paths.
    private let rootPath: String
    private let cache = Cache()
    /// Files shown at a path of the app that live elsewhere (relative path → absolute path): a
    /// workspace member planned with its workspace's lockfile in view.
    private let overlay: [String: String]
    /// Files whose text nixpacks-ci makes (relative path → text): a workspace member's pruned
    /// lockfile and its workspace's skeleton manifests, planned as the build context holds them.
    private let contents: [String: String]
    /// The root with every symbolic link resolved: what the app's files must resolve inside.
    private let realRoot: String

    /// - Parameters:
    ///   - files: the app's files relative to it, when the caller already knows them (a monorepo
    ///     listing from the git index: the same files the walk would find, without touching the disk).
    ///   - overlay: files to show at a relative path although they live elsewhere (with `files`).
    ///   - contents: files to show at a relative path with this text (with `files`).
    public init(root: URL, files: [String]? = nil, overlay: [String: String] = [:], contents: [String: String] = [:]) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path.hasSuffix("/") ? String(self.root.path.dropLast()) : self.root.path
        realRoot = FileOperations.realPath(rootPath) ?? rootPath
        self.overlay = overlay
        self.contents = contents
        if var files {
            let listed = Set(files)
            files += Set(overlay.keys).union(contents.keys).filter { !listed.contains($0) }
            cache.files.withLock { $0 = files.sorted() }
            var directories: Set<String> = []
            for file in files {
                var path = Substring(file)
                while let slash = path.lastIndex(of: "/") {
                    path = path[..<slash]
                    if !directories.insert(String(path)).inserted { break }
                }
            }
            cache.known.withLock { $0 = (Set(files), directories) }
        }
    }

    private final class Cache: Sendable {
        let files = Mutex<[String]?>(nil)
        let facts = Mutex<[String: Bool]>([:])
        /// With a known file list: its files and directories, so checks need no system call.
        let known = Mutex<(files: Set<String>, directories: Set<String>)?>(nil)
        /// Paths passed over because they lead outside the app (symbolic links), for warnings.
        let outside = Mutex<Set<String>>([])
        let realDirectories = Mutex<[String: String?]>([:])
        /// Files read, by normalised path: detection and several providers read the same files.
        let texts = Mutex<[String: String]>([:])
    }

    /// Files of the app that are symbolic links leading outside it: planning treats them as absent.
    public var linksLeadingOutside: [String] { cache.outside.withLock { $0 }.sorted() }

    public func url(_ path: String) -> URL { URL(fileURLWithPath: absolute(path)) }

    /// The absolute path of a path relative to the app.
    public func absolute(_ path: String) -> String { path.isEmpty ? rootPath : rootPath + "/" + path }

    /// A fact about the app computed once (providers ask some questions in both `plan` and `metadata`).
    func fact(_ key: String, _ compute: () -> Bool) -> Bool {
        if let known = cache.facts.withLock({ $0[key] }) { return known }
        let value = compute()
        cache.facts.withLock { $0[key] = value }
        return value
    }

    private static func normalised(_ path: String) -> String {
        var text = path
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private func fileMode(_ path: String) -> mode_t? {
        var info = Glibc.stat()
        guard stat(absolute(path), &info) == 0, leadsInside(path) else { return nil }
        return info.st_mode
    }

    /// Whether `path` resolves inside the app: a symbolic link to `/`, to `/etc/passwd` or to a
    /// sibling app is no file of this app (the walk never follows links either).
    private func leadsInside(_ path: String) -> Bool {
        let relative = Self.normalised(path)
        let inside: Bool
        var info = Glibc.stat()
        // Most files are no link, in a directory already resolved: one lstat, no readlink. A file
        // that does not exist leads nowhere (reading it fails on its own).
        let plain = !relative.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
        let directory = plain ? realDirectory(relative.lastIndex(of: "/").map { String(relative[..<$0]) } ?? "") : nil
        let found = directory != nil && lstat(absolute(relative), &info) == 0
        if let directory, !found, errno == ENOENT || errno == ENOTDIR, isInsideRoot(directory) { return true }
        if let directory, found, info.st_mode & S_IFMT != S_IFLNK {
            inside = isInsideRoot(directory)
        } else {
            guard let real = FileOperations.realPath(absolute(path)) else { return true }
            inside = isInsideRoot(real)
        }
        if !inside { cache.outside.withLock { _ = $0.insert(relative) } }
        return inside
    }

    private func isInsideRoot(_ real: String) -> Bool {
        real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
    }

    /// A directory's real path (memoised for the app's life), nil when it cannot be resolved.
    private func realDirectory(_ relative: String) -> String? {
        if relative.isEmpty { return realRoot }
        if let known = cache.realDirectories.withLock({ $0[relative] }) { return known }
        let real = FileOperations.realPath(absolute(relative))
        cache.realDirectories.withLock { $0[relative] = real }
        return real
    }

    public func includesFile(_ path: String) -> Bool {
        if let known = cache.known.withLock({ $0 }) { return known.files.contains(Self.normalised(path)) }
        guard let mode = fileMode(path) else { return false }
        return mode & S_IFMT == S_IFREG
    }

    public func includesDirectory(_ path: String) -> Bool {
        if let known = cache.known.withLock({ $0 }) { return known.directories.contains(Self.normalised(path)) }
        guard let mode = fileMode(path) else { return false }
        return mode & S_IFMT == S_IFDIR
    }

    public func isExecutable(_ path: String) -> Bool {
        access(absolute(path), X_OK) == 0 && leadsInside(path)
    }

    /// The largest file planning reads (16 MiB).
    static let maximumFileBytes = 16 << 20

    /// A file's text; a FIFO, device or directory is refused before anything is read from it.
    public func readFile(_ path: String) throws(PlanError) -> String {
        let normalised = Self.normalised(path)
        if let text = contents[normalised] { return text }
        if let text = cache.texts.withLock({ $0[normalised] }) { return text }
        let text = try readFromDisk(path, normalised)
        cache.texts.withLock { $0[normalised] = text }
        return text
    }

    private func readFromDisk(_ path: String, _ normalised: String) throws(PlanError) -> String {
        let overlaid = overlay[normalised]
        if overlaid == nil, !leadsInside(path) {
            let target = (try? FileOperations.linkTarget(absolute(path))) ?? "a path outside it"
            throw PlanError.invalidFile(file: path, line: nil, message: "is a symbolic link to \(target), outside the app; nixpacks-ci reads only the app's own files")
        }
        let source = overlaid ?? absolute(path)
        let data: [UInt8]
        do {
            data = try FileOperations.read(source, limit: Self.maximumFileBytes)
        } catch {
            if case let .file(_, _, reason) = error { throw PlanError.invalidFile(file: path, line: nil, message: "cannot read the file: \(reason)") }
            throw PlanError.invalidFile(file: path, line: nil, message: "cannot read the file")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw PlanError.invalidFile(file: path, line: nil, message: "the file is not valid UTF-8")
        }
        return text
    }

    /// The file's text, or "" when it does not exist or cannot be read (for substring checks).
    public func readIfPresent(_ path: String) -> String {
        (try? readFile(path)) ?? ""
    }

    public func document(_ path: String, _ format: Document.Format) throws(PlanError) -> Document {
        let text = try readFile(path)
        do {
            return try Document(file: path, text: text, format: format)
        } catch {
            throw PlanError.invalidFile(file: error.file, line: error.line, message: error.message)
        }
    }

    public func json(_ path: String) throws(PlanError) -> DocumentValue { try document(path, .json).root }
    public func toml(_ path: String) throws(PlanError) -> DocumentValue { try document(path, .toml).root }
    public func yaml(_ path: String) throws(PlanError) -> DocumentValue { try document(path, .yaml).root }

    /// Relative paths of all files, sorted (walked once).
    public func allFiles() -> [String] {
        if let cached = cache.files.withLock({ $0 }) { return cached }
        var result: [String] = []
        let ignores = (try? readFile(".gitignore")).map { IgnoreRules.lenient($0, syntax: .gitignore) } ?? .none(.gitignore)
        collect("", ignores: ignores, into: &result)
        result.sort()
        cache.files.withLock { $0 = result }
        return result
    }

    /// The app in one of its directories, with the known file list narrowed to it.
    public func descending(into directory: String) -> App {
        let files = cache.known.withLock { $0 }.map { known in
            known.files.filter { $0.hasPrefix(directory + "/") }.map { String($0.dropFirst(directory.count + 1)) }
        }
        return App(root: root.appendingPathComponent(directory), files: files)
    }

    /// Names in the app's top directory (hidden ones included): from the known file list when
    /// there is one (what git lists), else from the disk.
    public func topLevelEntries() -> [String] {
        if let known = cache.known.withLock({ $0 }) {
            return Set(known.files.map { String($0.split(separator: "/", maxSplits: 1)[0]) }).sorted()
        }
        return ((try? FileManager.default.contentsOfDirectory(atPath: rootPath)) ?? []).sorted()
    }

    private func collect(_ directory: String, ignores: IgnoreRules, into result: inout [String]) {
        guard let handle = opendir(absolute(directory)) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let path = directory.isEmpty ? name : directory + "/" + name
            // lstat: a symbolic link is listed as itself and never followed, so a link to `/` or to
            // a parent cannot send the walk out of the app or round in a loop.
            var info = Glibc.stat()
            guard name != ".git", lstat(absolute(path), &info) == 0 else { continue }
            let mode = info.st_mode
            if ignores.isExcluded(path, isDirectory: mode & S_IFMT == S_IFDIR) { continue }
            if mode & S_IFMT == S_IFDIR {
                collect(path, ignores: ignores, into: &result)
            } else {
                result.append(path)
            }
        }
    }
}
