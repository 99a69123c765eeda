import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// The graph cache must never change an answer: every case compares against discovery from scratch.
@Suite struct GraphCacheTests {
    func repo() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("libs/greeting/package.json", #"{"name":"greeting","main":"g.js"}"#)
        try repo.write("libs/greeting/g.js", "module.exports = 1\n")
        try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.write("services/web/s.js", "1\n")
        try repo.write("services/api/package.json", #"{"name":"api","scripts":{"start":"node s.js"}}"#)
        try repo.write("services/api/s.js", "1\n")
        try repo.commitAll("initial")
        try repo.write("services/api/s.js", "0\n")
        try repo.commitAll("second")
        return repo
    }

    struct Run {
        var report: AffectedReport
        var graph: ServiceGraph
        var discovered: Bool
    }

    func run(_ repo: GitFixture, _ cache: GraphCache?, since: String = "HEAD~1") throws -> Run {
        var timings = StageTimings()
        let (report, graph) = try Workspace(path: repo.path).affected(ChangeQuery(since: since), timings: &timings, graphCache: cache)
        return Run(report: report, graph: graph, discovered: timings.stages.contains { $0.name == "discovery and graph" })
    }

    /// Runs with the cache and without; the answers must agree.
    func compare(_ repo: GitFixture, _ cache: GraphCache) throws -> Run {
        let cached = try run(repo, cache)
        let fresh = try run(repo, nil)
        #expect(cached.report == fresh.report)
        #expect(cached.graph == fresh.graph)
        return cached
    }

    func cache() -> GraphCache {
        GraphCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-graphs-\(UUID().uuidString)"))
    }

    @Test func sameTreeAndSourceEditsReuseTheGraph() throws {
        let repo = try repo()
        let cache = cache()
        try repo.write("services/api/s.js", "2\n")
        try repo.commitAll("edit api")
        #expect(try compare(repo, cache).discovered)            // first time: discovered and stored
        #expect(try !compare(repo, cache).discovered)           // same tree: cached
        try repo.write("libs/greeting/g.js", "module.exports = 2\n")
        try repo.commitAll("edit a library's source")
        let next = try compare(repo, cache)                       // base tree cached, change irrelevant
        #expect(!next.discovered)
        #expect(next.report.affected.map(\.name) == ["web"])
        try repo.write("services/web/s.js", "uncommitted\n")        // an irrelevant working-tree edit
        #expect(try !compare(repo, cache).discovered)
    }

    @Test(arguments: ["manifest", "added", "deleted", "config", "working-tree manifest"])
    func changesDiscoveryReadsAreDiscoveredAgain(_ change: String) throws {
        let repo = try repo()
        let cache = cache()
        _ = try compare(repo, cache)  // cache the graph of HEAD~1..HEAD's trees
        try repo.write("services/api/s.js", "warm\n")
        try repo.commitAll("warm")
        #expect(try !compare(repo, cache).discovered)
        switch change {
        case "manifest":
            try repo.write("services/api/package.json", #"{"name":"api","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        case "added":
            try repo.write("services/worker/main.py", "print(1)\n")
        case "deleted":
            try repo.remove("services/api/package.json")
            try repo.remove("services/api/s.js")
        case "config":
            try repo.write("nixpacks-ci.toml", "[services.api]\npath = \"services/api\"\nlibrary = true\n")
        default:
            try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"}}"#)
        }
        if change != "working-tree manifest" { try repo.commitAll(change) }
        let next = try run(repo, cache)
        let fresh = try run(repo, nil)
        #expect(next.discovered, "\(change) must not reuse a cached graph")
        #expect(next.report == fresh.report)
        #expect(next.graph == fresh.graph)
        if change == "manifest" { #expect(next.graph.dependencies(of: "api") == ["greeting"]) }
        if change == "deleted" { #expect(next.report.removed.map(\.name) == ["api"]) }
        if change == "working-tree manifest" {
            // Not stored for the tree either: a clean run of the same commit gets the committed graph.
            try repo.git("checkout", "--", "services/web/package.json")
            let clean = try compare(repo, cache)
            #expect(clean.graph.dependencies(of: "web") == ["greeting"])
        }
    }

    /// A cache restored from an older commit of main (CI) still serves a branch several commits
    /// later, unless something discovery reads changed in between.
    @Test func anOlderAncestorsGraphIsReusedWhenNothingItReadChanged() throws {
        let repo = try repo()
        let cache = cache()
        _ = try compare(repo, cache)                  // caches the graph of main's current tree
        for round in 0..<3 {                          // main moves on with source edits
            try repo.write("services/api/s.js", "main \(round)\n")
            try repo.commitAll("main \(round)")
        }
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("libs/greeting/g.js", "module.exports = 3\n")
        try repo.commitAll("feature: library source")
        try repo.write("services/web/s.js", "feature\n")
        try repo.commitAll("feature: web source")
        // Neither HEAD's tree nor the merge-base's (main's tip) is cached; main~3's is.
        let reused = try run(repo, cache, since: "main")
        let fresh = try run(repo, nil, since: "main")
        #expect(!reused.discovered)
        #expect(reused.report == fresh.report)
        #expect(reused.graph == fresh.graph)
        #expect(reused.report.affected.map(\.name) == ["web"])
        #expect(try !run(repo, cache, since: "main").discovered)  // now stored for HEAD's tree

        // A manifest changed between the cached ancestor and HEAD: discovered again.
        try repo.write("services/api/package.json", #"{"name":"api","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        try repo.commitAll("feature: api uses the library")
        try repo.write("services/api/s.js", "later\n")
        try repo.commitAll("feature: api source")
        let other = cache
        for file in try FileManager.default.contentsOfDirectory(at: other.directory, includingPropertiesForKeys: nil)
            where !file.lastPathComponent.hasSuffix(try repo.git("rev-parse", "main~3^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)) {
            try FileManager.default.removeItem(at: file)  // keep only main~3's entry
        }
        let rediscovered = try run(repo, other, since: "main")
        #expect(rediscovered.discovered)
        #expect(rediscovered.graph.dependencies(of: "api") == ["greeting"])
    }

    @Test func theAncestorSearchStopsAtAShallowBoundary() throws {
        let repo = try repo()
        for round in 0..<4 {
            try repo.write("services/api/s.js", "main \(round)\n")
            try repo.commitAll("main \(round)")
        }
        let clone = try repo.clone("shallow", ["--depth", "2", "--branch", "main"])
        try clone.write("services/web/s.js", "clone\n")
        try clone.commitAll("clone edit")
        let cache = cache()
        let result = try run(clone, cache, since: "HEAD~1")      // nothing cached, boundary in reach
        #expect(result.discovered)
        #expect(result.report.affected.map(\.name) == ["web"])
    }

    /// `services` and `graph` read the cache too, and a working-tree manifest edit still shows.
    @Test func theCurrentGraphUsesTheCacheButNotOverAWorkingTreeManifestEdit() throws {
        let repo = try repo()
        let cache = cache()
        let workspace = try Workspace(path: repo.path)
        let fresh = try workspace.graph(listing: workspace.listing())
        #expect(try workspace.currentGraph(graphCache: cache) == fresh)
        let headTree = try #require(ObjectID(hex: try repo.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)))
        let stored = try #require(cache.load(tree: headTree))
        // A planted entry proves the next answer comes from the cache.
        let planted = try ServiceGraph(nodes: fresh.nodes.filter { $0.name != "api" }, edges: fresh.edges)
        cache.store(GraphCache.Entry(graph: planted, readPaths: stored.readPaths), tree: headTree)
        #expect(try workspace.currentGraph(graphCache: cache) == planted)
        try repo.write("services/api/package.json", #"{"name":"api","scripts":{"start":"node s.js"},"dependencies":{"greeting":"file:../../libs/greeting"}}"#)
        let edited = try workspace.currentGraph(graphCache: cache)
        #expect(edited.dependencies(of: "api") == ["greeting"])
        #expect(edited == (try workspace.graph(listing: workspace.listing())))
    }

    @Test func theFormatRoundTripsAwkwardText() throws {
        let nodes = [GraphNode(name: "web", path: "", kind: .service, provider: "node", image: "acme/web", inputs: ["proto/**", "a\tb"], origin: .configured),
                     GraphNode(name: "lib", path: "libs/x y", kind: .library, provider: nil, origin: .inferred)]
        let edges = [GraphEdge(from: "web", to: "lib", source: .inferred, reason: "package.json: \"lib\": \"file:..\\x\"\nnext line")]
        let entry = GraphCache.Entry(graph: try ServiceGraph(nodes: nodes, edges: edges), readPaths: ["package.json", "a\\b"])
        let decoded = try #require(GraphCache.decode(GraphCache.encode(entry)))
        #expect(decoded.graph == entry.graph)
        #expect(decoded.readPaths == entry.readPaths)
        #expect(GraphCache.decode(Data("nixpacks-ci-graph\t1\n".utf8)) == nil)  // another format version
        #expect(GraphCache.decode(Data("nixpacks-ci-graph\t\(GraphCache.formatVersion)\nN\tshort\n".utf8)) == nil)
    }

    @Test func aDamagedEntryIsIgnored() throws {
        let repo = try repo()
        let cache = cache()
        _ = try compare(repo, cache)
        for file in try FileManager.default.contentsOfDirectory(at: cache.directory, includingPropertiesForKeys: nil) {
            try "{ not json".write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(try compare(repo, cache).discovered)
    }
}

extension GraphCacheTests {
    /// An entry read ahead (`prefetchingGraph`) gives the graph a later read gives; a cache with
    /// no entry for HEAD still discovers; a prefetch of one tree leaves others to be read as ever.
    @Test func aPrefetchedEntryIsTheStoredOne() throws {
        let repo = try repo()
        let cache = cache()
        let workspace = try Workspace(path: repo.path)
        let head = try #require(try workspace.repository.commit(for: "HEAD"))
        let fresh = try workspace.graph(listing: workspace.listing())
        // Nothing stored yet: the prefetch finds nothing, discovery stores the entry.
        #expect(try workspace.currentGraph(head: head, workingTree: [], graphCache: try #require(workspace.prefetchingGraph(cache, head: head))) == fresh)
        let headTree = try #require(ObjectID(hex: try repo.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)))
        let stored = try #require(cache.load(tree: headTree))
        let planted = try ServiceGraph(nodes: fresh.nodes.filter { $0.name != "api" }, edges: fresh.edges)
        cache.store(GraphCache.Entry(graph: planted, readPaths: stored.readPaths), tree: headTree)
        let prefetching = try #require(workspace.prefetchingGraph(cache, head: head))
        #expect(try workspace.currentGraph(head: head, workingTree: [], graphCache: prefetching) == planted)
        // Another tree is read from its file, not from the prefetch.
        try repo.write("services/api/s.js", "edited\n")
        try repo.commitAll("edit api")
        let nextTree = try #require(ObjectID(hex: try repo.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(prefetching.load(tree: nextTree) == nil)
        cache.store(GraphCache.Entry(graph: fresh, readPaths: stored.readPaths), tree: nextTree)
        #expect(prefetching.load(tree: nextTree)?.graph == fresh)
    }
}
