import Builder
import Cache
import Foundation
import Testing
import TestSupport

/// SIGTERM during a batch: the running build stops, the reports are written for what finished, and
/// no cache entry is written for the interrupted build.
@Suite struct InterruptionTests {
    @Test func sigtermStopsBuildsAndWritesReports() throws {
        let repo = try GitFixture("mono")
        try repo.write("slow/index.html", "<p>slow</p>\n")
        try repo.write("slow/nixpacks.toml", "[phases.build]\ncmds = [\"sleep 120\"]\n")
        try repo.commitAll("a slow service")
        let base = repo.directory.deletingLastPathComponent()
        let cache = base.appendingPathComponent("cache")
        let report = base.appendingPathComponent("report.json")
        let junit = base.appendingPathComponent("junit.xml")
        let output = base.appendingPathComponent("output.txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["build", "--repo", repo.path, "--package-source", "debian", "--cache-dir", cache.path,
                             "--report-json", report.path, "--junit", junit.path, "--log-dir", base.appendingPathComponent("logs").path]
        var environment = ProcessInfo.processInfo.environment
        environment["NIXPACKS_CI_DOCKER"] = environment["NIXPACKS_CI_DOCKER"] ?? "/usr/bin/docker"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        // Wait until the build is under way (the sleep step), then interrupt.
        var seenSleep = false
        for _ in 0..<240 {
            Thread.sleep(forTimeInterval: 0.5)
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if text.contains("slow: building") {
                Thread.sleep(forTimeInterval: 8)
                seenSleep = true
                break
            }
        }
        #expect(seenSleep, "the build started")
        process.terminate()
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(started) < 100, "stopped long before the 120 s sleep ended")
        #expect(process.terminationStatus == 1)

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        #expect(json?["interrupted"] as? Bool == true)
        let services = json?["services"] as? [[String: Any]] ?? []
        #expect(services.first?["name"] as? String == "slow")
        #expect(services.first?["result"] as? String == "failed")
        #expect(services.first?["reason"] as? String == "interrupted")
        #expect(FileManager.default.fileExists(atPath: junit.path))
        #expect(DirectoryStore(root: cache).list().entries.isEmpty, "no cache entry for an interrupted build")
    }
}
