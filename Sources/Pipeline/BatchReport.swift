import Foundation

/// The outcome of `nixpacks-ci build` over a monorepo: the JSON report's shape (docs/reports.md).
public struct BatchReport: Sendable, Codable {
    public static let schemaVersion = 1

    public enum Result: String, Sendable, Codable {
        /// Built now.
        case built
        /// The cache held an image for the key: nothing was built.
        case cached
        case failed
        /// Not run: a dependency failed, --fail-fast, or an interruption.
        case skipped
        /// --dry-run: would be built.
        case planned
    }

    public struct Service: Sendable, Codable {
        public var name: String
        public var path: String
        public var result: Result
        /// Why: the failed step, the skip reason, the affected reason.
        public var reason: String
        public var key: String?
        public var unstable: [String]
        public var image: String?
        public var seconds: Double
        public var sizeBytes: Int?
        public var logFile: String?
        /// The last lines of the log, for failures.
        public var logTail: String?

        public init(name: String, path: String, result: Result, reason: String, key: String?, unstable: [String] = [], image: String?,
                    seconds: Double, sizeBytes: Int?, logFile: String?, logTail: String?) {
            self.name = name
            self.path = path
            self.result = result
            self.reason = reason
            self.key = key
            self.unstable = unstable
            self.image = image
            self.seconds = seconds
            self.sizeBytes = sizeBytes
            self.logFile = logFile
            self.logTail = logTail
        }
    }

    public var schemaVersion = BatchReport.schemaVersion
    public var startedAt: String
    public var seconds: Double
    /// How the base was chosen, when `--since` was given.
    public var base: String?
    public var dryRun: Bool
    public var interrupted: Bool
    /// In build order.
    public var services: [Service]
    public var removed: [String]

    public init(startedAt: String, seconds: Double, base: String?, dryRun: Bool, interrupted: Bool, services: [Service], removed: [String]) {
        self.startedAt = startedAt
        self.seconds = seconds
        self.base = base
        self.dryRun = dryRun
        self.interrupted = interrupted
        self.services = services
        self.removed = removed
    }

    public func count(_ result: Result) -> Int { services.filter { $0.result == result }.count }
    public var succeeded: Bool { count(.failed) == 0 && !interrupted }
}
