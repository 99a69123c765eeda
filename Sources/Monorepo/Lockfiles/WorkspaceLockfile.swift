import Documents

/// One resolved external package of a lockfile: what a member's slice of the lockfile holds.
public struct LockedPackage: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var name: String
    public var version: String
    /// What the lockfile records for the artefact (integrity, checksum or resolution): it changes
    /// when the package does, even at the same version.
    public var integrity: String

    public init(name: String, version: String, integrity: String) {
        self.name = name
        self.version = version
        self.integrity = integrity
    }

    public var description: String { "\(name) \(version)" }
    public static func < (a: LockedPackage, b: LockedPackage) -> Bool { (a.name, a.version, a.integrity) < (b.name, b.version, b.integrity) }
}

/// A workspace lockfile, parsed: which external packages some members need, and the lockfile
/// pruned to them (what a member's build context holds, and what its key covers).
///
/// Importers are member directories relative to the workspace root; "" is the root, whose own
/// dependencies every install of the workspace gets, so it is always included.
public protocol WorkspaceLockfile: Sendable {
    /// The external packages these importers need, transitively.
    func closure(of importers: [String]) -> Set<LockedPackage>
    /// The lockfile's text with only what these importers need.
    func pruned(to importers: [String]) -> String
}

/// A lockfile that cannot be read as its kind.
public struct LockfileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(line.map { "\(file):\($0)" } ?? file): \(message)" }
}

public enum Lockfiles {
    /// Parses a workspace's lockfile.
    /// - Parameters:
    ///   - file: its name in messages (`apps/package-lock.json`).
    ///   - manifests: each importer's manifest (package.json, Cargo.toml, pyproject.toml), by
    ///     directory relative to the workspace root: Yarn 1's lockfile does not list the workspace's
    ///     own packages, Cargo's and uv's name them by package name.
    public static func parse(_ text: String, file: String, manager: PackageWorkspace.Manager,
                             manifests: [String: DocumentValue]) throws(LockfileError) -> any WorkspaceLockfile {
        switch manager {
        case .npm: return try NpmLockfile(text: text, file: file)
        case .yarn: return try YarnLockfile(text: text, file: file, manifests: manifests)
        case .yarnBerry: return try BerryLockfile(text: text, file: file)
        case .pnpm: return try PnpmLockfile(text: text, file: file)
        case .bun: return try BunLockfile(text: text, file: file)
        case .cargo: return try CargoLockfile(text: text, file: file, manifests: manifests)
        case .uv: return try UvLockfile(text: text, file: file, manifests: manifests)
        case .go: throw LockfileError(file: file, message: "a go.work has no lockfile of its own (each module's go.sum is in its directory)")
        }
    }

    /// The packages whose resolution differs between two closures, as `name a → b` (or added,
    /// removed), sorted by name: the reasons `affected` gives for a lockfile-only change.
    public static func differences(_ old: Set<LockedPackage>, _ new: Set<LockedPackage>) -> [String] {
        let removed = old.subtracting(new)
        let added = new.subtracting(old)
        var byName: [String: (old: [LockedPackage], new: [LockedPackage])] = [:]
        for package in removed { byName[package.name, default: ([], [])].old.append(package) }
        for package in added { byName[package.name, default: ([], [])].new.append(package) }
        return byName.keys.sorted().map { name in
            let (before, after) = byName[name]!
            let from = before.map(\.version).sorted().joined(separator: ", ")
            let to = after.map(\.version).sorted().joined(separator: ", ")
            switch (before.isEmpty, after.isEmpty) {
            case (true, _): return "\(name) \(to) added"
            case (_, true): return "\(name) \(from) removed"
            default: return from == to ? "\(name) \(to) re-resolved (integrity changed)" : "\(name) \(from) → \(to)"
            }
        }
    }
}
