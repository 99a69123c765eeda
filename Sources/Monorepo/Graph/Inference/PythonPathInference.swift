import Foundation
import Documents

/// Python: local paths in requirements files (`-e ../lib`, `../lib`, `file:../lib`, `name @ file:...`),
/// Poetry and uv path sources, PDM `file:///${PROJECT_ROOT}/..` dependencies, Pipfile paths. uv
/// workspaces are `UvWorkspaceInference`'s.
struct PythonPathInference {
    let context: InferenceContext

    func links() throws -> [InferredLink] {
        var links: [InferredLink] = []
        let candidates = Set(context.directories(containing: "requirements*.txt") + context.directories(containing: "pyproject.toml")
            + context.directories(containing: "Pipfile"))
        for directory in candidates.sorted() {
            let files = context.listing.filesIn(directory)
            for file in files.sorted() where FileListing.isRequirementsFile(file) {
                let name = context.path(directory, file)
                for (line, reference) in try requirementPaths(name) {
                    if let target = context.resolve(reference, from: directory), target != directory {
                        links.append(InferredLink(from: directory, to: target, reason: "\(name):\(line): \(reference)"))
                    }
                }
            }
            if files.contains("pyproject.toml"), let document = try context.reader.document(context.path(directory, "pyproject.toml"), .toml) {
                links += pyprojectLinks(document, directory: directory)
            }
            if files.contains("Pipfile"), let document = try context.reader.document(context.path(directory, "Pipfile"), .toml) {
                for section in ["packages", "dev-packages"] {
                    for (name, spec) in (document.root[section]?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
                        if let path = spec["path"]?.string, let target = context.resolve(path, from: directory), target != directory {
                            links.append(InferredLink(from: directory, to: target, reason: "\(document.file): \(section).\(name) path = \"\(path)\""))
                        }
                    }
                }
            }
        }
        return links
    }

    /// (line number, local path) for each requirement line that names a local directory.
    private func requirementPaths(_ file: String) throws -> [(Int, String)] {
        guard let text = try context.reader.text(file) else { return [] }
        var result: [(Int, String)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Every local form (./, ../, file:) holds a slash; most requirement lines do not.
            guard raw.utf8.contains(UInt8(ascii: "/")) else { continue }
            var line = raw.trimmingCharacters(in: .whitespaces)
            if let hash = line.range(of: " #") { line = String(line[..<hash.lowerBound]) }
            for prefix in ["-e ", "--editable ", "--editable="] where line.hasPrefix(prefix) {
                line = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            }
            if let at = line.range(of: " @ ") { line = line[at.upperBound...].trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("file:") {
                line.removeFirst(5)
                while line.hasPrefix("//") { line.removeFirst() }
                if line.hasPrefix("/") { continue }
            }
            if line.hasPrefix("./") || line.hasPrefix("../") {
                result.append((index + 1, line.split(separator: "[")[0].split(separator: ";")[0].trimmingCharacters(in: .whitespaces)))
            }
        }
        return result
    }

    private func pyprojectLinks(_ document: Document, directory: String) -> [InferredLink] {
        var links: [InferredLink] = []
        let root = document.root
        func add(_ path: String, _ reason: String) {
            if let target = context.resolve(path, from: directory), target != directory {
                links.append(InferredLink(from: directory, to: target, reason: "\(document.file): \(reason)"))
            }
        }
        var poetryTables: [(String, DocumentValue?)] = [
            ("tool.poetry.dependencies", root[path: ["tool", "poetry", "dependencies"]]),
            ("tool.poetry.dev-dependencies", root[path: ["tool", "poetry", "dev-dependencies"]]),
        ]
        for (group, table) in (root[path: ["tool", "poetry", "group"]]?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
            poetryTables.append(("tool.poetry.group.\(group).dependencies", table["dependencies"]))
        }
        poetryTables.append(("tool.uv.sources", root[path: ["tool", "uv", "sources"]]))
        for (section, table) in poetryTables {
            for (name, spec) in (table?.table ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let path = spec["path"]?.string { add(path, "\(section).\(name) path = \"\(path)\"") }
            }
        }
        for dependency in root[path: ["project", "dependencies"]]?.strings ?? [] {
            guard let range = dependency.range(of: "${PROJECT_ROOT}/") else { continue }
            let path = String(dependency[range.upperBound...]).split(separator: " ")[0]
            add(String(path), "project.dependencies \"\(dependency)\"")
        }
        return links
    }
}
