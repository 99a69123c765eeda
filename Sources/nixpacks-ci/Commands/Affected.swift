import ArgumentParser
import Foundation
import Monorepo

struct Affected: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the services a change affects, and why.",
        discussion: """
        Compares HEAD with its merge-base with --since (the semantics of `git diff SINCE...HEAD`), adds \
        staged, unstaged and untracked changes (unless --committed-only), maps the changed paths to \
        services, and adds every service that depends on an affected one.

        Shallow clones: when the merge-base is not in the clone, nixpacks-ci fetches more history \
        (`git fetch --deepen`, doubling) unless --no-deepen is given. With --on-missing-base=all it \
        treats every service as affected instead of failing. The output always says which happened.

        Examples:
          nixpacks-ci affected --since origin/main
          nixpacks-ci affected --since v1.4.0 --head release --format json
          nixpacks-ci affected --since HEAD~1 --format names | xargs -n1 echo
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, names
    }

    @OptionGroup var location: RepositoryOptions

    @Option(help: ArgumentHelp("The base: a branch, tag, SHA or expression such as HEAD~3.", valueName: "ref"))
    var since: String

    @Option(help: ArgumentHelp("Compare --since with this ref instead of HEAD; ignores the working tree.", valueName: "ref"))
    var head: String?

    @OptionGroup var changes: ChangeOptions

    @Option(help: "Output format: text, json (docs/json-output.md) or names (one service per line).")
    var format: Format = .text

    @Flag(help: "Print how long each stage took to stderr.")
    var timings = false

    func run() throws {
        try runReportingErrors {
            let workspace = try location.openWorkspace()
            let query = changes.query(since: since, head: head)
            var stages = StageTimings()
            let (report, _) = try workspace.affected(query, timings: &stages)
            if timings {
                for stage in stages.stages { printNote(String(format: "%@: %.1f ms", stage.name, stage.milliseconds)) }
            }
            switch format {
            case .json: print(try jsonText(report))
            case .names: for service in report.affected { print(service.name) }
            case .text: print(AffectedText.render(report), terminator: "")
            }
            if format != .text, report.base.method != .mergeBase {
                printNote(report.base.note)
            }
        }
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
