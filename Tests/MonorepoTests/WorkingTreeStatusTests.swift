import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// The in-process working-tree scanner must say what `git status` says, case by case.
@Suite struct WorkingTreeStatusTests {
    /// Both scanners' answers as "kind path" lines, sorted; the in-process one must not fall back.
    private func bothScanners(_ repo: GitFixture) throws -> (inProcess: [String], git: [String]) {
        let repository = try Repository(discovering: repo.path)
        let head = try #require(try repository.commit(for: "HEAD"))
        let status = try #require(WorkingTreeStatus.open(repository), "the in-process scanner declined the repository")
        let lines = { (changes: [ChangedPath]) in changes.map { "\($0.kind.rawValue) \($0.path)" }.sorted() }
        return (lines(try status.changes(against: head)),
                lines(try WorkingTreeScanner.gitCommandLine.changes(in: repository, against: head)))
    }

    private func base() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("keep.txt")
        try repo.write("modify.txt")
        try repo.write("delete.txt")
        try repo.write("stage-delete.txt")
        try repo.write("dir/nested.txt")
        try repo.write("dir/deep/deeper.txt")
        try repo.write("script.sh", "echo hi\n")
        try repo.write("becomes-dir")
        try repo.write("gone-dir/a.txt")
        try repo.write("build/kept.txt")
        try repo.commitAll("base")
        return repo
    }

    @Test func cleanTreeHasNoChanges() throws {
        let repo = try base()
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == [])
        #expect(git == [])
    }

    @Test func stagedUnstagedAndUntrackedAgreeWithGit() throws {
        let repo = try base()
        try repo.write("modify.txt", "changed\n")
        try repo.remove("delete.txt")
        try repo.git("rm", "-q", "stage-delete.txt")
        try repo.write("staged-new.txt")
        try repo.git("add", "staged-new.txt")
        try repo.write("untracked/deep/file.txt")
        try repo.write("dir/nested.txt", "staged change\n")
        try repo.git("add", "dir/nested.txt")
        try repo.write("dir/deep/deeper.txt", "staged\n")
        try repo.git("add", "dir/deep/deeper.txt")
        try repo.write("dir/deep/deeper.txt", "x\n") // staged, then reverted in the work tree
        try repo.write("added-then-removed.txt")
        try repo.git("add", "added-then-removed.txt")
        try repo.remove("added-then-removed.txt")
        try repo.git("update-index", "--chmod=+x", "keep.txt")
        _ = try GitFixture.run(["chmod", "+x", repo.directory.appendingPathComponent("script.sh").path])
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        // libgit2, the scanner for machines without git, agrees too.
        let repository = try Repository(discovering: repo.path)
        let viaLibgit2 = try WorkingTreeScanner.libgit2.changes(in: repository, against: try #require(try repository.commit(for: "HEAD")))
        #expect(viaLibgit2.map { "\($0.kind.rawValue) \($0.path)" }.sorted() == git)
        #expect(inProcess == [
            "added staged-new.txt", "added untracked/deep/file.txt", "deleted delete.txt", "deleted stage-delete.txt",
            "modified dir/deep/deeper.txt", "modified dir/nested.txt", "modified keep.txt", "modified modify.txt",
            "modified script.sh",
        ])
    }

    @Test func typeChangesAndReplacedDirectoriesAgreeWithGit() throws {
        let repo = try base()
        // A file replaced by a directory, a directory replaced by a file, a file replaced by a symlink.
        try repo.remove("becomes-dir")
        try repo.write("becomes-dir/inside.txt")
        try FileManager.default.removeItem(at: repo.directory.appendingPathComponent("gone-dir"))
        try repo.write("gone-dir", "now a file\n")
        try repo.remove("keep.txt")
        try FileManager.default.createSymbolicLink(atPath: repo.directory.appendingPathComponent("keep.txt").path,
                                                   withDestinationPath: "modify.txt")
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess.contains("added becomes-dir/inside.txt"))
        #expect(inProcess.contains("typeChanged keep.txt"))
    }

    @Test func ignoreRulesAgreeWithGit() throws {
        let repo = try base()
        try repo.write(".gitignore", "*.log\nbuild/\n!important.log\n/anchored.txt\ncache/**/tmp\ndist/\nlogs\n")
        try repo.write("dir/.gitignore", "local-only\n")
        try repo.commitAll("ignore rules")
        try repo.write(".git/info/exclude", "excluded-by-info\n")
        try repo.write("debug.log")
        try repo.write("important.log")
        try repo.write("dir/more.log")
        try repo.write("build/new-output.o")          // ignored directory that also holds a tracked file
        try repo.write("anchored.txt")
        try repo.write("dir/anchored.txt")             // the anchored rule is for the root only
        try repo.write("dir/local-only")
        try repo.write("local-only")                   // dir/.gitignore does not reach the root
        try repo.write("cache/a/b/tmp")
        try repo.write("cache/a/keep")
        try repo.write("excluded-by-info")
        try repo.write("node_modules/pkg/index.js")     // not ignored here: reported, as git does
        try repo.write("empty-dir-with-ignored/x.log")
        try repo.write("dist/bundle.js")                // untracked directories caught by directory rules
        try repo.write("svc/dist/chunk.js")
        try repo.write("svc/logs/today.txt")
        try repo.write("svc/logs-not/kept.txt")
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess == [
            "added cache/a/keep", "added dir/anchored.txt", "added important.log", "added local-only",
            "added node_modules/pkg/index.js", "added svc/logs-not/kept.txt",
        ])
    }

    @Test func touchedAndRacilyCleanFilesAreComparedByContent() throws {
        let repo = try base()
        // Same contents, new stat data: not a change.
        _ = try GitFixture.run(["touch", "-d", "2001-01-01", repo.directory.appendingPathComponent("keep.txt").path])
        // Same size, changed contents, stat data then forced back to what the index recorded: only
        // the racy-git rule (mtime not older than the index) can catch it.
        let file = repo.directory.appendingPathComponent("modify.txt")
        let future = "2099-01-01 00:00:00"
        _ = try GitFixture.run(["touch", "-d", future, file.path])
        try repo.git("add", "modify.txt")
        try "y\n".write(to: file, atomically: false, encoding: .utf8)
        _ = try GitFixture.run(["touch", "-d", future, file.path])
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess == ["modified modify.txt"])
    }

    @Test func nestedRepositoriesAndSubmodulesAgreeWithGit() throws {
        let library = try GitFixture("library")
        try library.write("lib.txt")
        try library.commitAll("lib")
        let repo = try base()
        try repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", library.path, "vendor/lib")
        try repo.commitAll("submodule")
        // The submodule's checkout moves; its dirty files do not count (--ignore-submodules=dirty).
        try library.write("lib2.txt")
        try library.commitAll("lib 2")
        let checkout = repo.directory.appendingPathComponent("vendor/lib").path
        _ = try GitFixture.run(["git", "-C", checkout, "pull", "-q", "origin", "main"])
        try "dirty\n".write(toFile: checkout + "/lib.txt", atomically: false, encoding: .utf8)
        // An untracked repository inside the work tree is reported as one entry.
        let nested = try GitFixture(existing: repo.directory.appendingPathComponent("tools/nested"))
        try FileManager.default.createDirectory(at: nested.directory, withIntermediateDirectories: true)
        try nested.git("init", "-q")
        try nested.write("tool.txt")
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess == ["added tools/nested/", "modified vendor/lib"])
    }

    @Test func conflictsAgreeWithGit() throws {
        let repo = try base()
        try repo.git("checkout", "-q", "-b", "other")
        try repo.write("modify.txt", "other side\n")
        try repo.remove("dir/nested.txt")
        try repo.commitAll("other")
        try repo.git("checkout", "-q", "main")
        try repo.write("modify.txt", "main side\n")
        try repo.write("dir/nested.txt", "main edit\n")
        try repo.commitAll("main")
        _ = try? repo.git("merge", "-q", "other")
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess == ["deleted dir/nested.txt", "modified modify.txt"])
    }

    @Test func lineEndingFiltersAgreeWithGit() throws {
        let repo = try GitFixture()
        try repo.write(".gitattributes", "*.txt text eol=crlf\n")
        try repo.write("a.txt", "one\ntwo\n")
        try repo.write("b.txt", "one\ntwo\n")
        try repo.commitAll("text files")
        // Rewritten with CRLF: the clean filter makes it the same blob, so it is no change.
        try "one\r\ntwo\r\n".write(to: repo.directory.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        try "one\r\nthree\r\n".write(to: repo.directory.appendingPathComponent("b.txt"), atomically: false, encoding: .utf8)
        let (inProcess, git) = try bothScanners(repo)
        // git status 2.39 lists a.txt as modified although `git diff HEAD`, which compares contents
        // through the same filter, shows no change in it; the in-process scanner follows the contents.
        #expect(inProcess == ["modified b.txt"])
        #expect(git == ["modified a.txt", "modified b.txt"])
        #expect(try repo.git("diff", "--name-only", "HEAD") == "b.txt\n")
    }

    /// Without attributes the workers hash racily clean files themselves; an attributes file that
    /// is not tracked yet still applies (its files are hashed again through libgit2's filters).
    @Test func contentsAreHashedAsBlobsOnlyWhenNoFilterCanApply() throws {
        let plain = try base()
        #expect(try #require(WorkingTreeStatus.open(Repository(discovering: plain.path))).settings.contentsAreBlobs)
        try plain.git("config", "core.autocrlf", "input")
        #expect(try !#require(WorkingTreeStatus.open(Repository(discovering: plain.path))).settings.contentsAreBlobs)
        let attributed = try base()
        try attributed.write("sub/.gitattributes", "*.bin binary\n")
        try attributed.commitAll("attributes")
        #expect(try !#require(WorkingTreeStatus.open(Repository(discovering: attributed.path))).settings.contentsAreBlobs)

        let repo = try GitFixture()
        try repo.write("a.txt", "one\ntwo\n")
        try repo.write("b.txt", "one\ntwo\n")
        try repo.write("empty.txt", "")
        try FileManager.default.createSymbolicLink(atPath: repo.directory.appendingPathComponent("link").path, withDestinationPath: "a.txt")
        try repo.commitAll("files")
        // Everything racily clean: the index is no older than any file.
        for name in ["a.txt", "b.txt", "empty.txt"] {
            _ = try GitFixture.run(["touch", "-d", "2099-01-01", repo.directory.appendingPathComponent(name).path])
        }
        try repo.git("add", "-A")
        #expect(try bothScanners(repo).inProcess == [])
        try "one\r\ntwo\r\n".write(to: repo.directory.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        try "one\r\nthree\r\n".write(to: repo.directory.appendingPathComponent("b.txt"), atomically: false, encoding: .utf8)
        #expect(try bothScanners(repo).inProcess == ["modified a.txt", "modified b.txt"])
        try repo.write(".gitattributes", "*.txt text eol=crlf\n")
        #expect(try bothScanners(repo).inProcess == ["added .gitattributes", "modified b.txt"])
        #expect(try repo.git("diff", "--name-only", "HEAD") == "b.txt\n")
    }

    @Test func sparseCheckoutAndAssumeUnchangedEntriesAreNotLookedAt() throws {
        let repo = try base()
        try repo.git("update-index", "--skip-worktree", "dir/nested.txt")
        try repo.git("update-index", "--assume-unchanged", "keep.txt")
        try repo.remove("dir/nested.txt")
        try repo.write("keep.txt", "edited\n")
        try repo.write("modify.txt", "edited\n")
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess == ["modified modify.txt"])
    }

    /// A directory's tracked names are looked up by their bytes in git's order: names that sort
    /// apart only in punctuation, case or non-ASCII bytes, with untracked names between them.
    @Test func namesThatSortCloselyAreTrackedOrUntrackedAsInGit() throws {
        let repo = try GitFixture()
        let tracked = ["a", "a b", "a-b", "a.b", "a_b", "B", "b", "é.txt", "ß", "z", "Z~", "dir/x"]
        for name in tracked { try repo.write("pkg/\(name)", "\(name)\n") }
        try repo.commitAll("names")
        for name in ["a-c", "a.a", "é2.txt", "aa", "0", "dir2/y"] { try repo.write("pkg/\(name)", "new\n") }
        try repo.write("pkg/a.b", "edited\n")
        try FileManager.default.removeItem(at: repo.directory.appendingPathComponent("pkg/ß"))
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess.count == 8, "\(inProcess)")
    }

    /// Seeded random edits over a few hundred files, several rounds: every answer equals git's.
    @Test(arguments: [1, 2, 3])
    func randomEditsAgreeWithGit(seed: UInt64) throws {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let repo = try GitFixture()
        try repo.write(".gitignore", "*.tmp\nout/\n")
        var files: [String] = []
        for index in 0..<240 {
            let path = "d\(index % 6)/s\(index % 5)/\(index % 3 == 0 ? "deep/" : "")f\(index).txt"
            try repo.write(path, "\(index)\n")
            files.append(path)
        }
        try repo.commitAll("files")
        for round in 0..<4 {
            for _ in 0..<12 {
                let path = files[next(files.count)]
                let url = repo.directory.appendingPathComponent(path)
                switch next(8) {
                case 0: try? repo.write(path, "edited \(round) \(next(1000))\n")
                case 1: try? FileManager.default.removeItem(at: url)
                case 2: try repo.write("new\(round)/n\(next(1000)).txt")
                case 3: try repo.write(path.replacingOccurrences(of: ".txt", with: ".tmp"))
                case 4: try repo.write("d\(next(6))/out/built\(next(100)).o")
                case 5: _ = try? repo.git("add", "--", path)
                case 6: if FileManager.default.fileExists(atPath: url.path) { _ = try GitFixture.run(["chmod", "+x", url.path]) }
                default: _ = try? repo.git("rm", "-q", "--cached", "--", path)
                }
            }
            let (inProcess, git) = try bothScanners(repo)
            #expect(inProcess == git, "seed \(seed), round \(round)")
            #expect(!inProcess.isEmpty)
        }
    }

    /// With git's untracked cache, `git status` (in the mode the cache serves) answers, and the
    /// wholly untracked directories it reports as `dir/` are listed file by file.
    @Test func anUntrackedCacheIsLeftToGitAndItsDirectoriesAreListed() throws {
        let repo = try base()
        try repo.write(".gitignore", "*.log\n")
        try repo.commitAll("ignore rules")
        try repo.git("config", "core.untrackedCache", "true")
        try repo.git("update-index", "--untracked-cache")
        try repo.git("status", "--porcelain")  // fills the cache
        try repo.write("services/new/package.json")
        try repo.write("services/new/src/index.js")
        try repo.write("services/new/debug.log")
        try repo.write("loose.txt")
        try repo.write("dir/extra.txt")
        try repo.write("modify.txt", "changed\n")
        let repository = try Repository(discovering: repo.path)
        #expect(try #require(repository.directIndex()).hasUntrackedCache)
        #expect(WorkingTreeStatus.open(repository) == nil)
        #expect(try repo.git("status", "--porcelain").contains("?? services/\n"))
        let head = try #require(try repository.commit(for: "HEAD"))
        let changes = try WorkingTreeScanner.preferred.changes(in: repository, against: head).map { "\($0.kind.rawValue) \($0.path)" }
        #expect(changes.sorted() == [
            "added dir/extra.txt", "added loose.txt", "added services/new/package.json", "added services/new/src/index.js",
            "modified modify.txt",
        ])
        // Unset, git keeps the cache that is in the index; false, it does not use it.
        try repo.git("config", "--unset", "core.untrackedCache")
        #expect(try Repository(discovering: repo.path).usesUntrackedCache())
        try repo.git("config", "core.untrackedCache", "false")
        #expect(try !Repository(discovering: repo.path).usesUntrackedCache())
        #expect(WorkingTreeStatus.open(try Repository(discovering: repo.path)) != nil)
    }

    @Test func declinesWhatItLeavesToGit() throws {
        let repo = try base()
        try repo.git("config", "core.fsmonitor", "true")
        let monitored = try Repository(discovering: repo.path)
        #expect(WorkingTreeStatus.open(monitored) == nil)
        // The preferred scanner still answers, through git.
        try repo.write("modify.txt", "changed\n")
        let head = try #require(try monitored.commit(for: "HEAD"))
        #expect(try WorkingTreeScanner.preferred.changes(in: monitored, against: head).map(\.path) == ["modify.txt"])
    }

    /// An index whose entries are out of git's order (git refuses to read one) is not scanned in
    /// process: every pass walks the entries as runs of directories.
    @Test func declinesAnIndexOutOfOrder() throws {
        let repo = try GitFixture()
        for path in ["a.txt", "b/c.txt", "d.txt"] { try repo.write(path) }
        try repo.commitAll("three files")
        let file = repo.directory.appendingPathComponent(".git/index")
        var bytes = [UInt8](try Data(contentsOf: file))
        #expect(bytes[0..<4] == [0x44, 0x49, 0x52, 0x43] && bytes[7] == 2, "a version 2 index")
        #expect(WorkingTreeStatus.open(try Repository(discovering: repo.path)) != nil)
        // Version 2 entries: 62 bytes, the path, then 1 to 8 NULs to a multiple of 8.
        var entries: [[UInt8]] = []
        var offset = 12
        for _ in 0..<3 {
            let length = Int(bytes[offset + 60] & 0x0F) << 8 | Int(bytes[offset + 61])
            let size = (62 + length + 8) & ~7
            entries.append(Array(bytes[offset..<(offset + size)]))
            offset += size
        }
        bytes.replaceSubrange(12..<offset, with: entries.reversed().joined())
        try Data(bytes).write(to: file)
        let repository = try Repository(discovering: repo.path)
        #expect(try #require(repository.directIndex()).isSorted == false)
        #expect(WorkingTreeStatus.open(repository) == nil)
    }

    @Test func aSplitIndexIsScannedInProcessAndAgreesWithGit() throws {
        let repo = try base()
        try repo.git("update-index", "--split-index")
        try repo.write("modify.txt", "staged\n")
        try repo.git("add", "modify.txt")
        try repo.write("modify.txt", "and edited again\n")
        try repo.git("rm", "-q", "stage-delete.txt")
        try repo.write("staged-new.txt")
        try repo.git("add", "staged-new.txt")
        try repo.remove("delete.txt")
        try repo.write("untracked.txt")
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess == git)
        #expect(inProcess == ["added staged-new.txt", "added untracked.txt", "deleted delete.txt", "deleted stage-delete.txt",
                              "modified modify.txt"])
    }
}

extension WorkingTreeStatusTests {
    /// A directory whose entries take several reads of the kernel's listing (3,000 names with long
    /// names fill the 32 KiB buffer about ten times): every untracked name is found, in every
    /// read, as git finds it.
    @Test func aDirectoryListedInManyReadsAgreesWithGit() throws {
        let repo = try GitFixture()
        let stem = String(repeating: "a-rather-long-file-name-", count: 3)
        let directory = repo.directory.appendingPathComponent("services/api/generated")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for number in 0..<1_500 {
            try Data("\(number)\n".utf8).write(to: directory.appendingPathComponent("\(stem)\(number).txt"))
        }
        try repo.commitAll("tracked half")
        for number in 1_500..<3_000 {
            try Data("\(number)\n".utf8).write(to: directory.appendingPathComponent("\(stem)\(number).txt"))
        }
        try repo.write("services/api/generated/untracked-dir/inside.txt")
        let (inProcess, git) = try bothScanners(repo)
        #expect(inProcess.count == 1_501)
        #expect(inProcess == git)
    }
}
