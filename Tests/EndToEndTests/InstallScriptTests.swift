import Foundation
import Host
import Testing
import TestSupport

/// ci-templates/install.sh, the install step every template inlines (docs/ci.md): from a release
/// served over HTTP (python3 -m http.server, as GitHub serves release assets) or file://, it
/// installs the tarball for this machine's architecture only after checking it against the
/// release's SHA256SUMS, refuses one that does not match, and builds from source when the version
/// has no release. The releases here are made by the test, and each tarball's `nixpacks-ci` is a
/// shell script that says which tarball it came from, so a wrong pick shows; ReleaseTests installs
/// the real release.
@Suite struct InstallScriptTests {
    static let script = EngineHarnessTests.repositoryRoot.appendingPathComponent("ci-templates/install.sh")
    static let version = "v9.8.7"

    /// The test process's PATH without the directories that hold a nixpacks-ci: the script installs
    /// nothing when one is on PATH.
    static let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        .filter { !FileManager.default.isExecutableFile(atPath: "\($0)/nixpacks-ci") }.joined(separator: ":")

    /// A CI job's environment: a fresh HOME and no nixpacks-ci on PATH.
    static func environment(home: URL) -> [String: String] {
        ["PATH": path, "HOME": home.path, "LANG": "C.UTF-8"]
    }

    static func install(into bin: URL, version: String = version, releases: String,
                        source: String = "file:///nonexistent/nixpacks-ci") throws -> ProcessRunner.Output {
        var environment = environment(home: bin.deletingLastPathComponent())
        environment.merge(["NIXPACKS_CI_VERSION": version, "NIXPACKS_CI_RELEASES": releases, "NIXPACKS_CI_SOURCE": source]) { _, new in new }
        return try ProcessRunner(environment: environment).run("bash", [script.path, bin.path])
    }

    static func architecture() throws -> String { try ReleaseBuild.architecture() }

    /// `root/VERSION/`: for each architecture a tarball as scripts/release.sh lays it out, whose
    /// nixpacks-ci prints `fake nixpacks-ci VERSION linux-ARCH`, and SHA256SUMS; the line for
    /// `wrongChecksum` holds another file's checksum.
    static func fakeRelease(at root: URL, version: String = version, architectures: [String], wrongChecksum: String? = nil) throws {
        let release = root.appendingPathComponent(version)
        let work = root.appendingPathComponent("work-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        var sums = ""
        for arch in architectures {
            let name = "nixpacks-ci-\(version.dropFirst())-linux-\(arch)"
            let binary = work.appendingPathComponent("\(name)/nixpacks-ci")
            try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "#!/bin/sh\necho 'fake nixpacks-ci \(version.dropFirst()) linux-\(arch)'\n".write(to: binary, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
            let tarball = release.appendingPathComponent("\(name).tar.gz")
            let packed = try ProcessRunner().run("tar", ["-czf", tarball.path, "-C", work.path, name])
            guard packed.succeeded else { throw FixtureError(message: "tar: \(packed.standardError)") }
            let summed = try ProcessRunner().run("sha256sum", [arch == wrongChecksum ? script.path : tarball.path])
            let digest = try #require(summed.standardOutput.split(separator: " ").first)
            sums += "\(digest)  \(name).tar.gz\n"
        }
        try sums.write(to: release.appendingPathComponent("SHA256SUMS"), atomically: true, encoding: .utf8)
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func fakeArchitectures() throws -> [String] {
        let arch = try architecture()
        return [arch, arch == "aarch64" ? "x86_64" : "aarch64", "riscv64"]
    }

    @Test func installsTheTarballForThisArchitectureOverHTTP() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.fakeRelease(at: root.appendingPathComponent("releases"), architectures: try Self.fakeArchitectures())
        let server = try LoopbackFileServer(serving: root.appendingPathComponent("releases"))
        defer { server.stop() }
        let bin = root.appendingPathComponent("bin")
        let output = try Self.install(into: bin, releases: server.url)
        #expect(output.succeeded, "\(output.standardOutput)\(output.standardError)")
        #expect(output.standardOutput.contains("checksum verified"), "\(output.standardOutput)")
        let installed = try ProcessRunner().run(bin.appendingPathComponent("nixpacks-ci").path, [])
        #expect(installed.standardOutput == "fake nixpacks-ci 9.8.7 linux-\(try Self.architecture())\n")

        // Installed: a second run (the next job with the cached directory) leaves it alone.
        let again = try Self.install(into: bin, releases: "http://127.0.0.1:1/unreachable")
        #expect(again.succeeded && again.standardOutput.isEmpty, "\(again.standardOutput)\(again.standardError)")
    }

    @Test func installsFromAFileURL() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.fakeRelease(at: root.appendingPathComponent("releases"), architectures: try Self.fakeArchitectures())
        let bin = root.appendingPathComponent("bin")
        let output = try Self.install(into: bin, releases: "file://\(root.path)/releases")
        #expect(output.succeeded, "\(output.standardOutput)\(output.standardError)")
        let installed = try ProcessRunner().run(bin.appendingPathComponent("nixpacks-ci").path, [])
        #expect(installed.standardOutput == "fake nixpacks-ci 9.8.7 linux-\(try Self.architecture())\n")
    }

    @Test(arguments: ["http", "file"])
    func refusesATarballThatDoesNotMatchItsChecksum(_ scheme: String) throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.fakeRelease(at: root.appendingPathComponent("releases"), architectures: try Self.fakeArchitectures(),
                             wrongChecksum: try Self.architecture())
        let server = try LoopbackFileServer(serving: root.appendingPathComponent("releases"))
        defer { server.stop() }
        let bin = root.appendingPathComponent("bin")
        let output = try Self.install(into: bin, releases: scheme == "http" ? server.url : "file://\(root.path)/releases")
        #expect(!output.succeeded)
        let name = "nixpacks-ci-9.8.7-linux-\(try Self.architecture()).tar.gz"
        #expect(output.standardOutput.contains("\(name): FAILED"), "\(output.standardOutput)")
        #expect(output.standardError.contains("error: \(name) does not match its checksum in"), "\(output.standardError)")
        #expect(!FileManager.default.fileExists(atPath: bin.appendingPathComponent("nixpacks-ci").path), "a tarball that failed its check was installed")
    }

    /// A release without this machine's architecture counts as no release: the script goes on to
    /// build from source (here a repository that does not exist, so it stops at the clone).
    @Test func aReleaseWithoutThisArchitectureFallsBackToSource() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.fakeRelease(at: root.appendingPathComponent("releases"), architectures: ["riscv64"])
        let output = try Self.install(into: root.appendingPathComponent("bin"), releases: "file://\(root.path)/releases")
        #expect(!output.succeeded)
        #expect(output.standardOutput.contains("no release v9.8.7 for linux-\(try Self.architecture())"), "\(output.standardOutput)")
        #expect(output.standardError.contains("nonexistent"), "the clone was not tried: \(output.standardError)")
    }

    /// No release at all (a 404 for SHA256SUMS): the tag is cloned and built with Swift. The
    /// repository is a tiny package whose executable is called nixpacks-ci, so the build is quick.
    @Test func buildsFromSourceWhenTheVersionHasNoRelease() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("releases"), withIntermediateDirectories: true)
        let server = try LoopbackFileServer(serving: root.appendingPathComponent("releases"))
        defer { server.stop() }
        let source = try GitFixture("source")
        try source.write("Package.swift", """
        // swift-tools-version:5.9
        import PackageDescription
        let package = Package(name: "nixpacks-ci", targets: [.executableTarget(name: "nixpacks-ci")])
        """)
        try source.write("Sources/nixpacks-ci/main.swift", "print(\"built from source\")\n")
        try source.commitAll("a stand-in")
        try source.git("tag", "v0.0.1")
        let bin = root.appendingPathComponent("bin")
        let output = try Self.install(into: bin, version: "v0.0.1", releases: server.url, source: "file://\(source.path)")
        #expect(output.succeeded, "\(output.standardOutput.suffix(2000))\(output.standardError.suffix(3000))")
        #expect(output.standardOutput.contains("no release v0.0.1 for linux-\(try Self.architecture()) at \(server.url); building it from file://"),
                "\(output.standardOutput)")
        let built = try ProcessRunner().run(bin.appendingPathComponent("nixpacks-ci").path, [])
        #expect(built.standardOutput == "built from source\n")
    }

    // MARK: The templates

    static let begin = "# >>> nixpacks_ci_install"
    static let end = "# <<< nixpacks_ci_install"

    /// The lines from the >>> marker to the <<< marker.
    static func installBlock(_ text: String) -> [Substring]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(begin) }),
              let stop = lines[start...].firstIndex(where: { $0.hasPrefix(end) }) else { return nil }
        return Array(lines[start...stop])
    }

    /// A template's install step: its script, the `env:` it gives the script (GitHub steps), and
    /// the settings the template declares (workflow `env:`, action `inputs:`, GitLab `variables:`).
    struct InstallStep {
        let template: String
        let run: String
        let stepEnvironment: [String: Any]
        let settings: [String]
    }

    static func templateInstallSteps() throws -> [InstallStep] {
        func installStep(_ steps: [[String: Any]]) throws -> [String: Any] {
            try #require(steps.first { $0["name"] as? String == "Install nixpacks-ci" })
        }
        let workflow = try CITemplateTests.yaml("github/nixpacks-ci.yml")
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let workflowSettings = (workflow["env"] as? [String: Any] ?? [:]).keys.sorted()
        var steps: [InstallStep] = []
        for job in ["plan", "build"] {
            let step = try installStep(try #require((jobs[job] as? [String: Any])?["steps"] as? [[String: Any]]))
            steps.append(InstallStep(template: "github/nixpacks-ci.yml \(job)", run: try #require(step["run"] as? String),
                                     stepEnvironment: step["env"] as? [String: Any] ?? [:], settings: workflowSettings))
        }
        let action = try CITemplateTests.yaml("github/action.yml")
        let step = try installStep(try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]]))
        steps.append(InstallStep(template: "github/action.yml", run: try #require(step["run"] as? String),
                                 stepEnvironment: step["env"] as? [String: Any] ?? [:],
                                 settings: (action["inputs"] as? [String: Any] ?? [:]).keys.sorted()))
        let gitlab = try CITemplateTests.yaml("gitlab/nixpacks-ci.gitlab-ci.yml")
        let beforeScript = try #require((gitlab[".nixpacks-ci-base"] as? [String: Any])?["before_script"] as? [String])
        steps.append(InstallStep(template: "gitlab/nixpacks-ci.gitlab-ci.yml", run: beforeScript.joined(separator: "\n"),
                                 stepEnvironment: [:], settings: (gitlab["variables"] as? [String: Any] ?? [:]).keys.sorted()))
        return steps
    }

    @Test func everyTemplateInlinesTheScriptAsItIs() throws {
        let expected = try #require(Self.installBlock(try String(contentsOf: Self.script, encoding: .utf8)))
        #expect(expected.count > 20, "the block in install.sh looks truncated: \(expected.count) lines")
        for step in try Self.templateInstallSteps() {
            let block = Self.installBlock(step.run) ?? []
            let firstDifference = zip(block, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(block.count, expected.count)
            #expect(block == expected, """
                \(step.template)'s install step differs from ci-templates/install.sh from line \(firstDifference + 1) of the block:
                \(block.dropFirst(firstDifference).first ?? "(end)")
                instead of
                \(expected.dropFirst(firstDifference).first ?? "(end)")
                """)
            let names = step.template.hasSuffix("action.yml") ? ["releases", "source", "version"]
                : ["NIXPACKS_CI_RELEASES", "NIXPACKS_CI_SOURCE", "NIXPACKS_CI_VERSION"]
            #expect(Set(names).isSubset(of: step.settings), "\(step.template) does not declare \(names): \(step.settings)")
        }
    }

    /// The templates' steps themselves, as the platforms run them, against a served release: they
    /// install this architecture's tarball where the job finds it next, and fail on a wrong checksum.
    @Test(arguments: [false, true])
    func theTemplateStepsInstallTheReleaseOrRefuseIt(_ wrongChecksum: Bool) throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let arch = try Self.architecture()
        try Self.fakeRelease(at: root.appendingPathComponent("releases"), architectures: try Self.fakeArchitectures(),
                             wrongChecksum: wrongChecksum ? arch : nil)
        let server = try LoopbackFileServer(serving: root.appendingPathComponent("releases"))
        defer { server.stop() }
        let expected = "fake nixpacks-ci 9.8.7 linux-\(arch)\n"
        let settings = ["NIXPACKS_CI_VERSION": Self.version, "NIXPACKS_CI_RELEASES": server.url,
                        "NIXPACKS_CI_SOURCE": "file:///nonexistent/nixpacks-ci"]

        for (index, step) in try Self.templateInstallSteps().enumerated() {
            let template = step.template
            let home = root.appendingPathComponent("home-\(index)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            var environment = Self.environment(home: home)
            // The workflow's env: and GitLab's variables: are the job's environment; the action
            // has its inputs instead.
            if !template.hasSuffix("action.yml") { environment.merge(settings) { _, new in new } }
            let bin = home.appendingPathComponent(".nixpacks-ci/bin")
            let output: ProcessRunner.Output
            if template.hasPrefix("gitlab") {
                environment["CI_PROJECT_DIR"] = home.path
                output = try CITemplateTests.bash(step.run + "\ncommand -v nixpacks-ci\nnixpacks-ci", in: home, environment: environment)
            } else {
                // The action's inputs reach the script through the step's env:, as on GitHub.
                environment.merge(CITemplateTests.githubRunner(home: home)) { _, new in new }
                let inputs = ["inputs.version": Self.version, "inputs.releases": server.url, "inputs.source": "file:///nonexistent/nixpacks-ci"]
                output = try CITemplateTests.runStep(["run": step.run, "env": step.stepEnvironment], expressions: inputs,
                                                     environment: environment, in: home)
            }
            if wrongChecksum {
                #expect(!output.succeeded, "\(template) installed a tarball that failed its check")
                #expect(output.standardError.contains("does not match its checksum"), "\(template): \(output.standardError)")
                #expect(!FileManager.default.fileExists(atPath: bin.appendingPathComponent("nixpacks-ci").path), "\(template)")
                continue
            }
            #expect(output.succeeded, "\(template): \(output.standardOutput)\(output.standardError)")
            let installed = try ProcessRunner().run(bin.appendingPathComponent("nixpacks-ci").path, [])
            #expect(installed.standardOutput == expected, "\(template)")
            if template.hasPrefix("gitlab") {
                // On PATH for the job's script.
                #expect(output.standardOutput.hasSuffix("\(bin.path)/nixpacks-ci\n\(expected)"), "\(template): \(output.standardOutput)")
            } else {
                // On PATH for the job's next steps.
                let path = try String(contentsOf: home.appendingPathComponent("path"), encoding: .utf8)
                #expect(path == bin.path + "\n", "\(template): GITHUB_PATH holds \(path)")
            }
        }
    }
}
