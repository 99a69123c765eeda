import Foundation
import Glibc
import Testing
@testable import Builder

/// A written file's modification time follows its content: BuildKit sends a context incrementally
/// and takes a file of unchanged size and time for unchanged (BuildxRegistryCacheTests has the
/// image that showed it).
@Suite struct ContextWriterTimeTests {
    func mtime(_ path: String) -> timespec {
        var info = stat()
        #expect(lstat(path, &info) == 0)
        return info.st_mtim
    }

    func written(_ files: [BuildContext.File]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-writer-\(UUID().uuidString)").path
        try ContextWriter().write(try BuildContext(files: files), to: directory)
        return directory
    }

    @Test func sameSizeEditsGetAnotherTimeAndEqualContentTheSame() throws {
        let first = try written([.init(path: "app.txt", kind: .regular, content: .generated(Array("version 1\n".utf8))),
                                 .init(path: "link", kind: .symlink, content: .generated(Array("app.txt".utf8)))])
        let second = try written([.init(path: "app.txt", kind: .regular, content: .generated(Array("version 2\n".utf8))),
                                  .init(path: "link", kind: .symlink, content: .generated(Array("app.tx2".utf8)))])
        let again = try written([.init(path: "app.txt", kind: .regular, content: .generated(Array("version 1\n".utf8))),
                                 .init(path: "link", kind: .symlink, content: .generated(Array("app.txt".utf8)))])
        defer { for directory in [first, second, again] { try? FileManager.default.removeItem(atPath: directory) } }
        for name in ["app.txt", "link"] {
            let (a, b, c) = (mtime(first + "/" + name), mtime(second + "/" + name), mtime(again + "/" + name))
            #expect(a.tv_sec != b.tv_sec || a.tv_nsec != b.tv_nsec, "\(name): a same-size edit kept its time")
            #expect(a.tv_sec == c.tv_sec && a.tv_nsec == c.tv_nsec, "\(name): the same content got another time")
            #expect(a.tv_sec >= ContextWriter.timestamp && a.tv_sec < ContextWriter.timestamp + (1 << 30) && a.tv_nsec < 1_000_000_000)
        }
    }
}
