import ArgumentParser
import Builder
import Foundation

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print an app's build plan in Nixpacks' schema.",
        discussion: """
        The plan merges, lowest priority first: the detected providers, the Procfile, nixpacks.toml \
        (or nixpacks.json, or --config), NIXPACKS_* variables given with --env, and the flags. \
        docs/nixpacks-compatibility.md lists where nixpacks-ci deliberately differs from Nixpacks.

        Examples:
          nixpacks-ci plan services/api
          nixpacks-ci plan services/api --env NIXPACKS_NODE_VERSION=20 --pkgs cowsay
          nixpacks-ci plan . --format toml
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, toml
    }

    @Argument(help: "The app directory.")
    var path: String

    @Option(name: [.short, .long], help: "Output format: json (Nixpacks' pretty JSON) or toml.")
    var format: Format = .json

    @OptionGroup var flags: PlanFlags

    func run() throws {
        try runReportingPlanErrors {
            let result = try PlanGenerator(options: flags.options).generate(App(root: URL(fileURLWithPath: path)))
            for warning in result.warnings { printNote(warning) }
            if let subdirectory = result.subdirectory { printNote("Using subdirectory \"\(subdirectory)\"") }
            print(format == .json ? result.plan.json() : result.plan.toml(), terminator: "")
        }
    }
}

/// Plan errors name the file and line; they are usage or input errors (exit 2).
func runReportingPlanErrors(_ body: () throws -> Void) throws {
    try runReportingErrors(body)
}
