import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// The direct `.git/index` reader must agree with libgit2 and git on every index version.
@Suite struct GitIndexTests {
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
        let direct = try #require(GitIndex(url: repository.gitDirectory.appendingPathComponent("index"))).paths()
        #expect(direct == (try repository.libgit2IndexedPaths()))
        #expect(direct == (try repo.git("ls-files")).split(separator: "\n").map(String.init))
    }

    /// A split index (shared entries, plus replaced, deleted and added ones) reads as git reads it.
    @Test(arguments: [2, 4])
    func splitIndexIsReadLikeGit(version: Int) throws {
        let repo = try GitFixture()
        for index in 0..<60 {
            try repo.write("dir\(index % 5)/file-\(index).txt", "\(index)\n")
        }
        try repo.commitAll("files")
        try repo.git("update-index", "--index-version", "\(version)")
        try repo.git("update-index", "--split-index")
        try repo.write("dir1/file-1.txt", "replaced\n")
        try repo.git("add", "dir1/file-1.txt")
        try repo.git("rm", "-q", "--cached", "dir2/file-2.txt")
        try repo.write("dir0/added.txt")
        try repo.write("aaa-first.txt")
        try repo.write("zzz/last.txt")
        try repo.git("add", "dir0/added.txt", "aaa-first.txt", "zzz/last.txt")
        let gitDirectory = repo.directory.appendingPathComponent(".git")
        let shared = try FileManager.default.contentsOfDirectory(atPath: gitDirectory.path).filter { $0.hasPrefix("sharedindex.") }
        #expect(shared.count == 1)
        let index = try #require(GitIndex(url: gitDirectory.appendingPathComponent("index")))
        #expect(index.paths() == (try repo.git("ls-files")).split(separator: "\n").map(String.init))
        let stage = try repo.git("ls-files", "--stage").split(separator: "\n")
        #expect(index.entries.count == stage.count)
        for (position, line) in stage.enumerated() {
            let fields = line.split(separator: " ")
            #expect(String(index.entries[position].mode, radix: 8) == fields[0])
            #expect(index.entries[position].id == GitIndex.RawID(bytes: hexBytes(String(fields[1]))))
        }
        // The shared entries really come from the shared file: without it the index cannot be read.
        try FileManager.default.moveItem(at: gitDirectory.appendingPathComponent(shared[0]), to: gitDirectory.appendingPathComponent("moved-away"))
        #expect(GitIndex(url: gitDirectory.appendingPathComponent("index")) == nil)
    }

    @Test func ewahBitmapsDecode() throws {
        // Bits 1 and 70 set over 128 bits: a marker word with no run and two literal words.
        var bytes: [UInt8] = []
        func be32(_ value: UInt32) { bytes += withUnsafeBytes(of: value.bigEndian, Array.init) }
        func be64(_ value: UInt64) { bytes += withUnsafeBytes(of: value.bigEndian, Array.init) }
        be32(128); be32(3); be64(2 << 33); be64(1 << 1); be64(1 << 6); be32(0)
        // A run of one word of ones, then nothing literal.
        be32(64); be32(1); be64((1 << 1) | 1); be32(0)
        var cursor = 0
        let first = bytes.withUnsafeBytes { SplitIndexLink.ewahBits($0, &cursor) }
        #expect(first == [1, 70])
        let second = bytes.withUnsafeBytes { SplitIndexLink.ewahBits($0, &cursor) }
        #expect(second == Array(0..<64))
        #expect(cursor == bytes.count)
    }
}

extension GitIndexTests {
    /// Stat data, ids and flags as `git ls-files --stage --debug` prints them.
    @Test func entriesCarryWhatGitRecords() throws {
        let repo = try GitFixture()
        try repo.write("a.txt")
        try repo.write("dir/b.txt", "bee\n")
        try repo.commitAll("files")
        try repo.git("update-index", "--skip-worktree", "dir/b.txt")
        let repository = try Repository(discovering: repo.path)
        let index = try #require(repository.directIndex())
        let debug = try repo.git("ls-files", "--stage", "--debug")
        #expect(index.entries.count == 2)
        for (position, entry) in index.entries.enumerated() {
            let path = index.path(position)
            let line = try #require(debug.components(separatedBy: "\n").firstIndex { $0.hasSuffix("\t" + path) })
            let lines = debug.components(separatedBy: "\n")
            let header = lines[line].split(separator: " ")
            #expect(String(entry.mode, radix: 8) == header[0])
            #expect(GitIndex.RawID(bytes: hexBytes(String(header[1]))) == entry.id)
            #expect(lines[line + 2].contains("mtime: \(entry.stat.mtimeSeconds):\(entry.stat.mtimeNanoseconds)"))
            #expect(lines[line + 3].contains("ino: \(entry.stat.inode)"))
            #expect(lines[line + 5].contains("size: \(entry.stat.size)"))
            #expect(entry.skipWorktree == (path == "dir/b.txt"))
        }
    }

    /// The cache tree's records are the trees of HEAD until a staged change invalidates one.
    @Test func cacheTreeMatchesHeadUntilInvalidated() throws {
        let repo = try GitFixture()
        try repo.write("top.txt")
        try repo.write("one/a.txt")
        try repo.write("two/b.txt")
        try repo.commitAll("files")
        try repo.git("read-tree", "HEAD") // a fresh index with a fully valid cache tree
        let tree = { (path: String) throws -> GitIndex.RawID in
            GitIndex.RawID(bytes: hexBytes(try repo.git("rev-parse", "HEAD:\(path)").trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        var index = try #require(try Repository(discovering: repo.path).directIndex())
        #expect(index.cacheTree()[""] == (try tree("")))
        #expect(index.cacheTree()["one"] == (try tree("one")))
        #expect(index.cacheTree()["two"] == (try tree("two")))
        try repo.write("one/a.txt", "changed\n")
        try repo.git("add", "one/a.txt")
        index = try #require(try Repository(discovering: repo.path).directIndex())
        #expect(index.cacheTree()[""] == nil)
        #expect(index.cacheTree()["one"] == nil)
        #expect(index.cacheTree()["two"] == (try tree("two")))
    }

    /// The listing read from index bytes equals the one built from path strings.
    @Test(arguments: ["", "apps"])
    func listingFromTheIndexMatchesTheListingFromPaths(prefix: String) throws {
        let repo = try GitFixture()
        for path in ["apps/web/package.json", "apps/web/src/index.js", "apps/api/go.mod", "apps/api/main.go",
                     "apps/api/node_modules/x/index.js", "libs/a/Cargo.toml", "apps/py/requirements-dev.txt",
                     "apps/dotnet/App.csproj", "root.txt", "apps/gone.txt"] {
            try repo.write(path)
        }
        try repo.commitAll("files")
        let repository = try Repository(discovering: repo.path)
        let index = try #require(repository.directIndex())
        let deleted: Set<String> = ["apps/gone.txt"]
        let added = ["apps/new/package.json", "libs/b/go.mod"]
        let fromIndex = FileListing(index: index, prefix: prefix, deleted: deleted, added: added)
        var paths = index.paths().filter { !deleted.contains($0) } + added
        if !prefix.isEmpty { paths = paths.filter { $0.hasPrefix(prefix + "/") }.map { String($0.dropFirst(prefix.count + 1)) } }
        let fromPaths = FileListing(paths: paths)
        #expect(fromIndex.files == fromPaths.files)
        #expect(fromIndex.directories == fromPaths.directories)
        for name in ["package.json", "go.mod", "Cargo.toml", "requirements*.txt", "*.??proj"] {
            #expect(fromIndex.directories(containing: name) == fromPaths.directories(containing: name))
        }
        #expect(fromIndex.hasFile(prefix.isEmpty ? "apps/new" : "new", "package.json"))
        #expect(!fromIndex.files.keys.contains { $0.contains("node_modules") })
    }
}

private func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

extension GitIndexTests {
    /// An index read ahead of time (`prefetchIndex`) is used while the file is the one it read;
    /// once git has written the index again, the new file is read instead.
    @Test func aPrefetchedIndexIsUsedOnlyWhileTheFileIsUnchanged() throws {
        let repo = try GitFixture()
        try repo.write("services/api/package.json", "{}\n")
        try repo.write("libs/shared/index.js")
        try repo.commitAll("files")
        let repository = try Repository(discovering: repo.path)
        repository.prefetchIndex()
        let prefetched = try #require(repository.directIndex())
        #expect(prefetched.paths() == ["libs/shared/index.js", "services/api/package.json"])

        let again = try Repository(discovering: repo.path)
        again.prefetchIndex()
        try repo.write("services/web/package.json", "{}\n")
        try repo.git("add", "services/web/package.json")
        let current = try #require(again.directIndex())
        #expect(current.paths() == ["libs/shared/index.js", "services/api/package.json", "services/web/package.json"])
        // And the cached read follows the file too.
        try repo.git("rm", "-q", "--cached", "libs/shared/index.js")
        #expect(try #require(again.directIndex()).paths() == ["services/api/package.json", "services/web/package.json"])
    }
}

extension GitIndexTests {
    /// A file name is found by its bytes as the last part of a path: at the root or in a
    /// directory, and not as the end of a longer name or as a directory.
    @Test func findsAFileByItsName() throws {
        let repo = try GitFixture()
        try repo.write("notes.gitattributes")
        try repo.write(".gitattributes.bak")
        try repo.write(".gitattributes/inside.txt")
        try repo.commitAll("near misses")
        var index = try #require(try Repository(discovering: repo.path).directIndex())
        #expect(!index.holdsFile(named: ".gitattributes"))
        #expect(index.holdsFile(named: "inside.txt"))
        try repo.write("services/api/.gitattributes", "*.sh text eol=lf\n")
        try repo.commitAll("a nested attributes file")
        index = try #require(try Repository(discovering: repo.path).directIndex())
        #expect(index.holdsFile(named: ".gitattributes"))
        #expect(!index.holdsFile(named: ""))
        try repo.git("rm", "-q", "--cached", "services/api/.gitattributes")
        try repo.git("rm", "-q", "-r", ".gitattributes") // the directory of that name
        try repo.write(".gitattributes", "* -text\n")
        try repo.git("add", ".gitattributes")
        index = try #require(try Repository(discovering: repo.path).directIndex())
        #expect(index.holdsFile(named: ".gitattributes"))
        #expect(!index.holdsFile(named: "api"))
    }
}
