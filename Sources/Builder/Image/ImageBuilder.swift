import Foundation
import Host

/// Builds images on a Docker engine: writes the job's context to a temporary directory, runs
/// `docker build` with BuildKit, the test command, and the pushes.
public struct DockerImageBuilder: ImageBuilding {
    public let engine: DockerEngine

    public init(engine: DockerEngine) {
        self.engine = engine
    }

    public func build(_ job: ImageBuildJob) -> BuildResult {
        let started = Date()
        let request = job.request
        var log = ""
        func finish(_ status: BuildResult.Status, imageID: String? = nil, size: Int? = nil, test: String? = nil) -> BuildResult {
            BuildResult(status: status, image: request.imageName, references: [request.imageName] + request.tags, imageID: imageID,
                        sizeBytes: size, log: log, testOutput: test, seconds: Date().timeIntervalSince(started))
        }
        let work: String
        do {
            work = try FileOperations.temporaryDirectory(prefix: "nixpacks-ci-build")
        } catch {
            log += "\(error)\n"
            return finish(.failed(step: "context"))
        }
        defer { try? FileOperations.removeTree(work) }
        let context = work + "/context"
        do {
            try ContextWriter().write(job.context, to: context)
        } catch {
            log += "\(error)\n"
            return finish(.failed(step: "context"))
        }
        let secretFiles: [String: String]
        do {
            secretFiles = try writeSecrets(request, in: work)
        } catch {
            log += "\(error)\n"
            return finish(.failed(step: "secrets"))
        }
        var extra: [String] = []
        for platform in request.platforms { extra += ["--platform", platform] }
        for image in request.cacheFrom { extra += ["--cache-from", image] }
        // Registry caches need buildx (`docker buildx build`); the worker asks for them only when
        // the engine exports them.
        var registryCache: [String] = []
        for reference in request.registryCacheFrom { registryCache += ["--cache-from", "type=registry,ref=\(reference)"] }
        if let target = request.registryCacheTo { registryCache += ["--cache-to", "type=registry,ref=\(target),mode=max"] }
        // A build argument BuildKit reads itself: not an input of the Dockerfile, so not in the key.
        if request.exportsInlineCache { extra += ["--build-arg", "BUILDKIT_INLINE_CACHE=1"] }
        if request.noCache { extra.append("--no-cache") }
        for (name, file) in secretFiles.sorted(by: { $0.key < $1.key }) { extra += ["--secret", "id=\(name),src=\(file)"] }
        let dockerfile = context + "/" + BuildContext.dockerfilePath
        func buildImage() throws(BuilderError) -> String {
            try engine.build(context: context, dockerfile: dockerfile, tags: [request.imageName] + request.tags,
                             buildArguments: request.buildArguments, labels: request.labels, extraArguments: extra + registryCache,
                             requiresBuildx: !registryCache.isEmpty)
        }
        do throws(BuilderError) {
            do throws(BuilderError) {
                log += try buildImage()
            } catch {
                // Failures of BuildKit's own bookkeeping, not of the build: once more finds the
                // cache and the pulled layers as they are now.
                guard let reason = Self.transientFailure(error) else { throw error }
                if case let .dockerFailed(_, _, output) = error { log += output + "\n" }
                log += "nixpacks-ci: \(reason); building once more\n"
                log += try buildImage()
            }
        } catch {
            // The whole build output: its error is often far above the last lines.
            if case let .dockerFailed(command, status, output) = error {
                log += "$ \(command)\n\(output)\n`docker build` exited with status \(status)\n"
            } else {
                log += "\(error)"
            }
            return finish(.failed(step: "build"))
        }
        let inspected = try? engine.docker(["image", "inspect", "-f", "{{.Id}} {{.Size}}", request.imageName]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        let imageID = inspected?.first.map(String.init)
        let size = inspected.flatMap { $0.count > 1 ? Int($0[1]) : nil }

        var testOutput: String?
        if let test = request.testCommand {
            let result = runTest(test, request: request, context: context, dockerfile: dockerfile, extra: extra)
            testOutput = result.output
            log += "$ test: \(test)\n\(result.output)"
            if !result.passed { return finish(.failed(step: "test"), imageID: imageID, size: size, test: testOutput) }
        }
        if request.push {
            for reference in [request.imageName] + request.tags {
                do {
                    do {
                        log += try engine.docker(["push", reference]).standardOutput
                    } catch {
                        // A push is idempotent: once more rides out a dropped connection or a
                        // registry that was briefly busy.
                        log += "\(error)\nnixpacks-ci: pushing \(reference) failed; pushing once more\n"
                        log += try engine.docker(["push", reference]).standardOutput
                    }
                } catch {
                    log += "\(error)"
                    return finish(.failed(step: "push \(reference)"), imageID: imageID, size: size, test: testOutput)
                }
            }
        }
        return finish(.built, imageID: imageID, size: size, test: testOutput)
    }

    /// What went wrong when a build failed in BuildKit's bookkeeping rather than in a step, or nil:
    /// - a cache record removed under a running build by a `docker builder prune` on a shared
    ///   engine: `#5 ERROR: uz8klo02mnbq1q8ev9cvmx57h not found: not found`, or, when the prune
    ///   comes while the image is exported, a step that says only `#17 ERROR: not found`;
    /// - two builds pulling the same layers of a registry cache at once (services sharing their
    ///   first steps): `failed to load cache: ref buildkit/1/layer-sha256:… locked: unavailable`
    ///   (moby/buildkit#1491), or, on export, `content digest sha256:…: not found`
    ///   (moby/buildkit#2631), or, when a step uses a layer the other build is still unpacking,
    ///   `failed to prepare …: open /var/lib/docker/overlay2/…/committed: no such file or directory`
    ///   (moby/buildkit#5469; seen in CI with two services importing main's inline cache).
    static func transientFailure(_ error: BuilderError) -> String? {
        guard case let .dockerFailed(_, _, output) = error else { return nil }
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: "ERROR: ") else { continue }
            let rest = line[range.upperBound...]
            let pulling = rest.contains(" locked: unavailable") || (rest.contains("content digest sha256:") && rest.hasSuffix("not found"))
            let unpacking = rest.hasPrefix("failed to prepare ")
                && (rest.contains("/committed: no such file or directory") || rest.contains("/.tmp-committed"))
            if pulling || unpacking {
                return "BuildKit's pull of a shared layer collided with another build's"
            }
            if rest == "not found", line.hasPrefix("#"), line[..<range.lowerBound].dropFirst().allSatisfy({ $0.isNumber || $0 == " " }) {
                return "BuildKit lost a cache record during the build (a concurrent `docker builder prune`?)"
            }
            let id = rest.prefix { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            if id.count >= 20 && rest.dropFirst(id.count).hasPrefix(" not found") {
                return "BuildKit lost a cache record during the build (a concurrent `docker builder prune`?)"
            }
        }
        return nil
    }

    public func localImages() -> Set<String>? {
        engine.imageReferences()
    }

    public var exportsRegistryCache: Bool { engine.exportsRegistryCache }

    public func tag(_ image: String, as reference: String) throws {
        try engine.docker(["tag", image, reference])
    }

    public func pull(_ reference: String) throws {
        try engine.docker(["pull", "-q", reference])
    }

    /// Runs the test command in the build stage: the image itself, or for a multi-stage build its
    /// first stage (named `RenderedBuild.testStage`), built as its own target from the layer cache.
    private func runTest(_ command: String, request: BuildRequest, context: String, dockerfile: String,
                         extra: [String]) -> (passed: Bool, output: String) {
        var image = request.imageName
        if request.plan.start?.runImage != nil {
            image = request.imageName + "-build-stage"
            do {
                _ = try engine.build(context: context, dockerfile: dockerfile, tags: [image], buildArguments: request.buildArguments,
                                     extraArguments: extra + ["--target", RenderedBuild.testStage])
            } catch {
                return (false, "\(error)")
            }
        }
        defer { if image != request.imageName { engine.removeImage(image) } }
        do {
            let output = try engine.runner.run(engine.client, ["run", "--rm", image, command])
            return (output.succeeded, output.standardOutput + output.standardError)
        } catch {
            return (false, "\(error)")
        }
    }

    /// Secret values go to 0600 files outside the context, passed with `--secret id=...,src=...`.
    private func writeSecrets(_ request: BuildRequest, in directory: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in request.secrets {
            guard let value = engine.runner.environment[name] else { throw BuilderError.missingSecret(name) }
            let file = directory + "/secret-\(name)"
            try FileOperations.write(Array(value.utf8), to: file, mode: 0o600)
            files[name] = file
        }
        return files
    }
}
