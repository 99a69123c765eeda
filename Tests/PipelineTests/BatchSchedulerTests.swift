import Foundation
import Synchronization
import Testing
@testable import Pipeline

/// The scheduler with a simulated builder (sleeps), the fault under test being failures.
@Suite struct BatchSchedulerTests {
    final class Recorder: Sendable {
        let order = Mutex<[String]>([])
        let concurrent = Mutex<(now: Int, peak: Int)>((0, 0))
    }

    func run(_ jobs: [BatchScheduler.Job], concurrency: Int, failFast: Bool = false, failing: Set<String> = [],
             seconds: Double = 0.05) -> ([String: BatchScheduler.Outcome], Recorder) {
        let recorder = Recorder()
        let scheduler = BatchScheduler(jobs: jobs, concurrency: concurrency, failFast: failFast)
        let outcomes = scheduler.run(execute: { name in
            recorder.concurrent.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            recorder.order.withLock { $0.append(name) }
            Thread.sleep(forTimeInterval: seconds)
            recorder.concurrent.withLock { $0.now -= 1 }
            return !failing.contains(name)
        }, events: { _ in })
        return (outcomes, recorder)
    }

    @Test func dependenciesFirstAndConcurrencyBounded() {
        let jobs = [
            BatchScheduler.Job(name: "lib", dependencies: [], estimatedSeconds: 1),
            BatchScheduler.Job(name: "api", dependencies: ["lib"], estimatedSeconds: 1),
            BatchScheduler.Job(name: "web", dependencies: ["lib"], estimatedSeconds: 1),
            BatchScheduler.Job(name: "a", dependencies: [], estimatedSeconds: 1),
            BatchScheduler.Job(name: "b", dependencies: [], estimatedSeconds: 1),
        ]
        let (outcomes, recorder) = run(jobs, concurrency: 2)
        #expect(outcomes.values.allSatisfy { $0 == .succeeded })
        let order = recorder.order.withLock { $0 }
        #expect(order.firstIndex(of: "lib")! < order.firstIndex(of: "api")!)
        #expect(order.firstIndex(of: "lib")! < order.firstIndex(of: "web")!)
        #expect(recorder.concurrent.withLock { $0.peak } <= 2)
        #expect(recorder.concurrent.withLock { $0.peak } == 2)
    }

    @Test func longestCriticalPathStartsFirst() {
        let jobs = [
            BatchScheduler.Job(name: "short", dependencies: [], estimatedSeconds: 1),
            BatchScheduler.Job(name: "head", dependencies: [], estimatedSeconds: 1),
            BatchScheduler.Job(name: "tail", dependencies: ["head"], estimatedSeconds: 100),
        ]
        let (_, recorder) = run(jobs, concurrency: 1)
        #expect(recorder.order.withLock { $0 } == ["head", "tail", "short"])
    }

    @Test func failureSkipsDependentsOthersGoOn() {
        let jobs = [
            BatchScheduler.Job(name: "lib", dependencies: [], estimatedSeconds: 1),
            BatchScheduler.Job(name: "api", dependencies: ["lib"], estimatedSeconds: 1),
            BatchScheduler.Job(name: "edge", dependencies: ["api"], estimatedSeconds: 1),
            BatchScheduler.Job(name: "other", dependencies: [], estimatedSeconds: 1),
        ]
        let (outcomes, _) = run(jobs, concurrency: 2, failing: ["lib"])
        #expect(outcomes["lib"] == .failed)
        #expect(outcomes["api"] == .skipped("dependency lib failed"))
        #expect(outcomes["edge"] == .skipped("dependency api failed") || outcomes["edge"] == .skipped("dependency lib failed"))
        #expect(outcomes["other"] == .succeeded)
    }

    @Test func failFastStopsTheRest() {
        let jobs = (0..<6).map { BatchScheduler.Job(name: "s\($0)", dependencies: [], estimatedSeconds: Double(10 - $0)) }
        let (outcomes, _) = run(jobs, concurrency: 1, failFast: true, failing: ["s0"])
        #expect(outcomes["s0"] == .failed)
        #expect((1..<6).allSatisfy { outcomes["s\($0)"] == .skipped("stopped after s0 failed (--fail-fast)") })
    }

    /// Builds block on child processes: more jobs than cores must still run at once.
    @Test func concurrencyAboveTheCoreCountIsHonoured() {
        let jobs = (0..<6).map { BatchScheduler.Job(name: "s\($0)", dependencies: [], estimatedSeconds: 1) }
        let start = Date()
        let (outcomes, recorder) = run(jobs, concurrency: 6, seconds: 0.4)
        #expect(outcomes.count == 6)
        #expect(recorder.concurrent.withLock { $0.peak } == 6)
        #expect(Date().timeIntervalSince(start) < 1.5)
    }
}
