import Foundation
import Host

/// The Docker engine, driven through its command-line client.
///
/// The client is `NIXPACKS_CI_DOCKER` when set, else the first `docker` on PATH (or /usr/bin/docker)
/// that can use BuildKit: one with the buildx plugin, or a client older than 23, which has BuildKit
/// built in behind `DOCKER_BUILDKIT=1`.
public struct DockerEngine: Sendable {
    public let client: String
    /// Whether builds run with BuildKit (cache and secret mounts need it).
    public let buildKit: Bool
    public let runner: ProcessRunner

    /// Finds a client and checks that an engine answers.
    /// `fallbackClients` are tried after PATH.
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

        var chosen: (String, Bool)?
        for client in candidates {
            if (try? runner.run(client, ["buildx", "version"]))?.succeeded == true { chosen = (client, true); break }
            if let version = try? runner.run(client, ["version", "--format", "{{.Client.Version}}"]),
               let major = Int(version.standardOutput.split(separator: ".").first ?? ""), major < 23 {
                chosen = (client, true)
                break
            }
        }
        let (client, buildKit) = chosen ?? (candidates[0], false)
        let engine = DockerEngine(client: client, buildKit: buildKit, runner: runner)
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

    /// `docker build`: returns the combined build log.
    public func build(context: String, dockerfile: String, tags: [String], buildArguments: [String: String] = [:],
                      labels: [String: String] = [:], extraArguments: [String] = []) throws(BuilderError) -> String {
        var arguments = ["build", "--progress=plain", "-f", dockerfile]
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
