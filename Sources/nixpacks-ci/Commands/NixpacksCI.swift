import ArgumentParser

@main
struct NixpacksCI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nixpacks-ci",
        abstract: "Rebuild exactly the services of a monorepo that a change affects.",
        discussion: """
        nixpacks-ci finds the services of a polyglot monorepo (Node, Python, Go, Rust, static sites, ...), \
        the dependencies between them (workspaces, go.mod replace, Cargo and Python path dependencies, \
        nixpacks-ci.toml), and which of them a git change affects.

        Typical CI use:
          nixpacks-ci affected --since origin/main       # what to rebuild, and why
          nixpacks-ci affected --since origin/main --format names
          nixpacks-ci services                           # what the monorepo holds
          nixpacks-ci graph --format mermaid             # how it hangs together

        Configuration: an optional nixpacks-ci.toml at the repository root (docs/configuration.md).
        Exit status: 0 success, 1 failure, 2 usage or configuration error.
        """,
        version: NixpacksCIVersion.current,
        subcommands: [Affected.self, Services.self, Graph.self, Detect.self, Plan.self, Build.self, Explain.self, CacheCommand.self]
    )
}
