internal import CLibgit2

extension Repository {
    /// Staged, unstaged and untracked (not ignored) changes against `commit`'s tree
    /// (`git diff <commit>` plus `git ls-files --others --exclude-standard`).
    public func workingTreeChanges(against commit: ObjectID) throws -> [ChangedPath] {
        let baseTree = try tree(of: commit)
        defer { git_tree_free(baseTree) }
        var options = diffOptions()
        options.flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        var diff: OpaquePointer?
        let code = git_diff_tree_to_workdir_with_index(&diff, handle, baseTree, &options)
        guard code == 0, let diff else {
            throw MonorepoError.git(operation: "diff against the working tree", message: GitLibrary.lastErrorMessage(code))
        }
        defer { git_diff_free(diff) }
        return deltas(of: diff, origin: .workingTree)
    }

    /// Every path in the index (`git ls-files`), sorted as the index is.
    public func indexedPaths() throws -> [String] {
        if let index = directIndex() { return index.paths() }
        return try libgit2IndexedPaths()
    }

    /// `indexedPaths()` through libgit2: every index format, at libgit2's speed.
    func libgit2IndexedPaths() throws -> [String] {
        var index: OpaquePointer?
        let code = git_repository_index(&index, handle)
        guard code == 0, let index else {
            throw MonorepoError.git(operation: "read the index", message: GitLibrary.lastErrorMessage(code))
        }
        defer { git_index_free(index) }
        let count = git_index_entrycount(index)
        var paths: [String] = []
        paths.reserveCapacity(count)
        for position in 0..<count {
            if let entry = git_index_get_byindex(index, position) {
                paths.append(String(cString: entry.pointee.path))
            }
        }
        return paths
    }

    /// Every index entry's path, mode and id through libgit2 (for the index formats `GitIndex`
    /// leaves to it), sorted as the index is.
    func libgit2IndexEntries() throws -> [(path: String, mode: UInt32, id: GitIndex.RawID)] {
        var index: OpaquePointer?
        let code = git_repository_index(&index, handle)
        guard code == 0, let index else {
            throw MonorepoError.git(operation: "read the index", message: GitLibrary.lastErrorMessage(code))
        }
        defer { git_index_free(index) }
        var result: [(path: String, mode: UInt32, id: GitIndex.RawID)] = []
        for position in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, position) else { continue }
            result.append((String(cString: entry.pointee.path), entry.pointee.mode, GitIndex.RawID(entry.pointee.id)))
        }
        return result
    }

    /// The caller frees the returned tree.
    private func tree(of commit: ObjectID) throws -> OpaquePointer {
        var oid = try treeID(ofCommit: commit)
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, handle, &oid)
        guard code == 0, let tree else {
            throw MonorepoError.git(operation: "read the tree of \(commit.short)", message: GitLibrary.lastErrorMessage(code))
        }
        return tree
    }

    private func diffOptions() -> git_diff_options {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        // Only a submodule's recorded commit counts, not the state of its work tree.
        options.ignore_submodules = GIT_SUBMODULE_IGNORE_DIRTY
        return options
    }

    private func deltas(of diff: OpaquePointer, origin: ChangedPath.Origin) -> [ChangedPath] {
        var result: [ChangedPath] = []
        let count = git_diff_num_deltas(diff)
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let newPath = String(cString: delta.new_file.path)
            let oldPath = String(cString: delta.old_file.path)
            switch delta.status {
            case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED:
                result.append(ChangedPath(path: newPath, kind: .added, origin: origin))
            case GIT_DELTA_DELETED:
                result.append(ChangedPath(path: oldPath, kind: .deleted, origin: origin))
            case GIT_DELTA_TYPECHANGE:
                result.append(ChangedPath(path: newPath, kind: .typeChanged, origin: origin))
            case GIT_DELTA_RENAMED, GIT_DELTA_COPIED:
                result.append(ChangedPath(path: oldPath, kind: .deleted, origin: origin))
                result.append(ChangedPath(path: newPath, kind: .added, origin: origin))
            case GIT_DELTA_UNMODIFIED, GIT_DELTA_IGNORED:
                continue
            default:
                result.append(ChangedPath(path: newPath, kind: .modified, origin: origin))
            }
        }
        return result
    }
}
