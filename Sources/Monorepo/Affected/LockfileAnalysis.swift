import Documents

/// A change to a workspace's lockfile, member by member: a member is affected when its resolved
/// closure (the external packages it and its workspace dependencies need) differs between the
/// base and what is being built, and the reason names the packages that changed
/// (`package-lock.json: left-pad 1.3.0 → 1.3.1`). A lockfile that cannot be parsed on either side
/// counts as a change to every member, and the reason says so.
public struct LockfileAnalysis {
    /// Reads a file (relative to the monorepo root) as it was at the base, and as it is now.
    public struct Sides {
        public var base: (String) -> String?
        public var head: (String) -> String?

        public init(base: @escaping (String) -> String?, head: @escaping (String) -> String?) {
            self.base = base
            self.head = head
        }
    }

    let graph: ServiceGraph
    let sides: Sides

    /// The lockfile paths (relative to the monorepo root) among `changed` that this analysis
    /// takes, and the reasons for the members it finds affected, by member directory.
    func analyse(changed: Set<String>) -> (handled: Set<String>, reasons: [String: AffectReason]) {
        var handled: Set<String> = []
        var reasons: [String: AffectReason] = [:]
        for workspace in graph.workspaces {
            guard let lockfile = workspace.lockfile else { continue }
            let path = workspace.directory.isEmpty ? lockfile : workspace.directory + "/" + lockfile
            guard changed.contains(path) else { continue }
            handled.insert(path)
            let old = parse(workspace, path, side: sides.base)
            let new = parse(workspace, path, side: sides.head)
            for member in workspace.members {
                let importers = workspace.closure(of: member.directory).map { workspace.relative($0.directory) }
                let summary: String
                switch (old, new) {
                case let (.success(before), .success(after)):
                    let differences = Lockfiles.differences(before.closure(of: importers), after.closure(of: importers))
                    guard !differences.isEmpty else { continue }
                    summary = "\(path): " + differences.prefix(5).joined(separator: ", ") + (differences.count > 5 ? ", and \(differences.count - 5) more" : "")
                case (.failure(.missing), .success):
                    summary = "\(path) is new: every member counts as changed"
                case (_, .failure(.missing)):
                    summary = "\(path) was removed: every member counts as changed"
                case let (.failure(.unreadable(message)), _), let (_, .failure(.unreadable(message))):
                    summary = "\(path) could not be parsed (\(message)): every member counts as changed"
                }
                reasons[member.directory] = AffectReason(kind: .lockfile, paths: [path], count: 1, summary: summary)
            }
        }
        return (handled, reasons)
    }

    enum Failure: Error {
        case missing
        case unreadable(String)
    }

    private func parse(_ workspace: PackageWorkspace, _ path: String, side: (String) -> String?) -> Result<any WorkspaceLockfile, Failure> {
        guard let text = side(path) else { return .failure(.missing) }
        var manifests: [String: DocumentValue] = [:]
        let format: Document.Format = workspace.manager.isJavaScript ? .json : .toml
        for directory in [workspace.directory] + workspace.members.map(\.directory) {
            let name = directory == workspace.directory ? workspace.manager.rootManifest : workspace.manager.memberManifest
            let file = directory.isEmpty ? name : directory + "/" + name
            if format == .toml || workspace.manager.isJavaScript,
               let manifest = side(file).flatMap({ try? Document(file: file, text: $0, format: format).root }) {
                manifests[workspace.relative(directory)] = manifest
            }
        }
        do {
            return .success(try Lockfiles.parse(text, file: path, manager: workspace.manager, manifests: manifests))
        } catch {
            return .failure(.unreadable(error.message))
        }
    }
}
