// Plans every service directory below a root, several rounds, and prints the median round time.
// Usage: swift run -c release PlanBenchmark ROOT [ROUNDS]
// Service directories are those two levels below ROOT/services (as bench/make_monorepo.py lays them out).
import Builder
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let rootPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: PlanBenchmark ROOT [ROUNDS]\n".utf8))
    exit(2)
}
let rounds = arguments.dropFirst().first.flatMap(Int.init) ?? 5
let root = URL(fileURLWithPath: rootPath).appendingPathComponent("services")
var directories: [URL] = []
for kind in (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? [] {
    for service in (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(kind).path))?.sorted() ?? [] {
        directories.append(root.appendingPathComponent(kind).appendingPathComponent(service))
    }
}
var timings: [Double] = []
var providers: [String: Int] = [:]
for round in 0..<rounds {
    let start = DispatchTime.now().uptimeNanoseconds
    for directory in directories {
        let result = try PlanGenerator(options: PlanOptions()).generate(App(root: directory))
        if round == 0 { providers[result.providers.map(\.rawValue).joined(separator: ","), default: 0] += 1 }
    }
    timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}
timings.sort()
print("directories: \(directories.count), providers: \(providers.sorted { $0.key < $1.key })")
print(String(format: "rounds: %d, median %.0f ms (min %.0f, max %.0f), %.2f ms per directory",
             rounds, timings[timings.count / 2], timings.first!, timings.last!, timings[timings.count / 2] / Double(directories.count)))
