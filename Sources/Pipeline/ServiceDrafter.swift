import Builder
import Cache
import Crypto
import Foundation
import Monorepo

/// A service prepared but for its key: the plan, the rendered Dockerfile and Nix files, the
/// exact context and the environment's identity. Nothing in it depends on other services' keys,
/// so drafts are made in parallel (`ServicePreparer.draftInParallel`).
struct ServiceDraft: Sendable {
    var node: GraphNode
    var job: ImageBuildJob
    var rendered: RenderedBuild
    /// The key's inputs but for the dependencies' keys, and their hash so far.
    var inputs: CacheKeyInputs
    var keyPrefix: CacheKeyPrefix
    var planWarnings: [String]

    init(node: GraphNode, job: ImageBuildJob, rendered: RenderedBuild, environment: CacheKeyInputs.Environment,
         secretNames: [String], planWarnings: [String]) {
        let request = job.request
        var options: [String: String] = [:]
        if !request.platforms.isEmpty { options["platforms"] = request.platforms.joined(separator: ",") }
        if let test = request.testCommand { options["test"] = test }
        inputs = CacheKeyInputs(service: node.name, environment: environment, plan: rendered.plan.json(), dockerfile: rendered.dockerfile,
                                context: ServiceDrafter.keyEntries(job.context), buildArguments: request.buildArguments,
                                secretNames: secretNames, options: options, dependencies: [:])
        keyPrefix = CacheKeyPrefix(inputs)
        self.node = node
        self.job = job
        self.rendered = rendered
        self.planWarnings = planWarnings
    }

    /// The prepared service, keyed with its dependencies' keys.
    func finished(dependencyKeys: [String: String]) -> PreparedService {
        var inputs = inputs
        inputs.dependencies = dependencyKeys
        return PreparedService(node: node, job: job, rendered: rendered, inputs: inputs,
                               key: CacheKey(prefix: keyPrefix, dependencies: dependencyKeys), planWarnings: planWarnings)
    }
}

/// Drafts services: plan, render, context, environment (stage 5 of `MonorepoBuild`, less the key).
/// Pure apart from reading the app's files, nix-instantiate and image ids; safe on any thread.
struct ServiceDrafter: Sendable {
    let source: SourceSnapshot
    let graph: ServiceGraph
    /// The monorepo root relative to the snapshot's root ("" when the same).
    let rootPrefix: String
    let configuration: BuildConfiguration
    let identifier: EnvironmentIdentifier

    /// The node's path relative to the snapshot's root.
    func sourcePath(_ node: GraphNode) -> String {
        [rootPrefix, node.path].filter { !$0.isEmpty }.joined(separator: "/")
    }

    func draft(_ node: GraphNode) throws -> ServiceDraft {
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
        return ServiceDraft(node: node, job: ImageBuildJob(request: request, context: context), rendered: rendered,
                            environment: environment, secretNames: configuration.secrets, planWarnings: result.warnings)
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
