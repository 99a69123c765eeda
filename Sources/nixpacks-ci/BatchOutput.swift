import Foundation
import Pipeline

/// How a batch shows progress: CI logs with collapsible groups (failures stay expanded), or short
/// progress lines on a terminal.
struct BatchOutput: Sendable {
    enum Style: Sendable {
        case github, gitlab, plain, terminal
        /// `build PATH`: the build log and notes on stderr, as Nixpacks prints them.
        case single
    }
    let style: Style
    /// A dry run: nothing starts building, so only the outcomes are shown.
    var dryRun = false
    /// On a terminal: the live block of running builds.
    var live: LiveView?

    static func detect(single: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) -> BatchOutput {
        if single { return BatchOutput(style: .single) }
        if environment["GITHUB_ACTIONS"] == "true" { return BatchOutput(style: .github) }
        if environment["GITLAB_CI"] == "true" { return BatchOutput(style: .gitlab) }
        if environment["CI"] == "true" || isatty(STDOUT_FILENO) == 0 { return BatchOutput(style: .plain) }
        return BatchOutput(style: .terminal)
    }

    /// Starts the live view on a terminal, for `total` builds.
    func starting(total: Int) -> BatchOutput {
        var copy = self
        if style == .terminal, total > 0 { copy.live = LiveView(total: total) }
        return copy
    }

    func stop() { live?.stop() }

    func handle(_ event: MonorepoBuild.Event) {
        if let live {
            switch event {
            case let .note(text): live.note("note: \(text)")
            case .prepared: break
            case let .cacheHit(name, image): live.finished(name, line: "♻ \(name): cache hit (\(image))", counts: true)
            case let .started(name): live.started(name)
            case let .finished(service, _):
                let mark = service.result == .failed ? "✘" : service.result == .skipped ? "⏭" : "✔"
                var line = "\(mark) \(service.name): \(service.result.rawValue)" + " " + BatchReport.oneDecimal(service.seconds) + " s"
                if !service.reason.isEmpty, service.result != .built { line += " (\(service.reason))" }
                if service.result == .failed, let tail = service.logTail { line += "\n" + prefixed(tail, service.name) }
                live.finished(service.name, line: line, counts: true)
            }
            return
        }
        if style == .single {
            switch event {
            case let .note(text): printNote(text)
            case let .prepared(name, key, unstable):
                printNote("cache key \(key.short) for \(name)" + (unstable.isEmpty ? "" : " (unstable: \(unstable.joined(separator: "; ")))"))
            case let .finished(_, log): Terminal.error(log)
            case .cacheHit, .started: break
            }
            return
        }
        switch event {
        case .prepared:
            break
        case let .note(text):
            write("note: \(text)\n")
        case let .cacheHit(name, image):
            write("♻ \(name): cache hit (\(image))\n")
        case let .started(name):
            if dryRun { return }
            write("▶ \(name): building\n")
        case let .finished(service, log):
            let summary = "\(service.name): \(service.result.rawValue)\(service.reason.isEmpty ? "" : " (\(service.reason))")"
                + " " + BatchReport.oneDecimal(service.seconds) + " s"
            let failed = service.result == .failed
            switch style {
            case .github:
                if failed {
                    write("::error title=\(service.name) failed::\(service.reason)\n")
                    write(prefixed(log, service.name))
                } else {
                    write("::group::\(summary)\n\(log)\n::endgroup::\n")
                }
            case .gitlab:
                let id = "nixpacks_ci_\(service.name.filter { $0.isLetter || $0.isNumber || $0 == "_" })"
                let time = Int(Date().timeIntervalSince1970)
                write("\u{1B}[0Ksection_start:\(time):\(id)[collapsed=\(failed ? "false" : "true")]\r\u{1B}[0K\(summary)\n\(log)\n")
                write("\u{1B}[0Ksection_end:\(time):\(id)\r\u{1B}[0K\n")
            case .plain:
                if failed || service.result == .built { write(prefixed(log, service.name)) }
                write("\(failed ? "✘" : "✔") \(summary)\n")
            case .terminal, .single:
                write("\(failed ? "✘" : service.result == .skipped ? "⏭" : "✔") \(summary)\n")
                if failed, let tail = service.logTail { write(prefixed(tail, service.name)) }
            }
        }
    }

    private func prefixed(_ log: String, _ name: String) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).map { "[\(name)] \($0)\n" }.joined()
    }

    private func write(_ text: String) {
        Terminal.out(text)
    }
}
