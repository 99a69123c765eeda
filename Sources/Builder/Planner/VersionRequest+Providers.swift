import Foundation

/// The version requests of each provider, read from the same places as its plan reads them.
extension Provider {
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] { [] }
}

extension NodeProject {
    /// The Node version asked for, with where (the order of `requestedVersion`).
    func versionRequest(_ environment: PlanEnvironment) -> VersionRequest? {
        guard let text = requestedVersion(environment)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text != "*" else { return nil }
        let source: String
        if environment.config("NODE_VERSION") != nil {
            source = "NIXPACKS_NODE_VERSION"
        } else if manifest[path: ["engines", "node"]]?.string != nil {
            source = "package.json engines.node"
        } else {
            source = [".nvmrc", ".node-version"].first(where: app.includesFile) ?? "package.json"
        }
        return VersionRequest(tool: .node, text: text, source: source, meaning: .range)
    }
}

extension NodeProvider {
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] {
        guard app.includesFile("package.json") else { return [] }
        return [try NodeProject(app: app, requireManifest: false).versionRequest(environment)].compactMap { $0 }
    }
}

extension PythonProvider {
    /// Python's version, and Poetry's, PDM's and uv's where the app names one (NIXPACKS_POETRY_VERSION,
    /// `.tool-versions`): without one, the plan's version is Nixpacks' default.
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] {
        var result: [VersionRequest] = []
        if let (text, source) = try Self.requestedVersion(app, environment), Self.parseVersion(text).map({ !$0.1.isEmpty }) ?? false {
            result.append(VersionRequest(tool: .python, text: text, source: source, meaning: .sameRelease))
        }
        let toolVersions = app.readIfPresent(".tool-versions")
        for (tool, variable) in [(VersionRequest.Tool.poetry, "POETRY_VERSION"), (.pdm, "PDM_VERSION"), (.uv, "UV_VERSION")] {
            if let version = environment.config(variable) {
                result.append(VersionRequest(tool: tool, text: version, source: "NIXPACKS_\(variable)", meaning: .sameRelease))
            } else if tool != .pdm, let version = Self.toolVersion(tool.rawValue, toolVersions) {
                result.append(VersionRequest(tool: tool, text: version, source: ".tool-versions", meaning: .sameRelease))
            }
        }
        return result
    }
}

extension GoProvider {
    /// go.mod's `go` directive is the oldest Go that builds the module.
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] {
        guard let directive = try Self.goDirective(app) else { return [] }
        return [VersionRequest(tool: .go, text: directive, source: "go.mod", meaning: .minimum)]
    }
}

extension RustProvider {
    /// NIXPACKS_RUST_VERSION, the toolchain file's channel, or `package.rust-version`: each read as
    /// the oldest Rust that builds the crate (Rust keeps stable code building).
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] {
        if let version = environment.config("RUST_VERSION") {
            return [VersionRequest(tool: .rust, text: version, source: "NIXPACKS_RUST_VERSION", meaning: .minimum)]
        }
        if let file = ["rust-toolchain", "rust-toolchain.toml"].first(where: app.includesFile) {
            let text = try app.readFile(file)
            var channel = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let document = try? app.toml(file), let value = document[path: ["toolchain", "channel"]]?.string { channel = value }
            if channel == "stable" || channel.isEmpty { return [] }
            return [VersionRequest(tool: .rust, text: channel, source: file, meaning: .minimum)]
        }
        if let version = try app.toml("Cargo.toml")[path: ["package", "rust-version"]]?.string {
            return [VersionRequest(tool: .rust, text: version, source: "Cargo.toml package.rust-version", meaning: .minimum)]
        }
        return []
    }
}

extension PHPProvider {
    /// composer.json's `require.php` (a range), or NIXPACKS_PHP_VERSION; and Node's, for the assets.
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] {
        var result: [VersionRequest] = []
        if let version = environment.config("PHP_VERSION") {
            result.append(VersionRequest(tool: .php, text: version, source: "NIXPACKS_PHP_VERSION", meaning: .sameRelease))
        } else if app.includesFile("composer.json"), let constraint = (try? app.json("composer.json"))?[path: ["require", "php"]]?.string {
            result.append(VersionRequest(tool: .php, text: constraint, source: "composer.json require.php", meaning: .range))
        }
        if app.includesFile("package.json"), let node = try NodeProject(app: app, requireManifest: false).versionRequest(environment) {
            result.append(node)
        }
        return result
    }
}

extension JavaProvider {
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] {
        guard let version = environment.config("JDK_VERSION") else { return [] }
        return [VersionRequest(tool: .java, text: version, source: "NIXPACKS_JDK_VERSION", meaning: .sameRelease)]
    }
}

extension ElixirProvider {
    /// NIXPACKS_ELIXIR_VERSION, `.elixir-version`, or mix.exs's `elixir: "~> 1.15"` (the order of `package`).
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest] {
        if let version = environment.config("ELIXIR_VERSION") {
            return [VersionRequest(tool: .elixir, text: version, source: "NIXPACKS_ELIXIR_VERSION", meaning: .sameRelease)]
        }
        if app.includesFile(".elixir-version") {
            let text = try app.readFile(".elixir-version").trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? [] : [VersionRequest(tool: .elixir, text: text, source: ".elixir-version", meaning: .sameRelease)]
        }
        let mix = try app.readFile("mix.exs")
        guard let match = mix.range(of: #"elixir:\s*"[^"]+""#, options: .regularExpression) else { return [] }
        let requirement = mix[match].drop { $0 != "\"" }.dropFirst().dropLast()
        return [VersionRequest(tool: .elixir, text: String(requirement), source: "mix.exs", meaning: .range)]
    }
}
