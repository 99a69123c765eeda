import Foundation

/// Deepens a shallow clone step by step (`git fetch --deepen=N`, doubling N) until a condition holds
/// or the clone is complete.
struct HistoryDeepener {
    let git: GitCommandLine
    /// The remote to fetch from, and explicit refspecs to deepen besides its default ones.
    let remote: String
    let refspecs: [String]
    /// The first step; each further step doubles it.
    var initialDepth = 64
    var maximumSteps = 12

    struct Result {
        var fetches: Int
        var deepenedBy: Int
    }

    /// Deepens until `satisfied()` is true (checked after every fetch) or the clone is no longer shallow.
    /// Returns what was done; throws when a fetch fails.
    func deepen(isShallow: () -> Bool, satisfied: () throws -> Bool) throws -> Result {
        var depth = initialDepth
        var total = 0
        var fetches = 0
        while isShallow(), fetches < maximumSteps {
            let arguments = ["fetch", "--quiet", "--no-tags", "--deepen=\(depth)", remote] + refspecs
            let output = try git.run(arguments)
            fetches += 1
            guard output.status == 0 else {
                throw MonorepoError.fetchFailed(command: "git " + arguments.joined(separator: " "), output: output.text)
            }
            total += depth
            if try satisfied() { break }
            depth *= 2
        }
        return Result(fetches: fetches, deepenedBy: total)
    }
}
