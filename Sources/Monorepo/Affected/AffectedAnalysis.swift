import SourceRules

/// Maps a `ChangeSet` onto the graph: which services changed, which must rebuild because a
/// dependency changed, which were removed.
public struct AffectedAnalysis {
    public let graph: ServiceGraph
    public let config: MonorepoConfig
    /// The monorepo root relative to the repository work tree ("" when they are the same).
    public let rootPrefix: String
    /// What exists now, to tell removed services from changed ones.
    public let listing: FileListing

    /// How many example paths a reason lists.
    static let examplePaths = 3

    /// Reads lockfiles at the base and now, for per-member lockfile analysis; nil counts a
    /// lockfile change as a change of its workspace root (every member).
    public let lockfiles: LockfileAnalysis.Sides?

    public init(graph: ServiceGraph, config: MonorepoConfig, rootPrefix: String, listing: FileListing,
                lockfiles: LockfileAnalysis.Sides? = nil) {
        self.graph = graph
        self.config = config
        self.rootPrefix = rootPrefix
        self.listing = listing
        self.lockfiles = lockfiles
    }

    public func report(for changes: ChangeSet) -> AffectedReport {
        var reasons: [String: [AffectReason]] = [:]
        var ignored = 0
        var unowned: [String] = []
        var removed: [RemovedService] = []
        let paths = changes.paths.relative(to: rootPrefix)
        let distinctPaths = Array(Set(paths.map(\.path))).sorted()

        if changes.everythingAffected {
            for node in graph.nodes {
                reasons[node.name] = [AffectReason(kind: changes.base.method == .everything ? .everything : .missingBase, summary: changes.base.note)]
            }
        } else {
            var changedByNode: [String: [String]] = [:]
            var globalHits: [String] = []
            let inputs = graph.nodes.compactMap { node -> (String, [PathPattern])? in
                let patterns = node.inputs.compactMap { try? PathPattern($0, syntax: .gitignore) }
                return patterns.isEmpty ? nil : (node.name, patterns)
            }
            var lockfilePaths: Set<String> = []
            if let lockfiles {
                let (handled, memberReasons) = LockfileAnalysis(graph: graph, sides: lockfiles).analyse(changed: Set(distinctPaths))
                lockfilePaths = handled
                for (directory, reason) in memberReasons {
                    if let node = graph.nodes.first(where: { $0.path == directory }) { reasons[node.name, default: []].append(reason) }
                }
            }
            let workspaceRoots = Dictionary(graph.workspaces.map { ($0.directory, $0) }, uniquingKeysWith: { first, _ in first })
            for path in distinctPaths {
                if lockfilePaths.contains(path) { continue }
                if config.ignore.contains(where: { $0.matchesPathOrAncestor(path) }) { ignored += 1; continue }
                if config.globalTriggers.contains(where: { $0.matchesPathOrAncestor(path) }) { globalHits.append(path); continue }
                var owners = Set<String>()
                if let owner = graph.owner(of: path) {
                    // A workspace root's own files reach its members only where their build
                    // contexts hold them (its manifest, install files, tsconfig); the rest of the
                    // root (docs, scripts) belongs to no service.
                    let workspace = owner.kind == .workspace ? workspaceRoots[owner.path] : nil
                    if workspace.map({ Self.reachesMembers($0.relative(path), $0) }) ?? true { owners.insert(owner.name) }
                }
                for (name, patterns) in inputs where patterns.contains(where: { $0.matchesPathOrAncestor(path) }) { owners.insert(name) }
                if owners.isEmpty { unowned.append(path) }
                for owner in owners { changedByNode[owner, default: []].append(path) }
            }
            for (name, changed) in changedByNode {
                reasons[name, default: []].append(AffectReason(
                    kind: .changed, paths: Array(changed.prefix(Self.examplePaths)), count: changed.count, dependency: nil,
                    summary: "\(changed.count) changed path\(changed.count == 1 ? "" : "s"): \(changed.prefix(Self.examplePaths).joined(separator: ", "))\(changed.count > Self.examplePaths ? ", ..." : "")"))
            }
            if !globalHits.isEmpty {
                for node in graph.nodes {
                    reasons[node.name, default: []].append(AffectReason(
                        kind: .global, paths: Array(globalHits.prefix(Self.examplePaths)), count: globalHits.count,
                        summary: "global trigger \(globalHits[0])\(globalHits.count > 1 ? " (+\(globalHits.count - 1) more)" : "")"))
                }
            }
            propagate(&reasons)
            removed = removedServices(paths)
        }

        let order = graph.topologicalOrder()
        let affected = order.compactMap { name -> AffectedService? in
            guard let node = graph.node(named: name), node.kind == .service, let why = reasons[name] else { return nil }
            return AffectedService(name: name, path: node.path, provider: node.provider, reasons: why)
        }
        let libraries = graph.nodes.filter { $0.kind != .service && reasons[$0.name] != nil }.map(\.name)
        return AffectedReport(
            base: changes.base, affected: affected, affectedLibraries: libraries, removed: removed,
            changedPathCount: distinctPaths.count, ignoredPathCount: ignored,
            unownedPaths: Array(unowned.prefix(20)), unownedPathCount: unowned.count)
    }

    /// Whether a file of a workspace root (relative to it) is part of its members' build contexts.
    static func reachesMembers(_ path: String, _ workspace: PackageWorkspace) -> Bool {
        workspace.rootFileReachesMembers(path)
    }

    /// Adds a `dependency` reason to every transitive dependent of an affected node.
    private func propagate(_ reasons: inout [String: [AffectReason]]) {
        var queue = reasons.keys.sorted()
        var cursor = 0
        while cursor < queue.count {
            let name = queue[cursor]
            cursor += 1
            for dependent in graph.dependents(of: name) {
                let isNew = reasons[dependent] == nil
                if reasons[dependent]?.contains(where: { $0.kind == .dependency && $0.dependency == name }) == true { continue }
                reasons[dependent, default: []].append(AffectReason(
                    kind: .dependency, dependency: name, summary: "depends on \(name), which is affected"))
                if isNew { queue.append(dependent) }
            }
        }
    }

    /// Services whose marker file was deleted and whose directory no longer holds a node.
    private func removedServices(_ paths: [ChangedPath]) -> [RemovedService] {
        let markers: Set<String> = ["package.json", "go.mod", "main.go", "Cargo.toml", "requirements.txt", "pyproject.toml",
                                    "main.py", "Pipfile", "Gemfile", "composer.json", "index.php", "index.html", "Staticfile",
                                    "pom.xml", "build.sbt", "mix.exs", "deno.json", "Package.swift", "shard.yml",
                                    "pubspec.yaml", "nixpacks.toml", "Procfile"]
        var result: [String: RemovedService] = [:]
        let nodePaths = Set(graph.nodes.map(\.path))
        for change in paths where change.kind == .deleted {
            let name = String(change.path.split(separator: "/").last ?? "")
            let directory = RelativePath.parent(change.path)
            guard markers.contains(name), !nodePaths.contains(directory), !listing.hasFile(directory, name),
                  !config.ignore.contains(where: { $0.matchesPathOrAncestor(change.path) }) else { continue }
            result[directory] = RemovedService(name: ServiceName.derived(fromPath: directory), path: directory, marker: change.path)
        }
        return result.values.sorted { $0.path < $1.path }
    }
}
