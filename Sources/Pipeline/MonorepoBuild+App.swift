import Builder
import Foundation
import Host
import Monorepo

/// `build PATH`: one app, as the service at that path when it is one of a git repository's (so
/// it gets its local dependencies and a key from git's ids), else as the directory on disk.
extension MonorepoBuild {
    func selectApp(_ path: String) throws -> Selection {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileOperations.kind(absolute) == .directory || FileOperations.kind(absolute) == .symlink,
              let app = FileOperations.realPath(absolute), FileOperations.kind(app) == .directory else {
            throw PipelineError.unreadable(path: path, detail: "it is not a directory; pass the app's directory")
        }
        if let repository = try? Repository(discovering: app), let workTree = repository.workTree,
           let head = try repository.commit(for: "HEAD") {
            let top = FileOperations.realPath(workTree.path) ?? workTree.path
            let workspace = try Workspace(path: app, root: configuration.root ?? Self.monorepoRoot(of: app, top: top))
            let workingTree = try WorkingTreeScanner.preferred.changes(in: workspace.repository, against: head)
            var graph = try workspace.currentGraph(head: head, workingTree: workingTree, graphCache: graphCache)
            let rootPath = workspace.root.path
            let relative = app == rootPath ? "" : String(app.dropFirst(rootPath.count + 1))
            let name: String
            if let node = graph.nodes.first(where: { $0.path == relative }) {
                name = node.name
            } else {
                // Not a node of the monorepo: the directory alone, named after itself.
                var candidate = ImageName.fromDirectory(URL(fileURLWithPath: app).lastPathComponent)
                if graph.node(named: candidate) != nil { candidate = ImageName.fromDirectory(relative.replacingOccurrences(of: "/", with: "-")) }
                name = candidate
                graph = try ServiceGraph(nodes: graph.nodes + [GraphNode(name: name, path: relative, kind: .service, provider: nil, origin: .configured)],
                                         edges: graph.edges)
            }
            return Selection(source: try SourceSnapshot(repository: workspace.repository, workingTreeChanges: workingTree), graph: graph,
                             rootPrefix: workspace.rootPrefix, services: [(name, "the app")], base: nil, removed: [], head: head,
                             branch: repository.headReference.map { $0.replacingOccurrences(of: "refs/heads/", with: "") })
        }
        let name = ImageName.fromDirectory(URL(fileURLWithPath: app).lastPathComponent)
        let graph = try ServiceGraph(nodes: [GraphNode(name: name, path: "", kind: .service, provider: nil, origin: .configured)], edges: [])
        return Selection(source: SourceSnapshot(walking: app), graph: graph, rootPrefix: "", services: [(name, "the app")],
                         base: nil, removed: [], head: nil)
    }

    /// The nearest directory from the app up to the work tree that holds nixpacks-ci.toml, else the work tree.
    static func monorepoRoot(of app: String, top: String) -> String {
        var directory = app
        while directory.count > top.count, directory.hasPrefix(top) {
            if FileOperations.kind(directory + "/" + MonorepoConfig.fileName) != nil { return directory }
            directory = String(directory[..<directory.lastIndex(of: "/")!])
        }
        return top
    }

    /// Runs hooks on the host, in the app directory, one after another; the first failure stops.
    func runHooks(_ commands: [String], in path: String, stage: String) throws {
        let directory = URL(fileURLWithPath: path).standardizedFileURL.path
        for command in commands {
            let output: ProcessRunner.Output
            do {
                output = try ProcessRunner().run("/bin/sh", ["-c", "cd \"$NIXPACKS_CI_APP_DIR\" && \(command)"],
                                                 extraEnvironment: ["NIXPACKS_CI_APP_DIR": directory,
                                                                    "NIXPACKS_CI_IMAGE": configuration.imageName ?? ""])
            } catch {
                throw PipelineError.hookFailed(stage: stage, command: command, status: 127, output: error.description)
            }
            let text = output.standardOutput + output.standardError
            if !text.isEmpty { events(.note("\(stage) `\(command)`:\n\(text.trimmingCharacters(in: .newlines))")) }
            guard output.succeeded else { throw PipelineError.hookFailed(stage: stage, command: command, status: output.status, output: text) }
        }
    }

    /// What `build PATH --out DIR` wrote.
    public struct WrittenContext: Sendable {
        public var directory: String
        /// Only `.nixpacks/` was written (DIR is the app, as `nixpacks build . --out .`).
        public var nixpacksDirectoryOnly: Bool
        /// The docker command that builds it (also in `.nixpacks/build.sh`).
        public var command: [String]
        public var service: PreparedService
    }

    /// The marker of a directory nixpacks-ci wrote a whole context into (it may be replaced).
    static let contextMarker = ".nixpacks/nixpacks-ci-context"

    /// Writes the app's build context to `out` instead of building. Nothing of the user's is
    /// written, moved or deleted:
    ///
    /// - `out` is the app directory: only `.nixpacks/` is written there, as Nixpacks does (refused
    ///   when the context needs files from outside the app, or `.nixpacks/` holds tracked files);
    /// - `out` is elsewhere inside the repository (inside the app, at the root, or above the
    ///   app): refused, since those files would become changes and part of contexts;
    /// - `out` is outside: it must be new, empty, or a context written here before.
    public func writeContext(to out: String) throws -> WrittenContext {
        guard case let .app(path) = configuration.target else { throw PipelineError.outDirectory(path: out, problem: "--out needs an app directory") }
        try runHooks(configuration.preBuildCommands, in: path, stage: "pre-build")
        let (service, selection) = try prepareApp()
        let app = service.request.appDirectory.path
        let target = Self.resolve(out)
        let repositoryRoot = selection.source.workTree
        let command = Self.dockerCommand(service, directory: target)
        if target == app {
            let outside = service.context.files.filter { $0.path.hasPrefix(".nixpacks/local/") }
            guard outside.isEmpty else {
                throw PipelineError.outDirectory(path: out, problem: "\(service.node.name)'s build context also holds files from outside the app "
                    + "(its local dependencies), which cannot be written into the app. Pass --out with a new directory outside the repository.")
            }
            if selection.source.hasTrackedFiles(under: Self.join(selection.source, service, ".nixpacks")) {
                throw PipelineError.outDirectory(path: out, problem: "the app's .nixpacks/ holds files of the repository; nixpacks-ci will not overwrite them. "
                    + "Pass --out with a new directory outside the repository.")
            }
            for file in service.context.files where file.path.hasPrefix(".nixpacks/") && file.path != BuildContext.ignoreFilePath {
                guard case let .generated(bytes) = file.content else { continue }
                let destination = app + "/" + file.path
                try FileOperations.createDirectory(String(destination[..<destination.lastIndex(of: "/")!]))
                try FileOperations.write(bytes, to: destination, mode: file.kind == .executable ? 0o755 : 0o644)
            }
            try FileOperations.write(Self.script(command), to: app + "/.nixpacks/build.sh", mode: 0o755)
            return WrittenContext(directory: app, nixpacksDirectoryOnly: true, command: command, service: service)
        }
        if Self.isInside(target, repositoryRoot) || Self.isInside(repositoryRoot, target) {
            let place = target == repositoryRoot ? "is the repository's root" : Self.isInside(target, app) ? "is inside the app"
                : Self.isInside(app, target) ? "holds the app" : "is inside the repository"
            throw PipelineError.outDirectory(path: out, problem: "it \(place) (\(repositoryRoot)); files written there would become part of the "
                + "repository and of build contexts. Pass a new directory outside the repository, or the app directory itself to write only .nixpacks/ there.")
        }
        switch FileOperations.kind(target) {
        case nil: break
        case .directory:
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
            if !entries.isEmpty {
                guard FileOperations.kind(target + "/" + Self.contextMarker) != nil else {
                    throw PipelineError.outDirectory(path: out, problem: "it is not empty and nixpacks-ci did not write it; pass a new or empty directory.")
                }
                try FileOperations.removeTree(target)
            }
        default:
            throw PipelineError.outDirectory(path: out, problem: "it is a file, not a directory.")
        }
        let marked = try BuildContext(files: service.context.files + [
            .generated(Self.contextMarker, "written by nixpacks-ci \(service.key.hex)\n"),
            .generated(".nixpacks/build.sh", Self.script(command), executable: true),
        ])
        do {
            if FileOperations.kind(target) == nil { try FileOperations.createDirectory(target) }
            try ContextWriter().write(marked, to: target)
        } catch {
            throw PipelineError.outDirectory(path: out, problem: "\(error)")
        }
        return WrittenContext(directory: target, nixpacksDirectoryOnly: false, command: command, service: service)
    }

    private static func join(_ source: SourceSnapshot, _ service: PreparedService, _ name: String) -> String {
        let app = service.request.appDirectory.path
        let relative = app == source.workTree ? "" : String(app.dropFirst(source.workTree.count + 1))
        return relative.isEmpty ? name : relative + "/" + name
    }

    /// `out` as an absolute path, symlinks of its existing part resolved.
    static func resolve(_ out: String) -> String {
        let absolute = URL(fileURLWithPath: out).standardizedFileURL.path
        if let real = FileOperations.realPath(absolute) { return real }
        var existing = absolute
        var rest: [String] = []
        while !existing.isEmpty, existing != "/", FileOperations.realPath(existing) == nil {
            rest.insert(String(existing[existing.index(after: existing.lastIndex(of: "/")!)...]), at: 0)
            existing = String(existing[..<existing.lastIndex(of: "/")!])
        }
        let base = FileOperations.realPath(existing.isEmpty ? "/" : existing) ?? existing
        return ([base == "/" ? "" : base] + rest).joined(separator: "/")
    }

    static func isInside(_ path: String, _ directory: String) -> Bool {
        path == directory || path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    static func dockerCommand(_ service: PreparedService, directory: String) -> [String] {
        var command = ["docker", "build", directory, "-f", directory + "/" + BuildContext.dockerfilePath, "-t", service.request.imageName]
        for (key, value) in service.request.buildArguments.sorted(by: { $0.key < $1.key }) { command += ["--build-arg", "\(key)=\(value)"] }
        for secret in service.request.secrets { command += ["--secret", "id=\(secret),src=<file holding \(secret)>"] }
        return command
    }

    static func script(_ command: [String]) -> String {
        "#!/bin/sh\n# Written by nixpacks-ci: builds this context with BuildKit.\nDOCKER_BUILDKIT=1 exec "
            + command.map(ShellQuoting.quote).joined(separator: " ") + "\n"
    }
}

/// Image names from directory names: lower case, [a-z0-9._-].
public enum ImageName {
    public static func fromDirectory(_ name: String) -> String {
        let cleaned = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
        let trimmed = cleaned.drop { $0 == "." || $0 == "-" || $0 == "_" }
        return trimmed.isEmpty ? "app" : String(trimmed)
    }
}

/// POSIX shell quoting for the scripts nixpacks-ci writes (never for commands it runs).
enum ShellQuoting {
    static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:@,+".contains($0)) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
