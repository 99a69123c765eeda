import Builder
import Foundation
import Host
import SourceRules
import Testing
import TestSupport

/// The real engine is the oracle for `.dockerignore`: for each case, the files Docker's `COPY .`
/// receives from a directory with that `.dockerignore` equal the files `IgnoreRules` keeps (the
/// rules the pipeline applies when it chooses a context, and which the key covers). Then a real
/// nixpacks-ci build: the image's /app holds exactly the keyed context.
@Suite(.serialized) struct DockerignoreOracleTests {
    static let files = [
        "data.txt", "sub/data.txt", "a.log", "logs/b.log", "docs/a.md", "x/docs/a.md", "keep/x.txt", "README.md", "CHANGES.md",
        "secret/key", "secret/public.txt", "spaced", "anchored.txt", "sub/anchored.txt", "dotslash.txt", "node_modules/m.js",
        "pkg/node_modules/n.js", "build/a.js", "build/keep.js", "abc.txt", "x.txt", "y.txt", "z.txt", "*star.txt", "barfoo",
        "foobar/z", "sub/q/deep.txt", "sub/q/r/deep.txt", "y/file", "Dockerfile",
    ]

    static let cases = [
        "data.txt\n*.log\ndocs/\n",
        "**/data.txt\n**/*.log\n",
        "*\n!keep/**\n!README.md\n",
        "secret\n!secret/public.txt\n",
        "# comment\n  spaced  \n/anchored.txt\n./dotslash.txt\n #not-a-comment\n",
        "**/node_modules\nbuild/**\n!build/keep.js\n",
        "a?c.txt\n[xy].txt\n\\*star.txt\n",
        "**foo\nfoo**\n",
        "sub/*/deep.txt\nsub/**/r\n",
        "*.md\n!*.md\nREADME.md\n",
        ".dockerignore\nDockerfile\n",
        "x/../y\nlogs/\n[^a-y].txt\n",
    ]

    /// What `COPY . /ctx` receives from `directory`, as Docker's engine decides.
    static func receivedByDocker(_ directory: URL, engine: DockerEngine) throws -> Set<String> {
        let dockerfile = directory.deletingLastPathComponent().appendingPathComponent("probe.Dockerfile")
        try "FROM debian:bookworm-slim\nCOPY . /ctx\n".write(to: dockerfile, atomically: true, encoding: .utf8)
        let image = "nixpacks-ci-e2e/dockerignore-oracle:\(UUID().uuidString.prefix(8).lowercased())"
        defer { engine.removeImage(image) }
        _ = try engine.build(context: directory.path, dockerfile: dockerfile.path, tags: [image])
        let listing = try engine.docker(["run", "--rm", "--entrypoint", "find", image, "/ctx", "(", "-type", "f", "-o", "-type", "l", ")"])
        return Set(listing.standardOutput.split(separator: "\n").map { String($0.dropFirst("/ctx/".count)) })
    }

    @Test func theEngineReceivesWhatTheRulesKeep() throws {
        let engine = try DockerEngine.connect()
        for (index, text) in Self.cases.enumerated() {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-oracle-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: base) }
            let directory = base.appendingPathComponent("context")
            for file in Self.files {
                let url = directory.appendingPathComponent(file)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try "\(file)\n".write(to: url, atomically: true, encoding: .utf8)
            }
            try text.write(to: directory.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
            let rules = try IgnoreRules(parsing: text, syntax: .dockerignore, file: ".dockerignore")
            let kept = Set((Self.files + [".dockerignore"]).filter { !rules.isExcluded($0) })
            let received = try Self.receivedByDocker(directory, engine: engine)
            #expect(received == kept, "case \(index) \(text.debugDescription): Docker only \(received.subtracting(kept).sorted()), rules only \(kept.subtracting(received).sorted())")
        }
    }

    /// A real build through nixpacks-ci: the image's /app is the keyed context, file for file.
    @Test func theImageHoldsExactlyTheKeyedContext() throws {
        let engine = try DockerEngine.connect()
        let repo = try GitFixture("oracle-build")
        try repo.write("site/index.html", "<p>site</p>\n")
        try repo.write("site/.dockerignore", "*.log\ndrafts/\n!drafts/ready.html\n")
        for file in ["a.log", "logs/b.log", "drafts/wip.html", "drafts/ready.html", "sub/data.txt"] { try repo.write("site/\(file)", "\(file)\n") }
        try repo.write(".gitignore", "*.tmp\n")
        try repo.write("site/scratch.tmp", "git ignores it\n")
        try repo.commitAll("site")
        try repo.write("site/untracked.html", "not committed, but Docker would send it\n")
        let image = ImageBuildTests.uniqueName("oracle")
        defer { engine.removeImage(image) }
        let explained = try ImageBuildTests.run(["explain", "site", "--repo", repo.path, "--package-source", "debian"])
        #expect(explained.succeeded, "\(explained.standardError)")
        let build = try ImageBuildTests.run(["build", repo.directory.appendingPathComponent("site").path, "--package-source", "debian",
                                             "--name", image, "--cache-dir", repo.directory.deletingLastPathComponent().appendingPathComponent("cache").path])
        let buildSucceeded = build.succeeded
        #expect(buildSucceeded, "\(build.diagnosis)")
        let listing = try engine.docker(["run", "--rm", "--entrypoint", "find", image, "/app", "(", "-type", "f", "-o", "-type", "l", ")"])
        let inImage = Set(listing.standardOutput.split(separator: "\n").map { String($0.dropFirst("/app/".count)) })
        let keyed = Set(explained.standardOutput.split(separator: "\n").compactMap { line -> String? in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            return parts.count == 3 && ["regular", "executable", "symlink"].contains(String(parts[1])) ? String(parts[0]) : nil
        })
        #expect(keyed.contains("untracked.html") && keyed.contains("drafts/ready.html") && keyed.contains("logs/b.log"))
        #expect(!keyed.contains("a.log") && !keyed.contains("drafts/wip.html") && !keyed.contains("scratch.tmp"))
        #expect(inImage == keyed, "in the image only: \(inImage.subtracting(keyed).sorted()); keyed only: \(keyed.subtracting(inImage).sorted())")
    }
}
