import Foundation
import Glibc

/// What identifies the running nixpacks-ci binary for caches that must not outlive it (the graph
/// and preparation caches): its GNU build id, which the linker computes from the binary's
/// contents, so a release unpacked or copied anew (a new modification time) keeps its caches and
/// any rebuilt binary gets new ones. Without a build id: the file's size and modification time.
public enum ExecutableIdentity {
    public static let current: String = {
        if let id = buildID(of: "/proc/self/exe") { return "build-" + id }
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown-\(UUID().uuidString)" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec)-\(info.st_mtim.tv_nsec)"
    }()

    /// The `NT_GNU_BUILD_ID` note of a 64-bit little-endian ELF file, in hex; nil without one.
    /// Reads the ELF header, the program headers and the note segments only (a few hundred bytes).
    public static func buildID(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        func read(_ count: Int, at offset: Int) -> [UInt8]? {
            guard count > 0, count <= 1 << 20, offset >= 0 else { return nil }
            var bytes = [UInt8](repeating: 0, count: count)
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            return got == count ? bytes : nil
        }
        func integer(_ bytes: [UInt8], _ at: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
        }
        guard let header = read(64, at: 0), header[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]), header[4] == 2, header[5] == 1
        else { return nil }
        let tableOffset = integer(header, 32, 8), entrySize = integer(header, 54, 2), count = integer(header, 56, 2)
        guard entrySize >= 56, count < 256, let table = read(entrySize * count, at: tableOffset) else { return nil }
        for index in 0..<count where integer(table, index * entrySize, 4) == 4 { // PT_NOTE
            let base = index * entrySize
            guard let notes = read(integer(table, base + 32, 8), at: integer(table, base + 8, 8)) else { continue }
            var offset = 0
            while offset + 12 <= notes.count {
                let nameSize = integer(notes, offset, 4), descriptionSize = integer(notes, offset + 4, 4), type = integer(notes, offset + 8, 4)
                let start = offset + 12 + ((nameSize + 3) & ~3)
                guard start + descriptionSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[(offset + 12)..<(offset + 16)].elementsEqual([0x47, 0x4E, 0x55, 0]), descriptionSize >= 8 {
                    return notes[start..<(start + descriptionSize)].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
                }
                offset = start + ((descriptionSize + 3) & ~3)
            }
        }
        return nil
    }
}
