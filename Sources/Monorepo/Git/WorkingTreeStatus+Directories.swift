import Dispatch
import Foundation
internal import CLibgit2

/// Passes 2 and 3 of `WorkingTreeStatus`: one read of every tracked directory, on all cores, for
/// the tracked files' stat data and the names the index lacks; then what stat data cannot settle
/// (contents, submodule commits) on the calling thread.
extension WorkingTreeStatus {
    struct Directory: Sendable {
        var path: String
        /// Entries (every stage) of files directly in this directory.
        var files: [Int] = []
        var subdirectories: Set<String> = []
    }

    struct DirectoryScan {
        /// Entries whose work-tree state is known from `lstat` alone: D (gone), T (other type), M (mode).
        var definite: [(Int, UInt8)] = []
        /// Entries whose stat data differ, or are racily clean: their contents decide.
        var contentChecks: [Int] = []
        /// Such entries hashed by the worker itself (`contentsAreBlobs`), and whether they differ.
        var hashed: [(entry: Int, modified: Bool)] = []
        /// Submodule entries whose directory exists: their checked-out commit decides.
        var submodules: [Int] = []
        /// Paths the index does not hold, and whether each is a directory.
        var untracked: [(path: String, isDirectory: Bool)] = []

        mutating func merge(_ other: DirectoryScan) {
            definite += other.definite
            contentChecks += other.contentChecks
            hashed += other.hashed
            submodules += other.submodules
            untracked += other.untracked
        }
    }

    /// Boxes per-directory results so the parallel workers each write their own slot.
    private final class Slots: @unchecked Sendable {
        var scans: [DirectoryScan]
        init(count: Int) { scans = Array(repeating: DirectoryScan(), count: count) }
    }

    /// The tracked directories and their files, from one pass over the index's path bytes. Paths
    /// below a directory are one run of the sorted index (`open` declines one that is not), so the
    /// directories from the root to the current entry's are a stack, and a string is made once
    /// per directory.
    private func directories() -> [Directory] {
        var directories: [Directory] = [Directory(path: "")]
        index.pathBytes.withUnsafeBufferPointer { bytes in
            func range(_ position: Int) -> Range<Int> {
                let entry = index.entries[position]
                return Int(entry.pathStart)..<Int(entry.pathStart + entry.pathLength)
            }
            // (start of a path holding the directory, the directory's length in bytes, its index)
            var stack: [(start: Int, length: Int, directory: Int)] = [(0, 0, 0)]
            for position in index.entries.indices {
                let path = range(position)
                let length = (bytes[path].lastIndex(of: UInt8(ascii: "/")) ?? path.lowerBound) - path.lowerBound
                func holds(_ top: (start: Int, length: Int, directory: Int)) -> Bool {
                    top.length == 0 || top.length <= length
                        && (top.length == length || bytes[path.lowerBound + top.length] == UInt8(ascii: "/"))
                        && GitIndex.equalBytes(bytes, path.lowerBound, top.start, count: top.length)
                }
                while !holds(stack[stack.count - 1]) { stack.removeLast() }
                // The directories below the innermost open one, down to the entry's own.
                var cursor = stack[stack.count - 1].length
                while cursor < length {
                    let from = cursor == 0 ? 0 : cursor + 1
                    let next = bytes[(path.lowerBound + from)..<(path.lowerBound + length)].firstIndex(of: UInt8(ascii: "/"))
                        .map { $0 - path.lowerBound } ?? length
                    let text = { (range: Range<Int>) in
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[(path.lowerBound + range.lowerBound)..<(path.lowerBound + range.upperBound)]), as: UTF8.self)
                    }
                    directories[stack[stack.count - 1].directory].subdirectories.insert(text(from..<next))
                    directories.append(Directory(path: text(0..<next)))
                    stack.append((path.lowerBound, next, directories.count - 1))
                    cursor = next
                }
                directories[stack[stack.count - 1].directory].files.append(position)
            }
        }
        return directories
    }

    func scanDirectories() -> DirectoryScan {
        let directories = directories()
        let root = Foundation.open(workTree, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if root >= 0 { close(root) } }
        let reader = DirectoryReader(workTree: workTree, root: root, index: index, settings: settings)
        let slots = Slots(count: directories.count)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let stripes = min(directories.count, workers * 4)
        DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
            var position = stripe
            while position < directories.count {
                slots.scans[position] = reader.scan(directories[position])
                position += stripes
            }
        }
        var total = DirectoryScan()
        for scan in slots.scans { total.merge(scan) }
        return total
    }

    /// Whether a file's contents (after the repository's filters) differ from its index entry.
    func contentDiffers(_ position: Int) throws -> Bool {
        let entry = index.entries[position]
        let path = index.path(position)
        if entry.mode & 0o170000 == 0o120000 {
            // A symlink's blob is its target, which no filter touches.
            let id = (workTree + "/" + path).withCString { DirectoryReader.blobID(of: (AT_FDCWD, $0), symlink: true, size: 0) }
            guard let id else { return true }
            return id != entry.id
        }
        var oid = git_oid()
        guard git_repository_hashfile(&oid, repository.handle, path, GIT_OBJECT_BLOB, nil) == 0 else { return true }
        return GitIndex.RawID(oid) != entry.id
    }

    /// Whether a checked-out submodule's HEAD differs from the commit the index records. An
    /// uninitialised submodule (an empty directory) counts as unchanged, as in git.
    func submoduleMoved(_ position: Int) -> Bool {
        let path = workTree + "/" + index.path(position)
        guard FileManager.default.fileExists(atPath: path + "/.git") else { return false }
        var submodule: OpaquePointer?
        guard git_repository_open(&submodule, path) == 0, let submodule else { return false }
        defer { git_repository_free(submodule) }
        var head = git_oid()
        guard git_reference_name_to_id(&head, submodule, "HEAD") == 0 else { return false }
        return GitIndex.RawID(head) != index.entries[position].id
    }
}

/// The part of `WorkingTreeStatus` that runs on many threads: plain system calls on immutable data.
private struct DirectoryReader: Sendable {
    let workTree: String
    /// The work tree, open: directories are opened relative to it.
    let root: Int32
    let index: GitIndex
    let settings: WorkingTreeStatus.StatSettings

    /// Reads one tracked directory: `lstat`s its tracked files and lists the names the index lacks.
    /// Names stay bytes (the index's, the kernel's): no string per file.
    func scan(_ directory: WorkingTreeStatus.Directory) -> WorkingTreeStatus.DirectoryScan {
        var result = WorkingTreeStatus.DirectoryScan()
        let descriptor = directory.path.isEmpty ? openat(root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            : openat(root, directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            // Gone (or now a file): its files are deleted. Unreadable (no read permission): its
            // files are still compared one by one, and nothing untracked can be seen in it (git
            // then warns "could not open directory" and goes on too).
            let gone = errno == ENOENT || errno == ENOTDIR
            for entry in directory.files where index.entries[entry].stage == 0 && !ignoresWorkTree(entry) {
                var info = stat()
                let path = workTree + "/" + index.path(entry)
                let found = !gone && lstat(path, &info) == 0
                path.withCString { compare(entry, found ? info : nil, at: (AT_FDCWD, $0), into: &result) }
            }
            return result
        }
        let names = TrackedNames(directory, index)
        names.buffer.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            for group in names.groups where group.entry >= 0 && !ignoresWorkTree(group.entry) {
                var info = stat()
                let code = fstatat(descriptor, base + group.start, &info, AT_SYMLINK_NOFOLLOW)
                compare(group.entry, code == 0 ? info : nil, at: (descriptor, base + group.start), into: &result)
            }
        }
        // Names the index does not hold are untracked (ignored or not, decided later on one thread).
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            return result
        }
        defer { closedir(stream) }
        let prefix = directory.path.isEmpty ? "" : directory.path + "/"
        while let item = readdir(stream) {
            withUnsafeBytes(of: &item.pointee.d_name) { raw in
                let name = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                if strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, ".git") == 0 { return }
                func isDirectory() -> Bool { FileSystem.isDirectory(type: item.pointee.d_type, name: name, in: dirfd(stream)) }
                if let entry = names.entry(named: name) {
                    // A tracked file replaced by a directory: the file is gone (reported above), the
                    // directory's contents are untracked. Submodules are directories by nature.
                    if entry >= 0, index.entries[entry].mode & 0o170000 != 0o160000, isDirectory() {
                        result.untracked.append((prefix + String(cString: name), true))
                    }
                } else {
                    let text = String(cString: name)
                    if directory.subdirectories.contains(text) {
                        // A tracked directory replaced by a file (or a symlink): that file is untracked.
                        if !isDirectory() { result.untracked.append((prefix + text, false)) }
                    } else {
                        result.untracked.append((prefix + text, isDirectory()))
                    }
                }
            }
        }
        return result
    }

    /// assume-unchanged and skip-worktree entries are not compared with the work tree (as in git).
    private func ignoresWorkTree(_ entry: Int) -> Bool {
        index.entries[entry].assumeValid || index.entries[entry].skipWorktree
    }

    /// git's `ie_match_stat`: what `lstat` alone says about a tracked file.
    /// `file` is a directory descriptor and a name in it (or AT_FDCWD and a path), for hashing.
    private func compare(_ position: Int, _ info: stat?, at file: (directory: Int32, name: UnsafePointer<CChar>),
                         into result: inout WorkingTreeStatus.DirectoryScan) {
        let entry = index.entries[position]
        guard let info else {
            result.definite.append((position, UInt8(ascii: "D")))
            return
        }
        if entry.intentToAdd {
            result.definite.append((position, UInt8(ascii: "A")))
            return
        }
        let type = info.st_mode & S_IFMT
        switch entry.mode & 0o170000 {
        case 0o160000:
            if type == S_IFDIR { result.submodules.append(position) } else { result.definite.append((position, UInt8(ascii: "T"))) }
            return
        case 0o120000:
            guard type == S_IFLNK else {
                result.definite.append((position, UInt8(ascii: type == S_IFDIR ? "D" : "T")))
                return
            }
        default:
            guard type == S_IFREG else {
                result.definite.append((position, UInt8(ascii: type == S_IFDIR ? "D" : "T")))
                return
            }
            if settings.trustExecutableBit, (entry.mode ^ UInt32(info.st_mode)) & 0o100 != 0 {
                result.definite.append((position, UInt8(ascii: "M")))
                return
            }
        }
        let recorded = entry.stat
        var matches = recorded.mtimeSeconds == UInt32(truncatingIfNeeded: info.st_mtim.tv_sec)
            && recorded.mtimeNanoseconds == UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec)
            && recorded.size == UInt32(truncatingIfNeeded: info.st_size)
        if matches, settings.trustCtime, settings.checkStat {
            matches = recorded.ctimeSeconds == UInt32(truncatingIfNeeded: info.st_ctim.tv_sec)
                && recorded.ctimeNanoseconds == UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec)
        }
        if matches, settings.checkStat {
            matches = recorded.inode == UInt32(truncatingIfNeeded: info.st_ino)
                && recorded.uid == UInt32(truncatingIfNeeded: info.st_uid)
                && recorded.gid == UInt32(truncatingIfNeeded: info.st_gid)
        }
        // Racily clean: modified in the same second the index was written (or later), so a change
        // made after its stat data were taken may not show in them. Whole seconds, as git compares
        // them: file times come from a coarse clock, so nanoseconds do not order such events.
        let racy = index.timestampSeconds <= Int(recorded.mtimeSeconds)
        guard !matches || racy else { return }
        if settings.contentsAreBlobs, let id = Self.blobID(of: file, symlink: entry.mode & 0o170000 == 0o120000, size: Int(info.st_size)) {
            result.hashed.append((position, id != entry.id))
        } else {
            result.contentChecks.append(position)
        }
    }

    /// The blob id of a file's bytes (a symlink's target), or nil when it cannot be read here
    /// (then libgit2 decides). Files above 64 MiB are left to libgit2 too.
    static func blobID(of file: (directory: Int32, name: UnsafePointer<CChar>), symlink: Bool, size: Int) -> GitIndex.RawID? {
        var bytes: [UInt8]
        if symlink {
            bytes = [UInt8](repeating: 0, count: 4096)
            let count = bytes.withUnsafeMutableBytes { readlinkat(file.directory, file.name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
            guard count >= 0, count < bytes.count else { return nil }
            bytes.removeSubrange(count...)
        } else {
            guard size <= 64 << 20 else { return nil }
            let descriptor = openat(file.directory, file.name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            guard let contents = FileSystem.readToEnd(descriptor, capacity: size) else { return nil }
            bytes = contents
        }
        var oid = git_oid()
        let length = bytes.count
        if bytes.isEmpty { bytes = [0] } // for a valid pointer; the length stays 0
        guard bytes.withUnsafeBytes({ git_odb_hash(&oid, $0.baseAddress, length, GIT_OBJECT_BLOB) }) == 0 else { return nil }
        return GitIndex.RawID(oid)
    }
}

/// The names of one directory's tracked files, as the index holds them: NUL-terminated bytes in one
/// buffer, one group per name (a conflicted file has an entry per stage), sorted by bytes as the
/// index is (`WorkingTreeStatus.open` declines one that is not), so a name the kernel lists is
/// found by binary search.
private struct TrackedNames {
    /// Where a name starts in `buffer`, and its stage-0 entry (-1 when it has only conflict stages).
    var groups: [(start: Int, entry: Int)] = []
    var buffer: [CChar] = []

    init(_ directory: WorkingTreeStatus.Directory, _ index: GitIndex) {
        let prefixLength = directory.path.isEmpty ? 0 : directory.path.utf8.count + 1
        groups.reserveCapacity(directory.files.count)
        index.pathBytes.withUnsafeBufferPointer { bytes in
            for position in directory.files {
                let entry = index.entries[position]
                let name = bytes[(Int(entry.pathStart) + prefixLength)..<Int(entry.pathStart + entry.pathLength)]
                let start = buffer.count
                UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: name)).withMemoryRebound(to: CChar.self) { buffer.append(contentsOf: $0) }
                buffer.append(0)
                if let last = groups.last, buffer.withUnsafeBufferPointer({ strcmp($0.baseAddress! + last.start, $0.baseAddress! + start) == 0 }) {
                    buffer.removeSubrange(start...)
                    if entry.stage == 0 { groups[groups.count - 1].entry = position }
                } else {
                    groups.append((start, entry.stage == 0 ? position : -1))
                }
            }
        }
    }

    /// The group's entry of a name (-1 for a name with only conflict stages), or nil when the
    /// index does not hold the name.
    func entry(named name: UnsafePointer<CChar>) -> Int? {
        buffer.withUnsafeBufferPointer { buffer in
            var (low, high) = (0, groups.count)
            while low < high {
                let middle = (low + high) / 2
                let order = strcmp(buffer.baseAddress! + groups[middle].start, name)
                if order == 0 { return groups[middle].entry }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }
}
