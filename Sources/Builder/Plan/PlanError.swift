/// Errors of planning: each names the file (and line) where it can, and says what to do.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The phases on a cycle, and the config file (with the line of the first) when it defines phases.
    case circularDependency([String], file: String? = nil, line: Int? = nil)
    case invalidFile(file: String, line: Int?, message: String)
    case configFileMissing(String)
    case unknownConfigFileType(String)
    /// A provider name that is none, and where it was named (`nixpacks.toml:3`, `--json-plan`).
    case unknownProvider(String, file: String? = nil, line: Int? = nil)
    case invalidJSONPlan(String)
    case providerFailed(provider: String, message: String)

    /// `nixpacks.toml:3: `, `nixpacks.toml: ` or nothing.
    private static func place(_ file: String?, _ line: Int?) -> String {
        guard let file else { return "" }
        return (line.map { "\(file):\($0)" } ?? file) + ": "
    }

    public var description: String {
        switch self {
        case let .circularDependency(phases, file, line):
            return "\(Self.place(file, line))Circular dependency detected among the phases \(phases.joined(separator: ", ")); check their dependsOn."
        case let .invalidFile(file, line, message):
            return "\(line.map { "\(file):\($0)" } ?? file): \(message)"
        case let .configFileMissing(path):
            return "Config file \(path) does not exist (it is read relative to the app directory)."
        case let .unknownConfigFileType(path):
            return "Unknown file type of config file \(path): use a .toml or .json file."
        case let .unknownProvider(name, file, line):
            return "\(Self.place(file, line))Provider \(name) not found. Known providers: \(ProviderName.allCases.map(\.rawValue).joined(separator: ", "))."
        case let .invalidJSONPlan(message):
            return "--json-plan is not a valid plan: \(message)"
        case let .providerFailed(provider, message):
            return "\(provider): \(message)"
        }
    }
}
