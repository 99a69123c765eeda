import ArgumentParser
import Builder

/// Nixpacks' global planning flags (spec §2.3), shared by `detect`, `plan` and `build`.
struct PlanFlags: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("A variable for the plan: K=V, or K to copy it from this environment. Repeatable.", valueName: "K=V"))
    var env: [String] = []

    @Option(name: [.short, .customLong("pkgs")], help: ArgumentHelp("An extra Nix package for the setup phase. Repeatable.", valueName: "pkg"))
    var pkgs: [String] = []

    @Option(name: [.short, .customLong("apt")], help: ArgumentHelp("An extra apt package. Repeatable.", valueName: "pkg"))
    var apt: [String] = []

    @Option(name: .customLong("libs"), help: ArgumentHelp("An extra Nix library. Repeatable.", valueName: "lib"))
    var libs: [String] = []

    @Option(name: [.short, .customLong("install-cmd")], help: ArgumentHelp("Replace the install command.", valueName: "cmd"))
    var installCmd: String?

    @Option(name: [.short, .customLong("build-cmd")], help: ArgumentHelp("Replace the build command.", valueName: "cmd"))
    var buildCmd: String?

    @Option(name: [.short, .customLong("start-cmd")], help: ArgumentHelp("Replace the start command.", valueName: "cmd"))
    var startCmd: String?

    @Option(name: [.short, .long], help: ArgumentHelp("A config file relative to the app (default: nixpacks.toml or nixpacks.json).", valueName: "path"))
    var config: String?

    @Option(name: .customLong("json-plan"), help: ArgumentHelp("A whole plan as JSON, merged under the flags above.", valueName: "json"))
    var jsonPlan: String?

    func validate() throws {
        for variable in env {
            let name = variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !(name.first?.isNumber ?? true) else {
                throw ValidationError("--env '\(variable)': expected NAME=value or NAME (letters, digits and _, not starting with a digit)")
            }
        }
        if let config, config.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--config needs a file name (relative to the app); leave it out for nixpacks.toml or nixpacks.json")
        }
        for (flag, values) in [("--pkgs", pkgs), ("--apt", apt), ("--libs", libs)] where values.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("\(flag) needs a package name")
        }
    }

    var options: PlanOptions {
        var options = PlanOptions(environment: PlanEnvironment(arguments: env))
        options.pkgs = pkgs
        options.apt = apt
        options.libs = libs
        options.installCmd = installCmd
        options.buildCmd = buildCmd
        options.startCmd = startCmd
        options.configFile = config
        options.jsonPlan = jsonPlan
        return options
    }
}
