import Foundation

/// What to compare: `git diff SINCE...HEAD` plus, by default, the working tree.
public struct ChangeQuery: Sendable, Hashable {
    /// What to do when the merge-base is not in the clone and cannot be fetched.
    public enum MissingBasePolicy: String, Sendable, Codable, CaseIterable {
        /// Fail with an error that names the missing commit and the fix (the default).
        case fail
        /// Treat every service as affected, and say so.
        case all
    }

    /// How the two sides are compared.
    public enum Comparison: String, Sendable, Codable {
        /// `git diff SINCE...HEAD`: the changes on HEAD since the merge-base (the default).
        case mergeBase = "merge-base"
        /// `git diff SINCE HEAD`: the trees of the two commits compared directly (pushes, where
        /// SINCE is the branch's previous tip; after a force push it is no ancestor of HEAD).
        case direct
    }

    /// A ref, or `auto` to choose the base from the CI environment (`AutoBase`).
    public var since: String
    public var comparison: Comparison
    /// The environment `--since auto` reads; nil means this process's.
    public var environment: [String: String]?
    /// Compare `since...head` between two refs and ignore the working tree; nil means HEAD plus the working tree.
    public var head: String?
    public var includeWorkingTree: Bool
    /// Fetch more history (`git fetch --deepen`) when the merge-base lies beyond a shallow boundary.
    public var deepen: Bool
    public var onMissingBase: MissingBasePolicy

    public init(since: String, head: String? = nil, includeWorkingTree: Bool = true, deepen: Bool = true,
                onMissingBase: MissingBasePolicy = .fail, comparison: Comparison = .mergeBase, environment: [String: String]? = nil) {
        self.since = since
        self.comparison = comparison
        self.environment = environment
        self.head = head
        self.includeWorkingTree = includeWorkingTree && head == nil
        self.deepen = deepen
        self.onMissingBase = onMissingBase
    }
}

/// How the base of the comparison was found: part of every `affected` answer.
public struct BaseResolution: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Codable {
        /// The merge-base was in the clone as it was.
        case mergeBase = "merge-base"
        /// The clone was shallow and nixpacks-ci fetched more history to reach the merge-base.
        case deepened
        /// The merge-base could not be found; every service counts as affected (`--on-missing-base=all`).
        case missingTreatedAsAll = "missing-base-all"
        /// The two commits' trees were compared directly (`git diff A B`): pushes under `--since auto`.
        case direct
        /// No comparison: every service counts as affected (scheduled, manual and tag runs under `--since auto`).
        case everything
    }

    public var ref: String
    /// The commit `ref` resolved to; nil when it does not exist and everything was treated as affected.
    public var refCommit: String?
    public var head: String
    public var headCommit: String
    public var mergeBase: String?
    public var method: Method
    public var shallowClone: Bool
    /// Commits of history fetched by deepening (the sum of the `--deepen` steps), and how many fetches it took.
    public var deepenedBy: Int
    public var fetches: Int
    public var includesWorkingTree: Bool
    /// A sentence for people: what happened and why.
    public var note: String
    /// How `--since auto` chose the base; nil for an explicit ref.
    public var auto: AutoBaseChoice?
}

/// The paths that changed, and how the comparison base was found.
public struct ChangeSet: Sendable, Hashable, Codable {
    public var base: BaseResolution
    /// Sorted, repository-relative.
    public var paths: [ChangedPath]
    /// True when the base could not be found and the policy is `all`.
    public var everythingAffected: Bool
}

/// Change detection: resolves the base with `git diff A...B` semantics and lists the changed paths.
public struct ChangeDetector {
    public let repository: Repository
    public let scanner: WorkingTreeScanner

    public init(repository: Repository, scanner: WorkingTreeScanner = .preferred) {
        self.repository = repository
        self.scanner = scanner
    }

    public func changes(for query: ChangeQuery) throws -> ChangeSet {
        if query.since == AutoBase.keyword {
            return try AutoBaseResolver(detector: self).changes(for: query)
        }
        let headName = query.head ?? "HEAD"
        guard let headCommit = try repository.commit(for: headName) else {
            throw MonorepoError.unknownRevision(headName, hint: fetchHint(for: headName))
        }
        let wasShallow = repository.isShallow
        var fetches = 0
        var deepenedBy = 0

        var refCommit = try repository.commit(for: query.since)
        let namesHistory = ObjectID(hex: query.since) != nil || query.since.contains("~") || query.since.contains("^")
        if refCommit == nil, query.deepen, wasShallow, namesHistory {
            // A base SHA absent from a shallow clone (e.g. GITHUB_BASE_REF's commit), or HEAD~N beyond
            // the boundary: deepen and look again. A missing branch name is not fetched this way.
            let result = try deepener(for: query.since).deepen(isShallow: { repository.isShallow }) {
                try repository.commit(for: query.since) != nil
            }
            fetches += result.fetches
            deepenedBy += result.deepenedBy
            refCommit = try repository.commit(for: query.since)
        }
        guard let refCommit else {
            if query.onMissingBase == .all {
                return everything(query: query, headName: headName, head: headCommit, refCommit: nil,
                                  shallow: wasShallow, fetches: fetches, deepenedBy: deepenedBy,
                                  why: "revision '\(query.since)' does not exist in this clone")
            }
            throw MonorepoError.unknownRevision(query.since, hint: fetchHint(for: query.since))
        }

        if query.comparison == .direct {
            var paths = try repository.changedPaths(from: refCommit, to: headCommit)
            if query.includeWorkingTree { paths += try scanner.changes(in: repository, against: headCommit) }
            let note = "the tree of \(query.since) (\(refCommit.short)) compared directly with \(headName) (\(headCommit.short))"
            let base = BaseResolution(
                ref: query.since, refCommit: refCommit.hex, head: headName, headCommit: headCommit.hex, mergeBase: nil,
                method: .direct, shallowClone: wasShallow, deepenedBy: deepenedBy, fetches: fetches,
                includesWorkingTree: query.includeWorkingTree, note: note)
            return ChangeSet(base: base, paths: Array(Set(paths)).sorted(), everythingAffected: false)
        }

        let search = MergeBaseSearch(repository: repository)
        var outcome = try search.mergeBase(refCommit, headCommit)
        if case .beyondHistory = outcome, query.deepen {
            let result = try deepener(for: query.since).deepen(isShallow: { repository.isShallow }) {
                outcome = try search.mergeBase(refCommit, headCommit)
                if case .found = outcome { return true }
                return false
            }
            fetches += result.fetches
            deepenedBy += result.deepenedBy
            if case .beyondHistory = outcome, !repository.isShallow {
                outcome = try search.mergeBase(refCommit, headCommit)
            }
        }

        switch outcome {
        case let .found(mergeBase):
            var paths = try repository.changedPaths(from: mergeBase, to: headCommit)
            if query.includeWorkingTree {
                paths += try scanner.changes(in: repository, against: headCommit)
            }
            let method: BaseResolution.Method = fetches > 0 ? .deepened : .mergeBase
            var note = "merge-base of \(query.since) (\(refCommit.short)) and \(headName) (\(headCommit.short)) is \(mergeBase.short)"
            if fetches > 0 {
                note += "; the shallow clone was deepened by \(deepenedBy) commits in \(fetches) fetch\(fetches == 1 ? "" : "es") to reach it"
            }
            let base = BaseResolution(
                ref: query.since, refCommit: refCommit.hex, head: headName, headCommit: headCommit.hex,
                mergeBase: mergeBase.hex, method: method, shallowClone: wasShallow, deepenedBy: deepenedBy,
                fetches: fetches, includesWorkingTree: query.includeWorkingTree, note: note)
            return ChangeSet(base: base, paths: Array(Set(paths)).sorted(), everythingAffected: false)
        case .unrelated:
            if query.onMissingBase == .all {
                return everything(query: query, headName: headName, head: headCommit, refCommit: refCommit,
                                  shallow: wasShallow, fetches: fetches, deepenedBy: deepenedBy,
                                  why: "\(query.since) and \(headName) share no history")
            }
            throw MonorepoError.unrelatedHistories(base: query.since, head: headName)
        case let .beyondHistory(boundary):
            if query.onMissingBase == .all {
                return everything(query: query, headName: headName, head: headCommit, refCommit: refCommit,
                                  shallow: wasShallow, fetches: fetches, deepenedBy: deepenedBy,
                                  why: "the merge-base of \(query.since) and \(headName) lies beyond the shallow history")
            }
            let detail = query.deepen
                ? "Deepening did not reach it (\(fetches) fetches, \(deepenedBy) commits)."
                : "Deepening is off (--no-deepen)."
            throw MonorepoError.missingHistory(ref: query.since, oldestPresent: boundary.map(\.short), detail: detail)
        }
    }

    /// Every service affected on purpose (not because a base is missing): `why` says why.
    func everything(query: ChangeQuery, why: String) throws -> ChangeSet {
        let headName = query.head ?? "HEAD"
        guard let head = try repository.commit(for: headName) else {
            throw MonorepoError.unknownRevision(headName, hint: fetchHint(for: headName))
        }
        return everything(query: query, headName: headName, head: head, refCommit: nil, method: .everything,
                          shallow: repository.isShallow, fetches: 0, deepenedBy: 0, note: why)
    }

    /// Every service affected because the base cannot be found (`--on-missing-base=all`).
    private func everything(query: ChangeQuery, headName: String, head: ObjectID, refCommit: ObjectID?,
                            shallow: Bool, fetches: Int, deepenedBy: Int, why: String) -> ChangeSet {
        everything(query: query, headName: headName, head: head, refCommit: refCommit, method: .missingTreatedAsAll,
                   shallow: shallow, fetches: fetches, deepenedBy: deepenedBy,
                   note: "\(why); every service is treated as affected (--on-missing-base=all)")
    }

    private func everything(query: ChangeQuery, headName: String, head: ObjectID, refCommit: ObjectID?, method: BaseResolution.Method,
                            shallow: Bool, fetches: Int, deepenedBy: Int, note: String) -> ChangeSet {
        let base = BaseResolution(
            ref: query.since, refCommit: refCommit?.hex, head: headName, headCommit: head.hex, mergeBase: nil,
            method: method, shallowClone: shallow, deepenedBy: deepenedBy, fetches: fetches,
            includesWorkingTree: query.includeWorkingTree, note: note)
        return ChangeSet(base: base, paths: [], everythingAffected: true)
    }

    /// Deepens `origin` (or the remote named in `ref`), including the ref's branch explicitly.
    func deepener(for ref: String) -> HistoryDeepener {
        guard let workTree = repository.workTree else {
            return HistoryDeepener(git: GitCommandLine(workTree: repository.gitDirectory), remote: "origin", refspecs: [])
        }
        let (remote, branch) = remoteBranch(ref)
        let refspecs = branch.map { ["+refs/heads/\($0):refs/remotes/\(remote)/\($0)"] } ?? []
        var headSpecs: [String] = []
        if let head = repository.headReference, head.hasPrefix("refs/heads/") {
            let name = String(head.dropFirst("refs/heads/".count))
            headSpecs = ["+refs/heads/\(name):refs/remotes/\(remote)/\(name)"]
        }
        return HistoryDeepener(git: GitCommandLine(workTree: workTree), remote: remote,
                               refspecs: refspecs + headSpecs.filter { !refspecs.contains($0) })
    }

    /// `origin/main` → ("origin", "main") when a remote `origin` exists; `refs/remotes/up/dev` → ("up", "dev");
    /// anything else → ("origin", nil).
    func remoteBranch(_ ref: String) -> (remote: String, branch: String?) {
        var name = ref
        if name.hasPrefix("refs/remotes/") { name.removeFirst("refs/remotes/".count) }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2, !ref.hasPrefix("refs/heads/"), !ref.contains("~"), !ref.contains("^"),
           repository.hasRemote(named: parts[0]) {
            return (parts[0], parts[1])
        }
        return ("origin", nil)
    }

    private func fetchHint(for ref: String) -> String {
        if let sha = ObjectID(hex: ref) {
            return "The commit \(sha.short) is not in this clone (a shallow or single-branch checkout?). "
                + "Fetch it with `git fetch origin \(sha.hex)`, fetch more history with `git fetch --deepen=200 origin`, "
                + "or pass --on-missing-base=all."
        }
        let (remote, branch) = remoteBranch(ref)
        if let branch {
            return "CI checkouts often fetch only the commit being built. Fetch the base branch first: "
                + "`git fetch --no-tags --depth=50 \(remote) \(branch):refs/remotes/\(remote)/\(branch)` "
                + "(GitHub Actions: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: 0), "
                + "or use `--since auto` in CI."
        }
        return "Check the spelling; branches that exist only on the remote are named like origin/\(ref). "
            + "`git branch -a` lists what this clone has."
    }
}
