import Documents
import SourceRules

/// npm, Yarn, pnpm and Bun: the workspaces (roots from `workspaces` in package.json or
/// `pnpm-workspace.yaml`, their members, manager and lockfile) and the edges they imply:
/// `workspace:`, `*` and version specs naming a member, `file:`/`link:`/`portal:` paths, and each
/// member on its root.
struct NodeWorkspaceInference {
    let context: InferenceContext

    struct Result {
        var links: [InferredLink]
        var workspaces: [PackageWorkspace]
    }

    func infer() throws -> Result {
        var manifests: [String: DocumentValue] = [:]
        for directory in context.directories(containing: "package.json") {
            let file = context.path(directory, "package.json")
            guard let document = try context.reader.document(file, .json) else { continue }
            guard document.root.table != nil else {
                throw MonorepoError.invalidManifest(file: file, line: 1, message: "expected a JSON object, found \(document.root.typeName)")
            }
            manifests[directory] = document.root
        }
        let roots = try workspaceRoots(manifests)
        var links: [InferredLink] = []
        var workspaces: [PackageWorkspace] = []
        var membersByRoot: [String: [(String, DocumentValue)]] = [:]
        for (directory, manifest) in manifests.sorted(by: { $0.key < $1.key }) {
            if let root = roots.first(where: { $0.contains(directory) }) {
                membersByRoot[root.directory, default: []].append((directory, manifest))
            }
        }
        for root in roots {
            let members = membersByRoot[root.directory] ?? []
            let names = Dictionary(members.compactMap { directory, manifest in manifest["name"]?.string.map { ($0, directory) } },
                                   uniquingKeysWith: { first, _ in first })
            var modelMembers: [PackageWorkspace.Member] = []
            for (directory, manifest) in members {
                links.append(InferredLink(from: directory, to: root.directory, reason: "workspace member of \(root.file)"))
                var dependsOn: Set<String> = []
                let memberDirectories = Set(names.values)
                for (section, name, spec) in try Self.dependencies(manifest, file: context.path(directory, "package.json")) {
                    guard let target = memberTarget(name: name, spec: spec, from: directory, names: names), target != directory else { continue }
                    if memberDirectories.contains(target) { dependsOn.insert(target) }
                    links.append(InferredLink(from: directory, to: target,
                                              reason: "\(context.path(directory, "package.json")): \(section).\(name) = \"\(spec)\""))
                }
                modelMembers.append(PackageWorkspace.Member(name: manifest["name"]?.string ?? directory, directory: directory,
                                                            dependsOn: dependsOn.sorted()))
            }
            workspaces.append(model(root, manifests[root.directory] ?? .table([:]), members: modelMembers))
        }
        // Local paths outside any workspace: `file:../lib` and the like.
        let inWorkspace = Set(membersByRoot.values.flatMap { $0.map(\.0) })
        for (directory, manifest) in manifests.sorted(by: { $0.key < $1.key }) where !inWorkspace.contains(directory) {
            for (section, name, spec) in try Self.dependencies(manifest, file: context.path(directory, "package.json")) where Self.isPath(spec) {
                if let target = context.resolve(spec, from: directory) {
                    links.append(InferredLink(from: directory, to: target, reason: "\(context.path(directory, "package.json")): \(section).\(name) = \"\(spec)\""))
                }
            }
        }
        return Result(links: links, workspaces: workspaces.sorted { $0.directory < $1.directory })
    }

    /// Edges only (the graph's inferrers run side by side).
    func links() throws -> [InferredLink] { try infer().links }

    static let sections = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]

    /// Every (section, name, spec) of a manifest; a section that is not an object of strings is an
    /// error naming the file.
    static func dependencies(_ manifest: DocumentValue, file: String) throws -> [(String, String, String)] {
        var result: [(String, String, String)] = []
        for section in sections {
            guard let value = manifest[section] else { continue }
            guard let table = value.table else {
                throw MonorepoError.invalidManifest(file: file, line: nil, message: "\"\(section)\" must be an object of package names and versions, found \(value.typeName)")
            }
            for (name, spec) in table.sorted(by: { $0.key < $1.key }) {
                guard let text = spec.string else {
                    throw MonorepoError.invalidManifest(file: file, line: nil, message: "\"\(section)\".\"\(name)\" must be a version string, found \(spec.typeName)")
                }
                result.append((section, name, text))
            }
        }
        return result
    }

    static func isPath(_ spec: String) -> Bool {
        ["file:", "link:", "portal:"].contains(where: spec.hasPrefix) || spec.hasPrefix("./") || spec.hasPrefix("../")
    }

    /// The member a dependency resolves to inside the workspace, if any: a path to a member, or a
    /// member's name with `workspace:`, `*` or a version spec (npm and Yarn link a member whose
    /// name matches; an alias, a URL or a git spec never does).
    private func memberTarget(name: String, spec: String, from directory: String, names: [String: String]) -> String? {
        if Self.isPath(spec) {
            guard let target = context.resolve(spec, from: directory), names.values.contains(target) else {
                return context.resolve(spec, from: directory)
            }
            return target
        }
        guard let target = names[name] else { return nil }
        if spec.hasPrefix("workspace:") { return target }
        if spec.hasPrefix("npm:") || spec.contains("://") || spec.hasPrefix("git") || spec.contains("/") { return nil }
        return target
    }

    struct WorkspaceRoot {
        var directory: String
        var file: String
        var globs: [PathPattern]
        var fromPnpm: Bool

        func contains(_ member: String) -> Bool {
            guard member != directory, RelativePath.isInside(member, directory) else { return false }
            let relative = directory.isEmpty ? member : String(member.dropFirst(directory.count + 1))
            // npm and pnpm: a member matches an included glob and no `!` one after it.
            var isMember = false
            for glob in globs where glob.matches(relative) { isMember = !glob.isNegated }
            return isMember
        }
    }

    /// Workspace roots, innermost first.
    private func workspaceRoots(_ manifests: [String: DocumentValue]) throws -> [WorkspaceRoot] {
        var roots: [WorkspaceRoot] = []
        for (directory, manifest) in manifests {
            let pnpmFile = context.path(directory, "pnpm-workspace.yaml")
            if context.listing.hasFile(directory, "pnpm-workspace.yaml"), let document = try context.reader.document(pnpmFile, .yaml) {
                guard let value = document.root["packages"] else { continue }
                guard let packages = value.strings else {
                    throw MonorepoError.invalidManifest(file: pnpmFile, line: document.line(of: ["packages"]),
                                                        message: "packages must be a list of globs, found \(value.typeName)")
                }
                roots.append(WorkspaceRoot(directory: directory, file: pnpmFile, globs: try WorkspaceGlobs.patterns(packages, file: pnpmFile, key: "workspace glob"), fromPnpm: true))
            } else if let value = manifest["workspaces"] {
                let file = context.path(directory, "package.json")
                guard let workspaces = value.strings ?? value["packages"]?.strings else {
                    throw MonorepoError.invalidManifest(file: file, line: nil,
                                                        message: "\"workspaces\" must be a list of globs or {\"packages\": [...]}, found \(value.typeName)")
                }
                roots.append(WorkspaceRoot(directory: directory, file: file, globs: try WorkspaceGlobs.patterns(workspaces, file: file, key: "workspace glob"), fromPnpm: false))
            }
        }
        return roots.sorted { ($0.directory.count, $0.directory) > ($1.directory.count, $1.directory) }
    }

    /// Yarn 2 and later write `__metadata:` into yarn.lock; Yarn 1 never does.
    private func yarnLockIsBerry(_ directory: String) -> Bool {
        guard let text = try? context.reader.text(context.path(directory, "yarn.lock")) else { return false }
        return text.contains("\n__metadata:")
    }

    /// Files at a workspace root that an install reads, when present.
    static let installFileNames = [".npmrc", ".yarnrc", ".yarnrc.yml", "pnpm-workspace.yaml", ".pnpmfile.cjs", "bunfig.toml",
                                   ".nvmrc", ".node-version", "turbo.json", "nx.json"]
    /// Directories at a root whose files an install reads (Yarn's release and plugins, patches).
    static let installDirectories = [".yarn/releases", ".yarn/plugins", ".yarn/patches", "patches"]

    private func model(_ root: WorkspaceRoot, _ manifest: DocumentValue, members: [PackageWorkspace.Member]) -> PackageWorkspace {
        let directory = root.directory
        let has = { (name: String) in context.listing.hasFile(directory, name) }
        var manager = PackageWorkspace.Manager.npm
        var source = "the default (no packageManager field, no lockfile)"
        var version: String?
        let lockfiles: [(String, PackageWorkspace.Manager)] = [
            ("pnpm-lock.yaml", .pnpm), ("bun.lock", .bun), ("bun.lockb", .bun), ("yarn.lock", .yarn),
            ("package-lock.json", .npm), ("npm-shrinkwrap.json", .npm),
        ]
        let lockfile = lockfiles.first { has($0.0) }
        if let field = manifest["packageManager"]?.string, let at = field.firstIndex(of: "@"),
           let declared = PackageWorkspace.Manager(rawValue: String(field[..<at])) {
            manager = declared
            version = String(field[field.index(after: at)...].split(separator: "+").first ?? "")
            if declared == .yarn, let major = version?.split(separator: ".").first.flatMap({ Int($0) }), major >= 2 { manager = .yarnBerry }
            source = "packageManager \"\(field)\" in \(root.file.hasSuffix("package.json") ? root.file : context.path(directory, "package.json"))"
        } else if let (file, kind) = lockfile {
            manager = kind
            source = "the lockfile \(context.path(directory, file))"
        } else if root.fromPnpm {
            manager = .pnpm
            source = root.file
        }
        if manager == .yarn, has(".yarnrc.yml") || yarnLockIsBerry(directory) { manager = .yarnBerry }
        var installFiles = Self.installFileNames.filter(has)
        for name in Self.installDirectories {
            let path = context.path(directory, name)
            installFiles += context.listing.files(below: path).map { name + "/" + $0 }
        }
        return PackageWorkspace(directory: directory, manager: manager, managerVersion: version?.isEmpty == true ? nil : version,
                                managerSource: source, lockfile: lockfile?.0, installFiles: installFiles.sorted(), members: members)
    }
}
