import ArgumentParser
import Cache
import Monorepo

/// Where discovered graphs are kept: shared by `affected`, `services` and `graph`.
struct GraphCacheOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The cache directory: discovered graphs, and for affected --shards the recorded build durations (default: as for build).",
        valueName: "dir"))
    var cacheDir: String?

    @Flag(help: "Discover services again even when a graph of this tree is cached (or of the base or a near ancestor, when nothing since touches a manifest).")
    var noGraphCache = false

    var store: DirectoryStore { DirectoryStore(directory: cacheDir) }

    func validate() throws {
        try CacheOptions.validateCacheDirectory(cacheDir)
    }

    var graphCache: GraphCache? {
        noGraphCache ? nil : GraphCache(directory: store.root.appendingPathComponent("graphs"))
    }
}
