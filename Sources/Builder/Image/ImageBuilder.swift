import Foundation

/// The result of building one app: Prepare → Build → Test → Package.
public struct BuildResult: Sendable {
    public enum Status: Sendable, Equatable {
        case built
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
}

/// Builds images on a Docker engine: hooks, `docker build`, the test command, push.
public struct ImageBuilder: Sendable {
    public let engine: DockerEngine

    public init(engine: DockerEngine) {
        self.engine = engine
    }

    /// Builds `request`. Failures of hooks, the build or the test come back as a failed result with
    /// the log; only failures to prepare the context throw.
    public func build(_ request: BuildRequest, workDirectory: URL) throws -> BuildResult {
        let started = Date()
        var log = ""
        func finish(_ status: BuildResult.Status, imageID: String? = nil, size: Int? = nil, test: String? = nil) -> BuildResult {
            BuildResult(status: status, image: request.imageName, references: [request.imageName] + request.tags, imageID: imageID,
                        sizeBytes: size, log: log, testOutput: test, seconds: Date().timeIntervalSince(started))
        }
        for command in request.preBuildCommands {
            let output = try runHook(command, request)
            log += "$ \(command)\n\(output.standardOutput)\(output.standardError)"
            if !output.succeeded { return finish(.failed(step: "pre-build hook `\(command)`")) }
        }
        let context = try BuildContextWriter().write(request, to: workDirectory)
        let secretFiles = try writeSecrets(request, in: workDirectory.deletingLastPathComponent())
        defer { for file in secretFiles.values { try? FileManager.default.removeItem(at: file) } }
        var extra: [String] = []
        for platform in request.platforms { extra += ["--platform", platform] }
        for image in request.cacheFrom { extra += ["--cache-from", image] }
        if request.noCache { extra.append("--no-cache") }
        for (name, file) in secretFiles.sorted(by: { $0.key < $1.key }) { extra += ["--secret", "id=\(name),src=\(file.path)"] }
        do {
            log += try engine.build(context: context.directory, dockerfile: context.dockerfile, tags: [request.imageName] + request.tags,
                                    buildArguments: request.buildArguments, labels: request.labels, extraArguments: extra)
        } catch let error as BuilderError {
            log += error.description
            return finish(.failed(step: "build"))
        }
        let imageID = try? engine.docker(["image", "inspect", "-f", "{{.Id}}", request.imageName]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let size = (try? engine.docker(["image", "inspect", "-f", "{{.Size}}", request.imageName]).standardOutput)
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }

        var testOutput: String?
        if let test = request.testCommand {
            let result = try runTest(test, request: request, context: context, extra: extra)
            testOutput = result.output
            log += "$ test: \(test)\n\(result.output)"
            if !result.passed { return finish(.failed(step: "test"), imageID: imageID, size: size, test: testOutput) }
        }
        for command in request.postBuildCommands {
            let output = try runHook(command, request)
            log += "$ \(command)\n\(output.standardOutput)\(output.standardError)"
            if !output.succeeded { return finish(.failed(step: "post-build hook `\(command)`"), imageID: imageID, size: size, test: testOutput) }
        }
        if request.push {
            for reference in [request.imageName] + request.tags {
                do {
                    log += try engine.docker(["push", reference]).standardOutput
                } catch let error as BuilderError {
                    log += error.description
                    return finish(.failed(step: "push \(reference)"), imageID: imageID, size: size, test: testOutput)
                }
            }
        }
        return finish(.built, imageID: imageID, size: size, test: testOutput)
    }

    /// Runs the test command in the build stage: the image itself, or for a multi-stage build the
    /// first stage built again as its own target (from the layer cache).
    private func runTest(_ command: String, request: BuildRequest, context: BuildContextWriter.Context,
                         extra: [String]) throws -> (passed: Bool, output: String) {
        var image = request.imageName
        if request.plan.start?.runImage != nil {
            let lines = context.dockerfileText.split(separator: "\n", omittingEmptySubsequences: false)
            let staged = ([lines[0] + " AS nixpacks-ci-build"] + lines.dropFirst()).joined(separator: "\n")
            let testfile = context.dockerfile.deletingLastPathComponent().appendingPathComponent("Dockerfile.test")
            try staged.write(to: testfile, atomically: true, encoding: .utf8)
            image = request.imageName + "-build-stage"
            do {
                _ = try engine.build(context: context.directory, dockerfile: testfile, tags: [image], buildArguments: request.buildArguments,
                                     extraArguments: extra + ["--target", "nixpacks-ci-build"])
            } catch let error as BuilderError {
                return (false, error.description)
            }
        }
        defer { if image != request.imageName { engine.removeImage(image) } }
        let output = try engine.runner.run(engine.client, ["run", "--rm", image, command])
        return (output.succeeded, output.standardOutput + output.standardError)
    }

    private func runHook(_ command: String, _ request: BuildRequest) throws -> ProcessRunner.Output {
        var runner = engine.runner
        runner.environment["NIXPACKS_CI_IMAGE"] = request.imageName
        let process = try runner.run("/bin/sh", ["-c", "cd \"$NIXPACKS_CI_APP_DIR\" && \(command)"],
                                     extraEnvironment: ["NIXPACKS_CI_APP_DIR": request.appDirectory.path])
        return process
    }

    /// Secret values go to 0600 files outside the context, passed with `--secret id=...,src=...`.
    private func writeSecrets(_ request: BuildRequest, in directory: URL) throws -> [String: URL] {
        var files: [String: URL] = [:]
        for name in request.secrets {
            guard let value = engine.runner.environment[name] else { throw BuilderError.missingSecret(name) }
            let file = directory.appendingPathComponent("secret-\(UUID().uuidString)")
            FileManager.default.createFile(atPath: file.path, contents: Data(value.utf8), attributes: [.posixPermissions: 0o600])
            files[name] = file
        }
        return files
    }
}
