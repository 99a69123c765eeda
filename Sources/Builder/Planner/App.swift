import Documents
import Foundation
import Glibc
import Synchronization

/// The app directory being planned: file checks, reads with file-and-line errors, and globs.
///
/// Globs follow Nixpacks (spec §3.1): matched on the path relative to the app with `*` crossing `/`,
/// over a walk that skips `.git` and what the app's `.gitignore` ignores. The walk happens once, on
/// the first glob, so planning reads only what the rules need.
public struct App: Sendable {
    public let root: URL
    /// `root` as a path string: Foundation's URL appending is slow on Linux, and planning 2,000 apps
    /// builds hundreds of thousands of paths.
    private let rootPath: String
    private let cache = Cache()

    /// `files`: the app's files relative to it, when the caller already knows them (a monorepo
    /// listing from the git index: the same files the walk would find, without touching the disk).
    public init(root: URL, files: [String]? = nil) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path.hasSuffix("/") ? String(self.root.path.dropLast()) : self.root.path
        if let files {
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
    }

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
        guard stat(absolute(path), &info) == 0 else { return nil }
        return info.st_mode
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
        access(absolute(path), X_OK) == 0
    }

    public func readFile(_ path: String) throws(PlanError) -> String {
        guard let data = FileManager.default.contents(atPath: absolute(path)) else {
            throw PlanError.invalidFile(file: path, line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
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
        let ignores = (try? readFile(".gitignore")).map(Self.ignorePatterns) ?? []
        collect("", ignores: ignores, into: &result)
        result.sort()
        cache.files.withLock { $0 = result }
        return result
    }

    /// Files whose relative path matches `pattern` (`*` crosses `/`; a leading `**/` is optional).
    public func findFiles(_ pattern: String) -> [String] {
        allFiles().filter { Self.wildcard(pattern, $0) }
    }

    public func hasMatch(_ pattern: String) -> Bool { allFiles().contains { Self.wildcard(pattern, $0) } }

    /// Names in the app's top directory (hidden ones included).
    public func topLevelEntries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: rootPath)) ?? []).sorted()
    }

    private func collect(_ directory: String, ignores: [String], into result: inout [String]) {
        guard let handle = opendir(absolute(directory)) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let path = directory.isEmpty ? name : directory + "/" + name
            if name == ".git" || ignores.contains(where: { Self.ignoreMatches($0, name: name, path: path) }) { continue }
            guard let mode = fileMode(path) else { continue }
            if mode & S_IFMT == S_IFDIR {
                collect(path, ignores: ignores, into: &result)
            } else {
                result.append(path)
            }
        }
    }

    static func ignorePatterns(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("!") }
    }

    static func ignoreMatches(_ pattern: String, name: String, path: String) -> Bool {
        var pattern = pattern
        while pattern.hasSuffix("/") { pattern.removeLast() }
        if pattern.hasPrefix("/") { return wildcard(String(pattern.dropFirst()), path) }
        if pattern.contains("/") { return wildcard(pattern, path) }
        return wildcard(pattern, name)
    }

    /// `*` matches any run of characters (including `/`), `?` one character; `**/` at the start
    /// may also match nothing.
    static func wildcard(_ pattern: String, _ text: String) -> Bool {
        if pattern.hasPrefix("**/"), wildcard(String(pattern.dropFirst(3)), text) { return true }
        let p = Array(pattern.utf8)
        let t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || (p[pi] == t[ti] && p[pi] != UInt8(ascii: "*")) {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
