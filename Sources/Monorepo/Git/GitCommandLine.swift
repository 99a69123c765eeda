import Foundation

/// Runs the `git` command line for the one thing libgit2 1.5 cannot do: fetching more history
/// into a shallow clone.
struct GitCommandLine {
    let workTree: URL

    struct Output {
        var status: Int32
        var text: String
    }

    /// Runs `git -C <workTree> <arguments>`, capturing stdout and stderr together.
    func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", workTree.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain before waiting so a full pipe never blocks the child.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }

    var commandDescription: String { "git -C \(workTree.path)" }
}
