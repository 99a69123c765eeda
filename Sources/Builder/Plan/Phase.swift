/// One build step of a plan (spec §1.1). `nil` fields are absent; an empty list is written as `[]`.
public struct Phase: Sendable, Hashable {
    public var name: String?
    public var dependsOn: [String]?
    public var nixPkgs: [String]?
    public var nixLibs: [String]?
    public var nixOverlays: [String]?
    public var nixpkgsArchive: String?
    public var aptPkgs: [String]?
    public var cmds: [String]?
    public var onlyIncludeFiles: [String]?
    public var cacheDirectories: [String]?
    public var paths: [String]?

    public init(name: String? = nil) {
        self.name = name
    }

    /// `Phase::setup(pkgs)`: no dependsOn; overlays from the packages (`[]` when none).
    public static func setup(_ packages: [NixPackage]) -> Phase {
        var phase = Phase(name: "setup")
        phase.nixPkgs = packages.map(\.expression)
        phase.nixOverlays = packages.compactMap(\.overlay).uniqued()
        return phase
    }

    /// `Phase::install(cmd)`: depends on setup.
    public static func install(_ command: String?) -> Phase {
        var phase = Phase(name: "install")
        phase.dependsOn = ["setup"]
        phase.cmds = command.map { [$0] }
        return phase
    }

    /// `Phase::build(cmd)`: depends on install.
    public static func build(_ command: String?) -> Phase {
        var phase = Phase(name: "build")
        phase.dependsOn = ["install"]
        phase.cmds = command.map { [$0] }
        return phase
    }

    /// Whether the phase installs anything with Nix.
    public var usesNix: Bool { !(nixPkgs ?? []).isEmpty || !(nixLibs ?? []).isEmpty }

    public mutating func addCmd(_ command: String) { cmds = (cmds ?? []) + [command] }
    public mutating func addNixPkgs(_ packages: [NixPackage]) {
        nixPkgs = (nixPkgs ?? []) + packages.map(\.expression)
        let overlays = packages.compactMap(\.overlay)
        if !overlays.isEmpty { nixOverlays = ((nixOverlays ?? []) + overlays).uniqued() }
    }
    public mutating func addNixLibs(_ libraries: [String]) { nixLibs = (nixLibs ?? []) + libraries }
    public mutating func addAptPkgs(_ packages: [String]) { aptPkgs = (aptPkgs ?? []) + packages }
    public mutating func addPath(_ path: String) { paths = (paths ?? []) + [path] }
    public mutating func dependOn(_ name: String) { dependsOn = (dependsOn ?? []) + [name] }

    /// `add_cache_directory`: provider lists are sorted and de-duplicated.
    public mutating func addCacheDirectory(_ directory: String) {
        cacheDirectories = Array(Set((cacheDirectories ?? []) + [directory])).sorted()
    }

    public mutating func addFileDependency(_ file: String) {
        onlyIncludeFiles = (onlyIncludeFiles ?? []) + [file]
    }
}

/// A Nix package: an attribute name or expression, with the overlay that provides it, if any.
public struct NixPackage: Sendable, Hashable {
    public var expression: String
    public var overlay: String?

    public init(_ expression: String, overlay: String? = nil) {
        self.expression = expression
        self.overlay = overlay
    }

    /// `(name.override { a = x; b = y; })`. Nixpacks writes the overrides in hash-map order; they
    /// are sorted by name here so the expression, and so the cache key, is the same on every run.
    public static func overriding(_ name: String, _ overrides: [String: String]) -> NixPackage {
        let assignments = overrides.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value);" }.joined(separator: " ")
        return NixPackage("(\(name).override { \(assignments) })")
    }
}

extension Array where Element: Hashable {
    /// The elements in order, without repeats.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
