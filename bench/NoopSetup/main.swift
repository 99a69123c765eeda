// Prepares a real no-op run: records a cache entry for every service of a monorepo (its real key
// and inputs) naming an image of the service's own name, and tags a small local image with each
// name. `nixpacks-ci build` on the repository is then all cache hits with nothing to re-tag.
// Usage: swift run -c release NoopSetup REPO CACHE_DIR IMAGE
import Builder
import Cache
import Foundation
import Pipeline

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: NoopSetup REPO CACHE_DIR IMAGE\n".utf8))
    exit(2)
}
var configuration = BuildConfiguration()
configuration.repository = arguments[0]
configuration.nixpkgsArchiveURL = "file:///nonexistent/{archive}.tar.gz"
configuration.cacheDirectory = arguments[1]
let engine = try DockerEngine.connect()
let services = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: engine).prepared()
let store = DirectoryStore(root: URL(fileURLWithPath: arguments[1]))
for prepared in services {
    try store.record(CacheEntry(key: prepared.key, service: prepared.node.name, image: prepared.request.imageName, digest: nil,
                                builtAt: ISO8601DateFormatter().string(from: Date()), seconds: 1, sizeBytes: nil, inputs: prepared.inputs))
    try engine.docker(["tag", arguments[2], prepared.request.imageName])
}
print("recorded \(services.count) entries in \(arguments[1])")
