/// Why a service is affected.
public struct AffectReason: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Files in its directory (or its extra inputs) changed.
        case changed
        /// Something it depends on is affected.
        case dependency
        /// A global trigger file changed.
        case global
        /// The base could not be found and --on-missing-base=all is set.
        case missingBase = "missing-base"
        /// `--since auto` chose to check every service (scheduled, manual or tag runs).
        case everything
        /// Its slice of a workspace lockfile changed (the packages it resolves to).
        case lockfile
    }

    public var kind: Kind
    /// For `changed` and `global`: the first few paths (relative to the monorepo root).
    public var paths: [String]?
    /// For `changed`: how many paths in all.
    public var count: Int?
    /// For `dependency`: the direct dependency through which the change arrives.
    public var dependency: String?
    /// A sentence for people.
    public var summary: String
}

public struct AffectedService: Sendable, Hashable, Codable {
    public var name: String
    public var path: String
    public var provider: String?
    public var reasons: [AffectReason]
}

public struct RemovedService: Sendable, Hashable, Codable {
    public var name: String
    public var path: String
    /// The deleted file that marked the directory as a service.
    public var marker: String
}

/// The answer of `nixpacks-ci affected`: a stable JSON shape (docs/json-output.md).
public struct AffectedReport: Sendable, Hashable, Codable {
    public static let schemaVersion = 1
    public var schemaVersion = AffectedReport.schemaVersion
    public var base: BaseResolution
    /// Affected services, dependencies before dependents.
    public var affected: [AffectedService]
    /// Affected libraries and workspace roots (never built), by name.
    public var affectedLibraries: [String]
    public var removed: [RemovedService]
    public var changedPathCount: Int
    /// Changed paths matched by `changes.ignore`.
    public var ignoredPathCount: Int
    /// Changed paths that belong to no service or library (first 20).
    public var unownedPaths: [String]
    public var unownedPathCount: Int
}
