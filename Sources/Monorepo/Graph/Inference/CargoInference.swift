import Documents

/// Cargo: `path` dependencies (also through `workspace = true`) and workspace membership.
struct CargoInference {
    let context: InferenceContext

    func links() throws -> [InferredLink] {
        var manifests: [String: DocumentValue] = [:]
        for directory in context.directories(containing: "Cargo.toml") {
            manifests[directory] = try context.reader.document(context.path(directory, "Cargo.toml"), .toml)?.root
        }
        let workspaceRoots = manifests.filter { $0.value["workspace"] != nil }.keys.sorted { $0.count > $1.count }
        var links: [InferredLink] = []
        for (directory, manifest) in manifests.sorted(by: { $0.key < $1.key }) {
            let file = context.path(directory, "Cargo.toml")
            let root = workspaceRoots.first { $0 != directory && RelativePath.isInside(directory, $0) }
            if let root {
                links.append(InferredLink(from: directory, to: root, reason: "member of the workspace \(context.path(root, "Cargo.toml"))"))
            }
            for (table, name, spec) in Self.dependencies(of: manifest) {
                if let path = spec["path"]?.string, let target = context.resolve(path, from: directory), target != directory {
                    links.append(InferredLink(from: directory, to: target, reason: "\(file): \(table).\(name) path = \"\(path)\""))
                } else if spec["workspace"]?.bool == true, let root,
                          let path = manifests[root]?[path: ["workspace", "dependencies", name, "path"]]?.string,
                          let target = context.resolve(path, from: root), target != directory {
                    links.append(InferredLink(from: directory, to: target, reason: "\(file): \(table).\(name).workspace = true (path \"\(path)\")"))
                }
            }
        }
        return links
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
