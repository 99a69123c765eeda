import Foundation

/// Runs the `git` command line for the one thing libgit2 1.5 cannot do: fetching more history
/// into a shallow clone.
struct GitCommandLine {
    let workTree: URL

    struct Output {
        var status: Int32
        var text: String
        /// Standard error, when asked for separately.
        var errors: String = ""
    }

    /// Runs `git -C <workTree> <arguments>`, capturing stdout and stderr together, or apart with
    /// `separateErrors` (stderr then goes to a temporary file, so neither pipe can fill up).
    func run(_ arguments: [String], separateErrors: Bool = false) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", workTree.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-git-\(UUID().uuidString)")
        if separateErrors {
            _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errorFile)
        } else {
            process.standardError = pipe
        }
        defer { if separateErrors { try? FileManager.default.removeItem(at: errorFile) } }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain before waiting so a full pipe never blocks the child.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = separateErrors ? (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" : ""
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self), errors: errors)
    }

    var commandDescription: String { "git -C \(workTree.path)" }
}
