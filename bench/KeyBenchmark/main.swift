// Cache keys for every service of a monorepo on a clean checkout, against reading and hashing
// every tracked file. Usage: swift run -c release KeyBenchmark REPO [ROUNDS]
import Builder
import Cache
import Crypto
import Foundation
import Monorepo
import Pipeline

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: KeyBenchmark REPO [ROUNDS]\n".utf8))
    exit(2)
}
let rounds = arguments.dropFirst().first.flatMap(Int.init) ?? 3

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

var keyTimes: [Double] = []
var hashTimes: [Double] = []
var serviceCount = 0
for _ in 0..<rounds {
    keyTimes.append(try milliseconds {
        var configuration = BuildConfiguration()
        configuration.repository = path
        configuration.useNixInstantiate = false
        configuration.useGraphCache = false
        serviceCount = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared().count
    })
    hashTimes.append(try milliseconds {
        let workspace = try Workspace(path: path)
        var digest = SHA256()
        let root = workspace.root.path
        for file in try workspace.repository.indexedPaths() {
            if let data = FileManager.default.contents(atPath: root + "/" + file) { digest.update(data: data) }
        }
        _ = digest.finalize()
    })
}
keyTimes.sort()
hashTimes.sort()
print("services keyed: \(serviceCount)")
print(String(format: "keys (plan, render, context, SHA-256): median %.0f ms of %d rounds (min %.0f, max %.0f)", keyTimes[rounds / 2], rounds, keyTimes[0], keyTimes[rounds - 1]))
print(String(format: "read and SHA-256 every tracked file:       median %.0f ms of %d rounds (min %.0f, max %.0f)", hashTimes[rounds / 2], rounds, hashTimes[0], hashTimes[rounds - 1]))
