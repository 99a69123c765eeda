import Host

extension ProcessRunner.Output {
    /// What a failed `nixpacks-ci build` says about its failures, short enough for a test's
    /// message: the failed services' summary lines, their log lines that report an error and the
    /// last lines of each failed log, and the end of standard error. (A whole plain-style output
    /// holds every built service's log, and an expectation on it is cut before the failure.)
    var diagnosis: String {
        let lines = standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        let failed = lines.filter { $0.hasPrefix("✘ ") }
        var text = "status \(status)\n" + failed.joined(separator: "\n") + "\n"
        for summary in failed {
            guard let name = summary.dropFirst(2).split(separator: ":").first else { continue }
            let log = lines.filter { $0.hasPrefix("[\(name)] ") }
            text += log.filter { $0.contains("ERROR") || $0.contains("error:") }.suffix(20).joined(separator: "\n") + "\n"
            text += "…\n" + log.suffix(40).joined(separator: "\n") + "\n"
        }
        return text + "stderr: " + standardError.suffix(2000)
    }
}
