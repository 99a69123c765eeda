import Builder
import Documents
import Foundation
import Host
import Monorepo

/// A workspace member's build inputs: the pruned context (as `turbo prune --docker` and
/// cargo-chef make them) and what the planner needs to run the member's plan at the workspace root.
///
/// The context's root is the workspace root, with the repository's layout below it. It holds:
/// - the root's manifest (package.json, Cargo.toml, pyproject.toml), its lockfile pruned to the
///   member's closure (the member and the members it depends on), and the install files
///   (`.npmrc`, `pnpm-workspace.yaml`, `.yarnrc.yml`, `.nvmrc`, `turbo.json`, `rust-toolchain.toml`,
///   `.cargo/config.toml`, `go.work.sum`, `.python-version`, ...); for go.work, a go.work whose
///   `use` lines are the closure's;
/// - the files of the member and of each member it depends on;
/// - Cargo: every other member as a skeleton (its manifest without dependencies, an empty
///   `src/lib.rs`), as `--locked` needs the workspace whole; other ecosystems: nothing of the
///   other members.
/// The root's `.dockerignore` applies to all of it, each package's own `.dockerignore` to its files.
struct WorkspaceMemberContext {
    let source: SourceSnapshot
    /// The monorepo root relative to the snapshot root.
    let rootPrefix: String
    let workspace: PackageWorkspace
    let member: PackageWorkspace.Member

    /// The workspace root relative to the snapshot root.
    var rootPath: String { [rootPrefix, workspace.directory].filter { !$0.isEmpty }.joined(separator: "/") }

    /// Member directories of the closure (dependencies first, the member last), relative to the workspace root.
    /// Cargo: a root that is a package is always in it (its manifest is the workspace's, whole).
    var packages: [PackageWorkspace.Member] {
        var closure = workspace.closure(of: member.directory)
        if workspace.manager == .cargo, let root = workspace.member(at: workspace.directory), !closure.contains(root) { closure.insert(root, at: 0) }
        return closure
    }

    /// The context's source files below `rootPath` and the files generated in place of sources.
    struct Files {
        var sources: [SourceSnapshot.File]
        var generated: [BuildContext.File]
        /// Cargo: the target sources that have stand-ins under `.nixpacks/cargo-skeleton/`.
        var placeholders: [String] = []
    }

    func sourceFiles() throws -> Files {
        let all = source.files(under: rootPath)
        let closure = packages.map { workspace.relative($0.directory) }
        let others = workspace.members.map { workspace.relative($0.directory) }.filter { !closure.contains($0) }
        var kept: [SourceSnapshot.File] = []
        for file in all {
            let relative = rootPath.isEmpty ? file.path : String(file.path.dropFirst(rootPath.count + 1))
            if relative == workspace.lockfile || (workspace.manager == .go && relative == "go.work") { continue }
            if workspace.installFiles.contains(relative) { kept.append(file); continue }
            // The innermost member directory holding the file decides.
            let owner = (closure + others).filter { !$0.isEmpty && RelativePath.isInside(relative, $0) }.max { $0.count < $1.count }
                ?? (closure.contains("") || others.contains("") ? "" : nil)
            if let owner, owner != "" || closure.contains("") {
                if closure.contains(owner) { kept.append(file) }
                continue
            }
            if !relative.contains("/"), isRootFile(relative) { kept.append(file) }
        }
        var files = Files(sources: kept, generated: [])
        if let lockfile = workspace.lockfile, let text = try lockfileText(lockfile) {
            files.generated.append(.generated(lockfile, text))
        }
        switch workspace.manager {
        case .cargo: try addCargoSkeletons(&files, others: others)
        case .go: if let text = try prunedGoWork(closure: closure) { files.generated.append(.generated("go.work", text)) }
        case .npm, .yarn, .yarnBerry, .pnpm, .bun, .uv: break
        }
        return files
    }

    /// Root files every member's context holds.
    private func isRootFile(_ name: String) -> Bool {
        if name == workspace.manager.rootManifest || name == ".dockerignore" { return true }
        return workspace.manager.isJavaScript && name.hasPrefix("tsconfig") && name.hasSuffix(".json")
    }

    /// The text of a file of the workspace, relative to the workspace root, or nil when absent.
    private func read(_ relative: String) throws -> String? {
        let path = source.workTree + "/" + [rootPath, relative].filter { !$0.isEmpty }.joined(separator: "/")
        guard FileOperations.kind(path) != nil else { return nil }
        do {
            return try FileOperations.readText(path, limit: 64 << 20)
        } catch {
            throw PipelineError.unreadable(path: display(relative), detail: "\(error)")
        }
    }

    private func display(_ relative: String) -> String {
        workspace.directory.isEmpty ? relative : workspace.directory + "/" + relative
    }

    /// Each other member as a skeleton, and stand-ins for the closure's target sources.
    private func addCargoSkeletons(_ files: inout Files, others: [String]) throws {
        for directory in others {
            let manifestPath = directory.isEmpty ? "Cargo.toml" : directory + "/Cargo.toml"
            guard let text = try read(manifestPath) else { continue }
            let manifest: DocumentValue
            do {
                manifest = try Document(file: display(manifestPath), text: text, format: .toml).root
            } catch {
                throw PipelineError.unreadable(path: display(manifestPath), detail: error.description)
            }
            files.generated.append(.generated(manifestPath, Self.skeletonManifest(manifest)))
            files.generated.append(.generated(directory.isEmpty ? "src/lib.rs" : directory + "/src/lib.rs", ""))
        }
        let paths = Set(files.sources.map { rootPath.isEmpty ? $0.path : String($0.path.dropFirst(rootPath.count + 1)) })
        for member in packages {
            let directory = workspace.relative(member.directory)
            let prefix = directory.isEmpty ? "" : directory + "/"
            let manifestText = try read(prefix + "Cargo.toml") ?? ""
            let manifest = (try? Document(file: prefix + "Cargo.toml", text: manifestText, format: .toml).root) ?? .table([:])
            var targets: [(String, String)] = []
            let main = "fn main() {}\n"
            targets.append((manifest[path: ["lib", "path"]]?.string ?? "src/lib.rs", ""))
            targets.append(("src/main.rs", main))
            targets.append((manifest[path: ["package", "build"]]?.string ?? "build.rs", main))
            for binary in manifest["bin"]?.array ?? [] { if let path = binary["path"]?.string { targets.append((path, main)) } }
            for path in paths where path.hasPrefix(prefix + "src/bin/") && path.hasSuffix(".rs") {
                let rest = path.dropFirst((prefix + "src/bin/").count)
                if !rest.contains("/") || rest.hasSuffix("/main.rs") { targets.append((String(path.dropFirst(prefix.count)), main)) }
            }
            for (target, text) in targets where paths.contains(prefix + target) && !files.placeholders.contains(prefix + target) {
                files.placeholders.append(prefix + target)
                files.generated.append(.generated("\(CargoWorkspacePlan.placeholderDirectory)/\(prefix)\(target)", text))
            }
        }
        files.placeholders.sort()
    }

    /// A member's manifest as a skeleton: its name and version (inherited ones stay inherited),
    /// no dependencies, features or targets.
    static func skeletonManifest(_ manifest: DocumentValue) -> String {
        var lines = ["# nixpacks-ci: a skeleton of this workspace member (docs/workspaces.md)", "[package]"]
        for key in ["name", "version", "edition"] {
            guard let value = manifest[path: ["package", key]] else { continue }
            if let text = value.string {
                lines.append("\(key) = \(DocumentValue.string(text).jsonText())")
            } else if value["workspace"]?.bool == true {
                lines.append("\(key).workspace = true")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// go.work with only the closure's `use` lines.
    private func prunedGoWork(closure: [String]) throws -> String? {
        guard let text = try read("go.work") else { return nil }
        var result: [String] = []
        var inUse = false
        func keeps(_ reference: String) -> Bool {
            let path = reference.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return closure.contains(RelativePath.join("", path))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inUse {
                if trimmed.hasPrefix(")") { inUse = false; result.append(line); continue }
                let reference = trimmed.split(separator: " ").first.map(String.init) ?? ""
                if trimmed.isEmpty || trimmed.hasPrefix("//") || keeps(reference) { result.append(line) }
                continue
            }
            if trimmed.hasPrefix("use ") || trimmed == "use(" || trimmed.hasPrefix("use(") {
                let rest = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("(") { inUse = true; result.append(line); continue }
                if keeps(rest.split(separator: " ").first.map(String.init) ?? "") { result.append(line) }
                continue
            }
            result.append(line)
        }
        return result.joined(separator: "\n")
    }

    /// The lockfile pruned to the member's closure.
    private func lockfileText(_ lockfile: String) throws -> String? {
        let path = source.workTree + "/" + (rootPath.isEmpty ? lockfile : rootPath + "/" + lockfile)
        guard FileOperations.kind(path) != nil else { return nil }
        let display = workspace.directory.isEmpty ? lockfile : workspace.directory + "/" + lockfile
        if lockfile == "bun.lockb" {
            throw PipelineError.unreadable(path: display, detail: "Bun's binary lockfile cannot be pruned to one member; "
                + "save it as text (`bun install --save-text-lockfile`, Bun 1.1.39 and later write bun.lock by default)")
        }
        let text: String
        do {
            text = try FileOperations.readText(path, limit: 64 << 20)
        } catch {
            throw PipelineError.unreadable(path: display, detail: "\(error)")
        }
        var manifests: [String: DocumentValue] = [:]
        let format: Document.Format = workspace.manager.isJavaScript ? .json : .toml
        for directory in [workspace.directory] + workspace.members.map(\.directory) {
            let name = directory == workspace.directory ? workspace.manager.rootManifest : workspace.manager.memberManifest
            let file = directory.isEmpty ? name : directory + "/" + name
            let absolute = source.workTree + "/" + [rootPrefix, file].filter { !$0.isEmpty }.joined(separator: "/")
            if let manifestText = try? FileOperations.readText(absolute, limit: Document.maximumBytes),
               let manifest = try? Document(file: file, text: manifestText, format: format).root {
                manifests[workspace.relative(directory)] = manifest
            }
        }
        do {
            let parsed = try Lockfiles.parse(text, file: display, manager: workspace.manager, manifests: manifests)
            return parsed.pruned(to: packages.map { workspace.relative($0.directory) })
        } catch {
            throw PipelineError.unreadable(path: display, detail: "the lockfile cannot be read (\(error.message)); fix it, or regenerate it "
                + "with the workspace's package manager")
        }
    }

    /// The member's plan, as the context holds the workspace (`contextPaths`, relative to the root).
    func plan(_ files: Files, contextPaths: Set<String>, memberFiles: [String], options: PlanOptions) throws -> PlanGenerator.Result {
        if let input = plannerInput(installFiles: installFiles(among: contextPaths)) {
            return try NodeWorkspacePlan.generate(input, memberFiles: memberFiles, options: options)
        }
        let root = URL(fileURLWithPath: rootPath.isEmpty ? source.workTree : source.workTree + "/" + rootPath)
        var contents: [String: String] = [:]
        for file in files.generated {
            if case let .generated(bytes) = file.content { contents[file.path] = String(decoding: bytes, as: UTF8.self) }
        }
        let input = WorkspaceMemberInput(root: root, contextFiles: contextPaths.sorted(), contents: contents, name: member.name,
                                         directory: workspace.relative(member.directory),
                                         dependencies: packages.dropLast().map { workspace.relative($0.directory) },
                                         installFiles: installFiles(among: contextPaths), placeholders: files.placeholders)
        switch workspace.manager {
        case .cargo: return try CargoWorkspacePlan.generate(input, options: options)
        case .go: return try GoWorkspacePlan.generate(input, options: options)
        case .uv: return try UvWorkspacePlan.generate(input, options: options)
        case .npm, .yarn, .yarnBerry, .pnpm, .bun: preconditionFailure("JavaScript members are planned above")
        }
    }

    /// The planner's view of a JavaScript member (nil for the other ecosystems).
    func plannerInput(installFiles: [String]) -> NodeWorkspaceMember? {
        let root = URL(fileURLWithPath: rootPath.isEmpty ? source.workTree : source.workTree + "/" + rootPath)
        let closure = packages.map { NodeWorkspaceMember.Package(directory: workspace.relative($0.directory), name: $0.name) }
        let manager: NodeWorkspaceMember.Manager
        switch workspace.manager {
        case .npm: manager = .npm
        case .yarn: manager = .yarn
        case .yarnBerry: manager = .yarnBerry
        case .pnpm: manager = .pnpm
        case .bun: manager = .bun
        case .cargo, .go, .uv: return nil
        }
        return NodeWorkspaceMember(manager: manager, root: root, member: closure.last!, dependencies: Array(closure.dropLast()),
                                   lockfile: workspace.lockfile, installFiles: installFiles)
    }

    /// What the install layer copies, of the context's files: the root's manifest, the lockfile,
    /// the install files and the manifests of the closure (Cargo: of every member, with the
    /// skeletons' stand-in sources; Go: each module's go.sum too).
    func installFiles(among contextPaths: Set<String>) -> [String] {
        var files = [workspace.manager.rootManifest] + [workspace.lockfile].compactMap { $0 } + workspace.installFiles
        let members = workspace.manager == .cargo ? workspace.members : packages
        for member in members {
            let directory = workspace.relative(member.directory)
            let prefix = directory.isEmpty ? "" : directory + "/"
            files.append(prefix + workspace.manager.memberManifest)
            if workspace.manager == .go { files.append(prefix + "go.sum") }
            if workspace.manager == .cargo, !packages.contains(member) { files.append(prefix + "src/lib.rs") }
        }
        var seen: Set<String> = []
        return files.filter { contextPaths.contains($0) && seen.insert($0).inserted }
    }
}
