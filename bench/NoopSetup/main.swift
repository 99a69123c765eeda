// Prepares a real no-op run: records a cache entry for every service of a monorepo (its real key
// and inputs) naming an image of the service's own name, and tags a small local image with each
// name. `nixpacks-ci build` on the repository is then all cache hits with nothing to re-tag.
// Usage: swift run -c release NoopSetup REPO CACHE_DIR IMAGE
import Builder
import Cache
import Foundation
import Monorepo
import Pipeline

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: NoopSetup REPO CACHE_DIR IMAGE\n".utf8))
    exit(2)
}
let workspace = try Workspace(path: arguments[0])
let head = try workspace.repository.commit(for: "HEAD")!
let listing = try workspace.listing()
let graph = try workspace.graph(listing: listing)
var options = ServiceBuildOptions()
options.nixpkgsArchiveURL = "file:///nonexistent/{archive}.tar.gz"
let engine = try DockerEngine.connect()
let preparer = ServicePreparer(workspace: workspace, graph: graph, head: head,
                               workingTree: try WorkingTreeScanner.preferred.changes(in: workspace.repository, against: head),
                               options: options, identifier: EnvironmentIdentifier(nixInstantiate: EnvironmentIdentifier.findNixInstantiate(), engine: engine),
                               listing: listing)
let store = DirectoryStore(root: URL(fileURLWithPath: arguments[1]))
for service in graph.services {
    let prepared = try preparer.prepare(service.name)
    try store.record(CacheEntry(key: prepared.key, service: service.name, image: prepared.request.imageName, digest: nil,
                                builtAt: ISO8601DateFormatter().string(from: Date()), seconds: 1, sizeBytes: nil, inputs: prepared.inputs))
    try engine.docker(["tag", arguments[2], prepared.request.imageName])
}
print("recorded \(graph.services.count) entries in \(arguments[1])")
