/// `from` depends on `to`: a change to `to` affects `from`.
public struct GraphEdge: Sendable, Hashable, Codable, Comparable {
    public enum Source: String, Sendable, Codable {
        /// `dependsOn` in nixpacks-ci.toml.
        case declared
        /// Read from the ecosystem's own files.
        case inferred
    }

    public var from: String
    public var to: String
    public var source: Source
    /// What implies the edge, e.g. `package.json: "greeting": "workspace:*"`.
    public var reason: String

    public init(from: String, to: String, source: Source, reason: String) {
        self.from = from
        self.to = to
        self.source = source
        self.reason = reason
    }

    public static func < (a: GraphEdge, b: GraphEdge) -> Bool {
        (a.from, a.to, a.source.rawValue, a.reason) < (b.from, b.to, b.source.rawValue, b.reason)
    }
}

/// An edge found by an ecosystem inferrer, between directories (relative to the monorepo root).
struct InferredLink: Hashable {
    /// The directory of the dependent.
    var from: String
    /// The directory depended on.
    var to: String
    var reason: String
}

/// Inputs shared by the ecosystem inferrers.
struct InferenceContext {
    let listing: FileListing
    let reader: ManifestReader
    /// Directories that are graph nodes.
    let nodePaths: Set<String>

    func path(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory + "/" + name
    }

    /// Directories (sorted) holding a file named `name` (see `FileListing.directories(containing:)`).
    func directories(containing name: String) -> [String] {
        listing.directories(containing: name)
    }

    /// Resolves a local path reference made from `directory`; nil when it leaves the monorepo root.
    func resolve(_ reference: String, from directory: String) -> String? {
        var reference = reference
        for prefix in ["file://", "file:", "link:", "portal:"] where reference.hasPrefix(prefix) {
            reference.removeFirst(prefix.count)
        }
        let resolved = RelativePath.join(directory, reference)
        return resolved.hasPrefix("..") ? nil : resolved
    }
}
