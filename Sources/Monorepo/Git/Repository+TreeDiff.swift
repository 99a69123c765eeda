internal import CLibgit2

extension Repository {
    /// Paths that differ between two commits' trees, found by comparing tree ids and descending only
    /// into sub-trees whose ids differ (`git diff --name-status --no-renames a b`). Reads trees only,
    /// never blobs, so it works in partial clones.
    public func changedPaths(from old: ObjectID, to new: ObjectID) throws -> [ChangedPath] {
        let oldTree = try treeID(ofCommit: old)
        let newTree = try treeID(ofCommit: new)
        var result: [ChangedPath] = []
        try compareTrees(oldTree, newTree, prefix: "", into: &result)
        return result
    }

    func treeID(ofCommit commit: ObjectID) throws -> git_oid {
        var oid = commit.raw
        var pointer: OpaquePointer?
        let code = git_commit_lookup(&pointer, handle, &oid)
        guard code == 0, let pointer else {
            throw MonorepoError.git(operation: "read commit \(commit.short)", message: GitLibrary.lastErrorMessage(code))
        }
        defer { git_commit_free(pointer) }
        return git_commit_tree_id(pointer).pointee
    }

    private func compareTrees(_ old: git_oid?, _ new: git_oid?, prefix: String, into result: inout [ChangedPath]) throws {
        let oldEntries = try old.map(treeItems) ?? []
        let newEntries = try new.map(treeItems) ?? []
        var byName: [String: TreeItem] = [:]
        for entry in oldEntries { byName[entry.name] = entry }
        var seen: Set<String> = []
        for entry in newEntries {
            seen.insert(entry.name)
            let path = prefix + entry.name
            guard let before = byName[entry.name] else {
                try added(entry, path: path, into: &result)
                continue
            }
            var a = before.id
            var b = entry.id
            if git_oid_equal(&a, &b) == 1 && before.isTree == entry.isTree { continue }
            switch (before.isTree, entry.isTree) {
            case (true, true): try compareTrees(before.id, entry.id, prefix: path + "/", into: &result)
            case (false, false): result.append(ChangedPath(path: path, kind: .modified, origin: .committed))
            default:
                try removed(before, path: path, into: &result)
                try added(entry, path: path, into: &result)
            }
        }
        for entry in oldEntries where !seen.contains(entry.name) {
            try removed(entry, path: prefix + entry.name, into: &result)
        }
    }

    private func added(_ entry: TreeItem, path: String, into result: inout [ChangedPath]) throws {
        if entry.isTree {
            try compareTrees(nil, entry.id, prefix: path + "/", into: &result)
        } else {
            result.append(ChangedPath(path: path, kind: .added, origin: .committed))
        }
    }

    private func removed(_ entry: TreeItem, path: String, into result: inout [ChangedPath]) throws {
        if entry.isTree {
            try compareTrees(entry.id, nil, prefix: path + "/", into: &result)
        } else {
            result.append(ChangedPath(path: path, kind: .deleted, origin: .committed))
        }
    }
}
