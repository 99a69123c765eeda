import Documents
import Foundation
import Synchronization

/// The app directory being planned: file checks, reads with file-and-line errors, and globs.
///
/// Globs follow Nixpacks (spec §3.1): matched on the path relative to the app with `*` crossing `/`,
/// over a walk that skips `.git` and what the app's `.gitignore` ignores. The walk happens once, on
/// the first glob, so planning reads only what the rules need.
public struct App: Sendable {
    public let root: URL
    private let walk = Walk()

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    private final class Walk: Sendable {
        let files = Mutex<[String]?>(nil)
    }

    public func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    public func includesFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    public func includesDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url(path).path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func isExecutable(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: url(path).path)
    }

    public func readFile(_ path: String) throws(PlanError) -> String {
        guard let data = FileManager.default.contents(atPath: url(path).path) else {
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
        if let cached = walk.files.withLock({ $0 }) { return cached }
        var result: [String] = []
        let ignores = (try? readFile(".gitignore")).map(Self.ignorePatterns) ?? []
        collect("", ignores: ignores, into: &result)
        result.sort()
        walk.files.withLock { $0 = result }
        return result
    }

    /// Files whose relative path matches `pattern` (`*` crosses `/`; a leading `**/` is optional).
    public func findFiles(_ pattern: String) -> [String] {
        allFiles().filter { Self.wildcard(pattern, $0) }
    }

    public func hasMatch(_ pattern: String) -> Bool { allFiles().contains { Self.wildcard(pattern, $0) } }

    /// Names in the app's top directory (hidden ones included).
    public func topLevelEntries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
    }

    private func collect(_ directory: String, ignores: [String], into result: inout [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(directory).path)) ?? []
        for name in names {
            let path = directory.isEmpty ? name : directory + "/" + name
            if name == ".git" || ignores.contains(where: { Self.ignoreMatches($0, name: name, path: path) }) { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url(path).path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
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
