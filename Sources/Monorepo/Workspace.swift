import Foundation
import Host

/// A monorepo checkout: the git repository and the directory treated as the monorepo root.
///
/// The pipeline, in order: `listing()` → `graph()` (discovery + inference) → `affected(_:)`
/// (change detection mapped onto the graph). Not `Sendable`: it holds a libgit2 handle.
public final class Workspace {
    public let repository: Repository
    /// The monorepo root (holds nixpacks-ci.toml).
    public let root: URL
    /// `root` relative to the work tree, "" when they are the same.
    public let rootPrefix: String
    public let config: MonorepoConfig
    /// The inputs of the last graph built here, kept as long as the workspace: a caller that keeps
    /// the workspace to the end of the process (the CLI) then never pays for tearing them down.
    private var lastDiscovery: (listing: FileListing, reader: ManifestReader)?

    /// Opens the repository containing `path`. `root` (default: the work tree) is the monorepo root.
    public init(path: String, root: String? = nil) throws {
        repository = try Repository(discovering: path)
        guard let workTree = repository.workTree else {
            throw MonorepoError.notARepository(path: path, detail: "a bare repository has no work tree")
        }
        let rootURL = URL(fileURLWithPath: root ?? workTree.path, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath()
        let treePath = workTree.resolvingSymlinksInPath().path
        guard RelativePath.isInside(rootURL.path, treePath) || rootURL.path == treePath else {
            throw MonorepoError.notARepository(path: rootURL.path, detail: "the root is outside the work tree \(treePath)")
        }
        self.root = rootURL
        rootPrefix = rootURL.path == treePath ? "" : String(rootURL.path.dropFirst(treePath.count + 1))
        config = try MonorepoConfig.load(root: rootURL)
    }

    /// The files of the monorepo: the git index plus untracked (not ignored) files, minus deleted ones.
    public func listing(includeUntracked: Bool = true) throws -> FileListing {
        var changes: [ChangedPath] = []
        if includeUntracked, let head = try repository.commit(for: "HEAD") {
            changes = try WorkingTreeScanner.preferred.changes(in: repository, against: head)
        }
        return try listing(workingTreeChanges: changes)
    }

    /// The listing from the index, corrected by working-tree changes already computed (so the
    /// working tree is scanned once per run).
    public func listing(workingTreeChanges: [ChangedPath]) throws -> FileListing {
        // The index is sorted; keeping that order lets FileListing work once per directory.
        let local = workingTreeChanges.filter { $0.origin == .workingTree }
        let deleted = Set(local.filter { $0.kind == .deleted }.map(\.path))
        let added = local.filter { $0.kind == .added }.map(\.path)
        if let index = repository.directIndex() {
            return FileListing(index: index, prefix: rootPrefix, deleted: deleted, added: added)
        }
        var paths = try repository.indexedPaths()
        if !deleted.isEmpty { paths.removeAll { deleted.contains($0) } }
        paths += added
        guard !rootPrefix.isEmpty else { return FileListing(paths: paths) }
        let prefix = rootPrefix + "/"
        return FileListing(paths: paths.lazy.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
    }

    public func graph(listing: FileListing) throws -> ServiceGraph {
        try discoverGraph(listing, workingTree: [], cache: nil, headTree: nil)
    }

    /// The graph of HEAD and the working tree (what `services` and `graph` show). With a graph
    /// cache it is reused, as in `affected`, when HEAD's tree or a near ancestor's has an entry and
    /// the changes since (working tree included) touch nothing discovery reads.
    public func currentGraph(graphCache: GraphCache?) throws -> ServiceGraph {
        guard let head = try repository.commit(for: "HEAD") else { return try graph(listing: listing()) }
        let workingTree = try WorkingTreeScanner.preferred.changes(in: repository, against: head)
        return try currentGraph(head: head, workingTree: workingTree, graphCache: graphCache)
    }

    /// The graph cache with HEAD's entry being read on another thread, for a caller that scans
    /// the working tree first (the entry of the benchmark's 2,000 services takes ~10 ms to decode).
    public func prefetchingGraph(_ cache: GraphCache?, head: ObjectID) -> GraphCache? {
        guard let cache, let tree = try? rootTree(head.hex) else { return cache }
        return cache.prefetching(tree: tree)
    }

    /// `currentGraph(graphCache:)` with HEAD and the working-tree changes already known.
    public func currentGraph(head: ObjectID, workingTree: [ChangedPath], graphCache: GraphCache?) throws -> ServiceGraph {
        let headTree = graphCache == nil ? nil : try rootTree(head.hex)
        if let graphCache, let headTree {
            let here = BaseResolution(ref: "HEAD", refCommit: head.hex, head: "HEAD", headCommit: head.hex, mergeBase: head.hex,
                                      method: .mergeBase, shallowClone: repository.isShallow, deepenedBy: 0, fetches: 0,
                                      includesWorkingTree: true, note: "HEAD and the working tree")
            let changes = ChangeSet(base: here, paths: workingTree, everythingAffected: false)
            if let graph = try cachedGraph(graphCache, headTree, changes) { return graph }
        }
        return try discoverGraph(listing(workingTreeChanges: workingTree), workingTree: workingTree, cache: graphCache, headTree: headTree)
    }

    /// Discovers the graph of `listing` and stores it for HEAD's tree, unless the working tree
    /// changed something discovery read (then the graph does not describe the tree).
    private func discoverGraph(_ listing: FileListing, workingTree: [ChangedPath], cache: GraphCache?, headTree: ObjectID?) throws -> ServiceGraph {
        let reader = ManifestReader(root: root)
        lastDiscovery = (listing, reader)
        let graph = try GraphBuilder(listing: listing, reader: reader, config: config).build()
        if let cache, let headTree {
            let entry = GraphCache.Entry(graph: graph, readPaths: reader.readPaths.sorted())
            if entry.stillHolds(after: workingTree.filter { $0.origin == .workingTree }.relative(to: rootPrefix)) {
                cache.store(entry, tree: headTree)
            }
        }
        return graph
    }

    /// Which services a change affects; `timings` receives how long each stage took. With a graph
    /// cache, a graph discovered before for this tree (or for the base, when the change touches
    /// nothing discovery reads) is reused instead of listing and parsing the manifests again.
    public func affected(_ query: ChangeQuery, timings: inout StageTimings,
                         graphCache: GraphCache? = nil) throws -> (report: AffectedReport, graph: ServiceGraph) {
        let result = try affectedWithChanges(query, timings: &timings, graphCache: graphCache)
        return (result.report, result.graph)
    }

    /// `affected`, with the change set it was computed from (its working-tree paths, when the
    /// query includes the working tree, are what a build context holds).
    public func affectedWithChanges(_ query: ChangeQuery, timings: inout StageTimings, graphCache: GraphCache? = nil) throws
        -> (report: AffectedReport, graph: ServiceGraph, changes: ChangeSet) {
        let changes = try timings.measure("change detection") { try ChangeDetector(repository: repository).changes(for: query) }
        let headTree = graphCache == nil ? nil : try rootTree(changes.base.headCommit)
        if let graphCache, let headTree, let graph = try timings.measure("graph cache", { try cachedGraph(graphCache, headTree, changes) }) {
            // Reuse implies no path inside the root was added or deleted, so no service was removed
            // and the analysis needs no listing.
            let report: AffectedReport = timings.measure("affected analysis") {
                AffectedAnalysis(graph: graph, config: config, rootPrefix: rootPrefix, listing: FileListing(paths: []),
                                 lockfiles: lockfileSides(changes)).report(for: changes)
            }
            return (report, graph, changes)
        }
        let listing = try timings.measure("file listing") { try self.listing(workingTreeChanges: changes.paths) }
        let graph = try timings.measure("discovery and graph") {
            try discoverGraph(listing, workingTree: changes.paths, cache: graphCache, headTree: headTree)
        }
        let report: AffectedReport = timings.measure("affected analysis") {
            AffectedAnalysis(graph: graph, config: config, rootPrefix: rootPrefix, listing: listing, lockfiles: lockfileSides(changes)).report(for: changes)
        }
        return (report, graph, changes)
    }

    /// Lockfiles as they were at the base and as they are being built (the working tree, when the
    /// change includes it), by path relative to the monorepo root.
    func lockfileSides(_ changes: ChangeSet) -> LockfileAnalysis.Sides? {
        let baseHex = changes.base.method == .direct ? changes.base.refCommit : changes.base.mergeBase
        guard let base = baseHex.flatMap(ObjectID.init(hex:)), let head = ObjectID(hex: changes.base.headCommit) else { return nil }
        let repository = self.repository
        let prefix = rootPrefix
        let root = self.root.path
        let inRepository = { (path: String) in prefix.isEmpty ? path : prefix + "/" + path }
        let workingTree = changes.base.includesWorkingTree
        return LockfileAnalysis.Sides(
            base: { path in (try? repository.text(at: inRepository(path), in: base)) ?? nil },
            head: { path in
                if workingTree { return try? FileOperations.readText(root + "/" + path, limit: 64 << 20) }
                return (try? repository.text(at: inRepository(path), in: head)) ?? nil
            })
    }

    /// Which services a change affects.
    public func affected(_ query: ChangeQuery, graphCache: GraphCache? = nil) throws -> (report: AffectedReport, graph: ServiceGraph) {
        var timings = StageTimings()
        return try affected(query, timings: &timings, graphCache: graphCache)
    }

    /// How many first-parent ancestors of HEAD and of the base are looked up in the graph cache
    /// when neither HEAD's tree nor the base's is in it.
    static let cachedAncestorSearch = 32

    /// A cached graph that still describes HEAD's root tree, or nil when discovery must run. Tried in
    /// order: HEAD's tree; the base's tree, when no change since the base is relevant to discovery;
    /// then the nearest first-parent ancestor of HEAD or of the base that has an entry, when no change
    /// between it and HEAD is relevant (a CI cache restored from an older commit of the default
    /// branch, a local run on the previous commit). A reused graph is stored for HEAD's tree.
    private func cachedGraph(_ cache: GraphCache, _ headTree: ObjectID, _ changes: ChangeSet) throws -> ServiceGraph? {
        let workingTree = changes.paths.filter { $0.origin == .workingTree }.relative(to: rootPrefix)
        if let entry = cache.load(tree: headTree) {
            return entry.stillHolds(after: workingTree) ? entry.graph : nil
        }
        let baseCommit = changes.base.method == .direct ? changes.base.refCommit : changes.base.mergeBase
        if let baseCommit, let baseTree = try rootTree(baseCommit), cache.contains(tree: baseTree) {
            guard let entry = cache.load(tree: baseTree) else { return nil }
            return reuse(entry, for: changes.paths.relative(to: rootPrefix), cache: cache, headTree: headTree)
        }
        guard let headCommit = ObjectID(hex: changes.base.headCommit) else { return nil }
        var candidates = firstParents(of: headCommit)
        if let base = baseCommit.flatMap(ObjectID.init(hex:)) { candidates += [base] + firstParents(of: base) }
        var seen: Set<ObjectID> = [headCommit]
        for commit in candidates where seen.insert(commit).inserted {
            // A parent beyond a shallow boundary has no commit object: skip it.
            guard let tree = (try? rootTree(commit.hex)) ?? nil, let entry = cache.load(tree: tree) else { continue }
            let since = try repository.changedPaths(from: commit, to: headCommit).relative(to: rootPrefix) + workingTree
            return reuse(entry, for: since, cache: cache, headTree: headTree)
        }
        return nil
    }

    /// The entry's graph when none of `changes` is relevant to it (then also stored for HEAD's tree).
    private func reuse(_ entry: GraphCache.Entry, for changes: [ChangedPath], cache: GraphCache, headTree: ObjectID) -> ServiceGraph? {
        guard entry.stillHolds(after: changes) else { return nil }
        cache.store(entry, tree: headTree)
        return entry.graph
    }

    /// Up to `cachedAncestorSearch` first-parent ancestors, nearest first, as far as the clone has them.
    private func firstParents(of commit: ObjectID) -> [ObjectID] {
        var result: [ObjectID] = []
        var current = commit
        while result.count < Self.cachedAncestorSearch, let parent = repository.parents(of: current)?.first {
            result.append(parent)
            current = parent
        }
        return result
    }

    private func rootTree(_ commit: String) throws -> ObjectID? {
        guard let id = ObjectID(hex: commit) else { return nil }
        return try repository.treeID(at: rootPrefix, in: id)
    }
}
