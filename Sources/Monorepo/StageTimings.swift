import Dispatch

/// How long each stage of a pipeline took, in order: for `--timings`.
public struct StageTimings: Sendable {
    public private(set) var stages: [(name: String, milliseconds: Double)] = []

    public init() {}

    public mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now()
        defer { record(name, since: start) }
        return try body()
    }

    /// Records a stage that began at `start` and ends now.
    public mutating func record(_ name: String, since start: DispatchTime) {
        stages.append((name, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000))
    }
}
