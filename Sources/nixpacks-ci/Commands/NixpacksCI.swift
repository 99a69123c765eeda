import ArgumentParser
import Monorepo
import Foundation

@main
struct NixpacksCI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nixpacks-ci",
        abstract: "Rebuild exactly the services of a monorepo that a change affects.",
        discussion: """
        nixpacks-ci finds the services of a polyglot monorepo (Node, Python, Go, Rust, static sites, ...), \
        the dependencies between them (workspaces, go.mod replace, Cargo and Python path dependencies, \
        nixpacks-ci.toml), which of them a git change affects, and builds exactly those as images with a \
        Nixpacks-compatible planner, skipping every image whose content-addressed key is cached.

        Typical CI use:
          nixpacks-ci build --since origin/main --junit junit.xml   # the main job
          nixpacks-ci affected --since origin/main                  # what to rebuild, and why
          nixpacks-ci explain api                                    # why api rebuilt (or did not)
          nixpacks-ci plan services/api                              # the build plan, as `nixpacks plan`

        Configuration: an optional nixpacks-ci.toml at the repository root (docs/configuration.md).
        Exit status: 0 success, 1 failure, 2 usage or configuration error.
        """,
        version: NixpacksCIVersion.current,
        subcommands: [Affected.self, Services.self, Graph.self, Detect.self, Plan.self, Build.self, Explain.self, CacheCommand.self]
    )

    /// Usage errors exit with 2 (ArgumentParser's default is 64), as documented: 0 success,
    /// 1 failure, 2 usage or configuration error.
    static func main() {
        // libgit2 loads the system's CA certificates when it starts (~10 ms): begun now, it is done
        // by the time the arguments are parsed and the repository is opened.
        Repository.startLibrary()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Terminal.error(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
