import Foundation
import Documents
import SourceRules

/// uv workspaces: a pyproject.toml with `[tool.uv.workspace]` is a root; its members are the
/// directories its `members` globs match (less `exclude`) that hold a pyproject.toml, and the
/// root itself when it has a `[project]`. A member depends on another when one of its
/// requirements names it and `tool.uv.sources` (the member's, else the root's) gives it as
/// `{ workspace = true }` or a path to it. Each member links to the root, whose uv.lock and
/// `.python-version` its build reads.
struct UvWorkspaceInference {
    let context: InferenceContext

    struct Result {
        var links: [InferredLink]
        var workspaces: [PackageWorkspace]
    }

    func infer() throws -> Result {
        var links: [InferredLink] = []
        var workspaces: [PackageWorkspace] = []
        var documents: [String: Document] = [:]
        for directory in context.directories(containing: "pyproject.toml") {
            if let document = try context.reader.document(context.path(directory, "pyproject.toml"), .toml) { documents[directory] = document }
        }
        for (root, document) in documents.sorted(by: { $0.key < $1.key }) {
            guard let workspace = document.root[path: ["tool", "uv", "workspace"]] else { continue }
            let included = try patterns(workspace["members"], document, key: "members")
            let excluded = try patterns(workspace["exclude"], document, key: "exclude")
            var members: [String] = document.root["project"] != nil ? [root] : []
            for directory in documents.keys.sorted() where directory != root && RelativePath.isInside(directory, root) {
                let relative = root.isEmpty ? directory : String(directory.dropFirst(root.count + 1))
                if included.contains(where: { $0.matches(relative) }), !excluded.contains(where: { $0.matches(relative) }) {
                    members.append(directory)
                }
            }
            var byName: [String: String] = [:]
            for member in members {
                if let name = documents[member]?.root[path: ["project", "name"]]?.string { byName[UvLockfile.normalise(name)] = member }
            }
            let rootSources = document.root[path: ["tool", "uv", "sources"]]?.table ?? [:]
            var modelMembers: [PackageWorkspace.Member] = []
            for member in members {
                guard let memberDocument = documents[member] else { continue }
                if member != root { links.append(InferredLink(from: member, to: root, reason: "member of the uv workspace \(document.file)")) }
                let sources = memberDocument.root[path: ["tool", "uv", "sources"]]?.table ?? [:]
                var dependsOn: Set<String> = []
                for (section, requirement) in Self.requirements(memberDocument.root) {
                    let name = UvLockfile.normalise(Self.requirementName(requirement))
                    let own = sources.keys.first { UvLockfile.normalise($0) == name }
                    let inherited = rootSources.keys.first { UvLockfile.normalise($0) == name }
                    guard let sourceName = own ?? inherited, let source = own != nil ? sources[sourceName] : rootSources[sourceName] else { continue }
                    let origin = own != nil ? memberDocument.file : document.file
                    var target: String?
                    var how = ""
                    if source["workspace"]?.bool == true {
                        target = byName[name]
                        how = "workspace = true"
                    } else if let path = source["path"]?.string {
                        target = context.resolve(path, from: own != nil ? member : root)
                        how = "path = \"\(path)\""
                    }
                    guard let target, target != member else { continue }
                    if members.contains(target) { dependsOn.insert(target) }
                    links.append(InferredLink(from: member, to: target,
                                              reason: "\(memberDocument.file): \(section) \"\(requirement)\" (\(origin): tool.uv.sources.\(sourceName) \(how))"))
                }
                let name = memberDocument.root[path: ["project", "name"]]?.string ?? member
                modelMembers.append(PackageWorkspace.Member(name: name, directory: member, dependsOn: dependsOn.sorted()))
            }
            let installFiles = [".python-version", "uv.toml"].filter { context.listing.hasFile(root, $0) }
            workspaces.append(PackageWorkspace(directory: root, manager: .uv, managerVersion: nil, managerSource: "[tool.uv.workspace] in pyproject.toml",
                                               lockfile: context.listing.hasFile(root, "uv.lock") ? "uv.lock" : nil,
                                               installFiles: installFiles, members: modelMembers))
        }
        return Result(links: links, workspaces: workspaces)
    }

    private func patterns(_ value: DocumentValue?, _ document: Document, key: String) throws -> [PathPattern] {
        guard let value else { return [] }
        guard let texts = value.strings else {
            throw MonorepoError.invalidManifest(file: document.file, line: document.line(of: ["tool", "uv", "workspace", key]),
                                                message: "tool.uv.workspace.\(key) must be a list of globs, found \(value.typeName)")
        }
        return try WorkspaceGlobs.patterns(texts, file: document.file, key: "tool.uv.workspace.\(key)",
                                           line: document.line(of: ["tool", "uv", "workspace", key]))
    }

    /// (section, requirement) of `project.dependencies`, `project.optional-dependencies.*`,
    /// `dependency-groups.*` and `tool.uv.dev-dependencies`.
    static func requirements(_ root: DocumentValue) -> [(String, String)] {
        var result = (root[path: ["project", "dependencies"]]?.strings ?? []).map { ("project.dependencies", $0) }
        for (extra, list) in (root[path: ["project", "optional-dependencies"]]?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
            result += (list.strings ?? []).map { ("project.optional-dependencies.\(extra)", $0) }
        }
        for (group, list) in (root["dependency-groups"]?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
            result += (list.strings ?? []).map { ("dependency-groups.\(group)", $0) }
        }
        result += (root[path: ["tool", "uv", "dev-dependencies"]]?.strings ?? []).map { ("tool.uv.dev-dependencies", $0) }
        return result
    }

    /// The distribution name of a PEP 508 requirement (`greet[fast]>=1; python_version>"3"` → greet).
    static func requirementName(_ requirement: String) -> String {
        String(requirement.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }).trimmingCharacters(in: .whitespaces)
    }
}
