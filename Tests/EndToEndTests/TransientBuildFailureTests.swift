import Foundation
import Testing
import TestSupport

/// A build that fails in BuildKit's own bookkeeping is built once more, and says so in its log; a
/// build that fails in a step is not. The fault is simulated: a client in front of the real one
/// answers the first `build` with the error BuildKit gave in CI when two services unpacked the same
/// pulled layer (moby/buildkit#5469), or, for the second case, fails every build as a step would.
@Suite struct TransientBuildFailureTests {
    /// A client that fails `build` the way `failure` says, counting each build in `count`.
    static func client(in directory: URL, failure: String) throws -> (client: URL, count: URL) {
        let client = directory.appendingPathComponent("docker")
        let count = directory.appendingPathComponent("builds")
        let script = """
        #!/bin/sh
        for argument in "$@"; do
            if [ "$argument" = build ]; then
                echo build >> '\(count.path)'
                \(failure)
                break
            fi
        done
        exec /usr/bin/docker "$@"
        """
        try script.write(to: client, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: client.path)
        return (client, count)
    }

    static func site() throws -> GitFixture {
        let repo = try GitFixture("transient")
        try repo.write("transient-site/index.html", "<p>transient</p>\n")
        try repo.commitAll("a static site")
        return repo
    }

    /// Builds the site (image `transient-site`: no other suite builds a service of that name).
    static func build(_ repo: GitFixture, client: URL) throws -> (succeeded: Bool, output: String, log: String) {
        let base = repo.directory.deletingLastPathComponent()
        let logs = base.appendingPathComponent("logs")
        let output = try ImageBuildTests.run(["build", "--repo", repo.path, "--package-source", "debian",
                                              "--cache-dir", base.appendingPathComponent("cache").path, "--log-dir", logs.path],
                                             environment: ["NIXPACKS_CI_DOCKER": client.path])
        let log = (try? String(contentsOf: logs.appendingPathComponent("transient-site.log"), encoding: .utf8)) ?? ""
        return (output.succeeded, output.standardOutput + output.standardError, log)
    }

    @Test func bookkeepingFailureIsBuiltOnceMore() throws {
        let repo = try Self.site()
        let directory = repo.directory.deletingLastPathComponent()
        let marker = directory.appendingPathComponent("failed-once")
        let (client, count) = try Self.client(in: directory, failure: """
            if [ ! -e '\(marker.path)' ]; then
                    touch '\(marker.path)'
                    echo '#13 [stage-0 9/9] COPY . /app' >&2
                    echo '#13 ERROR: failed to prepare weddcbmysdhxqz9i045gw3aal: open /var/lib/docker/overlay2/r3vpqeiej7i6do661vo36eje1/committed: no such file or directory' >&2
                    exit 1
                fi
        """)
        let run = try Self.build(repo, client: client)
        #expect(run.succeeded, "\(run.output.suffix(3000))")
        #expect(run.output.contains("1 built"), "\(run.output.suffix(1500))")
        let builds = (try? String(contentsOf: count, encoding: .utf8))?.split(separator: "\n").count
        #expect(builds == 2, "one failed build and one more")
        #expect(run.log.contains("nixpacks-ci: BuildKit's pull of a shared layer collided with another build's; building once more"),
                "\(run.log.prefix(2000))")
        #expect(run.log.contains("/committed: no such file or directory"), "the first attempt's output is kept in the log")
    }

    @Test func aStepsFailureIsNotBuiltAgain() throws {
        let repo = try Self.site()
        let directory = repo.directory.deletingLastPathComponent()
        let (client, count) = try Self.client(in: directory, failure: """
            echo '#9 0.412 cat: /app/committed: No such file or directory' >&2
                echo '#9 ERROR: process "/bin/sh -c cat /app/committed" did not complete successfully: exit code: 1' >&2
                exit 1
        """)
        let run = try Self.build(repo, client: client)
        #expect(!run.succeeded)
        #expect(run.output.contains("transient-site: failed (build failed)"), "\(run.output.suffix(1500))")
        let builds = (try? String(contentsOf: count, encoding: .utf8))?.split(separator: "\n").count
        #expect(builds == 1, "a step's failure is the build's own: built once")
        #expect(!run.log.contains("building once more"), "\(run.log.suffix(2000))")
    }
}
