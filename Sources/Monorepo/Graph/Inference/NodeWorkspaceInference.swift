import Documents
import SourceRules

/// npm, yarn and pnpm: `workspace:` specs, `file:`/`link:` paths, and names of workspace members.
struct NodeWorkspaceInference {
    let context: InferenceContext

    func links() throws -> [InferredLink] {
        var nameToDirectory: [String: String] = [:]
        var manifests: [String: DocumentValue] = [:]
        for directory in context.directories(containing: "package.json") {
            guard let document = try context.reader.document(context.path(directory, "package.json"), .json) else { continue }
            manifests[directory] = document.root
            if let name = document.root["name"]?.string, nameToDirectory[name] == nil {
                nameToDirectory[name] = directory
            }
        }
        let workspaces = try workspaceRoots(manifests)
        var links: [InferredLink] = []
        for (directory, manifest) in manifests.sorted(by: { $0.key < $1.key }) {
            let root = workspaces.first { $0.contains(directory) }
            if let root, root.directory != directory {
                links.append(InferredLink(from: directory, to: root.directory, reason: "workspace member of \(root.file)"))
            }
            for section in ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] {
                for (name, value) in (manifest[section]?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
                    guard let spec = value.string else { continue }
                    let reason = "\(context.path(directory, "package.json")): \(section).\(name) = \"\(spec)\""
                    if ["file:", "link:", "portal:"].contains(where: spec.hasPrefix) || spec.hasPrefix("./") || spec.hasPrefix("../") {
                        if let target = context.resolve(spec, from: directory) {
                            links.append(InferredLink(from: directory, to: target, reason: reason))
                        }
                    } else if let target = nameToDirectory[name], target != directory,
                              spec.hasPrefix("workspace:") || (root?.contains(target) ?? false) {
                        links.append(InferredLink(from: directory, to: target, reason: reason))
                    }
                }
            }
        }
        return links
    }

    struct WorkspaceRoot {
        var directory: String
        var file: String
        var globs: [PathPattern]

        func contains(_ member: String) -> Bool {
            guard RelativePath.isInside(member, directory) else { return false }
            let relative = directory.isEmpty ? member : String(member.dropFirst(directory.count + 1))
            // npm and pnpm: a member matches an included glob and no `!` one after it.
            var member = false
            for glob in globs where glob.matches(relative) { member = !glob.isNegated }
            return member
        }
    }

    /// Workspace member globs (`packages/*`, `!packages/old`), each checked as it is read.
    static func globs(_ texts: [String], file: String) throws -> [PathPattern] {
        try texts.map { text in
            do {
                return try PathPattern(text, syntax: .path)
            } catch {
                throw MonorepoError.invalidManifest(file: file, line: nil, message: "workspace glob \(error)")
            }
        }
    }

    /// Workspace roots, innermost first.
    private func workspaceRoots(_ manifests: [String: DocumentValue]) throws -> [WorkspaceRoot] {
        var roots: [WorkspaceRoot] = []
        for (directory, manifest) in manifests {
            let pnpmFile = context.path(directory, "pnpm-workspace.yaml")
            if context.listing.hasFile(directory, "pnpm-workspace.yaml"),
               let packages = try context.reader.document(pnpmFile, .yaml)?.root["packages"]?.strings {
                roots.append(WorkspaceRoot(directory: directory, file: pnpmFile, globs: try Self.globs(packages, file: pnpmFile)))
            } else if let workspaces = manifest["workspaces"]?.strings ?? manifest["workspaces"]?["packages"]?.strings {
                roots.append(WorkspaceRoot(directory: directory, file: context.path(directory, "package.json"),
                                           globs: try Self.globs(workspaces, file: context.path(directory, "package.json"))))
            }
        }
        return roots.sorted { $0.directory.count > $1.directory.count }
    }
}
