import Foundation
internal import CLibgit2

/// The identity of a directory's source, for cache keys: git's own ids for committed content and
/// blob ids of the working-tree files that differ, so a clean checkout reads no file.
///
/// Entries: `tree:<path>` → the tree id of the directory at HEAD (when it has no .dockerignore),
/// `blob:<path>` → a committed file's blob id (when a .dockerignore filters the directory),
/// `file:<path>` → the blob id of a working-tree file that differs from HEAD, or `deleted`.
/// Paths are relative to the repository, so the fingerprint is the same in every checkout.
public struct SourceFingerprint: Sendable, Hashable, Codable {
    public var entries: [String: String]

    /// - Parameters:
    ///   - directories: repository-relative directories the build context takes (the app and its
    ///     local dependencies).
    ///   - ignore: `.dockerignore` patterns of the app directory (`directories[0]`), relative to it.
    ///   - workingTree: the working-tree changes already computed (empty for committed-only).
    public static func compute(repository: Repository, head: ObjectID, directories: [String], ignore: [String],
                               workingTree: [ChangedPath]) throws -> SourceFingerprint {
        var entries: [String: String] = [:]
        let globs = ignore.map(Glob.init)
        for (index, directory) in directories.enumerated() {
            let filters = index == 0 ? globs : []
            func ignored(_ path: String) -> Bool {
                guard !filters.isEmpty else { return false }
                let relative = directory.isEmpty ? path : String(path.dropFirst(directory.count + 1))
                return filters.contains { $0.matches(relative) }
            }
            if filters.isEmpty {
                entries["tree:\(directory)"] = try repository.treeID(at: directory, in: head)?.hex ?? "absent"
            } else {
                for (path, blob) in try repository.blobs(under: directory, in: head) where !ignored(path) {
                    entries["blob:\(path)"] = blob.hex
                }
            }
            for change in workingTree where change.origin == .workingTree && RelativePath.isInside(change.path, directory) && !ignored(change.path) {
                entries["file:\(change.path)"] = change.kind == .deleted ? "deleted" : try repository.hashWorkingTreeFile(change.path)?.hex ?? "unreadable"
            }
        }
        return SourceFingerprint(entries: entries)
    }
}

extension Repository {
    /// The tree id of a directory in a commit; nil when it does not exist.
    public func treeID(at path: String, in commit: ObjectID) throws -> ObjectID? {
        var root = try treeID(ofCommit: commit)
        if path.isEmpty { return ObjectID(root) }
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, handle, &root) == 0, let tree else { return nil }
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
        return ObjectID(git_tree_entry_id(entry).pointee)
    }

    /// Every file below a directory of a commit with its blob id (trees only are read).
    public func blobs(under path: String, in commit: ObjectID) throws -> [(String, ObjectID)] {
        guard let start = try treeID(at: path, in: commit) else { return [] }
        var result: [(String, ObjectID)] = []
        var pending: [(String, ObjectID)] = [(path, start)]
        while let (directory, id) = pending.popLast() {
            var oid = id.raw
            var tree: OpaquePointer?
            guard git_tree_lookup(&tree, handle, &oid) == 0, let tree else { continue }
            defer { git_tree_free(tree) }
            for index in 0..<git_tree_entrycount(tree) {
                guard let entry = git_tree_entry_byindex(tree, index) else { continue }
                let name = String(cString: git_tree_entry_name(entry))
                let child = directory.isEmpty ? name : directory + "/" + name
                let childID = ObjectID(git_tree_entry_id(entry).pointee)
                if git_tree_entry_type(entry) == GIT_OBJECT_TREE { pending.append((child, childID)) } else { result.append((child, childID)) }
            }
        }
        return result
    }

    /// The blob id git would give a working-tree file; nil when it cannot be read.
    public func hashWorkingTreeFile(_ path: String) throws -> ObjectID? {
        guard let workTree else { return nil }
        var oid = git_oid()
        let full = workTree.appendingPathComponent(path).path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        guard git_odb_hashfile(&oid, full, GIT_OBJECT_BLOB) == 0 else { return nil }
        return ObjectID(oid)
    }
}
