import Foundation

/// The variables a plan is made with: those given with `--env` (Nixpacks does not read its own
/// process environment for them), plus a config file's `[variables]` for providers.
public struct PlanEnvironment: Sendable, Hashable {
    public var variables: [String: String]

    public init(variables: [String: String] = [:]) {
        self.variables = variables
    }

    /// Parses `--env` arguments: `K=V`, or `K` (or `K=`) to copy K from `host`.
    public init(arguments: [String], host: [String: String] = ProcessInfo.processInfo.environment) {
        var variables: [String: String] = [:]
        for argument in arguments {
            if let equals = argument.firstIndex(of: "=") {
                let key = String(argument[..<equals])
                let value = String(argument[argument.index(after: equals)...])
                variables[key] = value.isEmpty ? host[key] ?? "" : value
            } else {
                variables[argument] = host[argument] ?? ""
            }
        }
        self.variables = variables
    }

    public func variable(_ name: String) -> String? { variables[name] }

    /// `get_config_variable("X")`: `NIXPACKS_X` with every newline removed.
    public func config(_ name: String) -> String? {
        variables["NIXPACKS_" + name].map { $0.replacingOccurrences(of: "\n", with: "") }
    }

    /// `1` or `true`.
    public func isConfigTruthy(_ name: String) -> Bool {
        guard let value = config(name) else { return false }
        return value == "1" || value == "true"
    }
}
