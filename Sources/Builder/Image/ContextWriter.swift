import Crypto
import Foundation
import Glibc
import Host

/// Writes a `BuildContext` into a directory, file for file and nothing else.
///
/// - Files get mode 0644 (0755 when executable), directories 0755. A file's modification time is
///   derived from its content (`contentTime`), directories get a fixed one: the same context gives
///   byte-identical layers on every machine, and a file whose content changes gets another time.
///   BuildKit sends a context incrementally, against what an earlier build with the same shared key
///   sent, and takes a file whose size and time did not change for unchanged: buildx's shared key
///   does not depend on the context's directory, so with one fixed time a same-size edit (`v1` →
///   `v2`) was built from the earlier content (seen with buildx 0.13).
/// - A source file whose id is the hash of its raw bytes is hashed again as it is copied; if it
///   changed since the key was computed, the write fails instead of building an image that the
///   key does not describe.
/// - Sources are opened without following links and never when they are not regular files.
public struct ContextWriter: Sendable {
    /// 1980-01-01T00:00:00Z, the earliest time a zip archive (a wheel, a jar) can record.
    public static let timestamp: time_t = 315_532_800

    public init() {}

    /// Writes `context` into `directory`, which must not exist yet or be empty.
    public func write(_ context: BuildContext, to directory: String) throws(BuilderError) {
        do {
            try FileOperations.createDirectory(directory)
            var directories: Set<String> = [directory]
            for file in context.files {
                let target = directory + "/" + file.path
                let parent = String(target[..<target.lastIndex(of: "/")!])
                if !directories.contains(parent) {
                    try FileOperations.createDirectory(parent)
                    var ancestor = parent
                    while ancestor.count > directory.count, directories.insert(ancestor).inserted {
                        ancestor = String(ancestor[..<ancestor.lastIndex(of: "/")!])
                    }
                }
                try write(file, to: target)
            }
            for path in directories.sorted(by: { $0.count > $1.count }) { Self.stamp(path) }
        } catch let error as HostError {
            throw BuilderError.contextWrite(error.description)
        } catch let error as BuilderError {
            throw error
        } catch {
            throw BuilderError.contextWrite("\(error)")
        }
    }

    private func write(_ file: BuildContext.File, to target: String) throws {
        switch file.content {
        case let .generated(bytes):
            if file.kind == .symlink {
                try link(String(decoding: bytes, as: UTF8.self), at: target)
            } else {
                try create(target, executable: file.kind == .executable) { sink in try sink(bytes[...]) }
            }
        case let .source(path, id, verify):
            if file.kind == .symlink {
                let destination = try FileOperations.linkTarget(path)
                if verify { try check(Array(destination.utf8), path: path, id: id) }
                try link(destination, at: target)
            } else {
                try copy(path, to: target, executable: file.kind == .executable, id: verify ? id : nil)
            }
        }
    }

    private func copy(_ source: String, to target: String, executable: Bool, id: String?) throws {
        let input = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard input >= 0 else { throw HostError.lastFile(.read, source) }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw BuilderError.sourceChanged(path: source, detail: "it is no longer a regular file")
        }
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("blob \(info.st_size)\0".utf8))
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try create(target, executable: executable) { sink in
            while true {
                let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count == 0 { break }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw HostError.lastFile(.read, source)
                }
                hasher.update(data: chunk[..<count])
                total += count
                try sink(chunk[..<count])
            }
        }
        let digest = hasher.finalize().hexString
        guard total == Int(info.st_size), id == nil || digest == id else {
            throw BuilderError.sourceChanged(path: source, detail: "its content changed after the cache key was computed")
        }
    }

    private func check(_ bytes: [UInt8], path: String, id: String) throws {
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("blob \(bytes.count)\0".utf8))
        hasher.update(data: bytes)
        guard hasher.finalize().hexString == id else {
            throw BuilderError.sourceChanged(path: path, detail: "the link target changed after the cache key was computed")
        }
    }

    private func create(_ target: String, executable: Bool, _ body: ((ArraySlice<UInt8>) throws -> Void) throws -> Void) throws {
        let mode: mode_t = executable ? 0o755 : 0o644
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard output >= 0 else { throw HostError.lastFile(.write, target) }
        defer { close(output) }
        var content = SHA256()
        try body { bytes in
            content.update(data: bytes)
            var done = bytes.startIndex
            while done < bytes.endIndex {
                let count = bytes[done...].withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw HostError.lastFile(.write, target) }
                done += count
            }
        }
        _ = fchmod(output, mode)
        let time = Self.contentTime(content.finalize())
        var times = [time, time]
        _ = futimens(output, &times)
    }

    private func link(_ destination: String, at target: String) throws {
        guard symlink(destination, target) == 0 else { throw HostError.lastFile(.link, target) }
        let time = Self.contentTime(SHA256.hash(data: Array(destination.utf8)))
        var times = [time, time]
        _ = utimensat(AT_FDCWD, target, &times, AT_SYMLINK_NOFOLLOW)
    }

    /// A modification time from a content's SHA-256: `timestamp` plus up to 2^30 s (so before
    /// 2014), and nanoseconds from another 30 bits. Two contents share a time with a chance of
    /// about 2^-60, and then must have the same size too for BuildKit to take one for the other.
    static func contentTime(_ digest: SHA256.Digest) -> timespec {
        let bytes = Array(digest)
        func word(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return timespec(tv_sec: timestamp + time_t(word(0) & 0x3FFF_FFFF), tv_nsec: word(4) % 1_000_000_000)
    }

    private static func stamp(_ path: String) {
        var times = [timespec(tv_sec: timestamp, tv_nsec: 0), timespec(tv_sec: timestamp, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
    }
}
