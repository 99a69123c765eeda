import Builder
import Cache
import Foundation
import Host
import Synchronization

/// Stage 7 of `MonorepoBuild`: builds the cache misses on the image builder, at most `jobs` at
/// once, dependencies first, the longest chains first; a failure skips its dependents and the
/// rest go on (or stop, with fail-fast). Each build that succeeds is recorded in the local store
/// (unless the cache is read-only or the run was interrupted).
struct BuildExecution {
    let builder: any ImageBuilding
    let worker: BuildWorker
    let jobs: Int
    let failFast: Bool
    let interrupter: BuildInterrupter

    /// Runs `misses` (in dependency order) and returns a report line for each.
    func run(_ misses: [(service: PreparedService, reason: String)], dependencies: (String) -> [String],
             events: @escaping @Sendable (MonorepoBuild.Event) -> Void) -> [String: BatchReport.Service] {
        guard !misses.isEmpty else { return [:] }
        let table = Mutex<[String: BatchReport.Service]>([:])
        let store = worker.directoryStore
        let schedulerJobs = misses.map { item in
            let seconds: Double
            if case let .hit(entry) = store.latest(service: item.service.node.name) { seconds = entry.seconds } else { seconds = 60 }
            return BatchScheduler.Job(name: item.service.node.name, dependencies: dependencies(item.service.node.name), estimatedSeconds: seconds)
        }
        let scheduler = BatchScheduler(jobs: schedulerJobs, concurrency: jobs, failFast: failFast)
        interrupter.attach(scheduler)
        if interrupter.flag.isSet { scheduler.cancel(reason: "interrupted") }
        let byName = Dictionary(misses.map { ($0.service.node.name, $0) }, uniquingKeysWith: { first, _ in first })
        let worker = self.worker
        let outcomes = scheduler.run(execute: { name in
            guard let item = byName[name] else { return false }
            let (line, log) = worker.build(item.service, reason: item.reason)
            table.withLock { $0[name] = line }
            events(.finished(line, log: log))
            return line.result == .built || line.result == .planned
        }, events: { event in
            if case let .started(name) = event { events(.started(name)) }
        })
        var lines = table.withLock { $0 }
        for (name, outcome) in outcomes {
            if case let .skipped(reason) = outcome, let item = byName[name] {
                let line = BatchReport.Service(item.service, .skipped, reason: reason, image: nil, seconds: 0, size: nil, log: nil)
                lines[name] = line
                events(.finished(line, log: ""))
            }
        }
        return lines
    }
}

/// Builds one prepared service: Sendable, so scheduler workers can run it.
struct BuildWorker: Sendable {
    let builder: any ImageBuilding
    let directoryStore: DirectoryStore
    let registryStore: RegistryStore?
    /// Whether the registry answered the lookups (else nothing is pushed to it or recorded).
    let useRegistry: Bool
    let cacheReadOnly: Bool
    let push: Bool
    let labels: [String: String]
    let logDirectory: String?
    let flag: InterruptFlag
    /// The branches whose moving cache tags layers are imported from (`--cache-from`): the one
    /// being built, then the base branch's. The first is the one exported to.
    let layerCacheBranches: LayerCacheBranches

    func build(_ service: PreparedService, reason: String) -> (BatchReport.Service, String) {
        var job = service.job
        job.request.labels = labels.merging([RegistryStore.keyLabel: service.key.hex]) { _, new in new }
        var keyed: String?
        if useRegistry, let registryStore {
            // The registry is the shared cache: the keyed image goes there unless the cache is read-only.
            keyed = registryStore.reference(repository: service.repository, key: service.key)
            job.request.tags.append(keyed!)
            job.request.push = !cacheReadOnly
            // Layers come from the service's newest images on this branch and on the base branch,
            // on whatever machine built them; read-only builds import and never export.
            let sources = layerCacheBranches.tags.map { registryStore.cacheReference(repository: service.repository, branchTag: $0) }
            for source in sources where !job.request.cacheFrom.contains(source) { job.request.cacheFrom.append(source) }
            if !cacheReadOnly, let target = sources.first {
                job.request.exportsInlineCache = true
                job.request.tags.append(target)
            }
            // Where buildx can, also a registry cache of every layer of every stage (mode=max),
            // beside the image: what a multi-stage build's earlier stages made is reused too.
            if builder.exportsRegistryCache {
                job.request.registryCacheFrom = layerCacheBranches.tags.map { registryStore.buildCacheReference(repository: service.repository, branchTag: $0) }
                job.request.registryCacheTo = cacheReadOnly ? nil : job.request.registryCacheFrom.first
            }
        } else {
            job.request.push = push && !cacheReadOnly
        }
        var result = builder.build(job)
        // What rendering chose on the app's behalf heads the log (a Debian version, Rust for glibc).
        if !service.rendered.notes.isEmpty {
            result.log = service.rendered.notes.map { "nixpacks-ci: \($0)\n" }.joined() + result.log
        }
        let logFile = logDirectory.map { $0 + "/\(service.node.name).log" }
        var line: BatchReport.Service
        switch result.status {
        case .built:
            line = BatchReport.Service(service, .built, reason: reason, image: job.request.imageName, seconds: result.seconds,
                                       size: result.sizeBytes, log: logFile)
            if !cacheReadOnly, !flag.isSet {
                let entry = CacheEntry(key: service.key, service: service.node.name, image: keyed ?? job.request.imageName,
                                       digest: result.imageID, builtAt: UTCTimestamp.string(from: Date()), seconds: result.seconds,
                                       sizeBytes: result.sizeBytes, inputs: service.inputs)
                try? directoryStore.record(entry)
            }
        case .planned:
            line = BatchReport.Service(service, .planned, reason: reason, image: job.request.imageName, seconds: 0, size: nil, log: nil)
        case let .failed(step):
            line = BatchReport.Service(service, .failed, reason: flag.isSet ? "interrupted" : "\(step) failed",
                                       image: nil, seconds: result.seconds, size: nil, log: logFile)
            line.logTail = result.log.split(separator: "\n", omittingEmptySubsequences: false).suffix(30).joined(separator: "\n")
        }
        if let logDirectory, let logFile, result.status != .planned {
            // Logs kept in a checkout must not show up as untracked files (and in keys) later.
            try? FileOperations.createIgnoredDirectory(logDirectory)
            try? FileOperations.write(result.log, to: logFile)
        }
        return (line, result.log)
    }
}

/// The branches a build's layer cache is read from and written to, as registry tags: the branch
/// being built (exported to and imported from), then the base branch (imported from). With neither
/// known, the one tag `nixpacks-ci-cache` serves.
struct LayerCacheBranches: Sendable, Hashable {
    var current: String?
    var base: String?

    /// Branch tags in import order; `[nil]` when no branch is known.
    var tags: [String?] {
        let known = [current, base].compactMap { $0 }.map(BuildConfiguration.DerivedTag.tag(fromBranch:))
        var unique: [String] = []
        for tag in known where !unique.contains(tag) { unique.append(tag) }
        return unique.isEmpty ? [nil] : unique
    }

    /// The branch a `--since` ref names: `origin/main`, `refs/remotes/origin/main`, `refs/heads/main`
    /// and `main` name `main`; a commit id or an expression (`HEAD~1`, `v1^`) names none.
    static func branch(fromRef ref: String, isRemote: (String) -> Bool) -> String? {
        var name = ref
        if name.hasPrefix("refs/heads/") { name.removeFirst("refs/heads/".count) }
        if name.hasPrefix("refs/remotes/") {
            name.removeFirst("refs/remotes/".count)
            guard let slash = name.firstIndex(of: "/") else { return nil }
            name = String(name[name.index(after: slash)...])
        } else if let slash = name.firstIndex(of: "/"), isRemote(String(name[..<slash])) {
            name = String(name[name.index(after: slash)...])
        }
        let isCommit = name.count >= 7 && name.allSatisfy(\.isHexDigit)
        if name.isEmpty || isCommit || name == "HEAD" || name.contains(where: { "~^@{}: ".contains($0) }) { return nil }
        return name
    }
}

/// Set once, read from any thread.
final class InterruptFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Interrupts a running build: stops starting builds and terminates running children; the report
/// covers what finished, and interrupted builds write no cache entry.
public final class BuildInterrupter: Sendable {
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
