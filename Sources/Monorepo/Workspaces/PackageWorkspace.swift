/// A package manager's workspace: a root whose members build together from one lockfile (npm,
/// Yarn, pnpm and Bun workspaces; Cargo workspaces; go.work; uv workspaces). The graph keeps one
/// per root; the pipeline builds a member in its workspace from it (a pruned context, a frozen
/// install with the workspace's own tool).
public struct PackageWorkspace: Sendable, Hashable, Codable {
    public enum Manager: String, Sendable, Hashable, Codable, CaseIterable {
        case npm, yarn
        /// Yarn 2 and later (`yarn.lock` with `__metadata`, `.yarnrc.yml`, `packageManager: yarn@2+`).
        case yarnBerry = "yarn-berry"
        case pnpm, bun
        /// A Cargo.toml with `[workspace]`.
        case cargo
        /// A go.work.
        case go
        /// A pyproject.toml with `[tool.uv.workspace]`.
        case uv

        /// The root's manifest (its `workspaces`, `[workspace]`, `use` lines).
        public var rootManifest: String {
            switch self {
            case .npm, .yarn, .yarnBerry, .pnpm, .bun: "package.json"
            case .cargo: "Cargo.toml"
            case .go: "go.work"
            case .uv: "pyproject.toml"
            }
        }

        /// Each member's manifest.
        public var memberManifest: String {
            switch self {
            case .npm, .yarn, .yarnBerry, .pnpm, .bun: "package.json"
            case .cargo: "Cargo.toml"
            case .go: "go.mod"
            case .uv: "pyproject.toml"
            }
        }

        /// The provider whose apps are members of such workspaces.
        public var provider: String {
            switch self {
            case .npm, .yarn, .yarnBerry, .pnpm, .bun: "node"
            case .cargo: "rust"
            case .go: "go"
            case .uv: "python"
            }
        }

        public var isJavaScript: Bool { provider == "node" }
    }

    public struct Member: Sendable, Hashable, Codable {
        /// The package name (`@acme/web`).
        public var name: String
        /// Relative to the monorepo root.
        public var directory: String
        /// Directories of the members it depends on directly (dependencies, devDependencies and
        /// optionalDependencies, in the `*`, `workspace:`, `file:` and `link:` forms), sorted.
        public var dependsOn: [String]

        public init(name: String, directory: String, dependsOn: [String]) {
            self.name = name
            self.directory = directory
            self.dependsOn = dependsOn
        }
    }

    /// The root, relative to the monorepo root ("" for the root itself).
    public var directory: String
    public var manager: Manager
    /// The version the root's `packageManager` field pins (`9.12.0` of `pnpm@9.12.0`), if any.
    public var managerVersion: String?
    /// How the manager was chosen: `packageManager`, the kind of lockfile, or the default.
    public var managerSource: String
    /// The lockfile, relative to the root (`package-lock.json`), when there is one.
    public var lockfile: String?
    /// Files at the root that an install reads, relative to it (`.npmrc`, `pnpm-workspace.yaml`,
    /// `.yarnrc.yml`, `.yarn/releases/...`, `patches/...`, `turbo.json`, ...), sorted.
    public var installFiles: [String]
    /// Sorted by directory.
    public var members: [Member]

    public init(directory: String, manager: Manager, managerVersion: String?, managerSource: String, lockfile: String?,
                installFiles: [String], members: [Member]) {
        self.directory = directory
        self.manager = manager
        self.managerVersion = managerVersion
        self.managerSource = managerSource
        self.lockfile = lockfile
        self.installFiles = installFiles
        self.members = members.sorted { $0.directory < $1.directory }
    }

    /// The root's manifest, relative to the monorepo root.
    public var rootManifestPath: String { directory.isEmpty ? manager.rootManifest : directory + "/" + manager.rootManifest }

    /// Whether a file of the root (relative to it) is in the members' build contexts: the root's
    /// manifest, lockfile, `.dockerignore` and install files (and tsconfig files in JavaScript).
    public func rootFileReachesMembers(_ path: String) -> Bool {
        if path == manager.rootManifest || path == lockfile || path == ".dockerignore" || installFiles.contains(path) { return true }
        return manager.isJavaScript && !path.contains("/") && path.hasPrefix("tsconfig") && path.hasSuffix(".json")
    }

    public func member(at directory: String) -> Member? {
        members.first { $0.directory == directory }
    }

    /// The member at `directory` and every member it depends on, transitively: dependencies
    /// before dependents, ties by directory.
    public func closure(of directory: String) -> [Member] {
        var order: [Member] = []
        var state: [String: Bool] = [:] // false: visiting, true: done
        var stack: [(String, Bool)] = [(directory, false)]
        while let (current, expanded) = stack.popLast() {
            if expanded {
                state[current] = true
                if let member = member(at: current) { order.append(member) }
                continue
            }
            guard state[current] == nil, let member = member(at: current) else { continue }
            state[current] = false
            stack.append((current, true))
            for dependency in member.dependsOn.reversed() where state[dependency] == nil { stack.append((dependency, false)) }
        }
        return order
    }

    /// A path relative to the monorepo root, relative to this workspace's root.
    public func relative(_ path: String) -> String {
        directory.isEmpty ? path : String(path.dropFirst(directory.count + 1))
    }
}
