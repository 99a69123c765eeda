// Scheduler makespan against the lower bound max(critical path, total work / jobs), on a seeded
// random dependency graph with a simulated builder (each job sleeps its duration).
// Usage: swift run -c release SchedulerBenchmark [JOBS...]
import Foundation
import Pipeline

struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}

var random = Generator(state: 42)
let count = 120
var jobs: [BatchScheduler.Job] = []
for index in 0..<count {
    // Each job depends on up to 3 earlier ones (a DAG), durations 10–200 ms (a build's seconds, scaled).
    let dependencies = index == 0 ? [] : (0..<Int.random(in: 0...3, using: &random)).map { _ in "j\(Int.random(in: 0..<index, using: &random))" }
    jobs.append(BatchScheduler.Job(name: "j\(index)", dependencies: Array(Set(dependencies)).sorted(),
                                   estimatedSeconds: Double(Int.random(in: 10...200, using: &random)) / 1000))
}
let durations = Dictionary(uniqueKeysWithValues: jobs.map { ($0.name, $0.estimatedSeconds) })
let total = durations.values.reduce(0, +)
// The longest dependency chain.
var longest: [String: Double] = [:]
for job in jobs { longest[job.name] = job.estimatedSeconds + (job.dependencies.map { longest[$0]! }.max() ?? 0) }
let criticalPath = longest.values.max()!

let workers = CommandLine.arguments.dropFirst().compactMap(Int.init)
print("jobs: \(count), total work \(String(format: "%.2f", total)) s, critical path \(String(format: "%.2f", criticalPath)) s")
print("| workers | lower bound | makespan | ratio |")
print("|---:|---:|---:|---:|")
for concurrency in workers.isEmpty ? [1, 2, 4, 8] : workers {
    let scheduler = BatchScheduler(jobs: jobs, concurrency: concurrency, failFast: false)
    let start = Date()
    _ = scheduler.run(execute: { name in
        Thread.sleep(forTimeInterval: durations[name]!)
        return true
    }, events: { _ in })
    let makespan = Date().timeIntervalSince(start)
    let bound = max(criticalPath, total / Double(concurrency))
    print(String(format: "| %d | %.2f s | %.2f s | %.3f |", concurrency, bound, makespan, makespan / bound))
}
