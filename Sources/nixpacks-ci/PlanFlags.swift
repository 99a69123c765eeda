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
