import Foundation
import Monorepo

/// What the git repository around an app tells a single-app build: the app's repository-relative
/// path (cache mount ids), HEAD (the revision label) and its local dependencies (copied into the
/// build). Outside a repository all are absent.
struct RepositoryContext {
    var relativePath: String?
    var revision: String?
    var localDependencies: [String] = []

    init(appDirectory: URL) {
        guard let repository = try? Repository(discovering: appDirectory.path), let workTree = repository.workTree else { return }
        // The monorepo root: the nearest directory up from the app with nixpacks-ci.toml, else the work tree.
        var monorepoRoot = appDirectory.resolvingSymlinksInPath()
        let top = workTree.resolvingSymlinksInPath().path
        while monorepoRoot.path != top, monorepoRoot.path.hasPrefix(top),
              !FileManager.default.fileExists(atPath: monorepoRoot.appendingPathComponent(MonorepoConfig.fileName).path) {
            monorepoRoot.deleteLastPathComponent()
        }
        guard let workspace = try? Workspace(path: appDirectory.path, root: monorepoRoot.path) else { return }
        let root = workspace.root.path
        let app = appDirectory.resolvingSymlinksInPath().path
        guard app == root || app.hasPrefix(root + "/") else { return }
        let relative = app == root ? "" : String(app.dropFirst(root.count + 1))
        relativePath = relative
        revision = (try? workspace.repository.commit(for: "HEAD")).flatMap { $0?.hex }
        guard let graph = try? workspace.graph(listing: workspace.listing()),
              let node = graph.nodes.first(where: { $0.path == relative }) else { return }
        // Transitive dependencies outside the app, as paths relative to it.
        var seen: Set<String> = []
        var queue = graph.dependencies(of: node.name)
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let dependency = graph.node(named: next) else { continue }
            queue += graph.dependencies(of: next)
            if dependency.kind == .workspace || dependency.path == relative || dependency.path.hasPrefix(relative + "/") { continue }
            localDependencies.append(Self.relative(from: relative, to: dependency.path))
        }
        localDependencies.sort()
    }

    /// `services/web` → `libs/greeting` gives `../../libs/greeting`.
    static func relative(from directory: String, to target: String) -> String {
        let from = directory.split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }
}
