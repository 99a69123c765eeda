import Foundation
import Synchronization

/// One image to build: what to call it and how (the request), and exactly what Docker receives.
public struct ImageBuildJob: Sendable {
    public var request: BuildRequest
    public var context: BuildContext

    public init(request: BuildRequest, context: BuildContext) {
        self.request = request
        self.context = context
    }
}

/// The result of one job: Build → Test → Push.
public struct BuildResult: Sendable {
    public enum Status: Sendable, Equatable {
        case built
        /// A dry run recorded the job and built nothing.
        case planned
        case failed(step: String)
    }

    public var status: Status
    public var image: String
    public var references: [String]
    /// The image id (`sha256:...`) when built.
    public var imageID: String?
    public var sizeBytes: Int?
    public var log: String
    public var testOutput: String?
    public var seconds: Double

    public init(status: Status, image: String, references: [String], imageID: String? = nil, sizeBytes: Int? = nil,
                log: String, testOutput: String? = nil, seconds: Double) {
        self.status = status
        self.image = image
        self.references = references
        self.imageID = imageID
        self.sizeBytes = sizeBytes
        self.log = log
        self.testOutput = testOutput
        self.seconds = seconds
    }
}

/// Where images are built and found: the seam between the pipeline and an engine. Two real
/// implementations: `DockerImageBuilder` (the engine) and `RecordingImageBuilder` (a dry run that
/// records every job and builds nothing, so the whole batch runs in tests without Docker).
public protocol ImageBuilding: Sendable {
    /// Builds one job. Failures of the build, the test or a push come back as a failed result
    /// with the log; nothing throws.
    func build(_ job: ImageBuildJob) -> BuildResult
    /// The image references on the engine, or nil when no engine can say (then cache entries
    /// are trusted as they are).
    func localImages() -> Set<String>?
    /// Gives `image` another reference.
    func tag(_ image: String, as reference: String) throws
    /// Pulls a reference from its registry.
    func pull(_ reference: String) throws
    /// Whether builds can export and import a registry cache (`type=registry,mode=max`): buildx
    /// with a driver that exports caches. Without it, only inline cache metadata is written.
    var exportsRegistryCache: Bool { get }
}

/// The dry run: records what would be built, in the order the scheduler asked, and builds nothing.
/// A simulated failure can be asked for by service image name; tests use it, and say so.
public final class RecordingImageBuilder: ImageBuilding {
    private let jobs = Mutex<[ImageBuildJob]>([])
    private let askForKnownImages: @Sendable () -> Set<String>?
    private let knownImages = Mutex<Set<String>??>(nil)
    private let failing: Set<String>
    /// As a Docker engine with buildx would say (tests ask for either).
    public let exportsRegistryCache: Bool

    /// - Parameters:
    ///   - knownImages: the engine's images when one answers, so a dry run can tell which cache
    ///     entries still have their image; nil trusts every entry.
    ///   - failing: image names whose build is reported failed (a simulated fault, for tests).
    ///   - exportsRegistryCache: what the recorded jobs are planned for.
    public convenience init(knownImages: Set<String>? = nil, failing: Set<String> = [], exportsRegistryCache: Bool = false) {
        self.init(askingForKnownImages: { knownImages }, failing: failing, exportsRegistryCache: exportsRegistryCache)
    }

    /// As above, with the engine asked for its images when `localImages()` is first called, not now.
    public init(askingForKnownImages ask: @escaping @Sendable () -> Set<String>?, failing: Set<String> = [], exportsRegistryCache: Bool = false) {
        askForKnownImages = ask
        self.failing = failing
        self.exportsRegistryCache = exportsRegistryCache
    }

    /// Every job asked for, in order.
    public var recorded: [ImageBuildJob] { jobs.withLock { $0 } }

    public func build(_ job: ImageBuildJob) -> BuildResult {
        jobs.withLock { $0.append(job) }
        let failed = failing.contains(job.request.imageName)
        return BuildResult(status: failed ? .failed(step: "build (simulated)") : .planned, image: job.request.imageName,
                           references: [job.request.imageName] + job.request.tags,
                           log: failed ? "simulated failure of \(job.request.imageName)\n" : "", seconds: 0)
    }

    public func localImages() -> Set<String>? {
        knownImages.withLock { known in
            if let answer = known { return answer }
            let answer = askForKnownImages()
            known = .some(answer)
            return answer
        }
    }
    public func tag(_ image: String, as reference: String) throws {}
    public func pull(_ reference: String) throws {}
}
