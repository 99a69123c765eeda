import ArgumentParser
import Foundation
import Monorepo

/// `build` without a path: the monorepo batch.
struct BatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Build only the services a change since this ref affects (and their dependents); `auto` chooses the base from the CI environment.", valueName: "ref"))
    var since: String?

    @OptionGroup var changes: ChangeOptions

    @Option(name: .customLong("service"), help: ArgumentHelp("Build only this service. Repeatable; also takes a list separated by spaces or commas (a github-matrix shard).", valueName: "name"),
            transform: { $0.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) })
    var serviceLists: [[String]] = []

    /// The `--service` names, lists flattened.
    var services: [String] { serviceLists.flatMap { $0 } }

    @Option(name: [.short, .long], parsing: .unconditional, help: "Builds at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Stop starting builds after the first failure (default: keep going; dependents of a failure are skipped either way).")
    var failFast = false

    @Flag(help: "Keep going after failures (the default).")
    var keepGoing = false

    @Flag(help: "Show what would happen: affected services, order, keys, cache hits and misses. Builds nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write a JUnit XML report here.", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("Write the JSON report here (docs/reports.md).", valueName: "file"))
    var reportJson: String?

    @Option(help: ArgumentHelp("Write the Markdown summary here (it is also appended to $GITHUB_STEP_SUMMARY when set).", valueName: "file"))
    var markdown: String?

    @Option(help: ArgumentHelp("Also tag each image with the commit (sha, its first 12 characters) or the branch (branch). Repeatable.", valueName: "sha|branch"))
    var tagWith: [ExtraTag] = []

    enum ExtraTag: String, ExpressibleByArgument, CaseIterable {
        case sha, branch
    }

    @Option(help: ArgumentHelp("Where each service's full log goes (default: logs/ in the cache directory).", valueName: "dir"))
    var logDir: String?

    /// `--log-dir`, or `logs` in the cache directory (so nothing is written into the checkout).
    func logDirectory(cacheDirectory: String) -> String {
        logDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? cacheDirectory + "/logs"
    }

    @Flag(help: "Prepare every service in full: no keys remembered from earlier runs (the preparation cache, docs/caching.md).")
    var noPlanCache = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more") }
        if let since, since.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--since needs a revision (a branch such as origin/main, a tag or a commit), or auto")
        }
        guard !(failFast && keepGoing) else { throw ValidationError("--fail-fast and --keep-going exclude each other") }
    }
}
