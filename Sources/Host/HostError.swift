import Glibc

/// What can go wrong when nixpacks-ci asks the host for a process or a file. Every case names the
/// command or the path, and says what to do; no system or Foundation error text is passed on raw.
public enum HostError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No executable of this name is on PATH (or the path given is not executable).
    case executableNotFound(name: String, searched: String)
    /// The process could not be started.
    case spawnFailed(command: String, reason: String)
    /// A file operation failed.
    case file(FileOperation, path: String, reason: String)

    public enum FileOperation: String, Sendable {
        case read, write, create, copy, remove, list, link
    }

    public var description: String {
        switch self {
        case let .executableNotFound(name, searched):
            if name.contains("/") { return "\(name) does not exist or is not executable." }
            return "`\(name)` is not installed (searched PATH=\(searched)). Install it, or put it on PATH."
        case let .spawnFailed(command, reason):
            return "cannot start `\(command)`: \(reason)."
        case let .file(operation, path, reason):
            let verb: String
            switch operation {
            case .read: verb = "cannot read"
            case .write: verb = "cannot write"
            case .create: verb = "cannot create the directory"
            case .copy: verb = "cannot copy"
            case .remove: verb = "cannot remove"
            case .list: verb = "cannot list the directory"
            case .link: verb = "cannot create the symbolic link"
            }
            return "\(verb) \(path): \(reason)"
        }
    }

    /// A reason for `errno` that says what to do about it.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "it does not exist."
        case EACCES, EPERM: return "permission denied; check the permissions of the file and the directories above it."
        case ENOSPC: return "no space left on the device; free some space and run again."
        case EDQUOT: return "the disk quota is exceeded; free some space and run again."
        case EROFS: return "the file system is read-only; choose a writable location."
        case EISDIR: return "it is a directory, not a file."
        case ENOTDIR: return "a part of the path is a file, not a directory."
        case EEXIST: return "something is already there."
        case ELOOP: return "it is a symbolic link loop."
        case ENAMETOOLONG: return "the path is too long."
        case EMFILE, ENFILE: return "too many open files; raise the limit (ulimit -n)."
        default: return String(cString: strerror(code)) + "."
        }
    }

    /// The error for `operation` on `path` after a failed system call (reads `errno`).
    public static func lastFile(_ operation: FileOperation, _ path: String) -> HostError {
        .file(operation, path: path, reason: reason(errno: errno))
    }
}
