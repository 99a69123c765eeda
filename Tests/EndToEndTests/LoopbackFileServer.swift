import Foundation
import Host
import TestSupport

/// A directory served over HTTP on loopback by Python's `http.server`, as GitHub serves release
/// assets: a file is a 200, anything missing a 404.
final class LoopbackFileServer {
    let directory: URL
    let port: Int
    private let process: Process

    var url: String { "http://127.0.0.1:\(port)" }

    init(serving directory: URL) throws {
        self.directory = directory
        port = Int.random(in: 20_000...40_000)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-m", "http.server", "--bind", "127.0.0.1", "--directory", directory.path, String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if let answer = try? ProcessRunner().run("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "\(url)/"]),
               answer.standardOutput == "200" { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw FixtureError(message: "python3 -m http.server did not answer on 127.0.0.1:\(port)")
    }

    deinit { stop() }

    /// SIGKILL: a child that Foundation spawns from a test's worker thread inherits that thread's
    /// signal mask, with SIGTERM blocked, so `terminate()` would leave the server running.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
