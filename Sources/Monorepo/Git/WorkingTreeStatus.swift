import Dispatch
import Foundation
internal import CLibgit2

/// `git status --porcelain --untracked-files=all --no-renames --ignore-submodules=dirty`, computed
/// in this process, the way git computes it:
///
/// 1. **Staged**: HEAD's tree against the index, skipping every directory whose cache-tree record
///    (the index's "TREE" extension) still matches HEAD, so a clean index costs one comparison.
/// 2. **Unstaged**: each tracked file's `lstat` against the stat data in the index. Only files whose
///    stat data differ, or that were modified in the second the index was written or later
///    ("racily clean"), are read and hashed: as they are when no filter can apply, else through
///    libgit2 with the repository's filters.
/// 3. **Untracked**: every tracked directory is read once (the same pass as 2) and names the index
///    does not hold are checked against the ignore rules (libgit2's, which read .gitignore files,
///    `.git/info/exclude` and `core.excludesFile`); untracked directories that are not ignored are
///    walked.
///
/// Passes 2 and 3 run over directories on all cores. On the benchmark monorepo (82,000 files in
/// 12,000 directories) this takes about 220 ms against about 345 ms for `git status`, most of it in
/// the kernel's `lstat` and `getdents`.
///
/// `open` returns nil for repositories that use what this scanner leaves to git: an untracked cache
/// or fsmonitor (git is faster with them), a sparse index, case-insensitive or
/// symlink-less checkouts, SHA-256 object ids, paths that are not UTF-8.
struct WorkingTreeStatus {
    let repository: Repository
    let workTree: String
    let index: GitIndex
    let settings: StatSettings

    /// How strictly stat data are compared (git's `core.trustctime`, `core.checkStat`, `core.filemode`),
    /// and whether file contents are their blobs as they are.
    struct StatSettings: Sendable {
        var trustCtime = true
        var checkStat = true
        var trustExecutableBit = true
        /// No attributes file and no `core.autocrlf`: no filter can change what a file hashes to,
        /// so the workers hash contents themselves (a fresh clone has thousands of racily clean
        /// files; libgit2's filtered hashing looks attributes up for each).
        var contentsAreBlobs = false
    }

    static func open(_ repository: Repository) -> WorkingTreeStatus? {
        guard let workTree = repository.workTreePath else { return nil }
        let config = repository.configSnapshot()
        if let monitor = config.string("core.fsmonitor"), !["", "false", "0", "no", "off"].contains(monitor.lowercased()) {
            return nil
        }
        if config.bool("core.ignorecase") == true || config.bool("core.symlinks") == false { return nil }
        if let format = config.string("extensions.objectformat"), format.lowercased() != "sha1" { return nil }
        // git status with its untracked cache reads only directories that changed: faster than
        // reading them all, so such repositories are left to it.
        if repository.usesUntrackedCache(config) { return nil }
        guard let index = repository.directIndex() else { return nil }
        // Paths are compared as Strings here: a name that is not UTF-8 would be looked up under its
        // decoded form and found missing, so git reports such a repository's status by bytes.
        if index.hasNonUTF8Path { return nil }
        // Every pass walks the entries as runs of directories: an index out of git's order (which
        // git refuses to read) is left to the scanner that sorts it.
        if !index.isSorted { return nil }
        var settings = StatSettings()
        settings.trustCtime = config.bool("core.trustctime") ?? true
        settings.checkStat = config.string("core.checkstat")?.lowercased() != "minimal"
        settings.trustExecutableBit = config.bool("core.filemode") ?? true
        settings.contentsAreBlobs = !Self.filtersMayApply(repository, config, index)
        return WorkingTreeStatus(repository: repository, workTree: workTree, index: index, settings: settings)
    }

    /// Whether any `.gitattributes`, attributes file or `core.autocrlf` may make a file's blob differ
    /// from its bytes. A `.gitattributes` that is not tracked yet is caught after the scan.
    static func filtersMayApply(_ repository: Repository, _ config: Repository.ConfigSnapshot, _ index: GitIndex) -> Bool {
        if let autocrlf = config.string("core.autocrlf")?.lowercased(), ["true", "input", "1", "yes", "on"].contains(autocrlf) { return true }
        if config.string("core.attributesfile") != nil { return true }
        let environment = ProcessInfo.processInfo.environment
        let configHome = environment["XDG_CONFIG_HOME"].map { $0 + "/git" } ?? environment["HOME"].map { $0 + "/.config/git" }
        let files = [repository.gitDirectory.appendingPathComponent("info/attributes").path, "/etc/gitattributes"]
            + (configHome.map { [$0 + "/attributes"] } ?? [])
        if files.contains(where: { FileManager.default.fileExists(atPath: $0) }) { return true }
        return index.holdsFile(named: ".gitattributes")
    }

    /// The changes against `head`, with the kinds `git status` would give them.
    func changes(against head: ObjectID) throws -> [ChangedPath] {
        var staged: [String: UInt8] = [:]
        try compareTree(repository.treeID(ofCommit: head), directory: "", range: 0..<index.entries.count,
                        cacheTree: index.cacheTree(), into: &staged)
        let scan = scanDirectories()
        var unstaged: [String: UInt8] = [:]
        for (entry, code) in scan.definite { unstaged[index.path(entry)] = code }
        var contentChecks = scan.contentChecks
        if scan.untracked.contains(where: { $0.path == ".gitattributes" || $0.path.hasSuffix("/.gitattributes") }) {
            contentChecks += scan.hashed.map(\.entry) // a new attributes file: let libgit2 apply it
        } else {
            for (entry, modified) in scan.hashed where modified { unstaged[index.path(entry)] = UInt8(ascii: "M") }
        }
        for entry in contentChecks where try contentDiffers(entry) { unstaged[index.path(entry)] = UInt8(ascii: "M") }
        for entry in scan.submodules where submoduleMoved(entry) { unstaged[index.path(entry)] = UInt8(ascii: "M") }

        var result: [ChangedPath] = []
        for (path, codes) in conflicts() {
            if let kind = WorkingTreeScanner.kind(x: codes.x, y: codes.y) { result.append(ChangedPath(path: path, kind: kind, origin: .workingTree)) }
        }
        for path in Set(staged.keys).union(unstaged.keys) {
            let x = staged[path] ?? UInt8(ascii: " ")
            let y = unstaged[path] ?? UInt8(ascii: " ")
            if let kind = WorkingTreeScanner.kind(x: x, y: y) { result.append(ChangedPath(path: path, kind: kind, origin: .workingTree)) }
        }
        for path in try repository.untrackedFiles(among: scan.untracked) {
            result.append(ChangedPath(path: path, kind: .added, origin: .workingTree))
        }
        return result
    }

    // MARK: Staged: HEAD's tree against the index

    private enum IndexChild {
        case file(Int)
        case directory(Range<Int>)
        /// A path with conflict stages; reported by `conflicts()`.
        case conflicted
    }

    /// Compares a tree (nil: absent in HEAD) with the index entries in `range`, which all lie below
    /// `directory`. Codes as in `git status`: A, D, M, T.
    private func compareTree(_ tree: git_oid?, directory: String, range: Range<Int>, cacheTree: [String: GitIndex.RawID],
                             into result: inout [String: UInt8]) throws {
        if let tree, let cached = cacheTree[directory], cached == GitIndex.RawID(tree) { return }
        let prefixLength = directory.isEmpty ? 0 : directory.utf8.count + 1
        var children: [String: IndexChild] = [:]
        index.pathBytes.withUnsafeBufferPointer { bytes in
            var position = range.lowerBound
            while position < range.upperBound {
                let entry = index.entries[position]
                let start = Int(entry.pathStart) + prefixLength
                let end = Int(entry.pathStart + entry.pathLength)
                let slash = bytes[start..<end].firstIndex(of: UInt8(ascii: "/"))
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(slash ?? end)]), as: UTF8.self)
                guard let slash else {
                    if entry.stage != 0 {
                        children[name] = .conflicted
                    } else if !entry.intentToAdd, children[name] == nil {
                        children[name] = .file(position)
                    }
                    position += 1
                    continue
                }
                // Every entry below `name/` follows this one (the index is sorted by path bytes).
                let childPrefixLength = slash + 1 - Int(entry.pathStart)
                var last = position + 1
                while last < range.upperBound {
                    let next = index.entries[last]
                    guard next.pathLength > childPrefixLength,
                          GitIndex.equalBytes(bytes, Int(next.pathStart), Int(entry.pathStart), count: childPrefixLength)
                    else { break }
                    last += 1
                }
                children[name] = .directory(position..<last)
                position = last
            }
        }
        for item in try tree.map(repository.treeItems) ?? [] {
            let path = directory.isEmpty ? item.name : directory + "/" + item.name
            let child = children.removeValue(forKey: item.name)
            if item.isTree {
                switch child {
                case let .directory(inner): try compareTree(item.id, directory: path, range: inner, cacheTree: cacheTree, into: &result)
                case .file:
                    result[path] = UInt8(ascii: "A")
                    try deleteAll(below: item.id, directory: path, into: &result)
                case .conflicted, nil: try deleteAll(below: item.id, directory: path, into: &result)
                }
                continue
            }
            switch child {
            case let .file(entry):
                let indexEntry = index.entries[entry]
                if indexEntry.mode & 0o170000 != item.mode & 0o170000 {
                    result[path] = UInt8(ascii: "T")
                } else if indexEntry.mode != item.mode || indexEntry.id != GitIndex.RawID(item.id) {
                    result[path] = UInt8(ascii: "M")
                }
            case let .directory(inner):
                result[path] = UInt8(ascii: "D")
                addAll(inner, into: &result)
            case .conflicted: break
            case nil: result[path] = UInt8(ascii: "D")
            }
        }
        for child in children.values {
            switch child {
            case let .file(entry): result[index.path(entry)] = UInt8(ascii: "A")
            case let .directory(inner): addAll(inner, into: &result)
            case .conflicted: break
            }
        }
    }

    private func addAll(_ range: Range<Int>, into result: inout [String: UInt8]) {
        for entry in range where index.entries[entry].stage == 0 && !index.entries[entry].intentToAdd {
            result[index.path(entry)] = UInt8(ascii: "A")
        }
    }

    private func deleteAll(below tree: git_oid, directory: String, into result: inout [String: UInt8]) throws {
        for item in try repository.treeItems(tree) {
            let path = directory + "/" + item.name
            if item.isTree {
                try deleteAll(below: item.id, directory: path, into: &result)
            } else if result[path] == nil {
                result[path] = UInt8(ascii: "D")
            }
        }
    }

    /// Conflicted paths with git's two-letter codes, from the stages present (1 base, 2 ours, 3 theirs).
    private func conflicts() -> [String: (x: UInt8, y: UInt8)] {
        var stages: [String: Int] = [:]
        for (position, entry) in index.entries.enumerated() where entry.stage != 0 {
            stages[index.path(position), default: 0] |= 1 << (entry.stage - 1)
        }
        return stages.mapValues { mask in
            let code: String
            switch mask {
            case 0b001: code = "DD"
            case 0b010: code = "AU"
            case 0b011: code = "UD"
            case 0b100: code = "UA"
            case 0b101: code = "DU"
            case 0b110: code = "AA"
            default: code = "UU"
            }
            let bytes = Array(code.utf8)
            return (bytes[0], bytes[1])
        }
    }
}

extension GitIndex.RawID {
    init(_ oid: git_oid) {
        var copy = oid
        self = withUnsafeBytes(of: &copy.id) { GitIndex.RawID($0, at: 0) }
    }
}
