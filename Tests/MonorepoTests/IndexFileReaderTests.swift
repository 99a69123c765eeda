import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// The direct `.git/index` reader must agree with libgit2 on every index version.
@Suite struct IndexFileReaderTests {
    @Test(arguments: [2, 3, 4])
    func agreesWithLibgit2(version: Int) throws {
        let repo = try GitFixture()
        for index in 0..<50 {
            try repo.write("dir\(index % 7)/sub\(index % 3)/file-with-a-longer-name-\(index).txt", "\(index)\n")
        }
        try repo.write("top.txt")
        try repo.commitAll("files")
        try repo.git("update-index", "--index-version", "\(version)")
        if version == 3 {
            try repo.write("intent.txt")
            try repo.git("add", "-N", "intent.txt")
        }
        let repository = try Repository(discovering: repo.path)
        let direct = try #require(IndexFileReader(url: repository.gitDirectory.appendingPathComponent("index")).paths())
        #expect(direct == (try repository.libgit2IndexedPaths()))
        #expect(direct == (try repo.git("ls-files")).split(separator: "\n").map(String.init))
    }

    @Test func splitIndexIsRefusedWithTheFix() throws {
        let repo = try GitFixture()
        try repo.write("a.txt")
        try repo.commitAll("a")
        try repo.git("update-index", "--split-index")
        let repository = try Repository(discovering: repo.path)
        #expect(IndexFileReader(url: repository.gitDirectory.appendingPathComponent("index")).paths() == nil)
        do {
            _ = try repository.indexedPaths()
            Issue.record("expected an error")
        } catch let error as MonorepoError {
            #expect(error.description.contains("git update-index --no-split-index"))
        }
    }
}
