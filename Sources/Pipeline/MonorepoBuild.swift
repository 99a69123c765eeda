import Builder
import Cache
import Foundation
import Host
import Monorepo

/// The main job, `nixpacks-ci build [--since REF]` (and `build PATH`, `build --dry-run`,
/// `explain`), as one pipeline of stages, each taking the value the one before returns:
///
/// 1. **workspace** — open the git repository and `nixpacks-ci.toml` (`Workspace`); for an app
///    outside any repository, the directory itself.
/// 2. **changes** — what changed since the base, and the working tree (`ChangeSet`), and the
///    files a build sees (`SourceSnapshot`: the index, corrected by the working tree).
/// 3. **graph** — services, libraries and their edges, from the graph cache while it still holds
///    (`ServiceGraph`).
/// 4. **affected** — the services to build, dependencies first, each with why (`Selection`).
/// 5. **prepare** — for each: the plan, the rendered Dockerfile and Nix files, the exact build
///    context, the cache key (`PreparedService`). Rendered once; the key is of this context.
/// 6. **cache lookup** — the local store, then the registry (`CacheFinder`): a hit is re-tagged,
///    not built.
/// 7. **execute** — the misses on the image builder (`ImageBuilding`: the Docker engine, or the
///    recording dry run), in parallel, dependencies first (`BuildExecution`).
/// 8. **report** — one line per service, in build order (`BatchReport`).
///
/// A service that fails at any stage is a failed line of the report; the others go on.
public final class MonorepoBuild {
    public enum Event: Sendable {
        case note(String)
        /// A service is prepared: its key, and why the key may not be stable.
        case prepared(String, key: CacheKey, unstableBecause: [String])
        case cacheHit(String, image: String)
        case started(String)
        /// A service finished: its report line and full log.
        case finished(BatchReport.Service, log: String)
    }

    public let configuration: BuildConfiguration
    let builder: any ImageBuilding
    /// The engine, when one answers: base image ids go into keys.
    let engine: DockerEngine?
    let events: @Sendable (Event) -> Void
    /// Sendable: signal handlers call it from another thread.
    public let interrupter = BuildInterrupter()
    /// How long each stage of the last `run()` took (`build --timings`).
    public private(set) var timings = StageTimings()

    public init(configuration: BuildConfiguration, builder: any ImageBuilding, engine: DockerEngine?,
                events: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.configuration = configuration
        self.builder = builder
        self.engine = engine
        self.events = events
    }

    /// What stages 1–4 found: the services to build and everything needed to prepare them.
    struct Selection {
        var source: SourceSnapshot
        var graph: ServiceGraph
        var rootPrefix: String
        /// In dependency order, with the reason each is built.
        var services: [(name: String, reason: String)]
        var base: String?
        var removed: [String]
        /// The commit being built, when in git.
        var head: ObjectID?
        var branch: String?
        /// The branch `--since` names (`origin/main` → `main`), if it names one.
        var baseBranch: String?
    }

    /// Runs stages 1–8.
    public func run() throws -> BatchReport {
        let started = Date()
        let startedAt = UTCTimestamp.string(from: started)
        if case let .app(path) = configuration.target { try runHooks(configuration.preBuildCommands, in: path, stage: "pre-build") }
        timings = StageTimings()
        // Asked now, answered while the stages before the cache lookup run.
        let localImages = configuration.noCache ? nil : BackgroundValue { [builder] in builder.localImages() }
        let plansDirectory = directoryStore.root.path + "/plans"
        let planRecords = configuration.usePlanCache ? PreparationCache.startReading(directory: plansDirectory) : nil
        let selection = try select()
        if let base = selection.base { events(.note("base: \(base)")) }
        for warning in selection.graph.warnings { events(.note("warning: \(warning)")) }
        if selection.services.isEmpty { events(.note("no service to build")) }

        // 5. prepare: keys first (from the preparation cache where it knows the inputs)
        let preparing = DispatchTime.now()
        let preparer = makePreparer(selection)
        if let planRecords { preparer.cache = PreparationCache(directory: plansDirectory, contents: planRecords.value) }
        // Cold: every service is prepared, and drafts (all but keys) need no other service.
        if preparer.cache?.isEmpty ?? true { preparer.draftInParallel(selection.services.map(\.name)) }
        // Warm or cold, the preparation cache's fingerprints read every service's directories.
        if preparer.cache != nil { preparer.fingerprintInParallel(selection.services.map(\.name)) }
        var lines: [String: BatchReport.Service] = [:]
        var keyed: [(service: ServicePreparer.Keyed, reason: String)] = []
        func failed(_ name: String, _ error: any Error) throws {
            // One app: its input error is the command's error.
            if case .app = configuration.target { throw error }
            let node = selection.graph.node(named: name)
            let line = BatchReport.Service(name: name, path: node?.path ?? "", result: .failed, reason: "planning failed: \(error)",
                                           key: nil, image: nil, seconds: 0, sizeBytes: nil, logFile: nil, logTail: "\(error)")
            lines[name] = line
            events(.finished(line, log: "\(error)\n"))
        }
        for (name, reason) in selection.services {
            // An interruption while preparing: the rest is skipped, and the report still written.
            if interrupter.flag.isSet {
                let node = selection.graph.node(named: name)
                let line = BatchReport.Service(name: name, path: node?.path ?? "", result: .skipped, reason: "interrupted",
                                               key: nil, image: nil, seconds: 0, sizeBytes: nil, logFile: nil, logTail: nil)
                lines[name] = line
                continue
            }
            do {
                let service = try preparer.keyed(name)
                for warning in service.prepared?.planWarnings ?? [] { events(.note("\(name): \(warning)")) }
                events(.prepared(name, key: service.key, unstableBecause: service.unstableBecause))
                keyed.append((service, reason))
            } catch {
                try failed(name, error)
            }
        }

        timings.record("prepare (keys)", since: preparing)

        // 6. cache lookup; then the misses prepared in full (those the cache knew only the key of)
        let lookingUp = DispatchTime.now()
        let finder = CacheFinder(directoryStore: directoryStore, registryStore: registryStore)
        let knownImages = keyed.isEmpty ? nil : localImages?.value
        var misses: [(service: PreparedService, reason: String)] = []
        for item in keyed {
            let node = item.service.node
            let names = preparer.imageNames(node)
            if !configuration.noCache,
               let hit = lookup(key: item.service.key, repository: node.image ?? node.name, names: [names.image] + names.tags,
                                finder: finder, knownImages: knownImages) {
                let line = BatchReport.Service(name: node.name, path: node.path, result: .cached, reason: "cache hit (\(item.reason))",
                                               key: item.service.key.hex, unstable: item.service.unstableBecause, image: hit,
                                               seconds: 0, sizeBytes: nil, logFile: nil, logTail: nil)
                lines[node.name] = line
                events(.cacheHit(node.name, image: hit))
            } else if configuration.dryRun, item.service.prepared == nil {
                // A dry run needs the key only: what would be built.
                let line = BatchReport.Service(name: node.name, path: node.path, result: .planned, reason: item.reason, key: item.service.key.hex,
                                               unstable: item.service.unstableBecause, image: names.image, seconds: 0, sizeBytes: nil,
                                               logFile: nil, logTail: nil)
                lines[node.name] = line
                events(.finished(line, log: ""))
            } else {
                do {
                    misses.append((try preparer.prepare(node.name), item.reason))
                } catch {
                    try failed(node.name, error)
                }
            }
        }
        for name in preparer.staleRecords {
            events(.note("\(name): the preparation cache remembered another key than its inputs give; the new key is used "
                + "(please report this with `nixpacks-ci explain \(name)`)"))
        }
        preparer.cache?.save()
        preparer.identifier.save()
        finder.directoryStore.saveVerified()
        timings.record("cache lookup", since: lookingUp)

        // 7. execute
        let worker = BuildWorker(builder: builder, directoryStore: directoryStore, registryStore: registryStore,
                                 useRegistry: !finder.registryFailed, cacheReadOnly: configuration.cacheReadOnly || finder.registryFailed && registryStore != nil,
                                 push: configuration.push, labels: labels(selection), logDirectory: configuration.logDirectory,
                                 flag: interrupter.flag,
                                 layerCacheBranches: LayerCacheBranches(current: configuration.cacheBranch ?? selection.branch, base: selection.baseBranch ?? configuration.cacheBaseBranch))
        let execution = BuildExecution(builder: builder, worker: worker, jobs: configuration.jobs, failFast: configuration.failFast,
                                       interrupter: interrupter)
        let built = timings.measure("execute") { execution.run(misses, dependencies: { selection.graph.dependencies(of: $0) }, events: events) }
        lines.merge(built) { _, new in new }

        // 8. report
        let report = BatchReport(startedAt: startedAt, seconds: Date().timeIntervalSince(started), base: selection.base,
                                 dryRun: configuration.dryRun, interrupted: interrupter.flag.isSet,
                                 services: selection.services.compactMap { lines[$0.name] }, removed: selection.removed)
        if case let .app(path) = configuration.target, report.succeeded, !configuration.dryRun {
            try runHooks(configuration.postBuildCommands, in: path, stage: "post-build")
        }
        return report
    }

    /// Stages 1–5 for one service, and the last entry the local store has for it: every input of
    /// its key, and what changed since.
    public func explain(_ service: String) throws -> (service: PreparedService, previous: CacheLookup) {
        let selection = try select()
        let prepared = try makePreparer(selection).prepare(service)
        return (prepared, directoryStore.latest(service: prepared.node.name))
    }

    /// Stages 1–5 for every selected service (those that prepare; the first failure throws).
    public func prepared() throws -> [PreparedService] {
        let selection = try select()
        let preparer = makePreparer(selection)
        return try selection.services.map { try preparer.prepare($0.name) }
    }

    /// Stages 1–5 for the app of a `.app` target: what `build PATH --out DIR` writes.
    func prepareApp() throws -> (PreparedService, Selection) {
        let selection = try select()
        guard let name = selection.services.first?.name else {
            throw PipelineError.unknownService("(the app)", known: selection.graph.services.map(\.name))
        }
        return (try makePreparer(selection).prepare(name), selection)
    }

    // MARK: stages 1–4

    /// Stages 1–4: the workspace, the changes, the graph and what to build.
    func select() throws -> Selection {
        switch configuration.target {
        case let .monorepo(since, services):
            let workspace = try timings.measure("workspace") { try Workspace(path: configuration.repository, root: configuration.root) }
            return try select(in: workspace, since: since, services: services)
        case let .app(path):
            return try selectApp(path)
        }
    }

    private func select(in workspace: Workspace, since: ChangeQuery?, services: [String]) throws -> Selection {
        let repository = workspace.repository
        guard let head = try repository.commit(for: "HEAD") else {
            throw MonorepoError.notARepository(path: workspace.root.path, detail: "the repository has no commit yet; commit something first")
        }
        // Read while the working tree is (git status, with a file-system monitor, is mostly waiting).
        repository.prefetchIndex()
        let graphCache = workspace.prefetchingGraph(self.graphCache, head: head)
        var selection: Selection
        if let since {
            let (report, graph, changes) = try workspace.affectedWithChanges(since, timings: &timings, graphCache: graphCache)
            let workingTree = changes.base.includesWorkingTree
                ? changes.paths.filter { $0.origin == .workingTree }
                : try timings.measure("working tree") { try WorkingTreeScanner.preferred.changes(in: repository, against: head) }
            let source = try timings.measure("source snapshot") { try SourceSnapshot(repository: repository, workingTreeChanges: workingTree) }
            selection = Selection(source: source, graph: graph,
                                  rootPrefix: workspace.rootPrefix,
                                  services: report.affected.map { ($0.name, $0.reasons.map(\.summary).joined(separator: "; ")) },
                                  base: report.base.note, removed: report.removed.map(\.name), head: head)
            selection.baseBranch = LayerCacheBranches.branch(fromRef: report.base.ref, isRemote: repository.hasRemote(named:))
        } else {
            let workingTree = try timings.measure("working tree") { try WorkingTreeScanner.preferred.changes(in: repository, against: head) }
            let graph = try timings.measure("graph") { try workspace.currentGraph(head: head, workingTree: workingTree, graphCache: graphCache) }
            let order = graph.topologicalOrder().filter { graph.node(named: $0)?.kind == .service }
            let source = try timings.measure("source snapshot") { try SourceSnapshot(repository: repository, workingTreeChanges: workingTree) }
            selection = Selection(source: source, graph: graph,
                                  rootPrefix: workspace.rootPrefix, services: order.map { ($0, "all services") }, base: nil,
                                  removed: [], head: head)
        }
        selection.branch = repository.headReference.map { $0.replacingOccurrences(of: "refs/heads/", with: "") }
        if !services.isEmpty {
            let known = Set(selection.graph.services.map(\.name))
            for name in services where !known.contains(name) {
                throw PipelineError.unknownService(name, known: known.sorted())
            }
            selection.services = selection.services.filter { services.contains($0.name) }
        }
        return selection
    }

    // MARK: helpers

    var directoryStore: DirectoryStore { DirectoryStore(directory: configuration.cacheDirectory) }

    var graphCache: GraphCache? {
        configuration.useGraphCache ? GraphCache(directory: directoryStore.root.appendingPathComponent("graphs")) : nil
    }

    var registryStore: RegistryStore? {
        configuration.registry.map { registry in
            let (host, namespace) = RegistryStore.parse(registry)
            return RegistryStore(client: RegistryClient(host: host, credentials: RegistryCredentials.find(host: host)),
                                 readOnly: configuration.cacheReadOnly, namespace: namespace)
        }
    }

    func makePreparer(_ selection: Selection) -> ServicePreparer {
        var configuration = self.configuration
        configuration.extraTags += derivedTags(selection)
        let identifier = EnvironmentIdentifier(nixInstantiate: configuration.useNixInstantiate ? EnvironmentIdentifier.findNixInstantiate() : nil,
                                               engine: engine, cacheDirectory: directoryStore.root.path + "/nix")
        return ServicePreparer(source: selection.source, graph: selection.graph, rootPrefix: selection.rootPrefix,
                               configuration: configuration, identifier: identifier)
    }

    /// `--tag-with sha` and `--tag-with branch`.
    private func derivedTags(_ selection: Selection) -> [String] {
        var tags: [String] = []
        for tag in configuration.derivedTags {
            switch tag {
            case .commit:
                if let head = selection.head { tags.append(String(head.hex.prefix(12))) }
            case .branch:
                if let branch = selection.branch {
                    tags.append(BuildConfiguration.DerivedTag.tag(fromBranch: branch))
                } else {
                    events(.note("--tag-with branch: HEAD is detached (or not in git), no branch tag"))
                }
            }
        }
        return tags
    }

    private func labels(_ selection: Selection) -> [String: String] {
        var labels = configuration.labels
        if let head = selection.head { labels["org.opencontainers.image.revision"] = head.hex }
        return labels
    }

    /// A cached image for a key (re-tagged with the service's names), or nil.
    private func lookup(key: CacheKey, repository: String, names: [String], finder: CacheFinder, knownImages: Set<String>?) -> String? {
        let builder = self.builder
        let dryRun = configuration.dryRun
        let pull: ((String) throws -> Void)? = dryRun ? nil : { try builder.pull($0) }
        guard let hit = finder.find(key: key, repository: repository,
                                    isLocal: { knownImages?.contains($0) ?? true }, pull: pull,
                                    note: { [events] in events(.note($0)) }) else { return nil }
        guard !dryRun else { return hit }
        for reference in names where reference != hit {
            try? builder.tag(hit, as: reference)
        }
        return hit
    }
}
