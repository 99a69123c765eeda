import Documents
import SourceRules

/// Cargo: `path` dependencies (also through `workspace = true`), workspace membership, and each
/// workspace as a `PackageWorkspace` (members from `members` globs less `exclude`, and the path
/// dependencies inside the root, as Cargo makes them members; `Cargo.lock`; toolchain and
/// `.cargo/config.toml` as install files).
struct CargoInference {
    let context: InferenceContext

    struct Result {
        var links: [InferredLink]
        var workspaces: [PackageWorkspace]
    }

    func links() throws -> [InferredLink] { try infer().links }

    func infer() throws -> Result {
        var manifests: [String: DocumentValue] = [:]
        for directory in context.directories(containing: "Cargo.toml") {
            manifests[directory] = try context.reader.document(context.path(directory, "Cargo.toml"), .toml)?.root
        }
        let workspaceRoots = manifests.filter { $0.value["workspace"] != nil }.keys.sorted { $0.count > $1.count }
        var links: [InferredLink] = []
        /// Each directory's path dependencies inside the monorepo.
        var pathDependencies: [String: [String]] = [:]
        for (directory, manifest) in manifests.sorted(by: { $0.key < $1.key }) {
            let file = context.path(directory, "Cargo.toml")
            let root = workspaceRoots.first { $0 != directory && RelativePath.isInside(directory, $0) }
            if let root {
                links.append(InferredLink(from: directory, to: root, reason: "member of the workspace \(context.path(root, "Cargo.toml"))"))
            }
            for (table, name, spec) in Self.dependencies(of: manifest) {
                if let path = spec["path"]?.string, let target = context.resolve(path, from: directory), target != directory {
                    links.append(InferredLink(from: directory, to: target, reason: "\(file): \(table).\(name) path = \"\(path)\""))
                    pathDependencies[directory, default: []].append(target)
                } else if spec["workspace"]?.bool == true, let inherited = root ?? (manifests[directory]?["workspace"] != nil ? directory : nil),
                          let path = manifests[inherited]?[path: ["workspace", "dependencies", name, "path"]]?.string,
                          let target = context.resolve(path, from: inherited), target != directory {
                    links.append(InferredLink(from: directory, to: target, reason: "\(file): \(table).\(name).workspace = true (path \"\(path)\")"))
                    pathDependencies[directory, default: []].append(target)
                }
            }
        }
        var workspaces: [PackageWorkspace] = []
        for root in workspaceRoots.sorted() {
            guard let manifest = manifests[root] else { continue }
            let members = try memberDirectories(root, manifest, manifests: manifests, pathDependencies: pathDependencies)
            let memberSet = Set(members)
            let modelMembers = members.map { directory in
                PackageWorkspace.Member(name: manifests[directory]?[path: ["package", "name"]]?.string ?? directory, directory: directory,
                                        dependsOn: Array(Set((pathDependencies[directory] ?? []).filter { memberSet.contains($0) && $0 != directory })).sorted())
            }
            let installFiles = ["rust-toolchain", "rust-toolchain.toml", ".cargo/config.toml", ".cargo/config"].filter { name in
                let full = context.path(root, name)
                return context.listing.hasFile(RelativePath.parent(full), String(full.split(separator: "/").last!))
            }
            workspaces.append(PackageWorkspace(directory: root, manager: .cargo, managerVersion: nil, managerSource: "[workspace] in Cargo.toml",
                                               lockfile: context.listing.hasFile(root, "Cargo.lock") ? "Cargo.lock" : nil,
                                               installFiles: installFiles, members: modelMembers))
        }
        return Result(links: links, workspaces: workspaces)
    }

    /// The workspace's members, as Cargo finds them: the root if it is a package, `members`
    /// (globs) less `exclude`, and path dependencies of members that lie inside the root.
    private func memberDirectories(_ root: String, _ manifest: DocumentValue, manifests: [String: DocumentValue],
                                   pathDependencies: [String: [String]]) throws -> [String] {
        let file = context.path(root, "Cargo.toml")
        func relative(_ path: String) -> String { root.isEmpty ? path : String(path.dropFirst(root.count + 1)) }
        func patterns(_ key: String) throws -> [PathPattern] {
            try WorkspaceGlobs.patterns(manifest[path: ["workspace", key]]?.strings ?? [], file: file, key: "workspace.\(key)")
        }
        let included = try patterns("members")
        let excluded = try patterns("exclude")
        var members: Set<String> = manifest["package"] != nil ? [root] : []
        for directory in manifests.keys where directory != root && RelativePath.isInside(directory, root) {
            let path = relative(directory)
            if included.contains(where: { $0.matches(path) }), !excluded.contains(where: { $0.matches(path) || $0.matchesPathOrAncestor(path) }) {
                members.insert(directory)
            }
        }
        var pending = Array(members)
        while let next = pending.popLast() {
            for dependency in pathDependencies[next] ?? [] where manifests[dependency] != nil && RelativePath.isInside(dependency, root)
                && !excluded.contains(where: { $0.matchesPathOrAncestor(relative(dependency)) }) && members.insert(dependency).inserted {
                pending.append(dependency)
            }
        }
        return members.sorted()
    }

    /// Every dependency table entry: `[dependencies]`, dev-, build-, and `[target.'cfg'.*]` ones.
    static func dependencies(of manifest: DocumentValue) -> [(String, String, DocumentValue)] {
        var result: [(String, String, DocumentValue)] = []
        let kinds = ["dependencies", "dev-dependencies", "build-dependencies"]
        func collect(_ table: DocumentValue?, prefix: String) {
            for kind in kinds {
                for (name, spec) in (table?[kind]?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
                    result.append((prefix + kind, name, spec))
                }
            }
        }
        collect(manifest, prefix: "")
        for (target, table) in (manifest["target"]?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
            collect(table, prefix: "target.\(target).")
        }
        return result
    }
}
