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
        /// Per pending job, how many of its job dependencies have not succeeded yet.
        var waiting: [String: Int] = [:]
        /// Pending jobs whose dependencies all succeeded, longest critical path first.
        var ready = ReadyQueue()
    }

    /// A binary heap of ready jobs: longest critical path first, then by name. Taking the next
    /// job and adding one are O(log n), so a run is O(n log n) in the number of jobs.
    struct ReadyQueue {
        private var heap: [(Double, String)] = []

        var isEmpty: Bool { heap.isEmpty }

        private static func before(_ a: (Double, String), _ b: (Double, String)) -> Bool {
            a.0 != b.0 ? a.0 > b.0 : a.1 < b.1
        }

        mutating func insert(_ name: String, priority: Double) {
            heap.append((priority, name))
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.before(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        mutating func popFirst() -> String? {
            guard !heap.isEmpty else { return nil }
            heap.swapAt(0, heap.count - 1)
            let first = heap.removeLast().1
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count, Self.before(heap[left], heap[best]) { best = left }
                if right < heap.count, Self.before(heap[right], heap[best]) { best = right }
                guard best != parent else { break }
                heap.swapAt(parent, best)
                parent = best
            }
            return first
        }

        mutating func removeAll() { heap.removeAll() }
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
        // Longest path from a job to the end of the graph, through its dependents: dependents
        // before dependencies (Kahn's order on the reversed edges), without recursion.
        var waiting: [String: Int] = [:]
        for job in table.values { waiting[job.name] = Set(job.dependencies.filter { table[$0] != nil && $0 != job.name }).count }
        var remainingDependents = Dictionary(uniqueKeysWithValues: table.keys.map { ($0, Set(reverse[$0] ?? []).count) })
        var queue = table.keys.filter { remainingDependents[$0] == 0 }
        var memo: [String: Double] = [:]
        while let name = queue.popLast() {
            memo[name] = (table[name]?.estimatedSeconds ?? 0) + (Set(reverse[name] ?? []).compactMap { memo[$0] }.max() ?? 0)
            for dependency in Set(table[name]?.dependencies ?? []) where table[dependency] != nil && dependency != name {
                remainingDependents[dependency]! -= 1
                if remainingDependents[dependency] == 0 { queue.append(dependency) }
            }
        }
        // Jobs on a cycle (the graph rejects cycles before this) keep their own estimate.
        for name in table.keys where memo[name] == nil { memo[name] = table[name]?.estimatedSeconds ?? 0 }
        criticalPath = memo
        var initial = State(pending: Set(table.keys))
        initial.waiting = waiting
        for name in table.keys.sorted() where waiting[name] == 0 { initial.ready.insert(name, priority: memo[name]!) }
        state = Mutex(initial)
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
            state.ready.removeAll()
            return state.running.isEmpty
        }
        if done { finished.signal() }
    }

    /// Starts ready jobs up to the concurrency. With `keepingOne`, the first is not given a
    /// thread but returned, for the calling worker thread to run next (a worker runs jobs until
    /// none is ready for it, so a run of N jobs does not start N threads).
    @discardableResult
    private func startReady(execute: @escaping @Sendable (String) -> Bool, events: @escaping @Sendable (Event) -> Void,
                            keepingOne: Bool = false) -> String? {
        let starting = state.withLock { state -> [String] in
            var chosen: [String] = []
            // The calling worker's own job has left `running` already: it counts again here.
            while state.running.count < concurrency, let name = state.ready.popFirst() {
                guard state.pending.remove(name) != nil else { continue }
                state.running.insert(name)
                chosen.append(name)
            }
            return chosen
        }
        for name in starting { events(.started(name)) }
        let kept = keepingOne ? starting.first : nil
        for name in starting.dropFirst(kept == nil ? 0 : 1) {
            // A thread per worker: jobs block on child processes, and Dispatch's pool does not
            // grow past the cores for blocked work items on Linux, which would cap --jobs.
            let thread = Thread { [self] in
                var next: String? = name
                while let job = next {
                    let succeeded = execute(job)
                    next = complete(job, succeeded: succeeded, execute: execute, events: events)
                }
            }
            thread.start()
        }
        return kept
    }

    /// Records a finished job; returns the job the finishing worker runs next, if any.
    private func complete(_ name: String, succeeded: Bool, execute: @escaping @Sendable (String) -> Bool,
                          events: @escaping @Sendable (Event) -> Void) -> String? {
        var skippedNow: [(String, Outcome)] = []
        let allDone = state.withLock { state -> Bool in
            state.running.remove(name)
            state.outcomes[name] = succeeded ? .succeeded : .failed
            if succeeded {
                for dependent in Set(dependents[name] ?? []) where state.pending.contains(dependent) {
                    state.waiting[dependent, default: 1] -= 1
                    if state.waiting[dependent] == 0 { state.ready.insert(dependent, priority: criticalPath[dependent] ?? 0) }
                }
            } else {
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
                    state.ready.removeAll()
                }
            }
            return state.pending.isEmpty && state.running.isEmpty
        }
        events(.finished(name, succeeded ? .succeeded : .failed))
        for (skipped, outcome) in skippedNow { events(.finished(skipped, outcome)) }
        if allDone {
            finished.signal()
            return nil
        }
        return startReady(execute: execute, events: events, keepingOne: true)
    }
}
