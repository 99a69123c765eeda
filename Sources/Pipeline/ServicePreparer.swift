import Builder
import Cache
import Foundation
import Monorepo

/// How services are built: the choices that are the same for every service of a run.
public struct ServiceBuildOptions: Sendable {
    public var planOptions = PlanOptions()
    public var packageSource: PackageSource = .nix
    public var nixpkgsArchiveURL = NixExpression.defaultArchiveURL
    public var secrets: [String] = []
    public var caCertificates: [URL] = []
    public var noCache = false
    /// Prefixed to image names (`registry.example/team`); nil keeps the bare names.
    public var imagePrefix: String?

    public init() {}

    /// A build request for an app with these options applied (secrets removed from the variables).
    public func request(appDirectory: URL, plan: BuildPlan, imageName: String, cacheMountKey: String) -> BuildRequest {
        var request = BuildRequest(appDirectory: appDirectory, plan: plan, imageName: imageName, cacheMountKey: cacheMountKey)
        for secret in secrets { request.plan.variables?[secret] = nil }
        request.packageSource = packageSource
        request.nixpkgsArchiveURL = nixpkgsArchiveURL
        request.secrets = secrets
        request.caCertificates = caCertificates
        request.noCache = noCache
        return request
    }
}

/// A service ready to build: its build request and its cache key with the inputs behind it.
public struct PreparedService: Sendable {
    public var node: GraphNode
    public var request: BuildRequest
    public var inputs: CacheKeyInputs
    public var key: CacheKey
    public var planWarnings: [String]

    /// The repository path of the image in a registry (its name without the registry host).
    public var repository: String { node.image ?? node.name }
}

/// Plans services and computes their cache keys, dependencies first (their keys are inputs).
///
/// Not Sendable: it uses the workspace's libgit2 handle. Planning and keying are pure apart from
/// reading the repository, nix-instantiate and image ids.
public final class ServicePreparer {
    public let workspace: Workspace
    public let graph: ServiceGraph
    public let head: ObjectID
    public let workingTree: [ChangedPath]
    public let options: ServiceBuildOptions
    public let identifier: EnvironmentIdentifier
    /// The monorepo's files, when known: planning then reads the app's file list from it.
    public let listing: FileListing?
    private var prepared: [String: PreparedService] = [:]

    public init(workspace: Workspace, graph: ServiceGraph, head: ObjectID, workingTree: [ChangedPath],
                options: ServiceBuildOptions, identifier: EnvironmentIdentifier, listing: FileListing? = nil) {
        self.listing = listing
        self.workspace = workspace
        self.graph = graph
        self.head = head
        self.workingTree = workingTree
        self.options = options
        self.identifier = identifier
    }

    /// The service's repository-relative path.
    func repositoryPath(_ node: GraphNode) -> String {
        [workspace.rootPrefix, node.path].filter { !$0.isEmpty }.joined(separator: "/")
    }

    public func prepare(_ name: String) throws -> PreparedService {
        if let done = prepared[name] { return done }
        guard let node = graph.node(named: name) else {
            throw PipelineError.unknownService(name, known: graph.services.map(\.name))
        }
        var dependencyKeys: [String: String] = [:]
        for dependency in graph.dependencies(of: name) where graph.node(named: dependency)?.kind == .service {
            dependencyKeys[dependency] = try prepare(dependency).key.hex
        }
        let appDirectory = URL(fileURLWithPath: node.path.isEmpty ? workspace.root.path : workspace.root.path + "/" + node.path)
        let result = try PlanGenerator(options: options.planOptions).generate(App(root: appDirectory, files: listing?.files(below: node.path)))
        let image = [options.imagePrefix, node.image ?? node.name].compactMap { $0 }.joined(separator: "/")
        var request = options.request(appDirectory: appDirectory, plan: result.plan, imageName: image,
                                      cacheMountKey: CacheMount.key(forRelativePath: repositoryPath(node)))
        let local = LocalDependencies.nodes(of: node, in: graph)
        request.localDependencies = local.map { LocalDependencies.relative(from: node.path, to: $0.path) }

        let dockerfile = try BuildContextWriter.render(request).dockerfile
        let environment = try identifier.identify(request.plan, source: options.packageSource, archiveURL: options.nixpkgsArchiveURL)
        let ignore = (try? String(contentsOfFile: appDirectory.path + "/.dockerignore", encoding: .utf8))
            .map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("!") } } ?? []
        let fingerprint = try SourceFingerprint.compute(
            repository: workspace.repository, head: head,
            directories: [repositoryPath(node)] + local.map(repositoryPath), ignore: ignore, workingTree: workingTree)
        let inputs = CacheKeyInputs(service: name, environment: environment, dockerfile: dockerfile,
                                    buildArguments: request.buildArguments, secretNames: options.secrets,
                                    source: fingerprint.entries, dependencies: dependencyKeys)
        let service = PreparedService(node: node, request: request, inputs: inputs, key: CacheKey(inputs), planWarnings: result.warnings)
        prepared[name] = service
        return service
    }
}

/// The local dependencies of a node that a build context must carry: its transitive dependencies
/// outside its own directory, workspace roots excepted.
public enum LocalDependencies {
    public static func nodes(of node: GraphNode, in graph: ServiceGraph) -> [GraphNode] {
        var seen: Set<String> = []
        var result: [GraphNode] = []
        var queue = graph.dependencies(of: node.name)
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let dependency = graph.node(named: next) else { continue }
            queue += graph.dependencies(of: next)
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
