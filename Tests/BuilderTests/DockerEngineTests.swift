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

    @Test func missingClientIsNamed() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/nonexistent"
        environment["NIXPACKS_CI_DOCKER"] = "/nonexistent/docker"
        #expect(throws: BuilderError.noDockerClient(tried: ["/nonexistent/docker"])) {
            try DockerEngine.connect(environment: environment, fallbackClients: [])
        }
    }
}
