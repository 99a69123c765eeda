import Documents
import Foundation

/// A member of a JavaScript workspace, as its build needs it. The build context's root is the
/// workspace's root, with the repository's layout below it (`apps/web`, `packages/ui`).
public struct NodeWorkspaceMember: Sendable, Hashable {
    public enum Manager: String, Sendable, Hashable {
        case npm, yarn
        case yarnBerry = "yarn-berry"
        case pnpm, bun
    }

    public struct Package: Sendable, Hashable {
        /// Relative to the workspace root.
        public var directory: String
        public var name: String

        public init(directory: String, name: String) {
            self.directory = directory
            self.name = name
        }
    }

    public var manager: Manager
    /// The workspace root, on disk.
    public var root: URL
    /// The member.
    public var member: Package
    /// The members it depends on, transitively, dependencies first.
    public var dependencies: [Package]
    /// The lockfile, relative to the root.
    public var lockfile: String?
    /// What the install layer copies: the root's package.json, the lockfile, the install files
    /// (`.npmrc`, `pnpm-workspace.yaml`, ...) and the package.json of the member and of each
    /// dependency, relative to the root.
    public var installFiles: [String]

    public init(manager: Manager, root: URL, member: Package, dependencies: [Package], lockfile: String?, installFiles: [String]) {
        self.manager = manager
        self.root = root
        self.member = member
        self.dependencies = dependencies
        self.lockfile = lockfile
        self.installFiles = installFiles
    }
}

/// Plans a workspace member as Nixpacks would plan the member's own directory, with the
/// workspace's lockfile and its Node version files in view, then runs that plan at the workspace
/// root (docs/workspaces.md):
///
/// - install: a frozen install with the workspace's own manager, filtered to the member where
///   the manager can filter (the lockfile in the context is pruned to the member already), in a
///   layer that copies only the manifests, the lockfile and the install files;
/// - build: each workspace dependency's `build` script, dependencies first, then the member's
///   (or `turbo run build --filter=<member>...` where the repository uses Turborepo);
/// - start: the member's start command, in the member's directory.
public enum NodeWorkspacePlan {
    public static func generate(_ workspace: NodeWorkspaceMember, memberFiles: [String],
                                options: PlanOptions) throws(PlanError) -> PlanGenerator.Result {
        let root = workspace.root.path
        let memberDirectory = workspace.member.directory
        // The member as an app of its own, with the root's lockfile and version files in view.
        var overlay: [String: String] = [:]
        for file in [workspace.lockfile, ".nvmrc", ".node-version", ".npmrc", ".yarnrc.yml"].compactMap({ $0 })
            where FileManager.default.fileExists(atPath: root + "/" + file) && !memberFiles.contains(file) {
            overlay[file] = root + "/" + file
        }
        let app = App(root: workspace.root.appendingPathComponent(memberDirectory), files: memberFiles, overlay: overlay)
        var result = try PlanGenerator(options: options).generate(app)
        guard result.providers.contains(.node) else { return result }
        let rootManifest = try App(root: workspace.root).json("package.json")
        result.plan = try adapt(result.plan, workspace, rootManifest: rootManifest)
        return result
    }

    static func adapt(_ plan: BuildPlan, _ workspace: NodeWorkspaceMember, rootManifest: DocumentValue) throws(PlanError) -> BuildPlan {
        var plan = plan
        let member = workspace.member
        if var install = plan.phases?["install"] {
            var commands: [String] = []
            if let declared = rootManifest["packageManager"]?.string, !declared.hasPrefix("npm"),
               !(install.cmds ?? []).contains(where: { $0.contains("corepack enable") }) {
                commands.append("npm install -g corepack@0.24.1 && corepack enable")
            }
            for command in install.cmds ?? [] {
                if command.contains("corepack enable") { commands.append(command) } else { commands.append(installCommand(workspace)) }
            }
            install.cmds = commands
            install.onlyIncludeFiles = workspace.installFiles
            plan.phases?["install"] = install
        }
        if var build = plan.phases?["build"] {
            build.cmds = try buildCommands(workspace, rootManifest: rootManifest)
            build.cacheDirectories = build.cacheDirectories?.map { $0.hasPrefix("/") || $0.hasPrefix("~") || $0.hasPrefix("node_modules/") ? $0 : "\(member.directory)/\($0)" }
            plan.phases?["build"] = build
        }
        if let command = plan.start?.cmd {
            plan.start?.cmd = "cd \(member.directory) && \(command)"
        }
        return plan
    }

    /// The frozen install of the workspace's manager (the lockfile in the context is the member's slice).
    static func installCommand(_ workspace: NodeWorkspaceMember) -> String {
        let name = workspace.member.name
        switch workspace.manager {
        case .npm: return workspace.lockfile == nil ? "npm install" : "npm ci"
        case .yarn: return "yarn install --frozen-lockfile"
        case .yarnBerry: return "yarn workspaces focus \(name)"
        case .pnpm: return "pnpm install --frozen-lockfile --filter \(name)..."
        case .bun: return "bun install --frozen-lockfile --filter \(name)"
        }
    }

    /// `run <script>` for one package of the workspace, with its manager.
    static func run(_ script: String, _ package: NodeWorkspaceMember.Package, _ manager: NodeWorkspaceMember.Manager) -> String {
        switch manager {
        case .npm: return "npm run \(script) --workspace=\(package.name)"
        case .yarn, .yarnBerry: return "yarn workspace \(package.name) run \(script)"
        case .pnpm: return "pnpm --filter \(package.name) run \(script)"
        case .bun: return "bun run --filter \(package.name) \(script)"
        }
    }

    /// The member's build and its dependencies', dependencies first; one turbo command where the
    /// repository uses Turborepo.
    static func buildCommands(_ workspace: NodeWorkspaceMember, rootManifest: DocumentValue) throws(PlanError) -> [String] {
        let root = App(root: workspace.root)
        let usesTurbo = root.includesFile("turbo.json") && (rootManifest["devDependencies"]?["turbo"] != nil || rootManifest["dependencies"]?["turbo"] != nil)
        if usesTurbo { return ["npx turbo run build --filter=\(workspace.member.name)..."] }
        var commands: [String] = []
        for package in workspace.dependencies + [workspace.member] {
            let manifest = try root.json(package.directory + "/package.json")
            if manifest[path: ["scripts", "build"]]?.string != nil { commands.append(run("build", package, workspace.manager)) }
        }
        return commands
    }
}
