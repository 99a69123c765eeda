import Builder
import Foundation
import Host
import Monorepo
import Pipeline
import Testing
import TestSupport

/// `build PATH --out DIR`: a user's files are never written, moved or deleted. After every case,
/// every tracked file is byte-identical (`git diff --quiet` and a byte comparison of each).
@Suite struct OutDirectoryTests {
    static func repository() throws -> GitFixture {
        let repo = try GitFixture("out")
        try repo.write("services/pyapi/main.py", "print('hi')\n")
        try repo.write("services/pyapi/requirements.txt", "flask==3.0.0\n")
        try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.write("services/web/package-lock.json", #"{"lockfileVersion":3,"packages":{}}"#)
        try repo.write("services/web/s.js", "1\n")
        try repo.write("libs/greeting/package.json", #"{"name":"greeting"}"#)
        try repo.commitAll("apps")
        return repo
    }

    /// Every tracked file, with its bytes.
    static func trackedFiles(_ repo: GitFixture) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try repo.git("ls-files").split(separator: "\n") {
            files[String(path)] = try Data(contentsOf: repo.directory.appendingPathComponent(String(path)))
        }
        return files
    }

    static func write(_ repo: GitFixture, app: String, out: String) throws -> MonorepoBuild.WrittenContext {
        var configuration = BuildConfiguration()
        configuration.target = .app(path: repo.directory.appendingPathComponent(app).path)
        configuration.useNixInstantiate = false
        configuration.useGraphCache = false
        configuration.packageSource = .debian
        return try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).writeContext(to: out)
    }

    /// As `nixpacks build . --out .`: only .nixpacks/ is written into the app.
    @Test func outIsTheAppWritesOnlyNixpacks() throws {
        let repo = try Self.repository()
        let before = try Self.trackedFiles(repo)
        let app = repo.directory.appendingPathComponent("services/pyapi").path
        let written = try Self.write(repo, app: "services/pyapi", out: app)
        #expect(written.nixpacksDirectoryOnly)
        #expect(try Self.trackedFiles(repo) == before)
        try repo.git("diff", "--quiet")
        let untracked = try repo.git("ls-files", "--others").split(separator: "\n").map(String.init).sorted()
        #expect(untracked.allSatisfy { $0.hasPrefix("services/pyapi/.nixpacks/") })
        #expect(untracked.contains("services/pyapi/.nixpacks/Dockerfile"))
        #expect(untracked.contains("services/pyapi/.nixpacks/build.sh"))
        #expect(!untracked.contains("services/pyapi/.nixpacks/Dockerfile.dockerignore"), "Docker applies the app's own .dockerignore then")
        // Again: still nothing but .nixpacks/ (the first run's files are nixpacks-ci's, not the user's).
        _ = try Self.write(repo, app: "services/pyapi", out: app)
        #expect(try Self.trackedFiles(repo) == before)
    }

    /// Relative paths and `.` from the app's directory mean the same.
    @Test func outDotFromTheAppIsTheApp() throws {
        let repo = try Self.repository()
        let before = try Self.trackedFiles(repo)
        let written = try Self.write(repo, app: "services/pyapi", out: repo.directory.appendingPathComponent("services/pyapi/./").path)
        #expect(written.nixpacksDirectoryOnly)
        #expect(try Self.trackedFiles(repo) == before)
    }

    /// An app whose context needs files from outside it cannot be written into itself.
    @Test func outIsTheAppRefusedWhenTheContextSpansMore() throws {
        let repo = try Self.repository()
        let before = try Self.trackedFiles(repo)
        let app = repo.directory.appendingPathComponent("services/web").path
        #expect(throws: PipelineError.self) { try Self.write(repo, app: "services/web", out: app) }
        #expect(try Self.trackedFiles(repo) == before)
        #expect(try repo.git("ls-files", "--others").isEmpty, "nothing written")
    }

    @Test(arguments: ["services/pyapi/out", "", "services", "libs/greeting"])
    func outElsewhereInTheRepositoryIsRefusedBeforeAnythingIsWritten(_ place: String) throws {
        let repo = try Self.repository()
        let before = try Self.trackedFiles(repo)
        let out = place.isEmpty ? repo.path : repo.directory.appendingPathComponent(place).path
        do {
            _ = try Self.write(repo, app: "services/pyapi", out: out)
            Issue.record("--out \(place) was accepted")
        } catch let error as PipelineError {
            #expect(error.description.contains("outside the repository"), "\(error)")
        }
        #expect(try Self.trackedFiles(repo) == before)
        #expect(try repo.git("ls-files", "--others").isEmpty, "nothing written for --out \(place)")
    }

    @Test func outOutsideWritesTheWholeContextAndCanBeWrittenAgain() throws {
        let repo = try Self.repository()
        let before = try Self.trackedFiles(repo)
        let out = repo.directory.deletingLastPathComponent().appendingPathComponent("context").path
        let first = try Self.write(repo, app: "services/web", out: out)
        #expect(!first.nixpacksDirectoryOnly)
        for file in first.service.context.files {
            #expect(FileOperations.kind(out + "/" + file.path) != nil, "\(file.path)")
        }
        #expect(FileOperations.kind(out + "/.nixpacks/local/0/package.json") != nil, "the library travels with the app")
        _ = try Self.write(repo, app: "services/web", out: out)
        #expect(try Self.trackedFiles(repo) == before)
        try repo.git("diff", "--quiet")
        #expect(try repo.git("ls-files", "--others").isEmpty)
    }

    @Test func outIntoAForeignNonEmptyDirectoryIsRefused() throws {
        let repo = try Self.repository()
        let out = repo.directory.deletingLastPathComponent().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "keep me\n".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: PipelineError.self) { try Self.write(repo, app: "services/pyapi", out: out.path) }
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me\n")
    }

    /// Outside git the app is the directory on disk; DIR inside it is refused too.
    @Test func outsideGitTheSameRulesHold() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-plain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let app = base.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        try "print('hi')\n".write(to: app.appendingPathComponent("main.py"), atomically: true, encoding: .utf8)
        var configuration = BuildConfiguration()
        configuration.target = .app(path: app.path)
        configuration.useNixInstantiate = false
        let pipeline = MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil)
        #expect(throws: PipelineError.self) { try pipeline.writeContext(to: app.appendingPathComponent("out").path) }
        #expect(throws: PipelineError.self) { try pipeline.writeContext(to: base.path) }
        let written = try pipeline.writeContext(to: app.path)
        #expect(written.nixpacksDirectoryOnly)
        #expect(try String(contentsOf: app.appendingPathComponent("main.py"), encoding: .utf8) == "print('hi')\n")
        #expect(FileManager.default.fileExists(atPath: app.appendingPathComponent(".nixpacks/Dockerfile").path))
    }
}
