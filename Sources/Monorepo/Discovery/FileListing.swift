/// The files of a monorepo as a directory tree index: which files and sub-directories each directory has.
/// Built from the git index plus untracked files, so no directory is walked on disk.
public struct FileListing: Sendable {
    /// Directory ("" for the root) → names of the files directly in it.
    public private(set) var files: [String: Set<String>] = [:]
    /// Directory → names of its direct sub-directories.
    public private(set) var directories: [String: Set<String>] = [:]

    /// Directory names that never hold services and are never looked into.
    public static let skippedDirectoryNames: Set<String> = [
        "node_modules", "vendor", "target", ".git", ".venv", "venv", "__pycache__", ".build", ".next", ".nuxt",
        ".terraform", "bower_components", ".tox", "_build", ".stack-work", "zig-cache", "zig-out", ".gradle",
        ".mypy_cache", ".pytest_cache", ".idea", ".vscode",
    ]

    /// `paths` are relative to the monorepo root.
    public init<S: Sequence>(paths: S) where S.Element == String {
        for path in paths { add(path) }
    }

    mutating func add(_ path: String) {
        var directory = ""
        var components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let name = components.popLast() else { return }
        for component in components {
            if Self.skippedDirectoryNames.contains(String(component)) { return }
            directories[directory, default: []].insert(String(component))
            directory = directory.isEmpty ? String(component) : directory + "/" + component
        }
        files[directory, default: []].insert(String(name))
    }

    public func filesIn(_ directory: String) -> Set<String> { files[directory] ?? [] }
    public func subdirectoriesOf(_ directory: String) -> Set<String> { directories[directory] ?? [] }
    public func hasFile(_ directory: String, _ name: String) -> Bool { files[directory]?.contains(name) ?? false }
    public func hasDirectory(_ directory: String, _ name: String) -> Bool { directories[directory]?.contains(name) ?? false }

    /// Every directory that holds at least one file, sorted.
    public var allDirectories: [String] { files.keys.sorted() }

    /// Whether the path (a file or directory) exists in the listing.
    public func contains(path: String) -> Bool {
        let parent = RelativePath.parent(path)
        let name = String(path.split(separator: "/").last ?? "")
        return hasFile(parent, name) || hasDirectory(parent, name) || (path.isEmpty && !files.isEmpty)
    }
}
