/// The planning flags shared by `detect`, `plan` and `build` (spec §2.3).
public struct PlanOptions: Sendable, Hashable {
    public var environment: PlanEnvironment
    public var pkgs: [String] = []
    public var apt: [String] = []
    public var libs: [String] = []
    public var installCmd: String?
    public var buildCmd: String?
    public var startCmd: String?
    /// A config file path relative to the app (`--config`).
    public var configFile: String?
    /// A whole plan as JSON (`--json-plan`).
    public var jsonPlan: String?

    public init(environment: PlanEnvironment = PlanEnvironment()) {
        self.environment = environment
    }
}
