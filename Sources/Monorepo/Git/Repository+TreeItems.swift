internal import CLibgit2

extension Repository {
    /// One entry of a git tree, copied out of libgit2: name, object id and file mode.
    struct TreeItem {
        var name: String
        var id: git_oid
        var mode: UInt32
        var isTree: Bool { mode & 0o170000 == 0o040000 }
    }

    /// The entries of a tree, in git's order.
    func treeItems(_ tree: git_oid) throws -> [TreeItem] {
        var oid = tree
        var pointer: OpaquePointer?
        let code = git_tree_lookup(&pointer, handle, &oid)
        guard code == 0, let pointer else {
            throw MonorepoError.git(operation: "read tree \(ObjectID(tree).short)", message: GitLibrary.lastErrorMessage(code))
        }
        defer { git_tree_free(pointer) }
        return (0..<git_tree_entrycount(pointer)).compactMap { position in
            guard let entry = git_tree_entry_byindex(pointer, position) else { return nil }
            return TreeItem(name: String(cString: git_tree_entry_name(entry)), id: git_tree_entry_id(entry).pointee,
                            mode: git_tree_entry_filemode(entry).rawValue)
        }
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
}

extension Repository {
    /// The content of the file at `path` in a commit, as text; nil when there is no such file (or
    /// it is larger than `limit` bytes). In a partial clone the blob may be fetched by libgit2.
    public func text(at path: String, in commit: ObjectID, limit: Int = 64 << 20) throws -> String? {
        var root = try treeID(ofCommit: commit)
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, handle, &root) == 0, let tree else { return nil }
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        var blob: OpaquePointer?
        guard git_blob_lookup(&blob, handle, git_tree_entry_id(entry)) == 0, let blob else { return nil }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size <= limit, let raw = git_blob_rawcontent(blob) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: raw, count: size), as: UTF8.self)
    }
}
