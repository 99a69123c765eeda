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
