import Foundation

/// Lists staged, unstaged and untracked (not ignored) changes against HEAD.
///
/// Three real implementations that give the same answer (tested): in this process
/// (`WorkingTreeStatus`, the default: about 60% of `git status`'s time on 80,000 files), the
/// `git` command line (`git status`, for repositories with an untracked cache or fsmonitor, which
/// make git faster, or a sparse index and other things the in-process scanner leaves to git), and
/// libgit2 when no `git` is installed.
public enum WorkingTreeScanner: Sendable {
    case inProcess
    case gitCommandLine
    case libgit2

    /// In process; the command line or libgit2 when the in-process scanner declines the repository.
    public static var preferred: WorkingTreeScanner { .inProcess }

    /// The command line when `git` is on PATH, else libgit2.
    static var external: WorkingTreeScanner {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let hasGit = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/git") }
        return hasGit ? .gitCommandLine : .libgit2
    }

    public func changes(in repository: Repository, against head: ObjectID) throws -> [ChangedPath] {
        switch self {
        case .inProcess:
            guard let status = WorkingTreeStatus.open(repository) else {
                return try Self.external.changes(in: repository, against: head)
            }
            return try status.changes(against: head)
        case .libgit2:
            return try repository.workingTreeChanges(against: head)
        case .gitCommandLine:
            guard let workTree = repository.workTree else { return [] }
            // git's untracked cache serves only its default mode, which reports a wholly untracked
            // directory as `dir/`: then ask in that mode and list such directories here.
            let useUntrackedCache = repository.usesUntrackedCache()
            let arguments = ["--no-optional-locks", "status", "--porcelain=v1", "-z",
                             "--untracked-files=\(useUntrackedCache ? "normal" : "all")", "--no-renames", "--ignore-submodules=dirty"]
            let output = try GitCommandLine(workTree: workTree).run(arguments, separateErrors: true)
            guard output.status == 0 else {
                throw MonorepoError.git(operation: "status", message: output.errors)
            }
            let changes = Self.parsePorcelain(output.text)
            guard useUntrackedCache else { return changes }
            let directories = changes.filter { $0.kind == .added && $0.path.hasSuffix("/") }
            guard !directories.isEmpty else { return changes }
            let files = try repository.untrackedFiles(among: directories.map { (String($0.path.dropLast()), true) })
            return changes.filter { !($0.kind == .added && $0.path.hasSuffix("/")) }
                + files.map { ChangedPath(path: $0, kind: .added, origin: .workingTree) }
        }
    }

    /// Parses `git status --porcelain=v1 -z --no-renames`: `XY path` entries separated by NUL.
    static func parsePorcelain(_ text: String) -> [ChangedPath] {
        var result: [ChangedPath] = []
        for entry in text.utf8.split(separator: 0, omittingEmptySubsequences: true) where entry.count > 3 {
            let x = entry[entry.startIndex]
            let y = entry[entry.index(after: entry.startIndex)]
            guard let kind = kind(x: x, y: y) else { continue }
            let path = String(decoding: entry.dropFirst(3), as: UTF8.self)
            result.append(ChangedPath(path: path, kind: kind, origin: .workingTree))
        }
        return result
    }

    /// What a `git status` code pair (index, work tree) means against HEAD; nil for no change.
    static func kind(x: UInt8, y: UInt8) -> ChangedPath.Kind? {
        switch (Character(Unicode.Scalar(x)), Character(Unicode.Scalar(y))) {
        case (" ", " "): return nil
        case ("?", "?"), ("A", " "), ("A", "M"), ("A", "T"): return .added
        case ("A", "D"): return nil // added to the index, then removed: no change against HEAD
        case (_, "D"), ("D", _): return .deleted
        case ("T", _), (_, "T"): return .typeChanged
        default: return .modified
        }
    }
}
