import Foundation
import Host
import Synchronization

/// The Docker engine, driven through its command-line client.
///
/// The client is `NIXPACKS_CI_DOCKER` when set, else the first `docker` on PATH (or /usr/bin/docker)
/// that can use BuildKit: one with the buildx plugin, or a client older than 23, which has BuildKit
/// built in behind `DOCKER_BUILDKIT=1`.
public struct DockerEngine: Sendable {
    private let choice: ClientChoice
    /// The client binary (chosen when first needed: a run whose questions all go to the socket
    /// starts no client process).
    public var client: String { choice.value.client }
    /// Whether builds run with BuildKit (cache and secret mounts need it).
    public var buildKit: Bool { choice.value.buildKit }
    /// Whether the client has the buildx plugin: builds then run `docker buildx build --load`,
    /// so the image lands in the engine whatever builder is selected (a `docker-container`
    /// builder, as docker/setup-buildx-action makes, keeps images to itself otherwise).
    public var buildx: Bool { choice.value.buildx }
    public let runner: ProcessRunner
    /// The engine's API socket, for questions that need no client process (`EngineSocket`).
    public var socket: EngineSocket?
    private let cacheExport = CacheExportProbe()

    public init(client: String, buildKit: Bool, runner: ProcessRunner) {
        choice = ClientChoice(known: (client, buildKit, false))
        self.runner = runner
    }

    private init(candidates: [String], environment: [String: String], runner: ProcessRunner) {
        choice = ClientChoice(candidates: candidates, plugins: Self.hasBuildxPlugin(environment), runner: runner)
        self.runner = runner
    }

    /// Finds the clients and checks that an engine answers (on its socket when the client would
    /// use it, else with `docker info`). `fallbackClients` are tried after PATH.
    public static func connect(environment: [String: String] = ProcessInfo.processInfo.environment,
                               fallbackClients: [String] = ["/usr/bin/docker"]) throws -> DockerEngine {
        let runner = ProcessRunner(environment: environment)
        var candidates: [String] = []
        if let chosen = environment["NIXPACKS_CI_DOCKER"], !chosen.isEmpty { candidates.append(chosen) }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            candidates.append("\(directory)/docker")
        }
        candidates += fallbackClients
        var seen: Set<String> = []
        candidates = candidates.filter { seen.insert($0).inserted && runner.resolve($0) != nil }
        guard !candidates.isEmpty else { throw BuilderError.noDockerClient(tried: Array(seen).sorted()) }

        var engine = DockerEngine(candidates: candidates, environment: environment, runner: runner)
        if let socket = EngineSocket.socket(for: environment), socket.ping() {
            engine.socket = socket
            return engine
        }
        let client = engine.client
        let info: ProcessRunner.Output
        do {
            info = try runner.run(client, ["info", "--format", "{{.ServerVersion}}"])
        } catch {
            throw BuilderError.engineUnreachable(client: client, host: environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock",
                                                 detail: error.description)
        }
        guard info.succeeded, !info.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw BuilderError.engineUnreachable(client: client, host: environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock",
                                                 detail: info.standardError.isEmpty ? info.standardOutput : info.standardError)
        }
        return engine
    }

    /// Whether a buildx plugin is installed where the client looks for plugins (without it,
    /// `docker buildx version` fails, and asking costs a process).
    static func hasBuildxPlugin(_ environment: [String: String]) -> Bool {
        let config = environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["HOME"].map { $0 + "/.docker" }
        let directories = (config.map { [$0 + "/cli-plugins"] } ?? []) + ["/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
                                                                          "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"]
        return directories.contains { FileManager.default.isExecutableFile(atPath: $0 + "/docker-buildx") }
    }

    /// Whether `docker buildx build` can export a registry cache here: asked once, when first
    /// needed, by exporting the cache of an empty build (about 0.2 s). The `docker` driver can
    /// only with the containerd image store; `docker-container`, `remote` and `kubernetes`
    /// drivers always can. Without buildx, or where it refuses ("Cache export is not supported
    /// for the docker driver"), builds write inline cache metadata only.
    /// `NIXPACKS_CI_REGISTRY_CACHE=inline` keeps to inline metadata (a registry that refuses
    /// BuildKit's cache manifests).
    public var exportsRegistryCache: Bool {
        cacheExport.answer { [client, buildx, runner] in
            guard buildx, runner.environment["NIXPACKS_CI_REGISTRY_CACHE"] != "inline", let directory = try? FileOperations.temporaryDirectory(prefix: "nixpacks-ci-probe") else { return false }
            defer { try? FileOperations.removeTree(directory) }
            guard (try? FileOperations.write("FROM scratch\n", to: directory + "/Dockerfile")) != nil else { return false }
            let output = try? runner.run(client, ["buildx", "build", "-q", "--cache-to", "type=local,dest=\(directory)/cache",
                                                  "--output", "type=cacheonly", "-f", directory + "/Dockerfile", directory])
            return output?.succeeded == true
        }
    }

    /// Every `repository:tag` on the engine (and `repository` for `:latest`), or nil when it cannot be asked.
    public func imageReferences() -> Set<String>? {
        var references: Set<String>
        if let socket, let found = socket.imageReferences() {
            references = found
        } else {
            guard let output = try? docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]) else { return nil }
            references = Set(output.standardOutput.split(separator: "\n").map(String.init).filter { $0 != "<none>:<none>" })
        }
        for reference in references where reference.hasSuffix(":latest") { references.insert(String(reference.dropLast(":latest".count))) }
        return references
    }

    /// An image's id, or nil when the engine does not have it.
    public func imageID(_ reference: String) -> String? {
        switch socket?.imageID(reference) {
        case let .id(id): return id
        case .absent: return nil
        case nil: break
        }
        let output = try? docker(["image", "inspect", "-f", "{{.Id}}", reference])
        return output.map { $0.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs a docker subcommand; throws `dockerFailed` with its output when it fails.
    @discardableResult
    public func docker(_ arguments: [String], input: Data? = nil) throws(BuilderError) -> ProcessRunner.Output {
        let output: ProcessRunner.Output
        do {
            output = try runner.run(client, arguments, input: input, extraEnvironment: ["DOCKER_BUILDKIT": buildKit ? "1" : "0"])
        } catch {
            throw BuilderError.dockerFailed(command: "docker " + arguments.joined(separator: " "), status: 127, output: error.description)
        }
        guard output.succeeded else {
            throw BuilderError.dockerFailed(command: "docker " + arguments.joined(separator: " "), status: output.status,
                                            output: output.standardError + output.standardOutput)
        }
        return output
    }

    /// `docker build` (`docker buildx build --load` where the client has buildx, or where
    /// `requiresBuildx`: `--cache-to` needs it); returns the combined build log.
    public func build(context: String, dockerfile: String, tags: [String], buildArguments: [String: String] = [:],
                      labels: [String: String] = [:], extraArguments: [String] = [], requiresBuildx: Bool = false) throws(BuilderError) -> String {
        // `buildx build --load`: the image lands in the engine whatever the driver (a client older
        // than 23 runs its built-in BuildKit for `build`, which knows no `--cache-to`).
        var arguments = (buildx || requiresBuildx ? ["buildx", "build", "--load"] : ["build"]) + ["--progress=plain", "-f", dockerfile]
        for tag in tags { arguments += ["-t", tag] }
        for (key, value) in buildArguments.sorted(by: { $0.key < $1.key }) { arguments += ["--build-arg", "\(key)=\(value)"] }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { arguments += ["--label", "\(key)=\(value)"] }
        arguments += extraArguments + [context]
        let output = try docker(arguments)
        return output.standardError + output.standardOutput
    }

    /// Starts a detached container; returns its id.
    public func runDetached(image: String, publish: [String] = [], environment: [String: String] = [:]) throws(BuilderError) -> String {
        var arguments = ["run", "-d"]
        for port in publish { arguments += ["-p", port] }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        return try docker(arguments + [image]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The host port a container's port is published on (`docker port`).
    public func publishedPort(container: String, port: Int) throws(BuilderError) -> Int? {
        let output = try docker(["port", container, "\(port)/tcp"]).standardOutput
        return output.split(separator: "\n").compactMap { line in line.split(separator: ":").last.flatMap { Int($0) } }.first
    }

    public func removeContainer(_ id: String) {
        _ = try? runner.run(client, ["rm", "-f", id])
    }

    public func removeImage(_ reference: String) {
        _ = try? runner.run(client, ["rmi", "-f", reference])
    }

    public func logs(container: String) -> String {
        guard let output = try? runner.run(client, ["logs", container]) else { return "" }
        return output.standardOutput + output.standardError
    }
}

/// A yes-or-no question about the engine, asked once.
private final class CacheExportProbe: Sendable {
    private let value = Mutex<Bool?>(nil)

    func answer(_ ask: () -> Bool) -> Bool {
        value.withLock { value in
            if let value { return value }
            let answer = ask()
            value = answer
            return answer
        }
    }
}

/// The client a `DockerEngine` runs, chosen once on first use: the first candidate that can use
/// BuildKit (the buildx plugin, or a client older than 23 with BuildKit built in), else the first.
private final class ClientChoice: Sendable {
    typealias Choice = (client: String, buildKit: Bool, buildx: Bool)
    private let candidates: [String]
    private let plugins: Bool
    private let runner: ProcessRunner?
    private let chosen: Mutex<Choice?>

    init(known: Choice) {
        candidates = [known.0]
        plugins = false
        runner = nil
        chosen = Mutex(known)
    }

    init(candidates: [String], plugins: Bool, runner: ProcessRunner) {
        self.candidates = candidates
        self.plugins = plugins
        self.runner = runner
        chosen = Mutex(nil)
    }

    var value: Choice {
        chosen.withLock { chosen in
            if let chosen { return chosen }
            var result: Choice = (client: candidates[0], buildKit: false, buildx: false)
            for client in candidates {
                if plugins, (try? runner?.run(client, ["buildx", "version"]))??.succeeded == true { result = (client, true, true); break }
                if let version = try? runner?.run(client, ["version", "--format", "{{.Client.Version}}"]),
                   let major = Int(version.standardOutput.split(separator: ".").first ?? ""), major < 23 {
                    result = (client, true, false)
                    break
                }
            }
            chosen = result
            return result
        }
    }
}
