import Foundation
import Host
import Testing
import TestSupport

/// The release (scripts/release.sh, docs/releasing.md), built once for the run by `ReleaseBuild`:
/// the tarball's binary needs nothing but glibc, so it runs in bare Debian 12 and 13 containers,
/// which have neither libgit2 nor git; the image runs the same commands and drives the engine; and
/// the templates' install script installs the tarball from a served copy of the release. Every
/// command runs against a small repository made here, and agrees with the developer build.
@Suite(.serialized) struct ReleaseTests {
    /// api (python) and site (static); the last commit changes only site.
    static func repository() throws -> GitFixture {
        let repo = try GitFixture("release-repo")
        try repo.write("services/api/requirements.txt", "flask==3.0.0\n")
        try repo.write("services/api/main.py", "print('api')\n")
        try repo.write("services/site/Staticfile", "root: .\n")
        try repo.write("services/site/index.html", "<h1>hello from the release</h1>\n")
        try repo.commitAll("two services")
        try repo.write("services/site/index.html", "<h1>hello again from the release</h1>\n")
        try repo.commitAll("change the site")
        return repo
    }

    /// What the release's commands answered.
    struct Answers: Equatable, CustomStringConvertible {
        var version: String
        var services: [String]
        var affected: [String]
        /// From `build --dry-run --report-json`: service → (result, cache key).
        var planned: [String: [String]]

        var description: String { "version \(version), services \(services), affected \(affected), planned \(planned)" }
    }

    /// Runs `nixpacks-ci ARGS` in a fresh container of `image`, with the repository at /repo (the
    /// working directory) and `out` at /out, and no network; `binary` is mounted as
    /// /usr/local/bin/nixpacks-ci when given, `socket` passes the engine's socket in.
    static func inContainer(_ image: String, binary: URL?, repo: GitFixture, out: URL, socket: Bool = false,
                            _ arguments: [String]) throws -> ProcessRunner.Output {
        var docker = ["run", "--rm", "--network", "none", "-v", "\(repo.path):/repo", "-v", "\(out.path):/out", "-w", "/repo"]
        if let binary { docker += ["-v", "\(binary.path):/usr/local/bin/nixpacks-ci:ro"] }
        if socket { docker += ["-v", "/var/run/docker.sock:/var/run/docker.sock"] }
        return try ProcessRunner().run(ReleaseBuild.docker, docker + [image] + arguments)
    }

    /// --version, services, affected --since HEAD~1 and build --dry-run, through `run`.
    static func answers(_ run: ([String]) throws -> ProcessRunner.Output, report: URL, reportPath: String) throws -> Answers {
        func succeeded(_ arguments: [String]) throws -> String {
            let output = try run(arguments)
            #expect(output.succeeded, "\(arguments.joined(separator: " ")) exited \(output.status):\n\(output.standardError.suffix(3000))")
            return output.standardOutput
        }
        let version = try succeeded(["nixpacks-ci", "--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let graph = try JSONSerialization.jsonObject(with: Data(try succeeded(["nixpacks-ci", "services", "--format", "json"]).utf8)) as? [String: Any]
        let services = (graph?["nodes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        let affected = try succeeded(["nixpacks-ci", "affected", "--since", "HEAD~1", "--format", "names"])
            .split(separator: "\n").map(String.init)
        _ = try succeeded(["nixpacks-ci", "build", "--dry-run", "--package-source", "debian", "--report-json", reportPath])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        var planned: [String: [String]] = [:]
        for service in json?["services"] as? [[String: Any]] ?? [] {
            planned["\(service["name"] ?? "")"] = ["\(service["result"] ?? "")", "\(service["key"] ?? "")"]
        }
        return Answers(version: version, services: services, affected: affected, planned: planned)
    }

    /// The developer build (`.build/debug/nixpacks-ci`) on this machine, with no engine (as in a
    /// container without the socket) or with it: what the release must answer too.
    static func developerAnswers(_ repo: GitFixture, engine: Bool) throws -> Answers {
        let report = repo.directory.deletingLastPathComponent().appendingPathComponent("developer-\(UUID().uuidString).json")
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = repo.directory.deletingLastPathComponent().appendingPathComponent("home-\(UUID().uuidString)").path
        environment["NIXPACKS_CI_DOCKER"] = ReleaseBuild.docker
        if !engine { environment["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" }
        let runner = ProcessRunner(environment: environment)
        return try answers({ arguments in
            try runner.run("/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", repo.path, CommandLineTests.binary] + arguments.dropFirst())
        }, report: report, reportPath: report.path)
    }

    static func outDirectory(_ repo: GitFixture) throws -> URL {
        let out = repo.directory.deletingLastPathComponent().appendingPathComponent("out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        return out
    }

    @Test func theReleaseWorkflowPassesItsSchemaAndTheAudit() throws {
        let workflow = ReleaseBuild.repositoryRoot.appendingPathComponent(".github/workflows/release.yml").path
        for (tool, arguments) in [("check-jsonschema", ["--builtin-schema", "vendor.github-workflows", workflow]),
                                  ("zizmor", ["--offline", "--no-progress", workflow])] {
            let output = try ProcessRunner().run("\(CITemplateTests.tools)/\(tool)", arguments)
            #expect(output.succeeded, "\(tool):\n\(output.standardOutput)\(output.standardError)")
        }
    }

    @Test func theBinaryNeedsNothingButGlibc() throws {
        let release = try ReleaseBuild.get()
        let dynamic = try ProcessRunner().run("readelf", ["-d", release.binary.path])
        #expect(dynamic.succeeded, "\(dynamic.standardError)")
        let needed = dynamic.standardOutput.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            .compactMap { $0.split(separator: "[").last?.split(separator: "]").first.map(String.init) }
        #expect(!needed.isEmpty, "readelf found no NEEDED entries: \(dynamic.standardOutput)")
        let glibc: Set<String> = ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libgcc_s.so.1"]
        let others = needed.filter { !glibc.contains($0) && !$0.hasPrefix("ld-linux") }
        #expect(others.isEmpty, "the release binary needs \(others) at run time")
        let checksums = try String(contentsOf: release.dist.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
        let check = try ProcessRunner().run("/bin/sh", ["-c", "cd \"$1\" && sha256sum --check --strict SHA256SUMS", "sh", release.dist.path])
        #expect(check.succeeded && check.standardOutput.contains("\(release.tarball.lastPathComponent): OK"), "\(checksums)\n\(check.standardOutput)\(check.standardError)")
        let licenses = try FileManager.default.contentsOfDirectory(atPath: release.unpacked.appendingPathComponent("licenses").path)
        #expect(licenses.contains("libgit2-dev.copyright"), "\(licenses)")
    }

    @Test(arguments: ["debian:bookworm-slim", "debian:trixie-slim"])
    func theBinaryRunsInABareDebian(_ base: String) throws {
        let release = try ReleaseBuild.get()
        let repo = try Self.repository()
        let out = try Self.outDirectory(repo)
        // Bare: no libgit2, and no git either (nothing here fetches).
        let libgit2 = try ProcessRunner().run(ReleaseBuild.docker, ["run", "--rm", base, "find", "/", "-xdev", "-name", "libgit2*"])
        #expect(libgit2.succeeded && libgit2.standardOutput.isEmpty, "\(base) has libgit2: \(libgit2.standardOutput)")
        let git = try ProcessRunner().run(ReleaseBuild.docker, ["run", "--rm", base, "sh", "-c", "command -v git || echo none"])
        #expect(git.standardOutput == "none\n", "\(base) has git: \(git.standardOutput)")

        let answers = try Self.answers({ try Self.inContainer(base, binary: release.binary, repo: repo, out: out, $0) },
                                       report: out.appendingPathComponent("report.json"), reportPath: "/out/report.json")
        #expect(answers.version == release.version)
        #expect(answers.services == ["api", "site"], "\(answers)")
        #expect(answers.affected == ["site"], "\(answers)")
        #expect(Set(answers.planned.values.map { $0[0] }) == ["planned"], "\(answers)")
        // The same keys as the developer build computes here when no engine answers.
        #expect(answers == (try Self.developerAnswers(repo, engine: false)), "\(base)")
    }

    @Test func theImageRunsTheSameCommandsAndDrivesTheEngine() throws {
        let release = try ReleaseBuild.get()
        let repo = try Self.repository()
        let out = try Self.outDirectory(repo)
        let tools = try Self.inContainer(release.image, binary: nil, repo: repo, out: out, ["sh", "-c", "git --version && docker buildx version"])
        #expect(tools.succeeded, "the image lacks git or docker buildx: \(tools.standardError)")

        let alone = try Self.answers({ try Self.inContainer(release.image, binary: nil, repo: repo, out: out, $0) },
                                     report: out.appendingPathComponent("report.json"), reportPath: "/out/report.json")
        #expect(alone.version == release.version)
        #expect(alone == (try Self.developerAnswers(repo, engine: false)))

        // With the engine's socket the keys name the base images, as the developer build's do.
        let withEngine = try Self.answers({ try Self.inContainer(release.image, binary: nil, repo: repo, out: out, socket: true, $0) },
                                          report: out.appendingPathComponent("report.json"), reportPath: "/out/report.json")
        #expect(withEngine == (try Self.developerAnswers(repo, engine: true)))
        #expect(withEngine.planned != alone.planned, "the engine changed no key: \(withEngine)")

        // And it builds: the image's docker CLI drives the engine through the socket.
        let image = ImageBuildTests.uniqueName("release-site")
        defer { _ = try? ProcessRunner().run(ReleaseBuild.docker, ["rmi", "-f", image]) }
        let build = try Self.inContainer(release.image, binary: nil, repo: repo, out: out, socket: true,
                                         ["nixpacks-ci", "build", "services/site", "--package-source", "debian", "--name", image])
        #expect(build.succeeded, "\(build.standardError.suffix(3000))")
        let label = try ProcessRunner().run(ReleaseBuild.docker, ["image", "inspect", "-f", "{{index .Config.Labels \"org.nixpacks-ci.version\"}}", image])
        #expect(label.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == release.version, "\(label.standardError)")
    }

    /// The templates' install script, against the release served over HTTP as GitHub serves it.
    @Test func theInstallScriptInstallsTheRelease() throws {
        let release = try ReleaseBuild.get()
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-releases-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("v\(release.version)"), withDestinationURL: release.dist)
        let server = try LoopbackFileServer(serving: site)
        defer { server.stop() }
        let bin = site.appendingPathComponent("bin")
        let installed = try InstallScriptTests.install(into: bin, version: "v\(release.version)", releases: server.url)
        #expect(installed.succeeded, "\(installed.standardOutput)\(installed.standardError)")
        #expect(installed.standardOutput.contains("\(release.tarball.lastPathComponent): OK"), "\(installed.standardOutput)")
        let version = try ProcessRunner().run(bin.appendingPathComponent("nixpacks-ci").path, ["--version"])
        #expect(version.standardOutput == release.version + "\n")
    }
}
