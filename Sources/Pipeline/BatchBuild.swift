import Builder
import Cache
import Foundation
import Monorepo
import Synchronization

/// `nixpacks-ci build` over a monorepo: prepares the selected services (plans and keys, in
/// dependency order), serves cache hits, builds the misses on `BatchScheduler` workers, records
/// cache entries for what was built, and returns the report.
public final class BatchBuild {
    public struct Settings: Sendable {
        public var jobs = 1
        public var failFast = false
        public var dryRun = false
        public var push = false
        public var cacheReadOnly = false
        public var labels: [String: String] = [:]
        /// Where each service's full log goes.
        public var logDirectory: URL
        public var testCommand: String?
        /// Extra tags for every image (`abc123def456`, `main`): built images get them, hits are re-tagged.
        public var extraTags: [String] = []

        public init(logDirectory: URL) {
            self.logDirectory = logDirectory
        }
    }

    public enum Event: Sendable {
        case cacheHit(String, image: String)
        case started(String)
        /// A service finished: its report line and full log.
        case finished(BatchReport.Service, log: String)
        case note(String)
    }

    let preparer: ServicePreparer
    let engine: DockerEngine?
    let directoryStore: DirectoryStore
    let registryStore: RegistryStore?
    let settings: Settings
    /// Sendable: signal handlers call it from another thread.
    public let interrupter = BatchInterrupter()
    private var flag: InterruptFlag { interrupter.flag }

    public init(preparer: ServicePreparer, engine: DockerEngine?, directoryStore: DirectoryStore, registryStore: RegistryStore?, settings: Settings) {
        self.preparer = preparer
        self.engine = engine
        self.directoryStore = directoryStore
        self.registryStore = registryStore
        self.settings = settings
    }


    /// - Parameter selected: service names with the reason each is built, in dependency order.
    public func run(selected: [(name: String, reason: String)], base: String?, removed: [String],
                    events: @escaping @Sendable (Event) -> Void) throws -> BatchReport {
        let started = Date()
        let startedAt = ISO8601DateFormatter().string(from: started)
        var services: [String: BatchReport.Service] = [:]
        var prepared: [String: PreparedService] = [:]
        var misses: [String] = []
        let finder = CacheFinder(directoryStore: directoryStore, registryStore: registryStore)
        for (name, reason) in selected {
            let service: PreparedService
            do {
                service = try preparer.prepare(name)
            } catch {
                services[name] = BatchReport.Service(name: name, path: preparer.graph.node(named: name)?.path ?? "", result: .failed,
                                                     reason: "planning failed: \(error)", key: nil, image: nil, seconds: 0, sizeBytes: nil,
                                                     logFile: nil, logTail: "\(error)")
                continue
            }
            prepared[name] = service
            for warning in service.planWarnings { events(.note("\(name): \(warning)")) }
            if let hit = cacheHit(service, finder: finder, events: events) {
                services[name] = BatchReport.Service(service, .cached, reason: "cache hit (\(reason))", image: hit, seconds: 0, size: nil, log: nil)
                events(.cacheHit(name, image: hit))
            } else if settings.dryRun {
                services[name] = BatchReport.Service(service, .planned, reason: reason, image: service.request.imageName, seconds: 0, size: nil, log: nil)
            } else {
                misses.append(name)
            }
        }

        if !misses.isEmpty, let engine {
            let table = Mutex(services)
            let durations = Dictionary(uniqueKeysWithValues: misses.map { name -> (String, Double) in
                if case let .hit(entry) = directoryStore.latest(service: name) { return (name, entry.seconds) }
                return (name, 60)
            })
            let jobs = misses.map { name in
                BatchScheduler.Job(name: name, dependencies: preparer.graph.dependencies(of: name), estimatedSeconds: durations[name]!)
            }
            let batch = BatchScheduler(jobs: jobs, concurrency: settings.jobs, failFast: settings.failFast)
            interrupter.attach(batch)
            if flag.isSet { batch.cancel(reason: "interrupted") }
            let reasons = Dictionary(uniqueKeysWithValues: selected.map { ($0.name, $0.reason) })
            let inputs = prepared
            let useRegistry = !finder.registryFailed
            let worker = BuildWorker(settings: settings, directoryStore: directoryStore, registryStore: registryStore, flag: flag)
            let outcomes = batch.run(execute: { name in
                let line = worker.build(inputs[name]!, reason: reasons[name] ?? "", engine: engine, useRegistry: useRegistry)
                table.withLock { $0[name] = line.0 }
                events(.finished(line.0, log: line.1))
                return line.0.result == .built
            }, events: { event in
                if case let .started(name) = event { events(.started(name)) }
            })
            services = table.withLock { $0 }
            for (name, outcome) in outcomes {
                if case let .skipped(reason) = outcome, let service = inputs[name] {
                    let line = BatchReport.Service(service, .skipped, reason: reason, image: nil, seconds: 0, size: nil, log: nil)
                    services[name] = line
                    events(.finished(line, log: ""))
                }
            }
        }
        let order = selected.map(\.name)
        return BatchReport(startedAt: startedAt, seconds: Date().timeIntervalSince(started), base: base, dryRun: settings.dryRun,
                           interrupted: flag.isSet, services: order.compactMap { services[$0] }, removed: removed)
    }


    /// The engine's image references, listed once per run (one `docker image inspect` per service
    /// would cost a process each).
    private lazy var localImages: Set<String> = {
        guard let output = try? engine?.docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]) else { return [] }
        var references = Set(output.standardOutput.split(separator: "\n").map(String.init))
        for reference in references where reference.hasSuffix(":latest") { references.insert(String(reference.dropLast(":latest".count))) }
        return references
    }()

    private func cacheHit(_ service: PreparedService, finder: CacheFinder, events: (Event) -> Void) -> String? {
        let engine = self.engine
        let pull: ((String) throws -> Void)? = settings.dryRun ? nil : { reference in _ = try engine?.docker(["pull", "-q", reference]) }
        guard let hit = finder.find(key: service.key, repository: service.repository,
                                    isLocal: { engine == nil || localImages.contains($0) }, pull: pull,
                                    note: { events(.note($0)) }) else { return nil }
        return retag(hit, service)
    }

    /// A hit re-tags the cached image with the service's name and extra tags, without building.
    private func retag(_ image: String, _ service: PreparedService) -> String {
        guard !settings.dryRun else { return image }
        let name = service.request.imageName
        for reference in [name] + settings.extraTags.map({ "\(name):\($0)" }) where reference != image {
            _ = try? engine?.docker(["tag", image, reference])
        }
        return image
    }

}

/// Builds one prepared service: Sendable, so scheduler workers can run it.
struct BuildWorker: Sendable {
    let settings: BatchBuild.Settings
    let directoryStore: DirectoryStore
    let registryStore: RegistryStore?
    let flag: InterruptFlag

    func build(_ service: PreparedService, reason: String, engine: DockerEngine, useRegistry: Bool) -> (BatchReport.Service, String) {
        var request = service.request
        request.labels = settings.labels.merging([RegistryStore.keyLabel: service.key.hex]) { _, new in new }
        request.testCommand = settings.testCommand
        request.tags += settings.extraTags.map { "\(request.imageName):\($0)" }
        var keyed: String?
        if useRegistry, let registryStore {
            // The registry is the shared cache: the keyed image goes there unless the cache is read-only.
            keyed = registryStore.reference(repository: service.repository, key: service.key)
            request.tags.append(keyed!)
            request.push = !settings.cacheReadOnly
        } else {
            request.push = settings.push && !settings.cacheReadOnly
        }
        let logFile = settings.logDirectory.appendingPathComponent("\(service.node.name).log")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        var log = ""
        var line: BatchReport.Service
        do {
            let result = try ImageBuilder(engine: engine).build(request, workDirectory: work.appendingPathComponent("context"))
            log = result.log
            switch result.status {
            case .built:
                line = BatchReport.Service(service, .built, reason: reason, image: request.imageName, seconds: result.seconds, size: result.sizeBytes, log: logFile.path)
                if !settings.cacheReadOnly, !flag.isSet {
                    let entry = CacheEntry(key: service.key, service: service.node.name, image: keyed ?? request.imageName, digest: result.imageID,
                                           builtAt: ISO8601DateFormatter().string(from: Date()), seconds: result.seconds,
                                           sizeBytes: result.sizeBytes, inputs: service.inputs)
                    try? directoryStore.record(entry)
                }
            case let .failed(step):
                line = BatchReport.Service(service, .failed, reason: flag.isSet ? "interrupted" : "\(step) failed",
                              image: nil, seconds: result.seconds, size: nil, log: logFile.path)
                line.logTail = log.split(separator: "\n", omittingEmptySubsequences: false).suffix(30).joined(separator: "\n")
            }
        } catch {
            log = "\(error)"
            line = BatchReport.Service(service, .failed, reason: "\(error)", image: nil, seconds: 0, size: nil, log: logFile.path)
            line.logTail = log
        }
        try? FileManager.default.createDirectory(at: settings.logDirectory, withIntermediateDirectories: true)
        // Logs inside the repository must not show up as changes (untracked files) in later runs.
        let ignore = settings.logDirectory.appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore.path) { try? "*\n".write(to: ignore, atomically: true, encoding: .utf8) }
        try? log.write(to: logFile, atomically: true, encoding: .utf8)
        return (line, log)
    }
}

/// Set once, read from any thread.
final class InterruptFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Interrupts a running batch: stops starting builds and terminates running children; the report
/// covers what finished, and interrupted builds write no cache entry.
public final class BatchInterrupter: Sendable {
    let flag = InterruptFlag()
    private let scheduler = Mutex<BatchScheduler?>(nil)

    public init() {}

    func attach(_ batch: BatchScheduler) { scheduler.withLock { $0 = batch } }

    public func interrupt() {
        flag.set()
        scheduler.withLock { $0 }?.cancel(reason: "interrupted")
        RunningProcesses.shared.terminateAll()
    }
}

extension BatchReport.Service {
    /// A report line for a prepared service.
    init(_ service: PreparedService, _ result: BatchReport.Result, reason: String, image: String?, seconds: Double, size: Int?, log: String?) {
        self.init(name: service.node.name, path: service.node.path, result: result, reason: reason, key: service.key.hex,
                  unstable: service.inputs.environment.unstableBecause, image: image, seconds: seconds, sizeBytes: size,
                  logFile: log, logTail: nil)
    }
}
