/// Finds the merge-base of two commits within the history present in a clone.
///
/// libgit2 1.5 cannot walk past a shallow boundary, so in a shallow clone the walk is done here:
/// commits listed in `.git/shallow`, and commits whose parents are absent, are treated as roots.
/// A merge-base found this way is a real common ancestor; when history is cut short it may be older
/// than git's answer, which only widens the change set (never hides a change).
struct MergeBaseSearch {
    enum Outcome: Equatable {
        case found(ObjectID)
        /// No common ancestor in the present history, and the walk reached the shallow boundary.
        case beyondHistory(boundary: [ObjectID])
        /// The complete histories share no commit.
        case unrelated
    }

    let repository: Repository

    func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> Outcome {
        if a == b { return .found(a) }
        if !repository.isShallow {
            if let base = try repository.libgit2MergeBase(a, b) { return .found(base) }
            return .unrelated
        }
        let boundary = repository.shallowBoundary()
        var reachedBoundary: Set<ObjectID> = []
        let ancestorsOfA = walk(from: [a], boundary: boundary, reachedBoundary: &reachedBoundary) { _ in false }
        var candidates: Set<ObjectID> = []
        _ = walk(from: [b], boundary: boundary, reachedBoundary: &reachedBoundary) { commit in
            guard ancestorsOfA.contains(commit) else { return false }
            candidates.insert(commit)
            return true
        }
        if candidates.isEmpty {
            return reachedBoundary.isEmpty ? .unrelated : .beyondHistory(boundary: reachedBoundary.sorted())
        }
        // Keep the best candidates: those that are not ancestors of another candidate.
        var dominated: Set<ObjectID> = []
        for candidate in candidates {
            var ignored: Set<ObjectID> = []
            let below = walk(from: repository.parents(of: candidate) ?? [], boundary: boundary, reachedBoundary: &ignored) { _ in false }
            dominated.formUnion(below.intersection(candidates))
        }
        let best = candidates.subtracting(dominated).sorted()
        return .found(best[0])
    }

    /// Breadth-first walk over present commits. `stop` returning true ends the walk at that commit.
    private func walk(
        from starts: [ObjectID], boundary: Set<ObjectID>, reachedBoundary: inout Set<ObjectID>,
        stop: (ObjectID) -> Bool
    ) -> Set<ObjectID> {
        var seen: Set<ObjectID> = []
        var queue = starts
        var cursor = 0
        while cursor < queue.count {
            let commit = queue[cursor]
            cursor += 1
            guard seen.insert(commit).inserted else { continue }
            if stop(commit) { continue }
            if boundary.contains(commit) {
                reachedBoundary.insert(commit)
                continue
            }
            guard let parents = repository.parents(of: commit) else {
                reachedBoundary.insert(commit)
                continue
            }
            for parent in parents where !seen.contains(parent) {
                if repository.contains(parent) {
                    queue.append(parent)
                } else {
                    reachedBoundary.insert(commit)
                }
            }
        }
        return seen
    }
}
