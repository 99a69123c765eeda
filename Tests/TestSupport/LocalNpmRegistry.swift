import Foundation
import Host

/// A real npm registry for tests, on the Docker bridge's address so that both this machine (npm
/// and Yarn writing lockfiles) and build containers (`npm ci`, `yarn install`) reach it: it serves
/// packuments and tarballs of packages made at test time with `npm pack`, as registry.npmjs.org
/// does (`GET /<name>`, `GET /<name>/-/<name>-<version>.tgz`).
public final class LocalNpmRegistry {
    public let directory: URL
    public let host: String
    public let port: Int
    private let server: pid_t

    public var url: String { "http://\(host):\(port)/" }

    /// Starts the server with no packages; `publish` adds some.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-npm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("packages"), withIntermediateDirectories: true)
        let script = Self.script
        host = try Self.bridgeAddress()
        port = Int.random(in: 20_000...40_000)
        let log = directory.appendingPathComponent("registry.log").path
        let started = try ProcessRunner().run("/bin/sh", ["-c", "python3 \"$1\" \"$2\" \"$3\" \"$4\" >\"$5\" 2>&1 & echo $!", "sh",
                                                           script.path, directory.appendingPathComponent("packages").path, host, String(port), log])
        guard let pid = pid_t(started.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw FixtureError(message: "the npm registry did not start: \(started.standardError)")
        }
        server = pid
        for _ in 0..<100 {
            if (try? ProcessRunner().run("curl", ["-fsS", "-o", "/dev/null", "http://\(host):\(port)/-/ping"]))?.succeeded == true { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw FixtureError(message: "the npm registry did not answer on \(host):\(port): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    deinit {
        kill(server, SIGTERM)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The address of the docker0 bridge (containers reach the host there).
    static func bridgeAddress() throws -> String {
        let output = try ProcessRunner().run("ip", ["-4", "-o", "addr", "show", "docker0"])
        guard let address = output.standardOutput.split(separator: " ").first(where: { $0.contains("/") && $0.contains(".") }) else {
            throw FixtureError(message: "no docker0 bridge address (is dockerd running?): \(output.standardOutput)\(output.standardError)")
        }
        return String(address.split(separator: "/")[0])
    }

    /// Publishes `name@version` with one index.js, and dependencies.
    public func publish(_ name: String, _ version: String, source: String, dependencies: [String: String] = [:]) throws {
        let work = directory.appendingPathComponent("work-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let manifest: [String: Any] = ["name": name, "version": version, "main": "index.js", "dependencies": dependencies]
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: work.appendingPathComponent("package.json"))
        try source.write(to: work.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        let packed = try ProcessRunner().run("/bin/sh", ["-c", "cd \"$1\" && npm pack --silent", "sh", work.path])
        guard packed.succeeded else { throw FixtureError(message: "npm pack failed: \(packed.standardError)") }
        let tarball = packed.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        let target = directory.appendingPathComponent("packages/\(name)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: work.appendingPathComponent(tarball),
                                         to: target.appendingPathComponent("\(name.split(separator: "/").last!)-\(version).tgz"))
    }

    /// The server (scripts/npm-registry.py).
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/npm-registry.py")
}
