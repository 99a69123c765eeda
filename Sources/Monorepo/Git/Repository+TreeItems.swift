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
