import ArgumentParser
import Builder
import Foundation

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Print the providers that would build an app, as `nixpacks detect` does.",
        discussion: """
        Providers are tried in Nixpacks' order (crystal, c#, dart, elixir, deno, f#, clojure, gleam, go, ...); \
        the first that matches wins, unless the app's nixpacks.toml names providers.

        Example:
          nixpacks-ci detect services/api          # prints: node
        """
    )

    @Argument(help: "The app directory.")
    var path: String

    @OptionGroup var flags: PlanFlags

    func run() throws {
        try runReportingPlanErrors {
            let result = try PlanGenerator(options: flags.options).generate(App(root: URL(fileURLWithPath: path)))
            print(result.providers.map(\.rawValue).joined(separator: ", "))
        }
    }
}
