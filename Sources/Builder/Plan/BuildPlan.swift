/// A Nixpacks build plan (spec §1.1): what a provider, a config file, the environment and the CLI
/// say about how to build an app. `nil` means "not said", which matters when plans merge.
public struct BuildPlan: Sendable, Hashable {
    public var providers: [String]?
    public var buildImage: String?
    public var variables: [String: String]?
    public var staticAssets: [String: String]?
    public var phases: [String: Phase]?
    public var start: StartPhase?

    public init(providers: [String]? = nil, buildImage: String? = nil, variables: [String: String]? = nil,
                staticAssets: [String: String]? = nil, phases: [Phase]? = nil, start: StartPhase? = nil) {
        self.providers = providers
        self.buildImage = buildImage
        self.variables = variables
        self.staticAssets = staticAssets
        self.phases = phases.map { list in
            Dictionary(list.map { ($0.name ?? "", $0) }, uniquingKeysWith: { _, last in last })
        }
        self.start = start
    }

    public mutating func addPhase(_ phase: Phase) {
        phases = phases ?? [:]
        phases![phase.name ?? ""] = phase
    }

    public mutating func addVariables(_ values: [String: String]) {
        variables = (variables ?? [:]).merging(values) { _, new in new }
    }

    public mutating func addStaticAssets(_ assets: [String: String]) {
        staticAssets = (staticAssets ?? [:]).merging(assets) { _, new in new }
    }

    public func phase(_ name: String) -> Phase? { phases?[name] }

    /// The phase count that `build` checks: a plan with only a start command has none.
    public var phaseCount: Int { phases?.count ?? 0 }
}
