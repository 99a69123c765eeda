import Builder
import Cache
import Crypto
import Foundation
import Host
import Monorepo
import Pipeline
import Testing
import TestSupport

/// The key covers exactly what Docker receives, as a property over every fixture app of the
/// planner's tests and the example monorepo:
///
/// 1. the context written for the build holds exactly the files of the key's entries, byte for
///    byte and mode for mode;
/// 2. editing any of those files changes the key;
/// 3. editing any other file (another app's, a git-ignored one, a .dockerignored one, the
///    repository's README) does not.
///
/// (EndToEndTests/DockerignoreOracleTests checks that a real engine would choose the same files.)
@Suite struct ContextPropertyTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/BuilderTests/Fixtures/apps")
    /// Every fixture that makes a plan (`no-provider` is the one that does not, on purpose).
    static var appNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted().filter { $0 != "no-provider" } }

    @Test func anAppWithoutAPlanIsAnErrorThatListsItsContents() throws {
        let repo = try Self.repository(with: "no-provider")
        #expect(throws: PipelineError.noPlan(service: "app", path: "apps/no-provider", contents: ["README.txt", "docs"])) {
            try Self.prepare(repo)
        }
    }

    /// A repository with the fixture app at `apps/<name>` (a configured service), an unrelated
    /// app next to it, a README, and a git-ignored pattern in .git/info/exclude.
    static func repository(with name: String) throws -> GitFixture {
        let repo = try GitFixture("fixture")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: repo.directory.appendingPathComponent("apps/\(name)"))
        try repo.write("apps/other/index.html", "<p>other</p>\n")
        try repo.write("README.md", "readme\n")
        try repo.write("nixpacks-ci.toml", "[services.app]\npath = \"apps/\(name)\"\n[services.other]\npath = \"apps/other\"\n")
        try repo.write(".git/info/exclude", "*.ignored-by-git\n")
        try repo.commitAll("fixture \(name)")
        return repo
    }

    static func prepare(_ repo: GitFixture, _ service: String = "app") throws -> PreparedService {
        var configuration = BuildConfiguration()
        configuration.repository = repo.path
        configuration.target = .monorepo(since: nil, services: [service])
        configuration.useNixInstantiate = false
        configuration.useGraphCache = false
        configuration.cacheDirectory = repo.directory.deletingLastPathComponent().appendingPathComponent("cache").path
        return try #require(try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared().first)
    }

    /// path → `<kind> <id>` of what is on disk below `directory`, as the key writes them: git blob
    /// ids where the key has one, SHA-256 where it has `sha256:`.
    static func entriesOnDisk(_ directory: String, like expected: [String: String]) throws -> [String: String] {
        var result: [String: String] = [:]
        var pending = [""]
        while let current = pending.popLast() {
            let absolute = current.isEmpty ? directory : directory + "/" + current
            for name in try FileManager.default.contentsOfDirectory(atPath: absolute) {
                let path = current.isEmpty ? name : current + "/" + name
                var info = stat()
                _ = lstat(directory + "/" + path, &info)
                let bytes: [UInt8]
                let kind: String
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(path)
                    continue
                case S_IFLNK:
                    bytes = Array(try FileOperations.linkTarget(directory + "/" + path).utf8)
                    kind = "symlink"
                default:
                    bytes = try FileOperations.read(directory + "/" + path)
                    kind = info.st_mode & S_IXUSR != 0 ? "executable" : "regular"
                }
                if expected[path]?.contains(" sha256:") == true {
                    result[path] = "\(kind) sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
                } else {
                    var sha1 = Insecure.SHA1()
                    sha1.update(data: Array("blob \(bytes.count)\0".utf8))
                    sha1.update(data: bytes)
                    result[path] = "\(kind) " + sha1.finalize().map { String(format: "%02x", $0) }.joined()
                }
            }
        }
        return result
    }

    @Test(arguments: appNames)
    func theWrittenContextIsTheKeyedOne(_ name: String) throws {
        let repo = try Self.repository(with: name)
        let service = try Self.prepare(repo)
        let directory = repo.directory.deletingLastPathComponent().appendingPathComponent("written").path
        try ContextWriter().write(service.context, to: directory)
        #expect(try Self.entriesOnDisk(directory, like: service.inputs.context) == service.inputs.context, "\(name)")
        // The source files are the app's files that git lists, less what its .dockerignore drops.
        let listed = try repo.git("ls-files", "-co", "--exclude-standard", "apps/\(name)").split(separator: "\n")
            .map { String($0.dropFirst("apps/\(name)/".count)) }
        let sources = service.inputs.context.keys.filter { !$0.hasPrefix(".nixpacks/") }
        #expect(Set(sources).isSubset(of: Set(listed)), "\(name): nothing but listed files")
        if FileManager.default.fileExists(atPath: Self.fixtures.appendingPathComponent("\(name)/.dockerignore").path) == false {
            #expect(Set(sources) == Set(listed.filter { !$0.hasPrefix(".nixpacks/") }), "\(name): every listed file")
        }
    }

    @Test(arguments: appNames)
    func editingAContextFileChangesTheKeyAndNothingElseDoes(_ name: String) throws {
        let repo = try Self.repository(with: name)
        let original = try Self.prepare(repo).key
        let sources = try Self.prepare(repo).context.files.filter { !$0.path.hasPrefix(".nixpacks/") && $0.kind != .symlink }
        #expect(!sources.isEmpty, "\(name) has source files")
        for file in sources {
            let path = "apps/\(name)/\(file.path)"
            let url = repo.directory.appendingPathComponent(path)
            let before = try Data(contentsOf: url)
            try (before + Data("\n".utf8)).write(to: url)
            #expect(try Self.prepare(repo).key != original, "\(name): editing \(file.path) must change the key")
            try before.write(to: url)
        }
        #expect(try Self.prepare(repo).key == original, "\(name): restored, the same key")
        // Files the build does not see.
        try repo.write("README.md", "edited\n")
        try repo.write("apps/other/index.html", "<p>edited</p>\n")
        try repo.write("apps/\(name)/scratch.ignored-by-git", "not in any context\n")
        try repo.write("apps/\(name)/.nixpacks/stale", "the app's own .nixpacks/ is replaced by the generated one\n")
        #expect(try Self.prepare(repo).key == original, "\(name): files outside the context leave the key alone")
    }

    /// .dockerignore semantics inside the pipeline: the cases of the issue, with Docker's anchoring.
    @Test func dockerignoreDecidesWhatTheKeyCovers() throws {
        let repo = try GitFixture("ignore")
        try repo.write("app/index.html", "<p>app</p>\n")
        try repo.write("app/.dockerignore", "data.txt\n*.log\ndocs/\nsecret/\n!secret/public.txt\n")
        for file in ["data.txt", "sub/data.txt", "a.log", "logs/b.log", "docs/a.md", "x/docs/a.md", "secret/key", "secret/public.txt"] {
            try repo.write("app/\(file)", "\(file)\n")
        }
        try repo.write("nixpacks-ci.toml", "[services.app]\npath = \"app\"\n")
        try repo.commitAll("ignore")
        let context = Set(try Self.prepare(repo).inputs.context.keys.filter { !$0.hasPrefix(".nixpacks/") })
        #expect(context == [".dockerignore", "index.html", "sub/data.txt", "logs/b.log", "x/docs/a.md", "secret/public.txt"])
        let original = try Self.prepare(repo).key
        for (file, counts) in [("sub/data.txt", true), ("logs/b.log", true), ("x/docs/a.md", true), ("secret/public.txt", true),
                               ("data.txt", false), ("a.log", false), ("docs/a.md", false), ("secret/key", false)] {
            let url = repo.directory.appendingPathComponent("app/\(file)")
            let before = try String(contentsOf: url, encoding: .utf8)
            try (before + "edit\n").write(to: url, atomically: true, encoding: .utf8)
            #expect((try Self.prepare(repo).key != original) == counts, "\(file)")
            try before.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// The example monorepo: every service's written context is its keyed one, and a library
    /// edit changes exactly its dependents' keys.
    @Test func theExampleMonorepo() throws {
        let repo = try GitFixture(copying: Self.repositoryRoot.appendingPathComponent("Examples/monorepo"), name: "example")
        try repo.commitAll("example")
        var configuration = BuildConfiguration()
        configuration.repository = repo.path
        configuration.useNixInstantiate = false
        configuration.useGraphCache = false
        configuration.packageSource = .debian
        let before = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared()
        for service in before {
            let directory = repo.directory.deletingLastPathComponent().appendingPathComponent("written-\(service.node.name)").path
            try ContextWriter().write(service.context, to: directory)
            #expect(try Self.entriesOnDisk(directory, like: service.inputs.context) == service.inputs.context, "\(service.node.name)")
        }
        try repo.write("libs/greeting/greeting.js", "module.exports = () => 'changed'\n")
        let after = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared()
        let changed = Set(zip(before, after).filter { $0.key != $1.key }.map(\.0.node.name))
        let dependents = Set(before.filter { service in service.context.files.contains { $0.path.hasPrefix(".nixpacks/local/") && $0.path.hasSuffix("greeting.js") } }.map(\.node.name))
        #expect(!dependents.isEmpty)
        #expect(changed == dependents)
    }
}
