import Foundation
import Glibc
import Testing
@testable import Host

/// `FileOperations.realPath` agrees with realpath(3), whichever way it takes.
@Suite struct RealPathTests {
    @Test func plainLinkedMissingAndDeepPaths() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-realpath-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/a/b/file", contents: Data("x".utf8))
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/a")
        func system(_ path: String) -> String? {
            guard let resolved = realpath(path, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        // Deeper than the descriptor limit (1,024): one directory is open at a time.
        let deep = root + "/deep" + String(repeating: "/d", count: 1_500)
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        for path in [root + "/a/b/file", root + "/a/b/", root + "//a//b", root + "/link/b/file", root + "/a/../a/b",
                     root + "/missing", root + "/a/b/file/x", deep, "/"] {
            #expect(FileOperations.realPath(path) == system(path), "\(path)")
        }
        #expect(FileOperations.realPathWithoutLinks(root + "/a/b/file") == system(root + "/a/b/file"))
        #expect(FileOperations.realPathWithoutLinks(root + "/a/./b/../b/file") == system(root + "/a/b/file"))
        #expect(FileOperations.realPathWithoutLinks(".") == system("."))
        #expect(FileOperations.realPathWithoutLinks(deep) == system(deep), "no fallback on a deep path")
        #expect(FileOperations.realPathWithoutLinks(root + "/link/b/file") == nil, "a link is left to realpath(3)")
    }
}
