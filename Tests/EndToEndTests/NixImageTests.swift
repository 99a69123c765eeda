import Builder
import Foundation
import Host
import Testing

/// The nix package source end to end: `nix-env -if` of the generated environment inside an image
/// with Debian's nix-bin, against the nixpkgs stand-in reached through --nixpkgs-archive-url.
@Suite struct NixImageTests {
    @Test func nixEnvironmentInstallsAndRuns() throws {
        let engine = try DockerEngine.connect()
        let app = EngineHarnessTests.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/nix-hello")
        let image = ImageBuildTests.uniqueName("nix-hello")
        defer { engine.removeImage(image) }
        let build = try ImageBuildTests.run([
            "build", app.path, "--name", image,
            "--nixpkgs-archive-url", "file:///opt/nixpkgs-standin.tar.gz",
            "--json-plan", #"{"buildImage": "nixpacks-ci/nix-base:bookworm"}"#,
        ])
        let buildSucceeded = build.succeeded
        #expect(buildSucceeded, "\(build.diagnosis)")
        #expect(build.standardError.contains("nix-env -if .nixpacks/nixpkgs-"))
        let output = try engine.runner.run(engine.client, ["run", "--rm", image])
        #expect(output.standardOutput == "hello from nix\n", "\(output.standardError)")
    }
}

/// `--push` to a real registry on loopback (Debian's docker-registry, started by the test).
@Suite struct PushTests {
    @Test func pushesNameAndTags() throws {
        let engine = try DockerEngine.connect()
        let registry = try LoopbackRegistry.start()
        defer { registry.stop() }
        let app = EngineHarnessTests.repositoryRoot.appendingPathComponent("Examples/monorepo/services/site")
        let name = "127.0.0.1:\(registry.port)/site"
        defer {
            engine.removeImage(name + ":latest")
            engine.removeImage(name + ":v1")
        }
        let build = try ImageBuildTests.run(["build", app.path, "--package-source", "debian", "--name", name, "--tag", name + ":v1", "--push"])
        let buildSucceeded = build.succeeded
        #expect(buildSucceeded, "\(build.diagnosis)")
        let tags = try ProcessRunner().run("curl", ["-fsS", "http://127.0.0.1:\(registry.port)/v2/site/tags/list"])
        #expect(tags.standardOutput.contains("\"latest\"") && tags.standardOutput.contains("\"v1\""), "\(tags.standardOutput)")
    }
}

/// A docker-registry process on a free loopback port, with its storage in a temporary directory.
final class LoopbackRegistry {
    let port: Int
    let directory: URL
    let process: Process

    private init(port: Int, directory: URL, process: Process) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// `htpasswd`: a user and password the registry demands (Basic auth), or nil for none.
    static func start(htpasswd: (String, String)? = nil) throws -> LoopbackRegistry {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = Int.random(in: 20000...40000)
        let config = directory.appendingPathComponent("config.yml")
        var auth = ""
        if let (user, password) = htpasswd {
            let file = directory.appendingPathComponent("htpasswd")
            let output = try ProcessRunner().run("htpasswd", ["-Bbn", user, password])
            try output.standardOutput.write(to: file, atomically: true, encoding: .utf8)
            auth = "auth:\n  htpasswd:\n    realm: nixpacks-ci-tests\n    path: \(file.path)\n"
        }
        try """
        version: 0.1
        log:
          level: error
        storage:
          filesystem:
            rootdirectory: \(directory.path)/data
        http:
          addr: 127.0.0.1:\(port)
        \(auth)
        """.write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/docker-registry")
        process.arguments = ["serve", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let registry = LoopbackRegistry(port: port, directory: directory, process: process)
        for _ in 0..<50 {
            // Any HTTP answer (200, or 401 with auth) means it is up.
            if let answer = try? ProcessRunner().run("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/v2/"]),
               ["200", "401"].contains(answer.standardOutput) { return registry }
            Thread.sleep(forTimeInterval: 0.1)
        }
        registry.stop()
        throw HTTP.HTTPError(message: "docker-registry did not answer on 127.0.0.1:\(port)")
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
