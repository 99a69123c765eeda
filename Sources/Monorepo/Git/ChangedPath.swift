/// One path that differs between the base and what is being built.
public struct ChangedPath: Sendable, Hashable, Codable, Comparable {
    public enum Kind: String, Sendable, Codable {
        case added, modified, deleted, typeChanged
    }
    /// Where the change was seen.
    public enum Origin: String, Sendable, Codable {
        /// Committed between the merge-base and HEAD.
        case committed
        /// Staged, unstaged or untracked in the working tree.
        case workingTree
    }

    /// Repository-relative path with `/` separators.
    public var path: String
    public var kind: Kind
    public var origin: Origin

    public init(path: String, kind: Kind, origin: Origin) {
        self.path = path
        self.kind = kind
        self.origin = origin
    }

    public static func < (a: ChangedPath, b: ChangedPath) -> Bool {
        (a.path, a.origin.rawValue) < (b.path, b.origin.rawValue)
    }
}

extension [ChangedPath] {
    /// The changes inside `prefix` (a directory of the repository, "" for all), with paths relative to it.
    func relative(to prefix: String) -> [ChangedPath] {
        compactMap { change in
            guard RelativePath.isInside(change.path, prefix) else { return nil }
            var relative = change
            relative.path = prefix.isEmpty ? change.path : String(change.path.dropFirst(prefix.count + 1))
            return relative
        }
    }
}
