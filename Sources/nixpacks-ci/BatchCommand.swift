import ArgumentParser
import Builder
import Cache
import Foundation
import Monorepo
import Pipeline

/// `nixpacks-ci build [--since REF]`: the monorepo batch behind the `build` command.
struct BatchCommand {
    let build: Build

    func run() throws {
        try runReportingErrors {
            try runReportingPlanErrors {
                try runReportingBuildErrors {
                    let report = try execute()
                    try writeReports(report)
                    print("")
                    print(report.table(), terminator: "")
                    print("\(report.count(.built)) built, \(report.count(.cached)) cached, \(report.count(.failed)) failed, "
                          + "\(report.count(.skipped)) skipped\(report.dryRun ? ", \(report.count(.planned)) to build" : "")"
                          + String(format: " in %.1f s", report.seconds) + (report.interrupted ? " (interrupted)" : ""))
                    if !report.succeeded { throw ExitCode(1) }
                }
            }
        }
    }

    private func execute() throws -> BatchReport {
        let options = build.batch
        let workspace = try build.location.openWorkspace()
        guard let head = try workspace.repository.commit(for: "HEAD") else {
            throw ValidationError("the repository has no commit yet")
        }
        var selected: [(name: String, reason: String)]
        var base: String?
        var removed: [String] = []
        let graph: ServiceGraph
        let listing: FileListing
        let workingTree: [ChangedPath]
        if let since = options.since {
            let query = options.changes.query(since: since)
            let changes = try ChangeDetector(repository: workspace.repository).changes(for: query)
            workingTree = changes.paths.filter { $0.origin == .workingTree }
            listing = try workspace.listing(workingTreeChanges: changes.paths)
            graph = try workspace.graph(listing: listing)
            let report = AffectedAnalysis(graph: graph, config: workspace.config, rootPrefix: workspace.rootPrefix, listing: listing).report(for: changes)
            selected = report.affected.map { ($0.name, $0.reasons.map(\.summary).joined(separator: "; ")) }
            base = report.base.note
            removed = report.removed.map(\.name)
        } else {
            workingTree = try WorkingTreeScanner.preferred.changes(in: workspace.repository, against: head)
            listing = try workspace.listing(workingTreeChanges: workingTree)
            graph = try workspace.graph(listing: listing)
            let order = graph.topologicalOrder()
            selected = order.compactMap { name in graph.node(named: name)?.kind == .service ? (name, "all services") : nil }
        }
        if !options.services.isEmpty {
            let known = Set(graph.services.map(\.name))
            for name in options.services where !known.contains(name) {
                throw ValidationError("--service \(name): no such service. Services: \(known.sorted().joined(separator: ", "))")
            }
            selected = selected.filter { options.services.contains($0.name) }
        }

        var serviceOptions = ServiceBuildOptions()
        serviceOptions.planOptions = build.flags.options
        serviceOptions.packageSource = build.packageSource
        serviceOptions.nixpkgsArchiveURL = build.nixpkgsArchiveUrl
        serviceOptions.secrets = build.secret
        serviceOptions.caCertificates = build.caCert.map { URL(fileURLWithPath: $0) }
        serviceOptions.noCache = build.noCache
        serviceOptions.imagePrefix = build.cache.registry
        let engine: DockerEngine? = options.dryRun ? try? DockerEngine.connect() : try DockerEngine.connect()
        let identifier = EnvironmentIdentifier(nixInstantiate: EnvironmentIdentifier.findNixInstantiate(), engine: engine)
        let preparer = ServicePreparer(workspace: workspace, graph: graph, head: head, workingTree: workingTree,
                                       options: serviceOptions, identifier: identifier, listing: listing)
        let detected = BatchOutput.detect()
        var settings = BatchBuild.Settings(logDirectory: URL(fileURLWithPath: options.logDir))
        settings.jobs = options.jobs
        settings.failFast = options.failFast
        settings.dryRun = options.dryRun
        settings.push = build.push
        settings.cacheReadOnly = build.cache.cacheReadonly
        settings.labels = try build.labels(revision: head.hex)
        settings.testCommand = build.testCmd
        for tag in options.tagWith {
            switch tag {
            case .sha: settings.extraTags.append(String(head.hex.prefix(12)))
            case .branch:
                if let branch = workspace.repository.headReference?.replacingOccurrences(of: "refs/heads/", with: "") {
                    settings.extraTags.append(ImageNames.tag(fromBranch: branch))
                } else {
                    detected.handle(.note("--tag-with branch: HEAD is detached, no branch tag"))
                }
            }
        }
        let batch = BatchBuild(preparer: preparer, engine: engine, directoryStore: build.cache.directoryStore,
                               registryStore: build.cache.registryStore, settings: settings)
        let interrupter = batch.interrupter
        let signals = SignalHandlers { interrupter.interrupt() }
        defer { signals.cancel() }
        if let base { detected.handle(.note("base: \(base)")) }
        if selected.isEmpty { detected.handle(.note("no service to build")) }
        let output = detected.starting(total: options.dryRun ? 0 : selected.count)
        defer { output.stop() }
        return try batch.run(selected: selected, base: base, removed: removed) { output.handle($0) }
    }

    private func writeReports(_ report: BatchReport) throws {
        let options = build.batch
        if let junit = options.junit { try report.junitXML().write(toFile: junit, atomically: true, encoding: .utf8) }
        if let json = options.reportJson { try jsonText(report).appending("\n").write(toFile: json, atomically: true, encoding: .utf8) }
        let markdown = report.markdown()
        if let file = options.markdown { try markdown.write(toFile: file, atomically: true, encoding: .utf8) }
        if let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty,
           let handle = FileHandle(forWritingAtPath: summary) {
            handle.seekToEndOfFile()
            handle.write(Data(markdown.utf8))
            try? handle.close()
        }
    }
}

/// SIGINT and SIGTERM: stop the children, then let the reports be written.
final class SignalHandlers {
    private let sources: [DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
