import Builder
import Foundation
import Host
import Testing

/// Proves the engine harness end to end: the real Docker engine, the debootstrapped base image with the
/// host's CA certificates, and PyPI reached from inside a build. The Dockerfile here is written by the
/// test on purpose: it checks the harness, not the planner (whose own image tests live beside it).
@Suite(.serialized) struct EngineHarnessTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func pythonExampleServiceBuildsRunsAndAnswersHTTP() throws {
        let engine = try DockerEngine.connect()
        let context = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: context) }
        try FileManager.default.copyItem(
            at: Self.repositoryRoot.appendingPathComponent("Examples/monorepo/services/pyapi"), to: context)
        let dockerfile = context.appendingPathComponent("Dockerfile.harness")
        try """
        FROM debian:bookworm-slim
        RUN apt-get update -q && apt-get install -y -q --no-install-recommends python3 python3-venv && rm -rf /var/lib/apt/lists/*
        WORKDIR /app
        COPY requirements.txt .
        RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install -q -r requirements.txt
        COPY . .
        ENV PORT=3000
        CMD ["/opt/venv/bin/python", "main.py"]
        """.write(to: dockerfile, atomically: true, encoding: .utf8)

        let tag = "nixpacks-ci-e2e/pyapi:\(UUID().uuidString.prefix(8).lowercased())"
        defer { engine.removeImage(tag) }
        let log = try engine.build(context: context.path, dockerfile: dockerfile.path, tags: [tag])
        #expect(log.contains("pip install"), "the build ran pip (BuildKit plain log)")

        let container = try engine.runDetached(image: tag, publish: ["127.0.0.1::3000"])
        defer { engine.removeContainer(container) }
        let port = try #require(try engine.publishedPort(container: container, port: 3000))
        // main.py imports Flask, which came from PyPI through the image's CA trust.
        let body = try HTTP.get("http://127.0.0.1:\(port)/", attempts: 60)
        #expect(body == "hello from pyapi\n", "container logs:\n\(engine.logs(container: container))")
    }
}

/// A GET with retries, through curl (the harness installs it).
enum HTTP {
    static func get(_ url: String, attempts: Int) throws -> String {
        let runner = ProcessRunner()
        var last = ""
        for _ in 0..<attempts {
            let output = try runner.run("curl", ["-fsS", "--max-time", "2", url])
            if output.succeeded { return output.standardOutput }
            last = output.standardError
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw HTTPError(message: "no answer from \(url): \(last)")
    }

    struct HTTPError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
