import ArgumentParser
import Monorepo

/// Where the monorepo is: shared by every command that reads one.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A path inside the git repository.", valueName: "path"))
    var repo: String = "."

    @Option(name: .long, help: ArgumentHelp(
        "The monorepo root, if not the repository's top directory (it holds nixpacks-ci.toml).", valueName: "dir"))
    var root: String?

    func openWorkspace() throws -> Workspace {
        try Workspace(path: repo, root: root)
    }
}
