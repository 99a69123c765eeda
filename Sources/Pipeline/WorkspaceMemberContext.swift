import Builder
import Documents
import Foundation
import Host
import Monorepo

/// A JavaScript workspace member's build inputs: the pruned context (as `turbo prune --docker`
/// makes it) and what the planner needs to run the member's plan at the workspace root.
///
/// The context's root is the workspace root, with the repository's layout below it. It holds:
/// - the root's package.json, its lockfile pruned to the member's closure (the member and the
///   members it depends on), the install files (`.npmrc`, `pnpm-workspace.yaml`, `.yarnrc.yml`,
///   `.yarn/releases/...`, `patches/...`, `.nvmrc`, `turbo.json`, ...) and `tsconfig*.json`;
/// - the member's files and those of each member it depends on;
/// - no file of any other member.
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
    var packages: [PackageWorkspace.Member] { workspace.closure(of: member.directory) }

    /// The files of the context below `rootPath`, relative to it, with the lockfile's slice in place of the lockfile.
    func sourceFiles() throws -> (files: [SourceSnapshot.File], prunedLockfile: (path: String, text: String)?) {
        let all = source.files(under: rootPath)
        let directories = packages.map { workspace.relative($0.directory) }
        var kept: [SourceSnapshot.File] = []
        for file in all {
            let relative = rootPath.isEmpty ? file.path : String(file.path.dropFirst(rootPath.count + 1))
            if relative == workspace.lockfile { continue }
            if !relative.contains("/") {
                if relative == "package.json" || relative == ".dockerignore" || workspace.installFiles.contains(relative)
                    || (relative.hasPrefix("tsconfig") && relative.hasSuffix(".json")) {
                    kept.append(file)
                }
                continue
            }
            if workspace.installFiles.contains(relative) || directories.contains(where: { RelativePath.isInside(relative, $0) }) {
                kept.append(file)
            }
        }
        guard let lockfile = workspace.lockfile, let text = try lockfileText(lockfile) else { return (kept, nil) }
        return (kept, (lockfile, text))
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
        for directory in [workspace.directory] + workspace.members.map(\.directory) {
            let file = directory.isEmpty ? "package.json" : directory + "/package.json"
            let absolute = source.workTree + "/" + [rootPrefix, file].filter { !$0.isEmpty }.joined(separator: "/")
            if let manifestText = try? FileOperations.readText(absolute, limit: Document.maximumBytes),
               let manifest = try? Document(file: file, text: manifestText, format: .json).root {
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

    /// The planner's view of the member.
    func plannerInput(installFiles: [String]) -> NodeWorkspaceMember {
        let root = URL(fileURLWithPath: rootPath.isEmpty ? source.workTree : source.workTree + "/" + rootPath)
        let closure = packages.map { NodeWorkspaceMember.Package(directory: workspace.relative($0.directory), name: $0.name) }
        let manager: NodeWorkspaceMember.Manager
        switch workspace.manager {
        case .npm: manager = .npm
        case .yarn: manager = .yarn
        case .yarnBerry: manager = .yarnBerry
        case .pnpm: manager = .pnpm
        case .bun: manager = .bun
        }
        return NodeWorkspaceMember(manager: manager, root: root, member: closure.last!, dependencies: Array(closure.dropLast()),
                                   lockfile: workspace.lockfile, installFiles: installFiles)
    }

    /// What the install layer copies, of the context's files: manifests, the lockfile, install files.
    func installFiles(among contextPaths: Set<String>) -> [String] {
        var files = ["package.json"] + [workspace.lockfile].compactMap { $0 } + workspace.installFiles
        files += packages.map { workspace.relative($0.directory) + "/package.json" }
        return files.filter { contextPaths.contains($0) }
    }
}
