import ArgumentParser
import Monorepo

/// How changes are read, for `affected --since` and `build --since`.
struct ChangeOptions: ParsableArguments {
    @Flag(help: "Ignore staged, unstaged and untracked changes.")
    var committedOnly = false

    @Flag(inversion: .prefixedNo, help: "Fetch more history when the merge-base lies beyond a shallow clone.")
    var deepen = true

    @Option(help: ArgumentHelp("When the merge-base cannot be found: fail, or treat all services as affected.", valueName: "fail|all"))
    var onMissingBase: ChangeQuery.MissingBasePolicy = .fail

    func query(since: String, head: String? = nil) -> ChangeQuery {
        ChangeQuery(since: since, head: head, includeWorkingTree: !committedOnly, deepen: deepen, onMissingBase: onMissingBase)
    }
}
