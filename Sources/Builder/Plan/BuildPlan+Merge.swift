/// Plan merging (spec §1.3): `merge(c1, c2)` where c2 has the higher priority.
extension BuildPlan {
    /// The `"..."` / `"@auto"` splice: each marker in `replacer` is followed by all of `original`.
    /// A replacer without a marker replaces `original`; no replacer keeps it.
    public static func fillAuto(_ original: [String]?, _ replacer: [String]?) -> [String]? {
        guard let replacer else { return original }
        var result: [String] = []
        for item in replacer {
            result.append(item)
            if item == "..." || item == "@auto" { result += original ?? [] }
        }
        return result
    }

    public static func merge(_ c1: BuildPlan, _ c2: BuildPlan) -> BuildPlan {
        var plan = c1
        plan.providers = fillAuto(c1.providers, c2.providers)
        plan.buildImage = c2.buildImage ?? c1.buildImage
        plan.staticAssets = mergeMaps(c1.staticAssets, c2.staticAssets)
        plan.variables = mergeMaps(c1.variables, c2.variables)
        if plan.phases == nil {
            plan.phases = c2.phases
        } else {
            for (name, higher) in (c2.phases ?? [:]).sorted(by: { $0.key < $1.key }) {
                var lower = plan.phases?.removeValue(forKey: name) ?? Phase(name: name)
                if c1.phases?[name] == nil {
                    if name == "install" { lower.dependsOn = ["setup"] } else if name == "build" { lower.dependsOn = ["install"] }
                }
                plan.phases![name] = Phase.merge(lower, higher)
            }
        }
        switch (c1.start, c2.start) {
        case let (nil, start), let (start, nil): plan.start = start
        case let (.some(lower), .some(higher)):
            plan.start = StartPhase(cmd: higher.cmd ?? lower.cmd, runImage: higher.runImage ?? lower.runImage,
                                    onlyIncludeFiles: fillAuto(lower.onlyIncludeFiles, higher.onlyIncludeFiles),
                                    user: higher.user ?? lower.user)
        }
        plan.resolvePhaseNames()
        return plan
    }

    /// A left fold from the empty plan: later plans win.
    public static func mergeAll(_ plans: [BuildPlan]) -> BuildPlan {
        plans.reduce(BuildPlan()) { merge($0, $1) }
    }

    /// Gives every phase its key as name; makes `phases` present (`get_or_insert`).
    public mutating func resolvePhaseNames() {
        var resolved = phases ?? [:]
        for key in resolved.keys { resolved[key]!.name = key }
        phases = resolved
    }

    private static func mergeMaps(_ a: [String: String]?, _ b: [String: String]?) -> [String: String]? {
        switch (a, b) {
        case let (nil, value), let (value, nil): return value
        case let (.some(lower), .some(higher)): return lower.merging(higher) { _, new in new }
        }
    }
}

extension Phase {
    static func merge(_ c1: Phase, _ c2: Phase) -> Phase {
        var phase = c1
        phase.nixpkgsArchive = c2.nixpkgsArchive ?? c1.nixpkgsArchive
        phase.cmds = BuildPlan.fillAuto(c1.cmds, c2.cmds)
        phase.dependsOn = BuildPlan.fillAuto(c1.dependsOn, c2.dependsOn)
        phase.nixPkgs = BuildPlan.fillAuto(c1.nixPkgs, c2.nixPkgs)
        phase.nixLibs = BuildPlan.fillAuto(c1.nixLibs, c2.nixLibs)
        phase.aptPkgs = BuildPlan.fillAuto(c1.aptPkgs, c2.aptPkgs)
        phase.nixOverlays = BuildPlan.fillAuto(c1.nixOverlays, c2.nixOverlays)
        phase.onlyIncludeFiles = BuildPlan.fillAuto(c1.onlyIncludeFiles, c2.onlyIncludeFiles)
        phase.cacheDirectories = BuildPlan.fillAuto(c1.cacheDirectories, c2.cacheDirectories)
        phase.paths = BuildPlan.fillAuto(c1.paths, c2.paths)
        return phase
    }
}
