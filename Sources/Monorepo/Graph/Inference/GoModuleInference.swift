import Foundation

/// Go: `replace` directives to local paths in go.mod, and modules of one go.work that require each other.
struct GoModuleInference {
    let context: InferenceContext

    struct GoMod {
        var module: String?
        var requires: Set<String> = []
        /// Local replacement targets: (module path, local path).
        var localReplaces: [(String, String)] = []
    }

    struct Result {
        var links: [InferredLink]
        var workspaces: [PackageWorkspace]
    }

    func links() throws -> [InferredLink] { try infer().links }

    /// The links, and each go.work as a `PackageWorkspace`: its `use` modules (by module path),
    /// each depending on the used modules it requires; go.work.sum as an install file.
    func infer() throws -> Result {
        var workspaces: [PackageWorkspace] = []
        var modules: [String: GoMod] = [:]
        for directory in context.directories(containing: "go.mod") {
            guard let text = try context.reader.text(context.path(directory, "go.mod")) else { continue }
            modules[directory] = Self.parse(text)
        }
        var links: [InferredLink] = []
        for (directory, mod) in modules.sorted(by: { $0.key < $1.key }) {
            for (module, local) in mod.localReplaces {
                if let target = context.resolve(local, from: directory) {
                    links.append(InferredLink(from: directory, to: target,
                                              reason: "\(context.path(directory, "go.mod")): replace \(module) => \(local)"))
                }
            }
        }
        for workspace in context.directories(containing: "go.work") {
            let file = context.path(workspace, "go.work")
            guard let text = try context.reader.text(file) else { continue }
            let members = Self.uses(text).compactMap { context.resolve($0, from: workspace) }
            var byModule: [String: String] = [:]
            for member in members { if let name = modules[member]?.module { byModule[name] = member } }
            var modelMembers: [PackageWorkspace.Member] = []
            for member in Set(members).sorted() where modules[member] != nil {
                if member != workspace {
                    links.append(InferredLink(from: member, to: workspace, reason: "listed in \(file)"))
                }
                var dependsOn: Set<String> = []
                for required in (modules[member]?.requires ?? []).sorted() {
                    if let target = byModule[required], target != member {
                        links.append(InferredLink(from: member, to: target, reason: "\(file): requires \(required)"))
                        dependsOn.insert(target)
                    }
                }
                // In workspace mode a module imports the other used modules without requiring them.
                let unrequired = byModule.filter { $0.value != member && !dependsOn.contains($0.value) }
                for (module, target) in try imports(of: member, among: unrequired.keys.sorted(), members: Set(members)) {
                    links.append(InferredLink(from: member, to: unrequired[module]!, reason: "\(file): \(target) imports \(module)"))
                    dependsOn.insert(unrequired[module]!)
                }
                modelMembers.append(PackageWorkspace.Member(name: modules[member]?.module ?? member, directory: member, dependsOn: dependsOn.sorted()))
            }
            workspaces.append(PackageWorkspace(directory: workspace, manager: .go, managerVersion: nil, managerSource: "go.work",
                                               lockfile: nil, installFiles: context.listing.hasFile(workspace, "go.work.sum") ? ["go.work.sum"] : [],
                                               members: modelMembers))
        }
        return Result(links: links, workspaces: workspaces)
    }

    /// The modules among `candidates` that the member's Go files import, each with the first file
    /// that does (files of nested modules are theirs).
    private func imports(of member: String, among candidates: [String], members: Set<String>) throws -> [(String, String)] {
        guard !candidates.isEmpty else { return [] }
        var found: [(String, String)] = []
        var remaining = candidates
        for file in context.listing.files(below: member).sorted() where file.hasSuffix(".go") && !file.hasSuffix("_test.go") {
            let directory = RelativePath.parent(context.path(member, file))
            if directory != member, Self.nestedModule(directory, below: member, listing: context.listing) { continue }
            guard let text = try context.reader.text(context.path(member, file)) else { continue }
            for module in remaining where text.contains("\"\(module)\"") || text.contains("\"\(module)/") {
                found.append((module, context.path(member, file)))
            }
            remaining.removeAll { module in found.contains { $0.0 == module } }
            if remaining.isEmpty { break }
        }
        return found
    }

    /// Whether a directory below `member` lies in a module of its own.
    static func nestedModule(_ directory: String, below member: String, listing: FileListing) -> Bool {
        var current = directory
        while current != member, !current.isEmpty {
            if listing.hasFile(current, "go.mod") { return true }
            current = RelativePath.parent(current)
        }
        return false
    }

    /// Reads `module`, `require` and `replace` lines, single and in blocks.
    static func parse(_ text: String) -> GoMod {
        var mod = GoMod()
        var block: String?
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if let comment = line.range(of: "//") { line = String(line[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if line.isEmpty { continue }
            if line == ")" { block = nil; continue }
            var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if let keyword = words.first, ["require", "replace", "module", "exclude", "retract", "tool", "ignore"].contains(keyword) {
                if words.count == 2, words[1] == "(" { block = keyword; continue }
                words.removeFirst()
                handle(keyword, words, &mod)
            } else if let block {
                handle(block, words, &mod)
            }
        }
        return mod
    }

    private static func handle(_ keyword: String, _ words: [String], _ mod: inout GoMod) {
        switch keyword {
        case "module": mod.module = words.first?.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        case "require": if let module = words.first { mod.requires.insert(module) }
        case "replace":
            guard let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count else { return }
            let target = words[arrow + 1]
            if target.hasPrefix("./") || target.hasPrefix("../") || target == "." || target == ".." {
                mod.localReplaces.append((words[0], target))
            }
        default: break
        }
    }

    /// The directories of `use` lines in go.work.
    static func uses(_ text: String) -> [String] {
        var result: [String] = []
        var inBlock = false
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if inBlock {
                if line.hasPrefix(")") { inBlock = false; continue }
                if !line.isEmpty, !line.hasPrefix("//") { result.append(line.split(separator: " ")[0].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
            } else if line.hasPrefix("use ") {
                let rest = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("(") { inBlock = true } else { result.append(rest.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
            }
        }
        return result
    }
}
