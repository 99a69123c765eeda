import Foundation

/// Lists staged, unstaged and untracked (not ignored) changes against HEAD.
///
/// Two real implementations: the `git` command line (`git status`, which uses the untracked cache
/// and fsmonitor when a repository has them, and is about twice as fast as libgit2 1.5 on 80,000
/// files), and libgit2 when no `git` is installed. Both give the same answer (tested).
public enum WorkingTreeScanner: Sendable {
    case gitCommandLine
    case libgit2

    /// The command line when `git` is on PATH, else libgit2.
    public static var preferred: WorkingTreeScanner {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let hasGit = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/git") }
        return hasGit ? .gitCommandLine : .libgit2
    }

    public func changes(in repository: Repository, against head: ObjectID) throws -> [ChangedPath] {
        switch self {
        case .libgit2:
            return try repository.workingTreeChanges(against: head)
        case .gitCommandLine:
            guard let workTree = repository.workTree else { return [] }
            let arguments = ["--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all",
                             "--no-renames", "--ignore-submodules=dirty"]
            let output = try GitCommandLine(workTree: workTree).run(arguments, separateErrors: true)
            guard output.status == 0 else {
                throw MonorepoError.git(operation: "status", message: output.errors)
            }
            return Self.parsePorcelain(output.text)
        }
    }

    /// Parses `git status --porcelain=v1 -z --no-renames`: `XY path` entries separated by NUL.
    static func parsePorcelain(_ text: String) -> [ChangedPath] {
        var result: [ChangedPath] = []
        for entry in text.split(separator: "\0", omittingEmptySubsequences: true) where entry.count > 3 {
            let x = entry[entry.startIndex]
            let y = entry[entry.index(after: entry.startIndex)]
            let path = String(entry.dropFirst(3))
            let kind: ChangedPath.Kind
            switch (x, y) {
            case ("?", "?"), ("A", " "), ("A", "M"), ("A", "T"): kind = .added
            case ("A", "D"): continue // added to the index, then removed: no change against HEAD
            case (_, "D"), ("D", _): kind = .deleted
            case ("T", _), (_, "T"): kind = .typeChanged
            default: kind = .modified
            }
            result.append(ChangedPath(path: path, kind: kind, origin: .workingTree))
        }
        return result
    }
}
