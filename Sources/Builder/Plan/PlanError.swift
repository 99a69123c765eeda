/// Errors of planning: each names the file (and line) where it can, and says what to do.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case circularDependency([String])
    case invalidFile(file: String, line: Int?, message: String)
    case configFileMissing(String)
    case unknownConfigFileType(String)
    case unknownProvider(String)
    case invalidJSONPlan(String)
    case providerFailed(provider: String, message: String)

    public var description: String {
        switch self {
        case let .circularDependency(phases):
            return "Circular dependency detected among the phases \(phases.joined(separator: ", ")); check their dependsOn."
        case let .invalidFile(file, line, message):
            return "\(line.map { "\(file):\($0)" } ?? file): \(message)"
        case let .configFileMissing(path):
            return "Config file \(path) does not exist (it is read relative to the app directory)."
        case let .unknownConfigFileType(path):
            return "Unknown file type of config file \(path): use a .toml or .json file."
        case let .unknownProvider(name):
            return "Provider \(name) not found. Known providers: \(ProviderName.allCases.map(\.rawValue).joined(separator: ", "))."
        case let .invalidJSONPlan(message):
            return "--json-plan is not a valid plan: \(message)"
        case let .providerFailed(provider, message):
            return "\(provider): \(message)"
        }
    }
}
