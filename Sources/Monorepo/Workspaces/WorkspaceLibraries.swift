import Documents

/// Libraries vs apps in a JavaScript workspace: a member that other members depend on and that
/// starts nothing of its own (no `start` script, no framework app) is a library: part of the
/// graph, never built as an image. A member named in nixpacks-ci.toml, or with Nixpacks'
/// configuration or a Procfile, keeps the kind it has.
struct WorkspaceLibraries {
    let reader: ManifestReader
    let workspaces: [PackageWorkspace]

    /// Dependencies that make a package an app (it serves or builds something to run).
    static let frameworks = ["next", "nuxt", "vite", "react-scripts", "gatsby", "astro", "@remix-run/dev", "@sveltejs/kit",
                             "@nestjs/core", "@angular/cli", "@angular/core", "expo"]

    func classify(_ nodes: [GraphNode]) throws -> [GraphNode] {
        var dependents: [String: [String]] = [:]
        var names: [String: String] = [:]
        for workspace in workspaces {
            for member in workspace.members {
                names[member.directory] = member.name
                for dependency in member.dependsOn { dependents[dependency, default: []].append(member.name) }
            }
        }
        return try nodes.map { node in
            guard node.origin == .discovered, node.kind == .service, node.provider == "node",
                  let users = dependents[node.path], !users.isEmpty else { return node }
            let file = node.path.isEmpty ? "package.json" : node.path + "/package.json"
            guard let manifest = try reader.document(file, .json)?.root else { return node }
            if manifest[path: ["scripts", "start"]] != nil { return node }
            for section in ["dependencies", "devDependencies"] {
                for framework in Self.frameworks where manifest[section]?[framework] != nil { return node }
            }
            let files = ["nixpacks.toml", "nixpacks.json", "Procfile"].map { node.path.isEmpty ? $0 : node.path + "/" + $0 }
            for configuration in files where try reader.text(configuration) != nil { return node }
            var library = node
            library.kind = .library
            let list = users.sorted()
            library.kindReason = "library: \(list.prefix(3).joined(separator: ", "))\(list.count > 3 ? " and \(list.count - 3) more" : "") "
                + "\(list.count == 1 ? "depends" : "depend") on it, and it has no start script "
                + "(set library = false in nixpacks-ci.toml to build it)"
            return library
        }
    }
}
