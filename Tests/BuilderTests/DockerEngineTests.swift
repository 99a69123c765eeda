import Foundation
import Testing
@testable import Builder

@Suite struct DockerEngineTests {
    /// A simulated fault, the thing under test: DOCKER_HOST points at a socket nothing listens on.
    @Test func unreachableEngineSaysWhatWasTriedAndHowToStartOne() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = "unix:///tmp/nixpacks-ci-no-engine-\(UUID().uuidString).sock"
        do {
            _ = try DockerEngine.connect(environment: environment)
            Issue.record("expected an error")
        } catch let error as BuilderError {
            guard case let .engineUnreachable(client, host, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(host == environment["DOCKER_HOST"])
            #expect(client.hasSuffix("docker"))
            #expect(error.description.contains("dockerd"))
        }
    }

    /// The errors BuildKit gives when a concurrent prune removed a cache record (seen in
    /// bench/layers.sh), or when two builds pull or unpack the same layer at once, are retried once; other
    /// build failures are not.
    @Test func transientBuildKitFailuresAreRecognised() {
        let lost = BuilderError.dockerFailed(command: "docker build", status: 1,
                                             output: "#5 [stage-0 2/7] WORKDIR /app/\n#5 ERROR: uz8klo02mnbq1q8ev9cvmx57h not found: not found\n")
        #expect(DockerImageBuilder.transientFailure(lost)?.contains("lost a cache record") == true)
        // Pruned while the image was exported (seen with a test and bench/buildx.sh on one engine).
        let export = BuilderError.dockerFailed(command: "docker buildx build", status: 1,
                                               output: "#17 preparing layers for inline cache done\n#17 ERROR: not found\nERROR: failed to solve: not found\n")
        #expect(DockerImageBuilder.transientFailure(export)?.contains("lost a cache record") == true)
        // Two services' builds pulling the same layers of a registry cache at once.
        let locked = BuilderError.dockerFailed(command: "docker build", status: 1, output:
            "#14 pulling sha256:abadcb28186ace9b7acf4e1660777b246e0cf6f77dbac75ef473b82ffdf0f2f5\n"
            + "#14 ERROR: failed to load cache: ref buildkit/1/layer-sha256:abadcb28186ace9b7acf4e1660777b246e0cf6f77dbac75ef473b82ffdf0f2f5 locked: unavailable\n")
        #expect(DockerImageBuilder.transientFailure(locked)?.contains("collided") == true)
        let digest = BuilderError.dockerFailed(command: "docker build", status: 1,
                                               output: "#18 ERROR: content digest sha256:08f30b4e28ad2ebe4bba4f276993afedd90e4fbadcae2b0c7772c590eb6821a8: not found\n")
        #expect(DockerImageBuilder.transientFailure(digest)?.contains("collided") == true)
        // A step using a layer the other build is still unpacking (CI, RegistryLayerCacheTests).
        let unpacking = BuilderError.dockerFailed(command: "docker build", status: 1, output:
            "#13 [stage-0 9/9] COPY . /app\n"
            + "#13 ERROR: failed to prepare weddcbmysdhxqz9i045gw3aal: open /var/lib/docker/overlay2/r3vpqeiej7i6do661vo36eje1/committed: no such file or directory\n")
        #expect(DockerImageBuilder.transientFailure(unpacking)?.contains("collided") == true)
        let temporary = BuilderError.dockerFailed(command: "docker build", status: 1, output:
            "#5 ERROR: failed to prepare sha256:b658d8ac as kcty4fbxag6hngkemyhs5dn82: open /var/lib/docker/overlay2/q32w4cbarh6m1wpr169nbtyib/.tmp-committed2557151495: no such file or directory\n")
        #expect(DockerImageBuilder.transientFailure(temporary)?.contains("collided") == true)
        // A step's own missing file is the build's failure, not BuildKit's.
        let ownFile = BuilderError.dockerFailed(command: "docker build", status: 1, output:
            "#9 0.412 cat: /app/committed: No such file or directory\n#9 ERROR: process \"/bin/sh -c cat /app/committed\" did not complete successfully: exit code: 1\n")
        #expect(nil == DockerImageBuilder.transientFailure(ownFile))
        let other = BuilderError.dockerFailed(command: "docker build", status: 1,
                                              output: "#8 ERROR: process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1\n")
        #expect(nil == DockerImageBuilder.transientFailure(other))
        let missingFile = BuilderError.dockerFailed(command: "docker build", status: 1, output: "ERROR: failed to compute cache key: \"/x\" not found\n")
        #expect(nil == DockerImageBuilder.transientFailure(missingFile))
    }

    @Test func missingClientIsNamed() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/nonexistent"
        environment["NIXPACKS_CI_DOCKER"] = "/nonexistent/docker"
        #expect(throws: BuilderError.noDockerClient(tried: ["/nonexistent/docker"])) {
            try DockerEngine.connect(environment: environment, fallbackClients: [])
        }
    }
}
