import ArgumentParser
import Monorepo

/// Where the monorepo is: shared by every command that reads one.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A path inside the git repository.", valueName: "path"))
    var repo: String = "."

    @Option(name: .long, help: ArgumentHelp(
        "The monorepo root, if not the repository's top directory (it holds nixpacks-ci.toml).", valueName: "dir"))
    var root: String?

    /// Opens the workspace and keeps it until the process exits: it holds the file listing and the
    /// parsed manifests of the last discovery, and freeing 80,000 file names one by one just before
    /// exiting costs about 20 ms on the benchmark monorepo (compilers skip that teardown for the
    /// same reason).
    func openWorkspace() throws -> Workspace {
        let workspace = try Workspace(path: repo, root: root)
        keptUntilExit.append(workspace)
        return workspace
    }
}

/// Objects the process never frees (see `openWorkspace`). Only the main thread touches it.
nonisolated(unsafe) private var keptUntilExit: [AnyObject] = []
