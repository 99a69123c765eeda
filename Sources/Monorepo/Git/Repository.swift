import Foundation
import Host
internal import CLibgit2

/// An open git repository.
///
/// Owns one `git_repository` handle, freed in `deinit`. Not `Sendable`: libgit2 handles must stay on
/// the thread that uses them, so open one `Repository` per thread. Results leave as Swift values.
public final class Repository {
    let handle: OpaquePointer
    /// The work tree root, with a trailing slash removed; nil for a bare repository.
    public let workTree: URL?
    /// `workTree`'s path without a trailing slash, for building file paths with `/`.
    let workTreePath: String?
    /// The `.git` directory.
    public let gitDirectory: URL

    /// Opens the repository that contains `path`, searching parent directories as git does.
    public init(discovering path: String) throws {
        _ = GitLibrary.initialised
        var pointer: OpaquePointer?
        let code = git_repository_open_ext(&pointer, path, 0, nil)
        guard code == 0, let pointer else {
            throw MonorepoError.notARepository(path: path, detail: GitLibrary.lastErrorMessage(code))
        }
        handle = pointer
        if let dir = git_repository_workdir(pointer) {
            workTree = URL(fileURLWithPath: String(cString: dir), isDirectory: true).standardizedFileURL
        } else {
            workTree = nil
        }
        workTreePath = workTree.map { url in
            var path = url.path
            while path.count > 1, path.hasSuffix("/") { path.removeLast() }
            return path
        }
        gitDirectory = URL(fileURLWithPath: String(cString: git_repository_path(pointer)), isDirectory: true)
    }

    deinit { git_repository_free(handle) }

    /// The index as last read, and the stat data of the file it was read from.
    private var indexCache: (stamp: [Int], index: GitIndex)?
    /// A read of the index started by `prefetchIndex()`, not yet taken.
    private var indexPrefetch: BackgroundValue<(stamp: [Int], index: GitIndex?)?>?

    /// `.git/index` read directly (see `GitIndex`), once per version of the file; nil when that
    /// reader declines it (split or sparse index, ...): use libgit2 then.
    func directIndex() -> GitIndex? {
        let url = gitDirectory.appendingPathComponent("index")
        guard let stamp = Self.indexStamp(url) else { return nil }
        if let indexCache, indexCache.stamp == stamp { return indexCache.index }
        if let prefetched = indexPrefetch.take()?.value, prefetched.stamp == stamp {
            if let index = prefetched.index { indexCache = (stamp, index) }
            return prefetched.index
        }
        guard let index = GitIndex(url: url) else { return nil }
        indexCache = (stamp, index)
        return index
    }

    /// Starts libgit2 on another thread (it reads the system's CA certificates, ~10 ms), for a
    /// process that has other work before it opens a repository.
    public static func startLibrary() {
        GitLibrary.startInitialising()
    }

    /// Starts reading the index on another thread, for a caller that has other work first (the
    /// 82,000-entry benchmark index takes about 25 ms, as long as `git status` takes to start).
    /// `directIndex()` uses that read only if the file still has the stat data it had before it
    /// was read; any change since (git replaces the file to write it) means a new read.
    public func prefetchIndex() {
        guard indexCache == nil, indexPrefetch == nil else { return }
        let url = gitDirectory.appendingPathComponent("index")
        indexPrefetch = BackgroundValue {
            guard let stamp = Self.indexStamp(url) else { return nil }
            return (stamp, GitIndex(url: url))
        }
    }

    private static func indexStamp(_ url: URL) -> [Int]? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_size), Int(info.st_ino)]
    }

    /// True when `.git/shallow` lists boundary commits.
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// The commits git marks as shallow boundaries: present, but their parents are not.
    public func shallowBoundary() -> Set<ObjectID> {
        let file = gitDirectory.appendingPathComponent("shallow")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }

    /// Resolves anything `git rev-parse` takes (a branch, tag, SHA, `HEAD~3`) to a commit id.
    /// Returns nil when the revision does not exist; throws for other failures.
    public func commit(for revision: String) throws -> ObjectID? {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            return nil
        }
        guard code == 0, let object else {
            let message = GitLibrary.lastErrorMessage(code)
            // A SHA whose object is absent (shallow clone) reads as "object not found".
            if message.contains("not found") || message.contains("unable to parse") { return nil }
            throw MonorepoError.git(operation: "rev-parse \(revision)", message: message)
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let peelCode = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        guard peelCode == 0, let peeled else {
            throw MonorepoError.git(operation: "rev-parse \(revision)^{commit}", message: GitLibrary.lastErrorMessage(peelCode))
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// The parent ids of a commit, or nil when the commit object is not in this clone.
    public func parents(of commit: ObjectID) -> [ObjectID]? {
        var oid = commit.raw
        var pointer: OpaquePointer?
        guard git_commit_lookup(&pointer, handle, &oid) == 0, let pointer else { return nil }
        defer { git_commit_free(pointer) }
        let count = git_commit_parentcount(pointer)
        return (0..<count).compactMap { index in
            git_commit_parent_id(pointer, index).map { ObjectID($0.pointee) }
        }
    }

    /// Whether the object is present in the object database.
    public func contains(_ id: ObjectID) -> Bool {
        var oid = id.raw
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0, let odb else { return false }
        defer { git_odb_free(odb) }
        return git_odb_exists(odb, &oid) == 1
    }

    /// libgit2's own merge-base; only valid when neither side crosses a shallow boundary.
    func libgit2MergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var out = git_oid()
        var one = a.raw
        var two = b.raw
        let code = git_merge_base(&out, handle, &one, &two)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        guard code == 0 else {
            throw MonorepoError.git(operation: "merge-base \(a.short) \(b.short)", message: GitLibrary.lastErrorMessage(code))
        }
        return ObjectID(out)
    }

    /// The name HEAD points at (`refs/heads/x`), or nil when HEAD is detached.
    public var headReference: String? {
        var ref: OpaquePointer?
        guard git_repository_head_detached(handle) == 0, git_repository_head(&ref, handle) == 0, let ref else { return nil }
        defer { git_reference_free(ref) }
        return String(cString: git_reference_name(ref))
    }
}

extension Repository {
    /// Whether a remote of this name is configured.
    public func hasRemote(named name: String) -> Bool {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, handle, name) == 0, let remote else { return false }
        git_remote_free(remote)
        return true
    }
}
