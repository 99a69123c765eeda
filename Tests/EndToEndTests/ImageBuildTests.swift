import Builder
import Foundation
import Host
import Testing

/// `nixpacks-ci build` on the real engine with the debian package source: every example app is
/// planned, built, run, and must answer HTTP.
@Suite struct ImageBuildTests {
    static let examples = EngineHarnessTests.repositoryRoot.appendingPathComponent("Examples/monorepo/services")

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRunner.Output {
        var merged = ProcessInfo.processInfo.environment
        merged["NIXPACKS_CI_DOCKER"] = merged["NIXPACKS_CI_DOCKER"] ?? "/usr/bin/docker"
        for (key, value) in environment { merged[key] = value }
        return try ProcessRunner(environment: merged).run(CommandLineTests.binary, arguments)
    }

    static func uniqueName(_ base: String) -> String { "nixpacks-ci-e2e/\(base):\(UUID().uuidString.prefix(8).lowercased())" }

    /// (service, container port, expected answer)
    @Test(arguments: [
        ("web", 3000, "hello from web\n"),         // Node, with a file: dependency on libs/greeting
        ("pyapi", 3000, "hello from pyapi\n"),     // Python, Flask from PyPI
        ("goapi", 3000, "hello from goapi\n"),     // Go, multi-stage, go.mod replace of libs/greetgo
        ("site", 80, "<h1>hello from site</h1>"),  // static site on nginx
        ("rusty", 3000, "hello from rusty\n"),     // Rust, no crates
    ])
    func exampleBuildsRunsAndAnswers(_ service: String, _ port: Int, _ expected: String) throws {
        let engine = try DockerEngine.connect()
        let image = Self.uniqueName(service)
        defer { engine.removeImage(image) }
        let build = try Self.run(["build", Self.examples.appendingPathComponent(service).path, "--package-source", "debian", "--name", image])
        let buildSucceeded = build.succeeded
        #expect(buildSucceeded, "\(build.diagnosis)")
        guard build.succeeded else { return }
        let container = try engine.runDetached(image: image, publish: ["127.0.0.1::\(port)"])
        defer { engine.removeContainer(container) }
        let hostPort = try #require(try engine.publishedPort(container: container, port: port))
        let body = try HTTP.get("http://127.0.0.1:\(hostPort)/", attempts: 60)
        #expect(body.contains(expected), "logs:\n\(engine.logs(container: container))")
        let labels = try engine.docker(["image", "inspect", "-f", "{{json .Config.Labels}}", image]).standardOutput
        #expect(labels.contains("\"org.nixpacks-ci.version\""))
        #expect(labels.contains("\"org.opencontainers.image.revision\""))
    }

    /// One of the smaller providers end to end: COBOL compiled with GnuCOBOL from Debian and run.
    @Test func cobolAppCompilesAndRuns() throws {
        let engine = try DockerEngine.connect()
        let app = try temporaryApp(["src/index.cbl": """
                   IDENTIFICATION DIVISION.
                   PROGRAM-ID. HELLO.
                   PROCEDURE DIVISION.
                       DISPLAY "hello from cobol".
                       STOP RUN.

            """])
        defer { try? FileManager.default.removeItem(at: app) }
        let image = Self.uniqueName("cobol")
        defer { engine.removeImage(image) }
        let build = try Self.run(["build", app.path, "--package-source", "debian", "--name", image])
        let buildSucceeded = build.succeeded
        #expect(buildSucceeded, "\(build.diagnosis)")
        guard build.succeeded else { return }
        let output = try engine.docker(["run", "--rm", image]).standardOutput
        #expect(output == "hello from cobol\n")
    }

    /// A secret reaches the build command and is absent from the image's history and configuration.
    @Test func secretsStayOutOfLayersAndHistory() throws {
        let engine = try DockerEngine.connect()
        let app = try temporaryApp(["index.html": "<p>secret test</p>\n"])
        defer { try? FileManager.default.removeItem(at: app) }
        let image = Self.uniqueName("secret")
        defer { engine.removeImage(image) }
        let value = "s3cr3t-\(UUID().uuidString)"
        // The build checks the secret by its SHA-256, so the value itself appears nowhere but the secret.
        let digest = try ProcessRunner().run("/bin/sh", ["-c", "printf %s \"$V\" | sha256sum | cut -c1-64"], extraEnvironment: ["V": value])
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let build = try Self.run([
            "build", app.path, "--package-source", "debian", "--name", image, "--secret", "API_TOKEN",
            "--env", "API_TOKEN=placeholder-from-env",
            "--build-cmd", "test \"$(printf %s \"$API_TOKEN\" | sha256sum | cut -c1-64)\" = \(digest) && echo verified > /app/secret-checked",
        ], environment: ["API_TOKEN": value])
        let buildSucceeded = build.succeeded
        #expect(buildSucceeded, "\(build.diagnosis)")
        let inspect = try engine.docker(["image", "inspect", image]).standardOutput
        #expect(!inspect.contains("placeholder-from-env"), "the secret variable is no ENV")
        #expect(!inspect.contains("API_TOKEN="), "no ENV entry names the secret")
        #expect(!inspect.contains(value))
        let history = try engine.docker(["history", "--no-trunc", "--format", "{{.CreatedBy}}", image]).standardOutput
        #expect(!history.contains(value))
        #expect(!history.contains("ARG API_TOKEN") && !history.contains("API_TOKEN=placeholder"))
        #expect(history.contains("cat /run/secrets/API_TOKEN"), "the value came from the secret mount")
        let search = try ProcessRunner().run("/bin/sh", ["-c", "\"$DOCKER\" save \"$IMAGE\" | grep -a -F -c -- \"$V\""],
                                             extraEnvironment: ["DOCKER": engine.client, "IMAGE": image, "V": value])
        #expect(search.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "no layer holds the value")
        let checked = try engine.runner.run(engine.client, ["run", "--rm", image, "cat /app/secret-checked"])
        #expect(checked.standardOutput == "verified\n")
        let environment = try engine.runner.run(engine.client, ["run", "--rm", image, "env"])
        #expect(!environment.standardOutput.contains(value))
    }

    @Test func testStepAndHooksPassAndFail() throws {
        let engine = try DockerEngine.connect()
        let app = try temporaryApp(["index.html": "<p>test step</p>\n"])
        defer { try? FileManager.default.removeItem(at: app) }
        let image = Self.uniqueName("teststep")
        defer { engine.removeImage(image) }
        let passing = try Self.run(["build", app.path, "--package-source", "debian", "--name", image,
                                    "--test-cmd", "test -f /app/index.html && echo tests-passed",
                                    "--pre-build", "echo \"$NIXPACKS_CI_IMAGE\" > pre-hook.txt",
                                    "--post-build", "echo done > post-hook.txt"])
        let passingSucceeded = passing.succeeded
        #expect(passingSucceeded, "\(passing.diagnosis)")
        #expect(passing.standardError.contains("tests-passed"))
        #expect(try String(contentsOf: app.appendingPathComponent("pre-hook.txt"), encoding: .utf8) == image + "\n")
        #expect(FileManager.default.fileExists(atPath: app.appendingPathComponent("post-hook.txt").path))

        let failingTest = try Self.run(["build", app.path, "--package-source", "debian", "--name", image, "--test-cmd", "echo boom && false"])
        #expect(failingTest.status == 1)
        #expect(failingTest.standardError.contains("test failed"))
        #expect(failingTest.standardError.contains("boom"))

        let failingHook = try Self.run(["build", app.path, "--package-source", "debian", "--name", image, "--pre-build", "exit 3"])
        #expect(failingHook.status == 1)
        #expect(failingHook.standardError.contains("pre-build hook"))
    }

    @Test func outWritesTheContextWithoutBuilding() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try Self.run(["build", Self.examples.appendingPathComponent("web").path, "--out", out.path])
        #expect(result.succeeded, "\(result.standardError)")
        let dockerfile = try String(contentsOf: out.appendingPathComponent(".nixpacks/Dockerfile"), encoding: .utf8)
        #expect(dockerfile.contains("COPY .nixpacks/local/0 /libs/greeting"))
        // npm's cache is one mount for every service (it is content-addressed); no checkout path in the id.
        #expect(dockerfile.contains("--mount=type=cache,id=nixpacks-ci-/root/npm,target=/root/.npm"), "\(dockerfile)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".nixpacks/local/0/greeting.js").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("server.js").path))
    }

    @Test func unmappedPackagesAreListed() throws {
        let app = try temporaryApp(["package.json": #"{"name":"x","engines":{"node":"22"},"scripts":{"start":"node x.js"}}"#])
        defer { try? FileManager.default.removeItem(at: app) }
        let result = try Self.run(["build", app.path, "--package-source", "debian", "--out", app.appendingPathComponent("out").path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Node 22 (from package.json engines.node): no Debian release ships it"))
    }

    func temporaryApp(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-app-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }
}
