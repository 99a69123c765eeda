import SourceRules

/// Every error of the Pipeline module; each names the service, file or option, and says what to do.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownService(String, known: [String])
    /// No provider made a plan for the app.
    case noPlan(service: String, path: String, contents: [String])
    /// A `.dockerignore` with a pattern Docker would refuse too.
    case ignoreFile(IgnoreFileError)
    /// A file the build needs cannot be read.
    case unreadable(path: String, detail: String)
    /// The context could not be assembled.
    case context(app: String, detail: String)
    /// `--out DIR` would write where it must not, or cannot write.
    case outDirectory(path: String, problem: String)
    /// A pre- or post-build hook failed.
    case hookFailed(stage: String, command: String, status: Int32, output: String)

    public var description: String {
        switch self {
        case let .unknownService(name, known):
            return "no service is named '\(name)'. Services: \(known.isEmpty ? "none" : known.joined(separator: ", ")) (`nixpacks-ci services` lists them)."
        case let .noPlan(service, path, contents):
            return "Nixpacks was unable to generate a build plan for \(service) (\(path)). Its top-level contents: "
                + "\(contents.isEmpty ? "nothing" : contents.joined(separator: ", ")). Add the files its language needs "
                + "(package.json, requirements.txt, go.mod, ...), or a nixpacks.toml with a start command."
        case let .ignoreFile(error):
            return error.description
        case let .unreadable(path, detail):
            return "\(path): \(detail)"
        case let .context(app, detail):
            return "\(app): \(detail)"
        case let .outDirectory(path, problem):
            return "--out \(path): \(problem)"
        case let .hookFailed(stage, command, status, output):
            let tail = output.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
            return "the \(stage) hook `\(command)` exited with status \(status)\(tail.isEmpty ? "" : ":\n\(tail)")"
        }
    }
}
