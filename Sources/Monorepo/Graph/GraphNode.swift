/// A node of the dependency graph: a service (built as an image), a library (never built), or a
/// workspace root (its files, such as a shared lockfile, affect its members).
public struct GraphNode: Sendable, Hashable, Codable, Comparable {
    public enum Kind: String, Sendable, Codable {
        case service, library, workspace
    }

    /// Where the node came from.
    public enum Origin: String, Sendable, Codable {
        /// Found by its files (zero configuration).
        case discovered
        /// Named in nixpacks-ci.toml.
        case configured
        /// Referenced as a local dependency by another node.
        case inferred
    }

    public var name: String
    /// Directory relative to the monorepo root; "" is the root itself.
    public var path: String
    public var kind: Kind
    /// The provider that detected it (`node`, `python`, ...), when one did.
    public var provider: String?
    /// Image name, for services; default: the service name.
    public var image: String?
    /// Extra globs whose changes affect this node.
    public var inputs: [String]
    public var origin: Origin
    /// Why the node is of its kind, where that is not plain (`services` shows it): a workspace
    /// member that is a library because others depend on it and it starts nothing.
    public var kindReason: String?

    public init(name: String, path: String, kind: Kind, provider: String?, image: String? = nil,
                inputs: [String] = [], origin: Origin, kindReason: String? = nil) {
        self.name = name
        self.path = path
        self.kind = kind
        self.provider = provider
        self.image = image
        self.inputs = inputs
        self.origin = origin
        self.kindReason = kindReason
    }

    public static func < (a: GraphNode, b: GraphNode) -> Bool { a.name < b.name }
}
