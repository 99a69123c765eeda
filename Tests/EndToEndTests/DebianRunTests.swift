import Builder
import Foundation
import Host
import Testing

/// Nixpacks' run tests for the debian package source: each fixture app under
/// Fixtures/debian-run is built with `nixpacks-ci build --package-source debian` on the real engine,
/// its image is run, and what it prints (or answers over HTTP) is checked.
@Suite struct DebianRunTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/debian-run")

    /// How an app shows it works.
    enum Check: Sendable, CustomStringConvertible {
        /// The container's output contains this.
        case prints(String)
        /// An HTTP GET of / on this container port answers with this.
        case answers(port: Int, String)

        var description: String {
            switch self {
            case let .prints(text): "prints \(text)"
            case let .answers(port, text): "answers \(text) on \(port)"
            }
        }
    }

    /// (app, extra build arguments, check, the Debian release the image must be of)
    static let cases: [(String, [String], Check, String)] = [
        ("node", [], .prints("hello from node 20"), "13"),
        ("node-18", [], .prints("hello from node 18"), "12"),
        ("python-pip", [], .prints("hello from pip, six 1.16.0"), "13"),
        ("python-poetry", [], .prints("hello from poetry, six 1.16.0"), "13"),
        ("python-pdm", [], .prints("hello from pdm, six 1.16.0"), "13"),
        ("python-procfile", [], .prints("hello from procfile"), "13"),
        ("go-mod", [], .prints("hello from go-mod on go1.24"), "13"),
        ("go-mod", ["--debian-release", "bookworm"], .prints("hello from go-mod on go1.22"), "12"),
        ("go-no-mod", [], .prints("hello from go without go.mod"), "13"),
        ("staticfile", [], .answers(port: 80, "<h1>hello from staticfile</h1>"), "13"),
        ("php", [], .answers(port: 80, "hello from php 8.4"), "13"),
        ("rust-bin", [], .prints("hello from rust"), "13"),
        ("rust-bins", [], .prints("hello from the second binary"), "13"),
        ("rust-workspace", [], .prints("hello from the greeting crate via the workspace"), "13"),
        ("toml-extras", [], .prints("hello from cowsay"), "13"),
    ]

    @Test(arguments: cases)
    func appBuildsAndRuns(_ app: String, _ arguments: [String], _ check: Check, _ debianVersion: String) throws {
        let engine = try DockerEngine.connect()
        let image = ImageBuildTests.uniqueName("debian-\(app)")
        defer { engine.removeImage(image) }
        // The host's extra CA certificates, as a user behind a TLS-inspecting proxy passes them.
        let certificates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/local/share/ca-certificates")) ?? [])
            .filter { $0.hasSuffix(".crt") }.sorted().flatMap { ["--ca-cert", "/usr/local/share/ca-certificates/\($0)"] }
        let build = try ImageBuildTests.run(["build", Self.fixtures.appendingPathComponent(app).path, "--package-source", "debian",
                                             "--name", image] + certificates + arguments)
        #expect(build.succeeded, "\(app): build failed:\n\(build.standardError.suffix(4000))")
        guard build.succeeded else { return }
        let release = try engine.docker(["run", "--rm", "--entrypoint", "cat", image, "/etc/debian_version"]).standardOutput
        #expect(release.hasPrefix(debianVersion + "."), "\(app): Debian \(release)")
        switch check {
        case let .prints(expected):
            let run = try engine.runner.run(engine.client, ["run", "--rm", image])
            #expect((run.standardOutput + run.standardError).contains(expected), "\(app): printed \(run.standardOutput)\(run.standardError)")
        case let .answers(port, expected):
            let container = try engine.runDetached(image: image, publish: ["127.0.0.1::\(port)"])
            defer { engine.removeContainer(container) }
            let hostPort = try #require(try engine.publishedPort(container: container, port: port))
            let body = try HTTP.get("http://127.0.0.1:\(hostPort)/", attempts: 60)
            #expect(body.contains(expected), "\(app): answered \(body); logs:\n\(engine.logs(container: container))")
        }
    }
}
