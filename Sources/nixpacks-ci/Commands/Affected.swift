import ArgumentParser
import Cache
import Foundation
import Monorepo

struct Affected: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affected",
        abstract: "List the services a change affects, and why.",
        discussion: """
        Compares HEAD with its merge-base with --since (the semantics of `git diff SINCE...HEAD`), adds \
        staged, unstaged and untracked changes (unless --committed-only), maps the changed paths to \
        services, and adds every service that depends on an affected one.

        Shallow clones: when the merge-base is not in the clone, nixpacks-ci fetches more history \
        (`git fetch --deepen`, doubling) unless --no-deepen is given. With --on-missing-base=all it \
        treats every service as affected instead of failing. The output always says which happened.

        --since auto chooses the base from the CI environment (GitHub Actions or GitLab CI): the \
        target branch of a pull or merge request, the pushed range of a push (compared directly, so \
        a force push counts what it dropped), the default branch for a new branch, and every \
        service for scheduled, manual and tag runs. Outside CI it is origin/HEAD. The output says \
        which base it chose and why (docs/ci.md).

        Fanning out over CI jobs: --format github-matrix prints a matrix for `strategy.matrix` \
        (with --shards N, at most N jobs balanced by the build durations in --cache-dir); \
        --format gitlab-pipeline prints a child pipeline with one job per service whose needs: \
        follow the dependency graph.

        Examples:
          nixpacks-ci affected --since origin/main
          nixpacks-ci affected --since auto --format json
          nixpacks-ci affected --since v1.4.0 --head release --format json
          nixpacks-ci affected --since HEAD~1 --format names | xargs -n1 echo
          nixpacks-ci affected --since auto --format github-matrix --shards 4
          nixpacks-ci affected --since auto --format gitlab-pipeline --include ci/jobs.yml > child.yml
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, names
        case githubMatrix = "github-matrix"
        case gitlabPipeline = "gitlab-pipeline"
    }

    @OptionGroup var location: RepositoryOptions

    @Option(help: ArgumentHelp("The base: a branch, tag, SHA or expression such as HEAD~3, or `auto` to choose it from the CI environment.", valueName: "ref"))
    var since: String

    @Option(help: ArgumentHelp("Compare --since with this ref instead of HEAD; ignores the working tree.", valueName: "ref"))
    var head: String?

    @OptionGroup var changes: ChangeOptions

    @Option(help: "Output format: text, json (docs/json-output.md), names (one service per line), github-matrix or gitlab-pipeline (docs/ci.md).")
    var format: Format = .text

    @Option(help: ArgumentHelp("github-matrix: group the services into at most N jobs, balanced by recorded build durations.", valueName: "n"))
    var shards: Int?

    @OptionGroup var caching: GraphCacheOptions

    @Option(help: ArgumentHelp("gitlab-pipeline: the hidden job each service job extends.", valueName: "name"))
    var jobTemplate = ".nixpacks-ci-service"

    @Option(name: .customLong("include"), help: ArgumentHelp("gitlab-pipeline: a file of this repository the child pipeline includes (it defines --job-template). Repeatable.", valueName: "file"))
    var includes: [String] = []

    @Option(help: ArgumentHelp("gitlab-pipeline: the stage of the service jobs.", valueName: "name"))
    var stage = "build"

    @Flag(help: "Print how long each stage took to stderr.")
    var timings = false

    func validate() throws {
        if since.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--since needs a revision (a branch such as origin/main, a tag or a commit), or auto")
        }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1") }
        if shards != nil, format != .githubMatrix { throw ValidationError("--shards goes with --format github-matrix") }
    }

    func run() throws {
        try runReportingErrors {
            let workspace = try location.openWorkspace()
            let query = changes.query(since: since, head: head)
            var stages = StageTimings()
            let graphCache = caching.graphCache
            let (report, graph) = try workspace.affected(query, timings: &stages, graphCache: graphCache)
            if timings { printTimings(stages) }
            switch format {
            case .json: print(try jsonText(report))
            case .names: for service in report.affected { print(service.name) }
            case .text: print(AffectedText.render(report), terminator: "")
            case .githubMatrix:
                print(FanOut(report: report, graph: graph).githubMatrix(shards: shards, durations: durations(report)))
            case .gitlabPipeline:
                print(FanOut(report: report, graph: graph).gitlabPipeline(jobTemplate: jobTemplate, includes: includes, stage: stage), terminator: "")
            }
            if format != .text, report.base.method != .mergeBase {
                printNote(report.base.note)
            }
        }
    }
}

extension Affected {
    /// The last recorded build duration of each affected service, from the local cache directory.
    func durations(_ report: AffectedReport) -> [String: Double] {
        guard shards != nil else { return [:] }
        let store = caching.store
        var result: [String: Double] = [:]
        for service in report.affected {
            if case let .hit(entry) = store.latest(service: service.name) { result[service.name] = entry.seconds }
        }
        return result
    }
}

extension ChangeQuery.MissingBasePolicy: ExpressibleByArgument {}

/// The human-readable form of an `AffectedReport`.
enum AffectedText {
    static func render(_ report: AffectedReport) -> String {
        var out = ""
        let base = report.base
        out += "base: \(base.note)\n"
        if base.shallowClone { out += "      (shallow clone; method: \(base.method.rawValue))\n" }
        if !base.includesWorkingTree { out += "      (working tree ignored)\n" }
        out += "\n"
        if report.affected.isEmpty {
            out += "no service is affected\n"
        } else {
            out += "affected services (\(report.affected.count)), in build order:\n"
            let width = report.affected.map(\.name.count).max() ?? 0
            for service in report.affected {
                let padded = service.name.padding(toLength: width, withPad: " ", startingAt: 0)
                out += "  \(padded)  \(service.path.isEmpty ? "." : service.path)\n"
                for reason in service.reasons { out += "  \(String(repeating: " ", count: width))    - \(reason.summary)\n" }
            }
        }
        if !report.removed.isEmpty {
            out += "\nremoved services (\(report.removed.count)), not built:\n"
            for service in report.removed { out += "  \(service.name)  \(service.path)  (\(service.marker) deleted)\n" }
        }
        if !report.affectedLibraries.isEmpty {
            out += "\naffected libraries and workspace roots: \(report.affectedLibraries.joined(separator: ", "))\n"
        }
        out += "\n\(report.changedPathCount) changed path\(report.changedPathCount == 1 ? "" : "s")"
        out += ", \(report.ignoredPathCount) ignored, \(report.unownedPathCount) outside any service\n"
        return out
    }
}
