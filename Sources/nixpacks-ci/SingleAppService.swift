import Builder
import Cache
import Foundation
import Monorepo
import Pipeline

/// One app for `build PATH`: inside a git repository where the app is a service of the monorepo,
/// prepared as `build --since` would (local dependencies, cache mount ids from the repository path,
/// a cache key); elsewhere a plain request without a key.
struct SingleAppService {
    var request: BuildRequest
    var imageName: String
    var nodeName: String?
    var key: CacheKey?
    var inputs: CacheKeyInputs?
    var revision: String?

    static func prepare(appDirectory: URL, plan: BuildPlan, options: ServiceBuildOptions) throws -> SingleAppService {
        let fallbackName = ImageNames.fromDirectory(appDirectory.lastPathComponent)
        func plain(revision: String? = nil) -> SingleAppService {
            let request = options.request(appDirectory: appDirectory, plan: plan, imageName: fallbackName,
                                          cacheMountKey: CacheMount.key(forRelativePath: appDirectory.lastPathComponent))
            return SingleAppService(request: request, imageName: fallbackName, revision: revision)
        }
        guard let repository = try? Repository(discovering: appDirectory.path), let workTree = repository.workTree else { return plain() }
        let revision = try repository.commit(for: "HEAD")
        guard let head = revision else { return plain() }
        // The monorepo root: the nearest directory up from the app with nixpacks-ci.toml, else the work tree.
        var root = appDirectory.resolvingSymlinksInPath()
        let top = workTree.resolvingSymlinksInPath().path
        while root.path != top, root.path.hasPrefix(top),
              !FileManager.default.fileExists(atPath: root.appendingPathComponent(MonorepoConfig.fileName).path) {
            root.deleteLastPathComponent()
        }
        let workspace = try Workspace(path: appDirectory.path, root: root.path)
        let workingTree = try WorkingTreeScanner.preferred.changes(in: workspace.repository, against: head)
        let listing = try workspace.listing(workingTreeChanges: workingTree)
        let graph = try workspace.graph(listing: listing)
        let app = appDirectory.resolvingSymlinksInPath().path
        let relative = app == workspace.root.path ? "" : String(app.dropFirst(workspace.root.path.count + 1))
        guard let node = graph.nodes.first(where: { $0.path == relative }) else { return plain(revision: head.hex) }
        let identifier = EnvironmentIdentifier(nixInstantiate: EnvironmentIdentifier.findNixInstantiate(), engine: try? DockerEngine.connect())
        let preparer = ServicePreparer(workspace: workspace, graph: graph, head: head, workingTree: workingTree, options: options, identifier: identifier)
        let prepared = try preparer.prepare(node.name)
        return SingleAppService(request: prepared.request, imageName: prepared.request.imageName, nodeName: node.name,
                                key: prepared.key, inputs: prepared.inputs, revision: head.hex)
    }
}
