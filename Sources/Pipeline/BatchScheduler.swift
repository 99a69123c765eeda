import Dispatch
import Foundation
import Synchronization

/// Runs jobs with dependencies on at most `concurrency` workers: dependencies first, ready jobs by
/// longest critical path (from estimated durations), a failure skips its dependents, and the rest
/// go on (or stop, with `failFast`). Cancellation starts nothing new.
///
/// Jobs block on child processes, so each runs on a thread of its own, at most `concurrency` at
/// once (not `concurrentPerform`, which is for CPU work).
public final class BatchScheduler: Sendable {
    public struct Job: Sendable {
        public var name: String
        /// Names of jobs that must succeed first; names that are not jobs are ignored.
        public var dependencies: [String]
        public var estimatedSeconds: Double

        public init(name: String, dependencies: [String], estimatedSeconds: Double) {
            self.name = name
            self.dependencies = dependencies
            self.estimatedSeconds = estimatedSeconds
        }
    }

    public enum Outcome: Sendable, Equatable {
        case succeeded
        case failed
        /// Not run, with the reason (a failed dependency, fail-fast, interruption).
        case skipped(String)
    }

    public enum Event: Sendable {
        case started(String)
        case finished(String, Outcome)
    }

    private struct State {
        var pending: Set<String>
        var running: Set<String> = []
        var outcomes: [String: Outcome] = [:]
        var stopped: String?
    }

    private let jobs: [String: Job]
    private let dependents: [String: [String]]
    private let criticalPath: [String: Double]
    private let concurrency: Int
    private let failFast: Bool
    private let state: Mutex<State>
    private let finished = DispatchSemaphore(value: 0)

    public init(jobs: [Job], concurrency: Int, failFast: Bool) {
        precondition(concurrency >= 1, "concurrency is validated by the caller")
        var table: [String: Job] = [:]
        for job in jobs { table[job.name] = job }
        var reverse: [String: [String]] = [:]
        for job in jobs { for dependency in job.dependencies where table[dependency] != nil { reverse[dependency, default: []].append(job.name) } }
        self.jobs = table
        dependents = reverse
        self.concurrency = concurrency
        self.failFast = failFast
        // Longest path from a job to the end of the graph, through its dependents.
        var memo: [String: Double] = [:]
        func longest(_ name: String) -> Double {
            if let known = memo[name] { return known }
            let value = (table[name]?.estimatedSeconds ?? 0) + ((reverse[name] ?? []).map(longest).max() ?? 0)
            memo[name] = value
            return value
        }
        for name in table.keys { _ = longest(name) }
        criticalPath = memo
        state = Mutex(State(pending: Set(table.keys)))
    }

    /// The critical-path length of a job (its own estimate plus the longest chain after it).
    public func criticalPathSeconds(_ name: String) -> Double { criticalPath[name] ?? 0 }

    /// Runs every job; `execute` returns whether the job succeeded. Blocks until all are done.
    public func run(execute: @escaping @Sendable (String) -> Bool, events: @escaping @Sendable (Event) -> Void) -> [String: Outcome] {
        if jobs.isEmpty { return [:] }
        startReady(execute: execute, events: events)
        finished.wait()
        return state.withLock { $0.outcomes }
    }

    /// Stops starting jobs; pending ones are skipped with `reason`. Running ones finish.
    public func cancel(reason: String) {
        let done = state.withLock { state -> Bool in
            state.stopped = state.stopped ?? reason
            for name in state.pending { state.outcomes[name] = .skipped(reason) }
            state.pending.removeAll()
            return state.running.isEmpty
        }
        if done { finished.signal() }
    }

    private func startReady(execute: @escaping @Sendable (String) -> Bool, events: @escaping @Sendable (Event) -> Void) {
        let starting = state.withLock { state -> [String] in
            var chosen: [String] = []
            let ready = state.pending.filter { name in
                jobs[name]!.dependencies.allSatisfy { jobs[$0] == nil || state.outcomes[$0] == .succeeded }
            }.sorted { (criticalPath[$0]!, $1) > (criticalPath[$1]!, $0) }
            for name in ready where state.running.count < concurrency {
                state.pending.remove(name)
                state.running.insert(name)
                chosen.append(name)
            }
            return chosen
        }
        for name in starting {
            events(.started(name))
            // A thread per running job: jobs block on child processes, and Dispatch's pool does not
            // grow past the cores for blocked work items on Linux, which would cap --jobs.
            let thread = Thread { [self] in
                let succeeded = execute(name)
                complete(name, succeeded: succeeded, execute: execute, events: events)
            }
            thread.start()
        }
    }

    private func complete(_ name: String, succeeded: Bool, execute: @escaping @Sendable (String) -> Bool,
                          events: @escaping @Sendable (Event) -> Void) {
        var skippedNow: [(String, Outcome)] = []
        let allDone = state.withLock { state -> Bool in
            state.running.remove(name)
            state.outcomes[name] = succeeded ? .succeeded : .failed
            if !succeeded {
                // Every transitive dependent is skipped, naming the failed job.
                var queue = dependents[name] ?? []
                while let next = queue.popLast() {
                    guard state.pending.remove(next) != nil else { continue }
                    let outcome = Outcome.skipped("dependency \(name) failed")
                    state.outcomes[next] = outcome
                    skippedNow.append((next, outcome))
                    queue += dependents[next] ?? []
                }
                if failFast, state.stopped == nil {
                    state.stopped = "stopped after \(name) failed (--fail-fast)"
                    for other in state.pending {
                        state.outcomes[other] = .skipped(state.stopped!)
                        skippedNow.append((other, .skipped(state.stopped!)))
                    }
                    state.pending.removeAll()
                }
            }
            return state.pending.isEmpty && state.running.isEmpty
        }
        events(.finished(name, succeeded ? .succeeded : .failed))
        for (skipped, outcome) in skippedNow { events(.finished(skipped, outcome)) }
        if allDone {
            finished.signal()
        } else {
            startReady(execute: execute, events: events)
        }
    }
}
