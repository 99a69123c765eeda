import Builder
import Cache
import Crypto
import Foundation
import Host
import Monorepo
import Synchronization

/// A service ready to build: the image job (request and exact context), what it rendered to, and
/// its cache key with the inputs behind it. Computed once per run; the key is of this context and
/// the builder writes this context.
public struct PreparedService: Sendable {
    public var node: GraphNode
    public var job: ImageBuildJob
    public var rendered: RenderedBuild
    public var inputs: CacheKeyInputs
    public var key: CacheKey
    public var planWarnings: [String]

    public var request: BuildRequest { job.request }
    public var context: BuildContext { job.context }
    /// The repository path of the image in a registry (its name without the registry host).
    public var repository: String { node.image ?? node.name }
}

/// Stage 5 of `MonorepoBuild`: for each service, dependencies first (their keys are inputs), the
/// plan, the rendered Dockerfile and Nix files, the exact build context, and the cache key.
///
/// Not Sendable: it may hold the workspace's libgit2 handle. Everything here is pure apart from
/// reading the app's files, nix-instantiate and image ids.
final class ServicePreparer {
    let source: SourceSnapshot
    let graph: ServiceGraph
    /// The monorepo root relative to the snapshot's root ("" when the same).
    let rootPrefix: String
    let configuration: BuildConfiguration
    let identifier: EnvironmentIdentifier
    private var prepared: [String: PreparedService] = [:]
    private let drafter: ServiceDrafter
    private var drafts: [String: Result<ServiceDraft, any Error>] = [:]
    /// Each node's place in the dependency order.
    private lazy var position: [String: Int] = Dictionary(graph.topologicalOrder().enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

    init(source: SourceSnapshot, graph: ServiceGraph, rootPrefix: String, configuration: BuildConfiguration,
         identifier: EnvironmentIdentifier) {
        self.source = source
        self.graph = graph
        self.rootPrefix = rootPrefix
        self.configuration = configuration
        self.identifier = identifier
        drafter = ServiceDrafter(source: source, graph: graph, rootPrefix: rootPrefix, configuration: configuration, identifier: identifier)
    }

    /// A service's key before it is built, and its full preparation when it took one.
    struct Keyed {
        var node: GraphNode
        var key: CacheKey
        var unstableBecause: [String]
        /// nil when the key came from the preparation cache.
        var prepared: PreparedService?
    }

    /// Remembers keys between runs (nil: every service is prepared in full).
    var cache: PreparationCache?
    private var keys: [String: PreparationCache.Record] = [:]
    private var fingerprints: [String: String] = [:]
    /// Services whose full preparation gave another key than the cache remembered.
    private(set) var staleRecords: [String] = []
    private lazy var configurationFingerprint = Fingerprint.configuration(configuration)

    /// The key of `name` and, first, of the services it depends on: from the preparation cache
    /// where the fingerprint is known, else by preparing in full (in dependency order, without
    /// recursion, so a chain of any length is fine).
    func keyed(_ name: String) throws -> Keyed {
        guard let target = graph.node(named: name) else {
            throw PipelineError.unknownService(name, known: graph.services.map(\.name))
        }
        let pending = closure(of: name, where: { self.keys[$0] == nil && !self.settledLibraries.contains($0) })
        for candidate in pending {
            guard let node = graph.node(named: candidate), node.kind == .service || candidate == name else { continue }
            let fingerprint = fingerprint(of: node)
            fingerprints[candidate] = fingerprint
            if let record = cache?.record(fingerprint), record.baseImages.allSatisfy(isCurrentBaseImage) {
                keys[candidate] = record
            } else {
                try store(try prepareOne(node))
            }
        }
        // Every service below these libraries is keyed now: later closures need not walk them again.
        settledLibraries.formUnion(pending.filter { keys[$0] == nil })
        let record = keys[name]!
        return Keyed(node: target, key: record.key, unstableBecause: record.unstableBecause, prepared: prepared[name])
    }

    /// Prepares `name` in full (its dependencies' keys first).
    func prepare(_ name: String) throws -> PreparedService {
        if let done = prepared[name] { return done }
        let remembered = try keyed(name)
        if let done = prepared[name] { return done }
        let service = try prepareOne(remembered.node)
        if service.key != remembered.key { staleRecords.append(name) }
        try store(service)
        return service
    }

    private func store(_ service: PreparedService) throws {
        let record = PreparationCache.Record(key: service.key, unstableBecause: service.inputs.environment.unstableBecause,
                                             baseImages: service.inputs.environment.baseImages)
        prepared[service.node.name] = service
        keys[service.node.name] = record
        if let fingerprint = fingerprints[service.node.name] ?? Optional(fingerprint(of: service.node)) { cache?.store(record, for: fingerprint) }
    }

    /// Libraries (and other nodes that get no key) whose dependencies are all keyed.
    private var settledLibraries: Set<String> = []
    /// Whether a remembered base image identity (`image@sha256:...`) is still the engine's, asked
    /// once per identity and run (thousands of services share a few base images).
    private var baseImageVerdicts: [String: Bool] = [:]

    private func isCurrentBaseImage(_ identity: String) -> Bool {
        if let verdict = baseImageVerdicts[identity] { return verdict }
        let verdict = identifier.baseImageIdentity(Self.imageName(identity)) == identity
        baseImageVerdicts[identity] = verdict
        return verdict
    }

    /// `image` of `image@sha256:...`.
    private static func imageName(_ identity: String) -> String {
        identity.range(of: "@sha256:").map { String(identity[..<$0.lowerBound]) } ?? identity
    }

    /// `name` and the nodes it depends on, transitively, that `include` keeps, dependencies first.
    private func closure(of name: String, where include: (String) -> Bool) -> [String] {
        var closure: Set<String> = [name]
        var pending = [name]
        while let next = pending.popLast() {
            for dependency in graph.dependencies(of: next) where include(dependency) && closure.insert(dependency).inserted {
                pending.append(dependency)
            }
        }
        return closure.filter(include).sorted { position[$0, default: 0] < position[$1, default: 0] }
    }

    /// Everything preparing `node` reads (PreparationCache): the run's configuration, the node,
    /// its dependencies' keys, and every file (path, kind, git id) below the directories its
    /// context is taken from (as a digest of their identity, `directoryDigest`).
    private func fingerprint(of node: GraphNode) -> String {
        if let early = earlyFingerprints[node.name], graph.dependencies(of: node.name).allSatisfy({ keys[$0] == nil }) { return early }
        let dependencyKeys = graph.dependencies(of: node.name).map { ($0, keys[$0]?.key.hex ?? "-") }
        return Self.fingerprint(of: node, configuration: configurationFingerprint, dependencyKeys: dependencyKeys,
                                sources: Self.fingerprintSources(of: node, in: graph, rootPrefix: rootPrefix), digest: directoryDigest)
    }

    private static func fingerprint(of node: GraphNode, configuration: String, dependencyKeys: [(String, String)],
                                    sources: (workspace: String?, directories: [String]), digest: (String) -> [UInt8]) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add("configuration", configuration)
        fingerprint.add("node", [node.name, node.path, node.kind.rawValue, node.provider ?? "", node.image ?? "",
                                 node.inputs.joined(separator: "\u{1F}")].joined(separator: "\u{1E}"))
        for (dependency, key) in dependencyKeys {
            fingerprint.add("dependency \(dependency)", key)
        }
        if let workspace = sources.workspace { fingerprint.add("workspace", workspace) }
        for path in sources.directories {
            fingerprint.add("directory \(path)", bytes: digest(path))
        }
        return fingerprint.hex
    }

    /// The workspace a member is prepared in (its manager and directory), and the snapshot paths
    /// of the directories its context is taken from: the member's workspace (or its own
    /// directory) and its local dependencies outside it.
    private static func fingerprintSources(of node: GraphNode, in graph: ServiceGraph, rootPrefix: String) -> (workspace: String?, directories: [String]) {
        let member = graph.workspace(ofMember: node.path).flatMap { $0.0.manager.provider == node.provider ? $0 : nil }
        var directories = [member.map(\.0.directory) ?? node.path]
        let workspaceRoot = member?.0.directory
        for dependency in LocalDependencies.nodes(of: node, in: graph) where workspaceRoot.map({ !RelativePath.isInside(dependency.path, $0) }) ?? true {
            directories.append(dependency.path)
        }
        let paths = directories.map { [rootPrefix, $0].filter { !$0.isEmpty }.joined(separator: "/") }
        return (member.map { $0.0.manager.rawValue + " " + $0.0.directory }, paths)
    }

    /// Digests of the snapshot's files below each directory (`SourceSnapshot.identityBytes`),
    /// each computed once per run.
    private var directoryDigests: [String: [UInt8]] = [:]

    private func directoryDigest(_ path: String) -> [UInt8] {
        if let digest = directoryDigests[path] { return digest }
        let digest = Self.identityDigest(source, path)
        directoryDigests[path] = digest
        return digest
    }

    private static func identityDigest(_ source: SourceSnapshot, _ path: String) -> [UInt8] {
        Array(SHA256.hash(data: source.identityBytes(under: path)))
    }

    /// Fingerprints computed by `fingerprintInParallel`, of services none of whose dependencies
    /// has a key (so none can change them); used while that still holds.
    private var earlyFingerprints: [String: String] = [:]

    /// The directory digests the fingerprints of `names` need, and the fingerprints of those
    /// with no keyed dependency, on all cores: on a warm run, where keys come from the
    /// preparation cache, they are most of the work of knowing the keys.
    func fingerprintInParallel(_ names: [String]) {
        let graph = self.graph
        let nodes = names.compactMap { graph.node(named: $0) }
        guard nodes.count > 1 else { return }
        let rootPrefix = self.rootPrefix
        // Each node's sources (walks of the graph, no file read).
        let sourcesByName = Self.inParallel(nodes, key: \.name) { Self.fingerprintSources(of: $0, in: graph, rootPrefix: rootPrefix) }
        // The directories' digests.
        var wanted: Set<String> = []
        for found in sourcesByName.values { wanted.formUnion(found.directories) }
        let source = self.source
        let paths = wanted.subtracting(directoryDigests.keys).sorted()
        directoryDigests.merge(Self.inParallel(paths, key: { $0 }) { Self.identityDigest(source, $0) }) { first, _ in first }
        // The fingerprints that no key of this run can change.
        let independent = nodes.filter { node in graph.dependencies(of: node.name).allSatisfy { keys[$0] == nil && graph.node(named: $0)?.kind != .service } }
        let digests = directoryDigests
        let configuration = configurationFingerprint
        let made = Self.inParallel(independent, key: \.name) { node in
            Self.fingerprint(of: node, configuration: configuration, dependencyKeys: graph.dependencies(of: node.name).map { ($0, "-") },
                             sources: sourcesByName[node.name]!, digest: { digests[$0] ?? Self.identityDigest(source, $0) })
        }
        earlyFingerprints.merge(made) { first, _ in first }
    }

    /// `value` of each item, by `key`, on all cores: a few stripes per core, each filling its own
    /// dictionary, merged once per stripe.
    private static func inParallel<Item: Sendable, Value: Sendable>(_ items: [Item], key: @Sendable (Item) -> String,
                                                                    _ value: @Sendable (Item) -> Value) -> [String: Value] {
        guard !items.isEmpty else { return [:] }
        let stripes = min(items.count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        let results = Mutex<[String: Value]>([:])
        DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
            var found: [String: Value] = [:]
            for index in stride(from: stripe, to: items.count, by: stripes) {
                found[key(items[index])] = value(items[index])
            }
            results.withLock { $0.merge(found) { first, _ in first } }
        }
        return results.withLock { $0 }
    }

    private func prepareOne(_ node: GraphNode) throws -> PreparedService {
        let draft = try drafts.removeValue(forKey: node.name).map { try $0.get() } ?? drafter.draft(node)
        var dependencyKeys: [String: String] = [:]
        for dependency in graph.dependencies(of: node.name) {
            if let key = keys[dependency]?.key { dependencyKeys[dependency] = key.hex }
        }
        return draft.finished(dependencyKeys: dependencyKeys)
    }

    /// Drafts (all but the key) of `names` and the services they depend on that have no key
    /// yet, on all cores: a cold run's planning, rendering and context choice do not wait for
    /// dependencies. Errors wait in the drafts until the service is prepared.
    func draftInParallel(_ names: [String]) {
        // One walk over the union of the closures (a closure per name would be quadratic in a chain).
        let requested = Set(names)
        var seen: Set<String> = []
        var pending: [String] = []
        for name in names where keys[name] == nil && drafts[name] == nil && seen.insert(name).inserted { pending.append(name) }
        var wanted: [GraphNode] = []
        while let next = pending.popLast() {
            if let node = graph.node(named: next), node.kind == .service || requested.contains(next) { wanted.append(node) }
            for dependency in graph.dependencies(of: next)
                where keys[dependency] == nil && drafts[dependency] == nil && seen.insert(dependency).inserted {
                pending.append(dependency)
            }
        }
        guard wanted.count > 1 else { return }
        let nodes = wanted
        let drafter = self.drafter
        let results = Mutex<[String: Result<ServiceDraft, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: wanted.count) { index in
            let node = nodes[index]
            let result = Result { try drafter.draft(node) }
            results.withLock { $0[node.name] = result }
        }
        drafts.merge(results.withLock { $0 }) { _, new in new }
    }

    /// The image a service's build is named (under `--registry`'s namespace), and its extra tags.
    func imageNames(_ node: GraphNode) -> (image: String, tags: [String]) {
        drafter.imageNames(node)
    }
}

/// The local dependencies of a node that a build context must carry: its transitive dependencies
/// outside its own directory, workspace roots excepted. An edge a manifest implies (a path
/// dependency) carries its target's files; a `dependsOn` of nixpacks-ci.toml alone carries a
/// library's, not a service's: a service is built as its own image, and its key is an input of
/// its dependents' keys already.
public enum LocalDependencies {
    public static func nodes(of node: GraphNode, in graph: ServiceGraph) -> [GraphNode] {
        var seen: Set<String> = []
        var result: [GraphNode] = []
        func carried(_ from: String) -> [String] {
            graph.dependencies(of: from).filter { graph.isInferred(from: from, to: $0) || graph.node(named: $0)?.kind != .service }
        }
        var queue = carried(node.name)
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let dependency = graph.node(named: next) else { continue }
            queue += carried(next)
            if dependency.kind == .workspace { continue }
            if dependency.path == node.path || dependency.path.hasPrefix(node.path.isEmpty ? "" : node.path + "/") && !node.path.isEmpty { continue }
            result.append(dependency)
        }
        return result.sorted { $0.path < $1.path }
    }

    /// `services/web` → `libs/greeting` gives `../../libs/greeting`.
    public static func relative(from directory: String, to target: String) -> String {
        let from = directory.split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }
}
