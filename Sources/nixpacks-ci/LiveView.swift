import Foundation
import Synchronization

/// The terminal view of a batch: finished services scroll above; below them, one line per running
/// build with its elapsed time and a progress count, redrawn every second.
final class LiveView: Sendable {
    private struct State {
        var running: [(name: String, started: Date)] = []
        var finished = 0
        var total: Int
        /// Lines of the live block currently on screen.
        var drawn = 0
        var stopped = false
    }

    private let state: Mutex<State>

    init(total: Int) {
        state = Mutex(State(total: total))
        // A ticker thread redraws the elapsed times every second until `stop()`.
        Thread.detachNewThread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                guard let self, !self.state.withLock({ $0.stopped }) else { return }
                self.redraw(printing: nil)
            }
        }
    }

    func started(_ name: String) {
        state.withLock { $0.running.append((name, Date())) }
        redraw(printing: nil)
    }

    /// Prints a finished service's line above the live block.
    func finished(_ name: String, line: String, counts: Bool) {
        state.withLock { state in
            state.running.removeAll { $0.name == name }
            if counts { state.finished += 1 }
        }
        redraw(printing: line)
    }

    func note(_ line: String) { redraw(printing: line) }

    func stop() {
        state.withLock { $0.stopped = true }
        redraw(printing: nil, final: true)
    }

    private func redraw(printing line: String?, final: Bool = false) {
        let text = state.withLock { state -> String in
            var out = state.drawn > 0 ? "\u{1B}[\(state.drawn)A\u{1B}[J" : ""
            if let line { out += line.hasSuffix("\n") ? line : line + "\n" }
            guard !final, !state.stopped || line != nil else {
                state.drawn = 0
                return out
            }
            let now = Date()
            var block = state.running.map { String(format: "  ⏳ %@  %.0f s", $0.name, now.timeIntervalSince($0.started)) }
            block.append("  [\(state.finished)/\(state.total)] done, \(state.running.count) building")
            out += block.joined(separator: "\n") + "\n"
            state.drawn = block.count
            return out
        }
        Terminal.out(text)
    }
}
