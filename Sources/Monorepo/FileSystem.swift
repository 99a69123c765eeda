import Foundation

/// The few POSIX file operations the hot paths use directly (Foundation's `FileManager` and `URL`
/// cost several times the system calls themselves).
enum FileSystem {
    /// Everything left to read from `descriptor` (a file or a pipe), or nil when a read fails
    /// (`errno` then says why). `capacity` is a size hint.
    static func readToEnd(_ descriptor: Int32, capacity: Int = 0) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count > 0 {
                bytes += chunk[..<count]
            } else if errno != EINTR {
                return nil
            }
        }
    }

    /// One entry of a directory being read.
    struct DirectoryEntry {
        var name: String
        /// `d_type`: DT_DIR, DT_REG, ..., or DT_UNKNOWN where the file system does not say.
        var type: UInt8

        /// Whether the entry is a directory (not a symlink to one), asking the file system only
        /// when `d_type` is unknown. `directory` is the descriptor of the directory holding it.
        func isDirectory(in directory: Int32) -> Bool {
            FileSystem.isDirectory(type: type, name: name, in: directory)
        }
    }

    /// Whether a directory entry (its `d_type` and name, in the directory open as `directory`) is a
    /// directory, not a symlink to one, asking the file system only when `d_type` is unknown.
    static func isDirectory(type: UInt8, name: UnsafePointer<CChar>, in directory: Int32) -> Bool {
        if type == UInt8(DT_DIR) { return true }
        if type != UInt8(DT_UNKNOWN) { return false }
        var info = stat()
        return fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The entries of an open directory stream, without `.` and `..`.
    static func entries(of stream: OpaquePointer) -> [DirectoryEntry] {
        var result: [DirectoryEntry] = []
        while let item = readdir(stream) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != ".", name != ".." { result.append(DirectoryEntry(name: name, type: item.pointee.d_type)) }
        }
        return result
    }
}
