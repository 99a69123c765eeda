import Foundation
import Host

/// Runs the `git` command line for what libgit2 1.5 cannot do or does slower: fetching more
/// history into a shallow clone, and `git status` where git's untracked cache or fsmonitor helps.
/// Through the one process runner (posix_spawn; Foundation's `Process` added tens of
/// milliseconds to every `git status`).
struct GitCommandLine {
    let workTree: URL

    struct Output {
        var status: Int32
        var text: String
        /// Standard error, when asked for separately.
        var errors: String = ""
    }

    /// Runs `git -C <workTree> <arguments>` (found on PATH), with standard error apart
    /// (`separateErrors`) or after standard output in `text`. A missing git gives status 127, as
    /// a shell would.
    func run(_ arguments: [String], separateErrors: Bool = false) throws -> Output {
        let runner = ProcessRunner()
        do {
            let output = try runner.run("git", ["-C", workTree.path] + arguments, extraEnvironment: ["GIT_TERMINAL_PROMPT": "0"])
            if separateErrors { return Output(status: output.status, text: output.standardOutput, errors: output.standardError) }
            return Output(status: output.status, text: output.standardOutput + output.standardError)
        } catch {
            return Output(status: 127, text: separateErrors ? "" : error.description, errors: separateErrors ? error.description : "")
        }
    }
}
