import Foundation

/// The files of a monorepo as a directory tree index: which files and sub-directories each directory has.
/// Built from the git index plus untracked files, so no directory is walked on disk.
public struct FileListing: Sendable {
    /// Directory ("" for the root) → names of the files directly in it.
    public private(set) var files: [String: Set<String>] = [:]
    /// Directory → names of its direct sub-directories.
    public private(set) var directories: [String: Set<String>] = [:]
    /// Manifest file name → the directories holding one, for the names dependency inference reads.
    private var manifests: [String: [String]] = [:]
    /// Paths whose names are not valid UTF-8 (shown with U+FFFD for the bad bytes): nixpacks-ci
    /// cannot name them, so they are in no service; the graph warns about them.
    public private(set) var nonUTF8Paths: [String] = []

    /// Directory names that never hold services and are never looked into.
    public static let skippedDirectoryNames: Set<String> = [
        "node_modules", "vendor", "target", ".git", ".venv", "venv", "__pycache__", ".build", ".next", ".nuxt",
        ".terraform", "bower_components", ".tox", "_build", ".stack-work", "zig-cache", "zig-out", ".gradle",
        ".mypy_cache", ".pytest_cache", ".idea", ".vscode",
    ]

    /// File names indexed for `directories(containing:)`.
    static let indexedNames: Set<String> = [
        "package.json", "pnpm-workspace.yaml", "go.mod", "go.work", "Cargo.toml", "Gemfile", "pyproject.toml", "Pipfile",
    ]

    /// `paths` are relative to the monorepo root. Sorted input (as the git index is) is fastest:
    /// directory bookkeeping then happens once per directory, not once per file.
    public init<S: Sequence>(paths: S) where S.Element == String {
        var builder = Builder()
        for path in paths { builder.add(path: path, &self) }
        builder.finish(&self)
    }

    /// The index's paths below `prefix` ("" for all, else a directory without a trailing slash),
    /// minus `deleted` and plus `added` (both relative to the repository). Reads the index's path
    /// bytes directly: one String per directory and one (short, unallocated) per file name.
    init(index: GitIndex, prefix: String, deleted: Set<String>, added: [String]) {
        var builder = Builder()
        let prefixBytes = prefix.isEmpty ? [] : Array((prefix + "/").utf8)
        index.pathBytes.withUnsafeBufferPointer { bytes in
            var directory: (start: Int, length: Int) = (0, -1)
            for (position, entry) in index.entries.enumerated() {
                if entry.stage != 0, position > 0, GitIndex.samePath(index.entries[position - 1], entry, in: bytes) {
                    continue // another stage of a conflicted path
                }
                var start = Int(entry.pathStart)
                let end = start + Int(entry.pathLength)
                if !prefixBytes.isEmpty {
                    guard end - start > prefixBytes.count,
                          prefixBytes.withUnsafeBufferPointer({ memcmp(bytes.baseAddress! + start, $0.baseAddress!, $0.count) == 0 })
                    else { continue }
                }
                // A path that is not UTF-8 cannot be named (the working-tree scan finds it missing under
                // its decoded name): recorded for a warning, and left out.
                if bytes[start..<end].contains(where: { $0 >= 0x80 }), String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) == nil {
                    if nonUTF8Paths.count < 20 { nonUTF8Paths.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
                    continue
                }
                if !deleted.isEmpty, deleted.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) {
                    continue
                }
                start += prefixBytes.count
                let slash = bytes[start..<end].lastIndex(of: UInt8(ascii: "/"))
                let length = (slash ?? start) - start
                if length != directory.length || !GitIndex.equalBytes(bytes, start, directory.start, count: length) {
                    directory = (start, length)
                    builder.enter(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self), &self)
                }
                builder.add(String(decoding: UnsafeBufferPointer(rebasing: bytes[(slash.map { $0 + 1 } ?? start)..<end]), as: UTF8.self), &self)
            }
        }
        let relativeAdded = prefix.isEmpty ? added : added.compactMap { RelativePath.isInside($0, prefix) ? String($0.dropFirst(prefix.count + 1)) : nil }
        for path in relativeAdded { builder.add(path: path, &self) }
        builder.finish(&self)
    }

    /// Collects the files of each directory. The directories being filled form a stack: with input
    /// sorted by path, a directory comes back only after its sub-directories, so each is registered
    /// and turned into a set once. Unsorted input (untracked files) is still right, only slower.
    private struct Builder {
        private struct Frame {
            var directory: String
            var names: [String] = []
            var skipped: Bool
        }

        private var stack: [Frame] = []

        /// Adds a file by its path, entering its directory unless it is the current one.
        mutating func add(path: String, _ listing: inout FileListing) {
            let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
            let directory = slash.map { path[..<$0] } ?? ""
            if stack.last.map({ $0.directory[...] != directory }) ?? true { enter(String(directory), &listing) }
            add(slash.map { String(path[path.index(after: $0)...]) } ?? path, &listing)
        }

        mutating func enter(_ directory: String, _ listing: inout FileListing) {
            while let top = stack.last {
                if top.directory == directory { return }
                if top.directory.isEmpty || directory.utf8.count > top.directory.utf8.count
                    && directory.utf8.starts(with: top.directory.utf8)
                    && directory.utf8[directory.utf8.index(directory.utf8.startIndex, offsetBy: top.directory.utf8.count)] == UInt8(ascii: "/") {
                    break
                }
                pop(&listing)
            }
            stack.append(Frame(directory: directory, skipped: !listing.registerDirectory(directory)))
        }

        mutating func add(_ name: String, _ listing: inout FileListing) {
            guard let top = stack.indices.last, !stack[top].skipped else { return }
            // Lossy decoding put U+FFFD where bytes were not UTF-8 (EF BF BD: never in ASCII names).
            if name.utf8.contains(0xEF) || stack[top].directory.utf8.contains(0xEF), name.contains("\u{FFFD}") || stack[top].directory.contains("\u{FFFD}") {
                if listing.nonUTF8Paths.count < 20 { listing.nonUTF8Paths.append(stack[top].directory.isEmpty ? name : stack[top].directory + "/" + name) }
                return
            }
            stack[top].names.append(name)
            // The first byte rules out most names before any hashing: indexed names start with
            // p, g, C, G or P, requirement files with r, project files end in j.
            guard let first = name.utf8.first, "pgCGPr".utf8.contains(first) || name.utf8.last == UInt8(ascii: "j") else { return }
            if FileListing.indexedNames.contains(name) || name.hasPrefix("requirements") || name.hasSuffix("proj") {
                listing.manifests[FileListing.indexedNames.contains(name) ? name : FileListing.patternKey(name), default: []]
                    .append(stack[top].directory)
            }
        }

        private mutating func pop(_ listing: inout FileListing) {
            let frame = stack.removeLast()
            guard !frame.skipped, !frame.names.isEmpty else { return }
            if listing.files[frame.directory] == nil {
                listing.files[frame.directory] = Set(frame.names)
            } else {
                listing.files[frame.directory]!.formUnion(frame.names)
            }
        }

        mutating func finish(_ listing: inout FileListing) {
            while !stack.isEmpty { pop(&listing) }
            listing.sortManifests()
        }
    }

    /// Sorts and de-duplicates the manifest index once every file is in.
    private mutating func sortManifests() {
        for key in manifests.keys { manifests[key] = Array(Set(manifests[key]!)).sorted() }
    }

    /// `requirements*.txt`: pip requirement files (requirements.txt, requirements-dev.txt, ...).
    static func isRequirementsFile(_ name: String) -> Bool {
        name.hasPrefix("requirements") && name.hasSuffix(".txt")
    }

    private static func patternKey(_ name: String) -> String {
        if isRequirementsFile(name) { return "requirements*.txt" }
        if name.hasSuffix(".csproj") || name.hasSuffix(".fsproj") { return "*.??proj" }
        return "-"
    }

    /// Records a directory and its parents; false when it lies under a skipped directory name.
    /// With sorted input the parent is nearly always known already, so this is O(1) per directory.
    private mutating func registerDirectory(_ directory: String) -> Bool {
        if directory.isEmpty || directories[directory] != nil || files[directory] != nil { return true }
        let slash = directory.utf8.lastIndex(of: UInt8(ascii: "/"))
        let parent = slash.map { String(directory[..<$0]) } ?? ""
        let name = slash.map { String(directory[directory.index(after: $0)...]) } ?? directory
        if Self.skippedDirectoryNames.contains(name) || !registerDirectory(parent) { return false }
        directories[parent, default: []].insert(name)
        if directories[directory] == nil { directories[directory] = [] }
        return true
    }

    public func filesIn(_ directory: String) -> Set<String> { files[directory] ?? [] }
    public func subdirectoriesOf(_ directory: String) -> Set<String> { directories[directory] ?? [] }
    public func hasFile(_ directory: String, _ name: String) -> Bool { files[directory]?.contains(name) ?? false }
    public func hasDirectory(_ directory: String, _ name: String) -> Bool { directories[directory]?.contains(name) ?? false }

    /// Every directory that holds at least one file, sorted.
    public var allDirectories: [String] { files.keys.sorted() }

    /// Directories (sorted) holding a file of this name. Indexed names: package.json, pnpm-workspace.yaml,
    /// go.mod, go.work, Cargo.toml, Gemfile, pyproject.toml, Pipfile, and the patterns
    /// `requirements*.txt` and `*.??proj` (.csproj, .fsproj).
    func directories(containing name: String) -> [String] {
        if let indexed = manifests[name] { return indexed }
        if Self.indexedNames.contains(name) || name == "requirements*.txt" || name == "*.??proj" { return [] }
        return allDirectories.filter { hasFile($0, name) }
    }

    /// Every file below a directory, relative to it (skipped directories excluded).
    public func files(below directory: String) -> [String] {
        var result: [String] = []
        var pending = [directory]
        while let current = pending.popLast() {
            let prefix = current == directory ? "" : (directory.isEmpty ? current : String(current.dropFirst(directory.count + 1))) + "/"
            for name in filesIn(current) { result.append(prefix + name) }
            for child in subdirectoriesOf(current) { pending.append(current.isEmpty ? child : current + "/" + child) }
        }
        return result
    }

    /// Whether the path (a file or directory) exists in the listing.
    public func contains(path: String) -> Bool {
        let parent = RelativePath.parent(path)
        let name = String(path.split(separator: "/").last ?? "")
        return hasFile(parent, name) || hasDirectory(parent, name) || (path.isEmpty && !files.isEmpty)
    }
}
