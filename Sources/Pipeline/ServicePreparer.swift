import Builder
import Cache
import Crypto
import Foundation
import Host
import Monorepo

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
    /// Each node's place in the dependency order.
    private lazy var position: [String: Int] = Dictionary(graph.topologicalOrder().enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

    init(source: SourceSnapshot, graph: ServiceGraph, rootPrefix: String, configuration: BuildConfiguration,
         identifier: EnvironmentIdentifier) {
        self.source = source
        self.graph = graph
        self.rootPrefix = rootPrefix
        self.configuration = configuration
        self.identifier = identifier
    }

    /// The node's path relative to the snapshot's root.
    func sourcePath(_ node: GraphNode) -> String {
        [rootPrefix, node.path].filter { !$0.isEmpty }.joined(separator: "/")
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
        for candidate in closure(of: name, where: { self.keys[$0] == nil }) {
            guard let node = graph.node(named: candidate), node.kind == .service || candidate == name else { continue }
            let fingerprint = fingerprint(of: node)
            fingerprints[candidate] = fingerprint
            if let record = cache?.record(fingerprint), record.baseImages.allSatisfy({ identifier.baseImageIdentity(Self.imageName($0)) == $0 }) {
                keys[candidate] = record
            } else {
                try store(try prepareOne(node))
            }
        }
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
    /// context is taken from.
    private func fingerprint(of node: GraphNode) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add("configuration", configurationFingerprint)
        fingerprint.add("node", [node.name, node.path, node.kind.rawValue, node.provider ?? "", node.image ?? "",
                                 node.inputs.joined(separator: "\u{1F}")].joined(separator: "\u{1E}"))
        for dependency in graph.dependencies(of: node.name) {
            fingerprint.add("dependency \(dependency)", keys[dependency]?.key.hex ?? "-")
        }
        let member = graph.workspace(ofMember: node.path).flatMap { $0.0.manager.provider == node.provider ? $0 : nil }
        var directories = [member.map(\.0.directory) ?? node.path]
        if let member { fingerprint.add("workspace", member.0.manager.rawValue + " " + member.0.directory) }
        let workspaceRoot = member?.0.directory
        for dependency in LocalDependencies.nodes(of: node, in: graph) where workspaceRoot.map({ !RelativePath.isInside(dependency.path, $0) }) ?? true {
            directories.append(dependency.path)
        }
        for directory in directories {
            let path = [rootPrefix, directory].filter { !$0.isEmpty }.joined(separator: "/")
            fingerprint.add("directory \(path)", bytes: source.identityBytes(under: path))
        }
        return fingerprint.hex
    }

    private func prepareOne(_ node: GraphNode) throws -> PreparedService {
        var dependencyKeys: [String: String] = [:]
        for dependency in graph.dependencies(of: node.name) {
            if let key = keys[dependency]?.key { dependencyKeys[dependency] = key.hex }
        }
        let appPath = sourcePath(node)
        let appDirectory = appPath.isEmpty ? source.workTree : source.workTree + "/" + appPath
        let appFiles = source.files(under: appPath)
        // The planner sees the app's files as git lists them, less `.nixpacks/` (never in a context).
        let relativeFiles = appFiles.map { appPath.isEmpty ? $0.path : String($0.path.dropFirst(appPath.count + 1)) }
            .filter { $0 != ".nixpacks" && !$0.hasPrefix(".nixpacks/") }
        let member = graph.workspace(ofMember: node.path).flatMap { $0.0.manager.provider == node.provider ? $0 : nil }
        let workspace = member.map { WorkspaceMemberContext(source: source, rootPrefix: rootPrefix, workspace: $0.0, member: $0.1) }

        // The context's source files first: a workspace member's install layer lists them.
        var contextBase = appPath
        var candidates = appFiles
        var generated: [BuildContext.File] = []
        var packages: [String] = []
        let result: PlanGenerator.Result
        if let workspace {
            let files = try workspace.sourceFiles()
            contextBase = workspace.rootPath
            candidates = files.sources
            packages = workspace.packages.map { workspace.workspace.relative($0.directory) }
            generated = files.generated
            let paths = Set(files.sources.map { contextBase.isEmpty ? $0.path : String($0.path.dropFirst(contextBase.count + 1)) } + generated.map(\.path))
            result = try workspace.plan(files, contextPaths: paths, memberFiles: relativeFiles, options: configuration.planOptions)
        } else {
            let app = App(root: URL(fileURLWithPath: appDirectory), files: relativeFiles)
            var planned = try PlanGenerator(options: configuration.planOptions).generate(app)
            if configuration.packageSource == .debian {
                planned.plan = DependencyFirstInstall.apply(to: planned.plan, providers: planned.providers, app: app)
            }
            result = planned
        }
        if let cycle = result.phaseCycle { throw cycle }
        guard result.plan.phaseCount > 0 else {
            throw PipelineError.noPlan(service: node.name, path: appPath.isEmpty ? "." : appPath,
                                       contents: Array(Set(relativeFiles.map { String($0.split(separator: "/")[0]) })).sorted())
        }
        // Local dependencies outside the workspace (a member's workspace dependencies are in its context already).
        let workspaceRoot = member?.0.directory
        let local = LocalDependencies.nodes(of: node, in: graph).filter { dependency in
            workspaceRoot.map { !RelativePath.isInside(dependency.path, $0) } ?? true
        }
        let fromDirectory = workspaceRoot ?? node.path
        let request = makeRequest(node, plan: result, appDirectory: appDirectory,
                                  localDependencies: local.map { LocalDependencies.relative(from: fromDirectory, to: $0.path) })
        let rendered = try RenderedBuild.render(request)
        let context = try ContextAssembler(source: source).context(
            base: contextBase, files: candidates, packages: packages, generated: generated,
            localDependencies: local.map(sourcePath), rendered: rendered)
        let environment = try identifier.identify(rendered, source: configuration.packageSource, archiveURL: configuration.nixpkgsArchiveURL)
        var options: [String: String] = [:]
        if !request.platforms.isEmpty { options["platforms"] = request.platforms.joined(separator: ",") }
        if let test = request.testCommand { options["test"] = test }
        let inputs = CacheKeyInputs(service: node.name, environment: environment, plan: rendered.plan.json(), dockerfile: rendered.dockerfile,
                                    context: Self.keyEntries(context), buildArguments: request.buildArguments,
                                    secretNames: configuration.secrets, options: options, dependencies: dependencyKeys)
        return PreparedService(node: node, job: ImageBuildJob(request: request, context: context), rendered: rendered,
                               inputs: inputs, key: CacheKey(inputs), planWarnings: result.warnings)
    }

    /// The build request: the run's options applied, secrets kept out of the variables.
    /// The image a service's build is named (under `--registry`'s namespace), and its extra tags.
    func imageNames(_ node: GraphNode) -> (image: String, tags: [String]) {
        let base = configuration.imageName ?? (node.image ?? node.name)
        let image = configuration.imageName != nil ? base : [Self.imageNamespace(configuration.registry), base].compactMap { $0 }.joined(separator: "/")
        return (image, configuration.tags + configuration.extraTags.map { "\(image):\($0)" })
    }

    private func makeRequest(_ node: GraphNode, plan result: PlanGenerator.Result, appDirectory: String, localDependencies: [String]) -> BuildRequest {
        let (image, tags) = imageNames(node)
        var request = BuildRequest(appDirectory: URL(fileURLWithPath: appDirectory), plan: result.plan, imageName: image,
                                   cacheMountKey: CacheMount.key(forRelativePath: sourcePath(node)))
        for secret in configuration.secrets { request.plan.variables?[secret] = nil }
        request.packageSource = configuration.packageSource
        request.versionRequests = result.versionRequests
        request.debianRelease = configuration.debianRelease
        request.nixpkgsArchiveURL = configuration.nixpkgsArchiveURL
        request.secrets = configuration.secrets
        request.caCertificates = configuration.caCertificates
        request.noCache = configuration.noCache
        request.testCommand = configuration.testCommand
        request.localDependencies = localDependencies
        request.tags = tags
        request.platforms = configuration.platforms
        request.cacheFrom = configuration.cacheFrom
        return request
    }

    /// `ghcr.io/acme` for `--registry ghcr.io/acme`: images are named below it.
    static func imageNamespace(_ registry: String?) -> String? {
        guard let registry, !registry.isEmpty else { return nil }
        return registry.hasSuffix("/") ? String(registry.dropLast()) : registry
    }

    /// The key's view of a context: path → `<kind> <id>`.
    static func keyEntries(_ context: BuildContext) -> [String: String] {
        var entries: [String: String] = [:]
        for file in context.files {
            switch file.content {
            case let .source(_, id, _): entries[file.path] = "\(file.kind.rawValue) \(id)"
            case let .generated(bytes):
                entries[file.path] = "\(file.kind.rawValue) sha256:\(SHA256.hash(data: bytes).hexString)"
            }
        }
        return entries
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
