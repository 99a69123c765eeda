import ArgumentParser
import Builder
import Cache
import Foundation
import Synchronization
import Host
import Monorepo
import Pipeline

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the monorepo's services (all, or those a change affects), or one app, as images.",
        discussion: """
        Without PATH: the main job. Every service of the monorepo, or with --since those a change \
        affects and their dependents, is planned as Nixpacks would, keyed by exactly what its build \
        sees, and built on the Docker engine (BuildKit) unless the cache holds its key. Builds run in \
        parallel, dependencies first; a failure skips its dependents and the rest go on \
        (docs/reports.md). In CI, --since auto takes the base from the event (docs/ci.md), and \
        --service "api web" builds one shard.

        With PATH: one app's image (Nixpacks' build). Inside a git repository, an app that is a \
        service of the monorepo is built as that service (local dependencies, a cache key); --out DIR \
        writes the build context instead of building: DIR the app itself writes only .nixpacks/ there \
        (as `nixpacks build . --out .`), any other DIR must be outside the repository.

        What a build sees, and so its key (docs/caching.md): the files git tracks plus untracked ones \
        it would add, as they are in the working tree, less what .dockerignore excludes (Docker's \
        rules); the rendered Dockerfile and Nix files; the environment (Nix derivations, or Debian \
        packages and base image ids); build arguments; secret names; the keys of its dependencies.

        Package sources: nix (default, Nixpacks-compatible: Nix in the image) or debian (no Nix: \
        Debian packages mapped from the plan; smaller images, works where the Nix cache is out of reach).
        Secrets: --secret NAME passes the variable NAME through a BuildKit secret mount; it never \
        becomes an ARG, ENV, layer or key input (its name is one).

        Examples:
          nixpacks-ci build --since origin/main --junit junit.xml
          nixpacks-ci build --since auto --registry ghcr.io/acme --report-json report.json
          nixpacks-ci build --dry-run                      # keys, hits and misses; builds nothing
          nixpacks-ci build services/api --name acme/api --tag acme/api:dev
          nixpacks-ci build services/api --package-source debian --test-cmd 'npm test'
          nixpacks-ci build services/api --out /tmp/api-context
        """
    )

    @Argument(help: "One app's directory. Without it, the monorepo's services are built (all, or those --since affects).")
    var path: String?

    @OptionGroup var batch: BatchOptions

    @OptionGroup var location: RepositoryOptions

    @Option(name: [.short, .long], help: "With PATH: the image name (default: the service's or directory's name).")
    var name: String?

    @Option(name: [.short, .long], help: ArgumentHelp("With PATH: another tag for the image. Repeatable.", valueName: "tag"))
    var tag: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("A label K=V for the images. Repeatable.", valueName: "K=V"))
    var label: [String] = []

    @Option(help: ArgumentHelp("With PATH: a target platform (docker --platform). Repeatable.", valueName: "os/arch"))
    var platform: [String] = []

    @Flag(help: "No cache mounts, docker build --no-cache, and no cache lookup.")
    var noCache = false

    @Option(help: ArgumentHelp("With PATH: an image to use as layer cache (docker --cache-from). Repeatable.", valueName: "image"))
    var cacheFrom: [String] = []

    @Flag(help: "Push the images and their tags after a successful build.")
    var push = false

    @Option(name: [.short, .long], help: ArgumentHelp("With PATH: write the build context to this directory and do not build.", valueName: "dir"))
    var out: String?

    @OptionGroup var packages: PackageSourceOptions

    @Option(help: ArgumentHelp("A variable of this environment passed as a build secret. Repeatable.", valueName: "NAME"))
    var secret: [String] = []

    @Option(help: ArgumentHelp("A PEM CA certificate to trust during the build (TLS-inspecting proxies). Repeatable.", valueName: "file"))
    var caCert: [String] = []

    @Option(help: ArgumentHelp("A command run in the built image's build stage; failing fails the build.", valueName: "cmd"))
    var testCmd: String?

    @Option(help: ArgumentHelp("With PATH: a command run on the host in the app directory before the build. Repeatable.", valueName: "cmd"))
    var preBuild: [String] = []

    @Option(help: ArgumentHelp("With PATH: a command run on the host in the app directory after the build. Repeatable.", valueName: "cmd"))
    var postBuild: [String] = []

    @OptionGroup var flags: PlanFlags

    @OptionGroup var cache: CacheOptions

    @Flag(help: "Print how long each stage took to stderr.")
    var timings = false

    func validate() throws {
        if path == nil {
            let appOnly: [(String, Bool)] = [
                ("--out", out != nil), ("--name", name != nil), ("--tag", !tag.isEmpty), ("--platform", !platform.isEmpty),
                ("--cache-from", !cacheFrom.isEmpty), ("--pre-build", !preBuild.isEmpty), ("--post-build", !postBuild.isEmpty),
            ]
            let given = appOnly.filter(\.1).map(\.0)
            if !given.isEmpty {
                throw ValidationError("\(given.joined(separator: ", ")) \(given.count == 1 ? "applies" : "apply") to one app: give its PATH "
                    + "(nixpacks-ci build services/api \(given[0]) ...). For the monorepo, images are named after their services "
                    + "(image = \"...\" in nixpacks-ci.toml) and --tag-with adds tags.")
            }
        } else {
            if batch.since != nil { throw ValidationError("--since builds the monorepo's affected services; drop PATH, or drop --since to build that app") }
            if !batch.services.isEmpty { throw ValidationError("--service picks services of the monorepo; drop PATH, or drop --service") }
            if out != nil, batch.dryRun { throw ValidationError("--out already builds nothing; drop --dry-run") }
        }
        for entry in label where !entry.contains("=") { throw ValidationError("--label takes KEY=VALUE, got '\(entry)'") }
    }

    func run() throws {
        try runReportingErrors {
            let configuration = try makeConfiguration()
            if let out {
                let written = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: try? DockerEngine.connect())
                    .writeContext(to: out)
                let what = written.nixpacksDirectoryOnly ? "wrote \(written.directory)/.nixpacks/" : "wrote the build context to \(written.directory)"
                print("\(what) (cache key \(written.service.key.short)). Build it with:")
                print("  DOCKER_BUILDKIT=1 " + written.command.joined(separator: " "))
                return
            }
            let engine: DockerEngine? = batch.dryRun ? try? DockerEngine.connect() : try DockerEngine.connect()
            let builder: any ImageBuilding
            if batch.dryRun {
                builder = RecordingImageBuilder(askingForKnownImages: { engine.flatMap { DockerImageBuilder(engine: $0).localImages() } })
            } else {
                builder = DockerImageBuilder(engine: engine!)
            }
            var detected = BatchOutput.detect(single: path != nil)
            detected.dryRun = batch.dryRun
            let output = detected
            let pipeline = MonorepoBuild(configuration: configuration, builder: builder, engine: engine) { output.handle($0) }
            let interrupter = pipeline.interrupter
            let signals = SignalHandlers { interrupter.interrupt() }
            defer { signals.cancel() }
            let live = output.starting(total: batch.dryRun ? 0 : 1)
            let report: BatchReport
            do {
                defer { live.stop() }
                report = try pipeline.run()
            }
            let reporting = DispatchTime.now()
            try ReportFiles(junit: batch.junit, json: batch.reportJson, markdown: batch.markdown).write(report)
            defer {
                if timings {
                    var stages = pipeline.timings
                    stages.record("reports and table", since: reporting)
                    printTimings(stages)
                }
            }
            if path != nil {
                SingleAppSummary.print(report)
            } else {
                print("")
                print(report.table(), terminator: "")
                FailureDetails.print(report)
                print(report.summaryLine())
            }
            if !report.succeeded { throw ExitCode(1) }
        }
    }

    /// The options, as the pipeline's one configuration.
    func makeConfiguration() throws -> BuildConfiguration {
        var configuration = BuildConfiguration()
        configuration.repository = location.repo
        configuration.root = location.root
        if let path {
            configuration.target = .app(path: path)
        } else {
            configuration.target = .monorepo(since: batch.since.map { batch.changes.query(since: $0) }, services: batch.services)
        }
        configuration.planOptions = flags.options
        packages.apply(to: &configuration)
        configuration.secrets = secret
        configuration.caCertificates = caCert.map { URL(fileURLWithPath: $0) }
        configuration.noCache = noCache || flags.options.environment.isConfigTruthy("NO_CACHE")
        configuration.testCommand = testCmd
        configuration.imageName = name
        configuration.tags = tag
        configuration.derivedTags = batch.tagWith.map { $0 == .sha ? .commit : .branch }
        configuration.labels = ["org.nixpacks-ci.version": NixpacksCIVersion.current]
        for entry in label {
            let equals = entry.firstIndex(of: "=")!
            configuration.labels[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        configuration.platforms = platform
        configuration.cacheFrom = cacheFrom
        configuration.push = push
        configuration.cacheDirectory = cache.cacheDir
        configuration.registry = cache.registry
        configuration.cacheReadOnly = cache.cacheReadonly
        configuration.cacheBranch = cache.layerCacheBranch(ProcessInfo.processInfo.environment)
        configuration.cacheBaseBranch = cache.layerCacheBaseBranch(ProcessInfo.processInfo.environment)
        configuration.jobs = batch.jobs
        configuration.failFast = batch.failFast
        configuration.dryRun = batch.dryRun
        configuration.usePlanCache = !batch.noPlanCache
        configuration.logDirectory = path == nil ? batch.logDirectory(cacheDirectory: DirectoryStore(directory: cache.cacheDir).root.path) : nil
        configuration.preBuildCommands = preBuild
        configuration.postBuildCommands = postBuild
        return configuration
    }
}


/// SIGINT and SIGTERM: stop the children, then let the reports be written. A second signal
/// exits at once (status 130), for a run that is stuck where it cannot be stopped gently.
final class SignalHandlers {
    private let sources: [DispatchSourceSignal]

    private final class Count: Sendable {
        let value = Mutex(0)
    }

    init(_ handler: @escaping @Sendable () -> Void) {
        var sources: [DispatchSourceSignal] = []
        let received = Count()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let count = received.value.withLock { count -> Int in
                    count += 1
                    return count
                }
                if count > 1 {
                    RunningProcesses.shared.terminateAll()
                    exit(130)
                }
                handler()
            }
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
