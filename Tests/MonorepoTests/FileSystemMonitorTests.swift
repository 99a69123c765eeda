import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// A repository watched by a real file-system monitor: Watchman, through git's own fsmonitor hook
/// (the sample git ships) and git's untracked cache, the set-up docs/change-detection.md describes
/// for machines that keep a checkout. The scan is then `git status` trusting the monitor, and it
/// must still see every change a build could see, including those made after git last wrote the
/// monitor's token into the index.
@Suite(.serialized) struct FileSystemMonitorTests {
    private static let hook = "/usr/share/git-core/templates/hooks/fsmonitor-watchman.sample"

    /// A monitored repository: tracked files in nested directories, an ignore file, the hook and
    /// the untracked cache turned on, and git status run until the index holds the monitor's token.
    private func monitored() throws -> GitFixture {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/watchman"), "Watchman is missing (scripts/harness.sh installs it)")
        try #require(FileManager.default.fileExists(atPath: Self.hook), "git's fsmonitor hook sample is missing")
        let repo = try GitFixture()
        try repo.write(".gitignore", "*.log\n")
        for path in ["keep.txt", "modify.txt", "delete.txt", "dir/nested.txt", "dir/deep/deeper.txt", "services/web/index.js"] {
            try repo.write(path)
        }
        try repo.commitAll("base")
        let hook = repo.directory.appendingPathComponent(".git/hooks/query-watchman")
        try? FileManager.default.removeItem(at: hook)
        try FileManager.default.copyItem(atPath: Self.hook, toPath: hook.path)
        try GitFixture.run(["chmod", "+x", hook.path])
        try repo.git("config", "core.fsmonitor", ".git/hooks/query-watchman")
        try repo.git("config", "core.untrackedCache", "true")
        // The first status starts the watch (the hook reports everything); the next ones write the
        // token and the untracked cache into the index.
        for _ in 0..<3 { try repo.git("status", "--porcelain") }
        #expect(try #require(try Repository(discovering: repo.path).directIndex()).hasUntrackedCache)
        return repo
    }

    private func unwatch(_ repo: GitFixture) {
        _ = try? GitFixture.run(["watchman", "watch-del", repo.path])
    }

    private func changes(_ repo: GitFixture) throws -> [String] {
        let repository = try Repository(discovering: repo.path)
        let head = try #require(try repository.commit(for: "HEAD"))
        return try WorkingTreeScanner.preferred.changes(in: repository, against: head).map { "\($0.kind.rawValue) \($0.path)" }.sorted()
    }

    @Test func everyKindOfChangeIsSeenThroughTheMonitor() throws {
        let repo = try monitored()
        defer { unwatch(repo) }
        let repository = try Repository(discovering: repo.path)
        // Monitored: left to git, which asks the monitor instead of looking at every file.
        #expect(WorkingTreeStatus.open(repository) == nil)
        #expect(try changes(repo) == [])

        try repo.write("modify.txt", "y\n") // the same size as before
        try repo.remove("delete.txt")
        try repo.write("dir/new.txt")
        try repo.write("fresh/deep/file.txt")
        try repo.write("services/web/debug.log") // ignored
        #expect(try changes(repo) == [
            "added dir/new.txt", "added fresh/deep/file.txt", "deleted delete.txt", "modified modify.txt",
        ])

        // The snapshot a key is made from holds the new contents, not the index's.
        let head = try #require(try repository.commit(for: "HEAD"))
        let snapshot = try SourceSnapshot(repository: repository,
                                          workingTreeChanges: try WorkingTreeScanner.preferred.changes(in: repository, against: head))
        let files = Dictionary(uniqueKeysWithValues: snapshot.files(under: "").map { ($0.path, $0.id) })
        let blob = { (path: String) in try repo.git("hash-object", path).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(files["modify.txt"] == (try blob("modify.txt")))
        #expect(files["fresh/deep/file.txt"] == (try blob("fresh/deep/file.txt")))
        #expect(files["delete.txt"] == nil && files["services/web/debug.log"] == nil)
    }

    /// git writes a new token (and untracked cache) whenever the user runs it; a change made after
    /// that, which only the monitor saw, must still count.
    @Test func changesAfterGitRewroteTheIndexStillCount() throws {
        let repo = try monitored()
        defer { unwatch(repo) }
        try repo.write("keep.txt", "z\n")
        #expect(try changes(repo) == ["modified keep.txt"])
        // The user's own status writes the index, with the monitor's newer token.
        try repo.git("status", "--porcelain")
        try repo.git("status", "--porcelain")
        try repo.write("dir/deep/deeper.txt", "w\n")
        try repo.write("dir/deep/later.txt")
        try repo.write("keep.txt", "x\n") // back to the committed bytes
        #expect(try changes(repo) == ["added dir/deep/later.txt", "modified dir/deep/deeper.txt"])
        // Staged and committed changes too.
        try repo.git("add", "dir/deep/later.txt")
        try repo.commitAll("later")
        try repo.write("services/web/index.js", "q\n")
        #expect(try changes(repo) == ["modified services/web/index.js"])
    }
}
