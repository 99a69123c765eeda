import Documents
import Foundation

/// Makes the build plan of an app as Nixpacks does (spec §1.2):
///
/// 1. the plan before providers: config file < `NIXPACKS_*` variables < CLI flags and `--json-plan`;
/// 2. the providers (detected, or named by `providers`), then the Procfile;
/// 3. provider < Procfile < the plan before providers;
/// 4. the `--env` variables; `pin`;
/// 5. no phases and exactly one top-level directory: the same again inside it.
public struct PlanGenerator: Sendable {
    public struct Result: Sendable {
        public var plan: BuildPlan
        /// The providers that ran, in order.
        public var providers: [ProviderName]
        /// The sub-directory used, when the plan came from the single-directory fallback.
        public var subdirectory: String?
        /// Things worth telling the user (ignored unknown keys, ...).
        public var warnings: [String]
        /// The language versions the app asked for, from the providers that ran.
        public var versionRequests: [VersionRequest] = []
        /// The phases' dependsOn form a cycle: a build cannot order them (`plan` prints the plan).
        public var phaseCycle: PlanError?
    }

    public let options: PlanOptions

    public init(options: PlanOptions) {
        self.options = options
    }

    public func generate(_ app: App) throws(PlanError) -> Result {
        var warnings: [String] = []
        let (filePlan, configPath) = try configFilePlan(app, warnings: &warnings)
        let environmentPlan = Self.environmentPlan(options.environment)
        let cliPlan = BuildPlan.merge(try jsonPlan(warnings: &warnings), flagPlan())
        let beforeProviders = BuildPlan.mergeAll([filePlan, environmentPlan, cliPlan])

        var environment = options.environment
        for (key, value) in beforeProviders.variables ?? [:] { environment.variables[key] = value }

        let providers: [ProviderName]
        do {
            providers = try selectProviders(app, environment, manual: beforeProviders.providers)
        } catch let PlanError.unknownProvider(name, _, _) {
            // Named where the providers list is: the config file, or the flags.
            let file = filePlan.providers != nil ? configPath : (cliPlan.providers != nil ? "--json-plan" : nil)
            throw PlanError.unknownProvider(name, file: file, line: file == configPath ? configPath.flatMap { lineOf(["providers"], in: $0, app) } : nil)
        }
        var providerPlan = BuildPlan()
        var metadata: [String] = []
        var requests: [VersionRequest] = []
        for (index, name) in providers.enumerated() {
            let implementation = name.implementation
            guard var plan = try implementation.plan(app, environment) else { continue }
            requests += try implementation.versionRequests(app, environment).filter { !requests.contains($0) }
            if index > 0 { plan.prefixPhases(name.rawValue) }
            providerPlan = index == 0 ? plan : BuildPlan.merge(plan, providerPlan)
            metadata.append(([name.rawValue] + implementation.metadata(app, environment)).joined(separator: ","))
        }
        if !metadata.isEmpty { providerPlan.addVariables(["NIXPACKS_METADATA": metadata.joined(separator: ",")]) }

        // A versioned language package named in the config, the variables or the flags is a request too.
        requests += Self.packageRequests(beforeProviders).filter { request in !requests.contains { $0.tool == request.tool } }
        let procfilePlan = try ProcfileProvider().plan(app, environment) ?? BuildPlan()
        var plan = BuildPlan.mergeAll([providerPlan, procfilePlan, beforeProviders])
        if !options.environment.variables.isEmpty {
            plan.addVariables(options.environment.variables)
        }
        plan.pin(useDebian: environment.isConfigTruthy("DEBIAN"))

        // A cycle among the phases: the plan is printed as Nixpacks prints it, and a build stops
        // with this error, named in the config file when it defines phases.
        var phaseCycle: PlanError?
        do {
            _ = try PhaseOrder.sorted(plan.phases ?? [:])
        } catch let PlanError.circularDependency(phases, _, _) {
            let inFile = configPath != nil && (filePlan.phases ?? [:]).keys.contains { phases.contains($0) }
            phaseCycle = PlanError.circularDependency(phases, file: inFile ? configPath : nil,
                                                      line: inFile ? configPath.flatMap { lineOf(["phases", phases[0]], in: $0, app) } : nil)
        }
        if plan.phaseCount == 0 {
            let entries = app.topLevelEntries()
            if entries.count == 1, app.includesDirectory(entries[0]) {
                var nested = try generate(app.descending(into: entries[0]))
                nested.subdirectory = nested.subdirectory.map { entries[0] + "/" + $0 } ?? entries[0]
                nested.warnings = warnings + nested.warnings
                return nested
            }
        }
        for path in app.linksLeadingOutside {
            warnings.append("\(path) is a symbolic link that leads outside the app; it was treated as absent")
        }
        return Result(plan: plan, providers: providers, subdirectory: nil, warnings: warnings, versionRequests: requests, phaseCycle: phaseCycle)
    }

    /// `nixPkgs = ["nodejs_20"]` (nixpacks.toml, NIXPACKS_PKGS, `--pkgs`) asks for Node 20.
    static func packageRequests(_ plan: BuildPlan) -> [VersionRequest] {
        var result: [VersionRequest] = []
        for (_, phase) in (plan.phases ?? [:]).sorted(by: { $0.key < $1.key }) {
            for name in phase.nixPkgs ?? [] {
                guard case let .language(tool, version?) = NixPackageName(name) else { continue }
                let meaning: VersionRequest.Meaning = tool == .go || tool == .rust ? .minimum : .sameRelease
                result.append(VersionRequest(tool: tool, text: version, source: "nixPkgs \(name)", meaning: meaning))
            }
        }
        return result
    }

    /// The detected providers: the first that matches, in Nixpacks' order.
    public static func detect(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> ProviderName? {
        ProviderName.detect(app)
    }

    private func selectProviders(_ app: App, _ environment: PlanEnvironment, manual: [String]?) throws(PlanError) -> [ProviderName] {
        let detected = try Self.detect(app, environment).map { [$0.rawValue] } ?? []
        let names = BuildPlan.withoutMarkers(BuildPlan.fillAuto(detected, manual ?? ["..."]) ?? [])
        var result: [ProviderName] = []
        for name in names {
            guard let provider = ProviderName(rawValue: name) else { throw PlanError.unknownProvider(name) }
            result.append(provider)
        }
        return result
    }

    /// The line of a key of the config file, for errors found after reading it.
    private func lineOf(_ keyPath: [String], in path: String, _ app: App) -> Int? {
        guard let text = try? app.readFile(path) else { return nil }
        return Documents.Document.line(of: keyPath, in: text, format: path.hasSuffix(".json") ? .json : .toml)
    }

    /// `--config`, else `NIXPACKS_CONFIG_FILE`, else nixpacks.toml, else nixpacks.json; and its path.
    private func configFilePlan(_ app: App, warnings: inout [String]) throws(PlanError) -> (BuildPlan, String?) {
        var path: String?
        if let configFile = options.configFile {
            path = configFile
        } else if let fromEnvironment = options.environment.config("CONFIG_FILE") {
            guard app.includesFile(fromEnvironment) else { throw PlanError.configFileMissing(fromEnvironment) }
            path = fromEnvironment
        } else if app.includesFile("nixpacks.toml") {
            path = "nixpacks.toml"
        } else if app.includesFile("nixpacks.json") {
            path = "nixpacks.json"
        }
        guard let path else { return (BuildPlan(), nil) }
        guard app.includesFile(path) else { throw PlanError.configFileMissing(path) }
        let format: Documents.Document.Format
        if path.hasSuffix(".toml") { format = .toml } else if path.hasSuffix(".json") { format = .json } else {
            throw PlanError.unknownConfigFileType(path)
        }
        return (try BuildPlan(document: app.document(path, format), warnings: &warnings), path)
    }

    private func jsonPlan(warnings: inout [String]) throws(PlanError) -> BuildPlan {
        guard let json = options.jsonPlan else { return BuildPlan() }
        do {
            return try BuildPlan(document: Documents.Document(file: "--json-plan", text: json, format: .json), warnings: &warnings)
        } catch let error as PlanError {
            throw error
        } catch {
            throw PlanError.invalidJSONPlan("\(error)")
        }
    }

    /// `--pkgs`, `--apt`, `--libs` build a setup phase with `[values..., "..."]` and (quirk)
    /// `nixOverlays: []`; `-i`, `-b`, `-s` replace the commands.
    private func flagPlan() -> BuildPlan {
        var phases: [Phase] = []
        if !options.pkgs.isEmpty || !options.apt.isEmpty || !options.libs.isEmpty {
            var setup = Phase(name: "setup")
            setup.nixPkgs = options.pkgs + ["..."]
            setup.aptPkgs = options.apt + ["..."]
            setup.nixLibs = options.libs + ["..."]
            setup.nixOverlays = []
            phases.append(setup)
        }
        if let install = options.installCmd { phases.append(Phase.install(install)) }
        if let build = options.buildCmd { phases.append(Phase.build(build)) }
        return BuildPlan(phases: phases, start: options.startCmd.map { StartPhase(cmd: $0) })
    }

    /// `BuildPlan::from_environment` (spec §2.2).
    static func environmentPlan(_ environment: PlanEnvironment) -> BuildPlan {
        func split(_ text: String) -> [String] {
            text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        var phases: [Phase] = []
        var setup = Phase(name: "setup")
        var usesSetup = false
        if let pkgs = environment.config("PKGS") { setup.nixPkgs = split(pkgs) + ["..."]; usesSetup = true }
        if let apt = environment.config("APT_PKGS") { setup.aptPkgs = split(apt) + ["..."]; usesSetup = true }
        if let libs = environment.config("LIBS") {
            setup.nixLibs = libs.split(separator: " ", omittingEmptySubsequences: false).map(String.init) + ["..."]
            usesSetup = true
        }
        if usesSetup { phases.append(setup) }
        if let install = environment.config("INSTALL_CMD") {
            var phase = Phase.install(install)
            for directory in split(environment.config("INSTALL_CACHE_DIRS") ?? "") { phase.addCacheDirectory(directory) }
            phases.append(phase)
        }
        if let build = environment.config("BUILD_CMD") {
            var phase = Phase.build(build)
            for directory in split(environment.config("BUILD_CACHE_DIRS") ?? "") { phase.addCacheDirectory(directory) }
            phases.append(phase)
        }
        return BuildPlan(phases: phases, start: environment.config("START_CMD").map { StartPhase(cmd: $0) })
    }
}
