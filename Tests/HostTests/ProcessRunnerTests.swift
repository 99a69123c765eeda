import Foundation
import Synchronization
import Host
import Testing

/// The one process runner, against real children.
@Suite struct ProcessRunnerTests {
    @Test func capturesBothStreamsAndTheStatus() throws {
        let output = try ProcessRunner().run("sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(output.standardOutput == "out\n")
        #expect(output.standardError == "err\n")
        #expect(output.status == 3)
        #expect(!output.succeeded)
        #expect(output.signal == nil)
    }

    /// Both pipes fill far past their 64 KiB buffers: a runner that read one after the other would hang.
    @Test func drainsLargeOutputOnBothPipes() throws {
        let output = try ProcessRunner().run("sh", ["-c", "head -c 1000000 /dev/zero | tr '\\\\0' a; head -c 1000000 /dev/zero | tr '\\\\0' b >&2"])
        #expect(output.standardOutput.count == 1_000_000)
        #expect(output.standardError.count == 1_000_000)
    }

    @Test func writesStandardInput() throws {
        let text = String(repeating: "line\n", count: 50_000)
        let output = try ProcessRunner().run("wc", ["-l"], input: Data(text.utf8))
        #expect(output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "50000")
    }

    @Test func reportsTheSignalThatEndedTheChild() throws {
        let output = try ProcessRunner().run("sh", ["-c", "kill -TERM $$"])
        #expect(output.signal == SIGTERM)
        #expect(output.status == 128 + SIGTERM)
    }

    @Test func aMissingExecutableIsAnErrorThatNamesIt() {
        #expect(throws: HostError.executableNotFound(name: "no-such-tool-x", searched: "/usr/bin:/bin")) {
            try ProcessRunner(environment: ["PATH": "/usr/bin:/bin"]).run("no-such-tool-x", [])
        }
        let message = HostError.executableNotFound(name: "no-such-tool-x", searched: "/usr/bin:/bin").description
        #expect(message.contains("no-such-tool-x") && message.contains("Install"))
    }

    @Test func extraEnvironmentReachesTheChildOnly() throws {
        let runner = ProcessRunner(environment: ["PATH": "/usr/bin:/bin", "A": "1"])
        let output = try runner.run("sh", ["-c", "echo $A-$B"], extraEnvironment: ["B": "2"])
        #expect(output.standardOutput == "1-2\n")
        #expect(runner.environment["B"] == nil)
    }

    /// An interruption stops running children: terminateAll sends SIGTERM to each.
    @Test func terminateAllStopsRunningChildren() throws {
        // A registry of this test's own: the shared one holds other tests' children. The child
        // runs on a Dispatch thread, not Swift's cooperative pool, which other tests may keep busy.
        let registry = RunningProcesses()
        let done = DispatchSemaphore(value: 0)
        let output = Mutex<ProcessRunner.Output?>(nil)
        DispatchQueue.global().async {
            let result = try? ProcessRunner(registry: registry).run("sleep", ["30"])
            output.withLock { $0 = result }
            done.signal()
        }
        let deadline = Date().addingTimeInterval(60)
        while registry.count == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(registry.count == 1)
        registry.terminateAll()
        #expect(done.wait(timeout: .now() + 20) == .success)
        #expect(output.withLock { $0 }?.signal == SIGTERM)
    }

    /// Children started on other threads at the same time do not inherit each other's pipes:
    /// a quick command finishes while a slow one, started around it, still runs.
    @Test func concurrentChildrenDoNotHoldEachOthersPipes() async throws {
        let slow = Task.detached { try ProcessRunner().run("sleep", ["3"]) }
        let started = Date()
        for _ in 0..<20 { _ = try ProcessRunner().run("true", []) }
        #expect(Date().timeIntervalSince(started) < 2.5)
        _ = try await slow.value
    }
}
