// Times the stages of a cold `affected` in one process, several rounds: reading the index, building
// the file listing, discovery and graph, and the in-process working-tree scan. In-process rounds
// leave out process start and the machine's scheduling noise, so stage changes show up clearly.
// Usage: swift run -c release DiscoveryBenchmark REPO [ROUNDS]
import Foundation
import Monorepo

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: DiscoveryBenchmark REPO [ROUNDS]\n".utf8))
    exit(2)
}
let rounds = arguments.dropFirst().first.flatMap(Int.init) ?? 10
var stages: [String: [Double]] = [:]
@MainActor func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    defer { stages[name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
    return try body()
}
var nodes = 0
for _ in 0..<rounds {
    // A new workspace each round, so nothing read in one round serves the next.
    let workspace = try Workspace(path: path)
    guard let head = try workspace.repository.commit(for: "HEAD") else { fatalError("no HEAD") }
    let changes = try time("working-tree scan") { try WorkingTreeScanner.preferred.changes(in: workspace.repository, against: head) }
    let listing = try time("index and file listing") { try workspace.listing(workingTreeChanges: changes) }
    let graph = try time("discovery and graph") { try workspace.graph(listing: listing) }
    nodes = graph.nodes.count
}
print("nodes: \(nodes), rounds: \(rounds)")
for (name, values) in stages.sorted(by: { $0.key < $1.key }) {
    let sorted = values.sorted()
    print(String(format: "%-24@ median %7.1f ms  min %7.1f ms", name as NSString, sorted[sorted.count / 2], sorted[0]))
}
