import ArgumentParser
import Builder
import Cache
import Foundation
import Monorepo
import Pipeline

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build one app's image on the Docker engine (Nixpacks' build, plus what CI needs).",
        discussion: """
        Plans the app as `plan` does, writes the build context (a copy of the app and .nixpacks/ with the \
        Dockerfile, Nix files and assets), and runs `docker build` with BuildKit on the local engine or \
        DOCKER_HOST. Inside a git repository the app's local dependencies (file: paths, go.mod replace, \
        Cargo and Python paths, ...) are copied in where their paths point, and cache mounts are keyed on \
        the repository-relative path, so two checkouts of one repository share them.

        Package sources: nix (default, Nixpacks-compatible: Nix in the image, nix-env -if) or debian \
        (no Nix: Debian 12 packages mapped from the plan; smaller images, works where the Nix cache is out of reach).

        Secrets: --secret NAME passes the variable NAME from this environment through a BuildKit secret \
        mount; it never becomes an ARG, ENV or layer.

        Without PATH it builds the monorepo: every service, or with --since those a change affects and \
        their dependents, in parallel, dependencies first, skipping cache hits (docs/reports.md). In CI, \
        --since auto takes the base from the event (docs/ci.md); --service "api web" builds one shard.

        Examples:
          nixpacks-ci build --since origin/main --junit junit.xml
          nixpacks-ci build --since auto --registry ghcr.io/acme --report-json report.json
          nixpacks-ci build services/api --name acme/api --tag acme/api:dev
          nixpacks-ci build services/api --package-source debian --test-cmd 'npm test'
          nixpacks-ci build services/api --secret NPM_TOKEN --out /tmp/api-context
        """
    )

    @Argument(help: "One app's directory. Without it, the monorepo's services are built (all, or those --since affects).")
    var path: String?

    @OptionGroup var batch: BatchOptions

    @OptionGroup var location: RepositoryOptions

    @Option(name: [.short, .long], help: "The image name (default: the directory name).")
    var name: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Another tag for the image. Repeatable.", valueName: "tag"))
    var tag: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("A label K=V for the image. Repeatable.", valueName: "K=V"))
    var label: [String] = []

    @Option(help: ArgumentHelp("A target platform (docker --platform). Repeatable.", valueName: "os/arch"))
    var platform: [String] = []

    @Flag(help: "No cache mounts, and docker build --no-cache.")
    var noCache = false

    @Option(help: ArgumentHelp("An image to use as layer cache (docker --cache-from). Repeatable.", valueName: "image"))
    var cacheFrom: [String] = []

    @Flag(help: "Push the image and its tags after a successful build.")
    var push = false

    @Option(name: [.short, .long], help: ArgumentHelp("Write the build context to this directory and do not build.", valueName: "dir"))
    var out: String?

    @Option(help: "Where packages come from: nix (Nixpacks-compatible) or debian.")
    var packageSource: PackageSource = .nix

    @Option(help: ArgumentHelp("A variable of this environment passed as a build secret. Repeatable.", valueName: "NAME"))
    var secret: [String] = []

    @Option(help: ArgumentHelp("A PEM CA certificate to trust during the build (TLS-inspecting proxies). Repeatable.", valueName: "file"))
    var caCert: [String] = []

    @Option(help: ArgumentHelp("The nixpkgs archive location; {archive} is the commit.", valueName: "url"))
    var nixpkgsArchiveUrl: String = NixExpression.defaultArchiveURL

    @Option(help: ArgumentHelp("A command run in the built image's build stage; failing fails the build.", valueName: "cmd"))
    var testCmd: String?

    @Option(help: ArgumentHelp("A command run on the host in the app directory before the build. Repeatable.", valueName: "cmd"))
    var preBuild: [String] = []

    @Option(help: ArgumentHelp("A command run on the host in the app directory after the build. Repeatable.", valueName: "cmd"))
    var postBuild: [String] = []

    @OptionGroup var flags: PlanFlags

    @OptionGroup var cache: CacheOptions

    func run() throws {
        guard let path else {
            try BatchCommand(build: self).run()
            return
        }
        try runReportingPlanErrors {
            try runReportingBuildErrors {
                let appDirectory = URL(fileURLWithPath: path).standardizedFileURL
                let result = try PlanGenerator(options: flags.options).generate(App(root: appDirectory))
                for warning in result.warnings { printNote(warning) }
                guard result.plan.phaseCount > 0 else {
                    let entries = (try? FileManager.default.contentsOfDirectory(atPath: appDirectory.path))?.sorted() ?? []
                    printError("Nixpacks was unable to generate a build plan for this app. Its top-level contents: \(entries.joined(separator: ", "))")
                    throw ExitCode(2)
                }
                var options = ServiceBuildOptions()
                options.planOptions = flags.options
                options.packageSource = packageSource
                options.nixpkgsArchiveURL = nixpkgsArchiveUrl
                options.secrets = secret
                options.caCertificates = caCert.map { URL(fileURLWithPath: $0) }
                options.noCache = noCache || flags.options.environment.isConfigTruthy("NO_CACHE")
                let service = try SingleAppService.prepare(appDirectory: appDirectory, plan: result.plan, options: options)
                var request = service.request
                request.imageName = name ?? cache.registry.map { "\($0)/\(service.imageName)" } ?? service.imageName
                request.tags = tag
                request.labels = try labels(revision: service.revision)
                if let key = service.key { request.labels[RegistryStore.keyLabel] = key.hex }
                request.platforms = platform
                request.cacheFrom = cacheFrom
                request.push = push && !cache.cacheReadonly
                request.testCommand = testCmd
                request.preBuildCommands = preBuild
                request.postBuildCommands = postBuild
                if let key = service.key {
                    printNote("cache key \(key.short) for \(service.nodeName ?? appDirectory.lastPathComponent)"
                              + (service.inputs?.isUnstable == true ? " (unstable: \(service.inputs!.environment.unstableBecause.joined(separator: "; ")))" : ""))
                }

                if let out {
                    let context = try BuildContextWriter().write(request, to: URL(fileURLWithPath: out))
                    print("wrote the build context to \(context.directory.path) (Dockerfile: \(context.dockerfile.path))")
                    return
                }
                let engine = try DockerEngine.connect()
                let finder = CacheFinder(directoryStore: cache.directoryStore, registryStore: cache.registryStore)
                if let key = service.key, !noCache,
                   let hit = finder.find(key: key, repository: service.imageName,
                                         isLocal: { (try? engine.docker(["image", "inspect", $0])) != nil },
                                         pull: { _ = try engine.docker(["pull", "-q", $0]) }, note: printNote) {
                    for reference in [request.imageName] + request.tags where reference != hit {
                        try engine.docker(["tag", hit, reference])
                    }
                    print("cache hit: \(hit) (key \(key.short)); not rebuilt")
                    return
                }
                var keyedReference: String?
                if let key = service.key, let registry = cache.registryStore, !finder.registryFailed {
                    keyedReference = registry.reference(repository: service.imageName, key: key)
                    request.tags.append(keyedReference!)
                    request.push = !cache.cacheReadonly
                }
                let work = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: work) }
                let build = try ImageBuilder(engine: engine).build(request, workDirectory: work.appendingPathComponent("context"))
                FileHandle.standardError.write(Data(build.log.utf8))
                switch build.status {
                case .built:
                    if let key = service.key, let inputs = service.inputs, !cache.cacheReadonly, !finder.registryFailed {
                        let entry = CacheEntry(key: key, service: service.nodeName ?? request.imageName, image: keyedReference ?? request.imageName,
                                               digest: build.imageID, builtAt: ISO8601DateFormatter().string(from: Date()),
                                               seconds: build.seconds, sizeBytes: build.sizeBytes, inputs: inputs)
                        do {
                            try cache.directoryStore.record(entry)
                        } catch {
                            printNote("the image was built but not recorded in the cache: \(error)")
                        }
                    }
                    print("built \(build.references.joined(separator: ", ")) in \(String(format: "%.1f", build.seconds)) s")
                    print("run it with: docker run -it \(build.image)")
                case let .failed(step):
                    printError("\(step) failed for \(appDirectory.path)")
                    throw ExitCode(1)
                }
            }
        }
    }

    func labels(revision: String?) throws -> [String: String] {
        var labels = ["org.nixpacks-ci.version": NixpacksCIVersion.current]
        if let revision { labels["org.opencontainers.image.revision"] = revision }
        for entry in label {
            guard let equals = entry.firstIndex(of: "=") else {
                throw ValidationError("--label takes KEY=VALUE, got '\(entry)'")
            }
            labels[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return labels
    }
}

extension PackageSource: ExpressibleByArgument {}

/// Builder errors say what to do; they are failures (exit 1), except missing input (2).
func runReportingBuildErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as BuilderError {
        printError(error.description)
        switch error {
        case .unmappedPackages, .missingSecret: throw ExitCode(2)
        default: throw ExitCode(1)
        }
    }
}

/// Image names from directory names: lower case, [a-z0-9._-].
enum ImageNames {
    /// A branch as a Docker tag: [A-Za-z0-9_.-], at most 128 characters, not starting with . or -.
    static func tag(fromBranch branch: String) -> String {
        var tag = String(branch.map { $0.isLetter || $0.isNumber || "_.-".contains($0) ? $0 : "-" }.prefix(128))
        while tag.hasPrefix(".") || tag.hasPrefix("-") { tag.removeFirst() }
        return tag.isEmpty ? "branch" : tag
    }

    static func fromDirectory(_ name: String) -> String {
        let cleaned = String(name.lowercased().map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "-" })
        return cleaned.isEmpty ? "app" : cleaned
    }
}
