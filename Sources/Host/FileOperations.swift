import Foundation
import Glibc

/// File operations whose failures are `HostError`s that name the path and say what to do
/// (Foundation's `FileManager` errors read "The file doesn't exist." with no path).
public enum FileOperations {
    /// The kind of a path, without following a final symbolic link.
    public enum Kind: Sendable, Equatable {
        case regular(size: Int, executable: Bool)
        case directory
        case symlink
        /// A FIFO, socket or device: never opened, since reading one can block forever.
        case special
    }

    /// What is at `path`, or nil when nothing is.
    public static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(info.st_size), executable: info.st_mode & S_IXUSR != 0)
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .special
        }
    }

    /// The bytes of a regular file (symbolic links are followed), at most `limit` of them.
    /// A directory, a FIFO or a device is refused before anything is read from it.
    public static func read(_ path: String, limit: Int = Int.max) throws(HostError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw HostError.lastFile(.read, path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw HostError.lastFile(.read, path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let what = info.st_mode & S_IFMT == S_IFDIR ? "it is a directory, not a file." : "it is not a regular file (a FIFO, socket or device)."
            throw HostError.file(.read, path: path, reason: what)
        }
        guard Int(info.st_size) <= limit else {
            throw HostError.file(.read, path: path, reason: "it is \(info.st_size) bytes, more than the \(limit) this file may have.")
        }
        // One byte more than fstat says: the read that finds the end needs no bigger buffer.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: 65_536) }
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw HostError.lastFile(.read, path)
            }
            filled += count
            if filled > limit { throw HostError.file(.read, path: path, reason: "it grew past the \(limit) bytes this file may have.") }
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// The text of a regular file, decoded as UTF-8 (invalid bytes become U+FFFD).
    public static func readText(_ path: String, limit: Int = Int.max) throws(HostError) -> String {
        String(decoding: try read(path, limit: limit), as: UTF8.self)
    }

    /// Writes `bytes` to a temporary file next to `path` and renames it over `path`: a reader never
    /// sees half a file. `mode` is the new file's permission bits.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o644) throws(HostError) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw HostError.lastFile(.write, path) }
        let array = Array(bytes)
        var done = 0
        while done < array.count {
            let count = array.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let error = HostError.lastFile(.write, path)
                close(descriptor)
                unlink(temporary)
                throw error
            }
            done += count
        }
        _ = fchmod(descriptor, mode)
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = HostError.lastFile(.write, path)
            unlink(temporary)
            throw error
        }
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(HostError) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    /// Creates `path` and the directories above it that are missing.
    public static func createDirectory(_ path: String) throws(HostError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            built += "/" + part
            if mkdir(built, 0o755) != 0, errno != EEXIST { throw HostError.lastFile(.create, built) }
            var info = stat()
            guard stat(built, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw HostError.file(.create, path: built, reason: "a file is in the way.")
            }
        }
    }

    /// Creates a directory for nixpacks-ci's own files (a cache, logs) with a `.gitignore` of `*`
    /// in it: placed inside a checkout (a relative `--cache-dir`), its files never show up as
    /// untracked files, and so never in a service's changes, context or key.
    public static func createIgnoredDirectory(_ path: String) throws(HostError) {
        try createDirectory(path)
        let ignore = path + "/.gitignore"
        if kind(ignore) == nil { try write(Array("*\n".utf8), to: ignore) }
    }

    /// Removes `path` and everything below it, never following symbolic links. For nixpacks-ci's
    /// own temporary directories only.
    public static func removeTree(_ path: String) throws(HostError) {
        guard let kind = kind(path) else { return }
        if kind == .directory {
            guard let stream = opendir(path) else { throw HostError.lastFile(.remove, path) }
            var names: [String] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
                if name != ".", name != ".." { names.append(name) }
            }
            closedir(stream)
            for name in names { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 else { throw HostError.lastFile(.remove, path) }
        } else if unlink(path) != 0, errno != ENOENT {
            throw HostError.lastFile(.remove, path)
        }
    }

    /// A new, empty directory below the system's temporary directory, named `prefix-XXXXXX`.
    public static func temporaryDirectory(prefix: String) throws(HostError) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw HostError.lastFile(.create, "\(base)/\(prefix)-XXXXXX") }
        return String(cString: template)
    }

    /// The target of a symbolic link.
    public static func linkTarget(_ path: String) throws(HostError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw HostError.lastFile(.read, path) }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` with symbolic links and `.`/`..` resolved, or nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        if let walked = realPathWithoutLinks(path) { return walked }
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path of a path with no symbolic link in it: the path itself, made absolute (from
    /// the working directory, which the kernel keeps resolved) and with `.` and `..` applied,
    /// checked one component at a time from open directories (`fstatat`, then `openat`; an
    /// unreadable directory falls back). `realpath(3)` calls `readlink` on every prefix, which the
    /// kernel resolves from `/` each time: quadratic in the depth (1,900 levels: 1.8 million
    /// lookups). Nil when a component is a link or does not exist: `realpath(3)` decides those.
    static func realPathWithoutLinks(_ path: String) -> String? {
        var absolute = path
        if !path.hasPrefix("/") {
            guard let cwd = getcwd(nil, 0) else { return nil }
            defer { free(cwd) }
            absolute = String(cString: cwd) + "/" + path
        }
        // One directory open at a time (a deep path would exhaust the descriptors). Every component
        // so far was verified to be no link, so `..` is lexical: it reopens the parent from `/`.
        var directory = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return nil }
        defer { close(directory) }
        func enter(_ name: Substring) -> Bool {
            let next = openat(directory, String(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return false }
            close(directory)
            directory = next
            return true
        }
        let components = absolute.split(separator: "/").filter { $0 != "." }
        var resolved: [Substring] = []
        for (index, component) in components.enumerated() {
            if component == ".." {
                resolved.removeLast(resolved.isEmpty ? 0 : 1)
                let root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard root >= 0 else { return nil }
                close(directory)
                directory = root
                for name in resolved where !enter(name) { return nil }
                continue
            }
            var info = stat()
            guard fstatat(directory, String(component), &info, AT_SYMLINK_NOFOLLOW) == 0,
                  info.st_mode & S_IFMT != S_IFLNK else { return nil }
            resolved.append(component)
            if index == components.count - 1 { break }
            guard info.st_mode & S_IFMT == S_IFDIR, enter(component) else { return nil }
        }
        return "/" + resolved.joined(separator: "/")
    }
}
