import Builder
import Foundation
import Host
import Testing
import TestSupport

/// Workspace members of Cargo, go.work and uv workspaces, and Poetry and PDM apps with path
/// dependencies, built with the debian source on the real engine from their pruned contexts:
/// each image runs and prints what its libraries return. (The contexts, keys and `affected` are
/// PipelineTests/WorkspaceMemberTests.)
@Suite struct WorkspaceMemberBuildTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/workspaces")

    /// (fixture, member, what it prints)
    static let cases: [(String, String, String)] = [
        ("cargo", "bins/api", "api: hello from shop-core to api"),
        ("cargo", "bins/worker", "worker: JOBS DONE (hello from shop-core to util)"),
        ("gowork", "cmd/server", "hello from greet to server"),
        ("gowork", "cmd/admin", "hello from admin"),
        ("uv", "apps/api", "hello from greet to api, six 1.16.0"),
        ("uv", "apps/other", "hello from other, idna 3.6"),
        ("python-paths", "services/papi", "hello from pylib to poetry, six 1.16.0"),
        ("python-paths", "services/dapi", "hello from pylib to pdm, six 1.16.0"),
    ]

    @Test(arguments: cases)
    func memberBuildsAndPrintsWhatItsLibrariesReturn(_ fixture: String, _ member: String, _ expected: String) throws {
        let repo = try GitFixture(copying: Self.fixtures.appendingPathComponent(fixture), name: fixture)
        try repo.commitAll("workspace")
        let engine = try DockerEngine.connect()
        let image = ImageBuildTests.uniqueName("\(fixture)-\(member.split(separator: "/").last!)")
        defer { engine.removeImage(image) }
        var environment = ProcessInfo.processInfo.environment
        environment["NIXPACKS_CI_DOCKER"] = environment["NIXPACKS_CI_DOCKER"] ?? "/usr/bin/docker"
        let build = try ProcessRunner(environment: environment).run(CommandLineTests.binary, [
            "build", repo.directory.appendingPathComponent(member).path, "--package-source", "debian", "--name", image,
            "--cache-dir", repo.directory.deletingLastPathComponent().appendingPathComponent("cache").path,
        ])
        #expect(build.succeeded, "\(fixture)/\(member): build failed:\n\(build.standardError.suffix(4000))")
        guard build.succeeded else { return }
        let run = try engine.runner.run(engine.client, ["run", "--rm", image])
        #expect(run.standardOutput.contains(expected), "\(fixture)/\(member) printed \(run.standardOutput)\(run.standardError)")
    }
}
