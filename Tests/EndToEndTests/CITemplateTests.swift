import Builder
import Foundation
import Host
import Testing
import TestSupport
import Yams

/// The shell steps of ci-templates/, run as each platform would run them against a git copy of the
/// example monorepo, with the environment GitHub Actions and GitLab CI set for a push, a pull or
/// merge request, a new branch and a force push. `uses:` steps (checkout, cache, artifacts) and the
/// dind service wiring are the platforms' own and are not simulated; the registry is a real one on
/// loopback, shared by every job as in CI.
@Suite(.serialized) struct CITemplateTests {
    static let templates = EngineHarnessTests.repositoryRoot.appendingPathComponent("ci-templates")
    static let tools = "/opt/nixpacks-ci-tools/bin"

    /// origin: the example monorepo on main, then one commit touching only the static site.
    struct Origin {
        let repo: GitFixture
        func sha(_ rev: String) throws -> String { try repo.git("rev-parse", rev).trimmingCharacters(in: .whitespacesAndNewlines) }
        func commitSite(_ text: String) throws { try repo.write("services/site/index.html", "<h1>\(text)</h1>\n"); _ = try repo.commitAll(text) }
    }

    static func origin() throws -> Origin {
        let origin = Origin(repo: try BatchBuildTests.monorepo())
        try origin.repo.git("config", "uploadpack.allowAnySHA1InWant", "true") // as GitHub and GitLab serve commits by SHA
        return origin
    }

    enum Scenario: String, CaseIterable { case push, request, newBranch, forcePush }

    /// Prepares origin for a scenario and returns (branch to check out, previous tip or nil).
    static func prepare(_ scenario: Scenario, _ origin: Origin) throws -> (branch: String, before: String?) {
        let marker = "\(scenario.rawValue) \(UUID().uuidString.prefix(8))"
        switch scenario {
        case .push:
            let before = try origin.sha("main")
            try origin.commitSite(marker)
            return ("main", before)
        case .request, .newBranch:
            try origin.repo.git("checkout", "-q", "-b", "feature-\(scenario.rawValue)", "main")
            try origin.commitSite(marker)
            try origin.repo.git("checkout", "-q", "main")
            try origin.repo.write("services/pyapi/NOTES.txt", "main moved on\n") // main moves on: three-dot matters
            _ = try origin.repo.commitAll("main moves on")
            return ("feature-\(scenario.rawValue)", nil)
        case .forcePush:
            try origin.repo.git("checkout", "-q", "-b", "feature-force", "main")
            try origin.commitSite("before the rewrite \(marker)")
            let before = try origin.sha("HEAD")
            try origin.repo.git("reset", "-q", "--hard", "HEAD~1")
            try origin.commitSite("after the rewrite \(marker)")
            try origin.repo.git("checkout", "-q", "main")
            return ("feature-force", before)
        }
    }

    // MARK: Running steps

    /// A runner's environment: nothing from this process but PATH (with nixpacks-ci first) and the engine.
    static func baseEnvironment(home: URL) -> [String: String] {
        let binary = URL(fileURLWithPath: CommandLineTests.binary).deletingLastPathComponent().path
        return ["PATH": "\(binary):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": home.path,
                "NIXPACKS_CI_DOCKER": ProcessInfo.processInfo.environment["NIXPACKS_CI_DOCKER"] ?? "/usr/bin/docker",
                "DOCKER_CONFIG": home.appendingPathComponent(".docker").path, "LANG": "C.UTF-8"]
    }

    /// What the GitHub runner sets for every step: the files steps write outputs, paths and the
    /// summary to (created empty, as the runner does), and the repository and server.
    static func githubRunner(home: URL) -> [String: String] {
        for file in ["output", "path", "summary.md"] {
            FileManager.default.createFile(atPath: home.appendingPathComponent(file).path, contents: nil)
        }
        return ["GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_REPOSITORY": "acme/mono", "GITHUB_SERVER_URL": "https://github.com",
                "RUNNER_TEMP": home.path, "GITHUB_OUTPUT": home.appendingPathComponent("output").path,
                "GITHUB_PATH": home.appendingPathComponent("path").path, "GITHUB_STEP_SUMMARY": home.appendingPathComponent("summary.md").path]
    }

    /// Runs one `run:` step of a GitHub workflow or action: its `env:` with the expressions
    /// substituted, over the job's environment.
    static func runStep(_ step: [String: Any], expressions: [String: String], environment: [String: String], in directory: URL) throws -> ProcessRunner.Output {
        var stepEnvironment = environment
        for (key, value) in step["env"] as? [String: Any] ?? [:] { stepEnvironment[key] = try substitute("\(value)", expressions) }
        return try bash(try #require(step["run"] as? String), in: directory, environment: stepEnvironment)
    }

    static func bash(_ script: String, in directory: URL, environment: [String: String]) throws -> ProcessRunner.Output {
        try ProcessRunner(environment: environment).run("bash", ["-e", "-c", "cd \"$1\"\n" + script, "step", directory.path])
    }

    /// Replaces `${{ expr }}` with the scenario's values; an expression the test does not know fails.
    static func substitute(_ text: String, _ expressions: [String: String]) throws -> String {
        var out = text
        while let start = out.range(of: "${{"), let end = out.range(of: "}}", range: start.upperBound..<out.endIndex) {
            let expression = out[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = expressions[expression] else { throw FixtureError(message: "no value for the expression ${{ \(expression) }}") }
            out.replaceSubrange(start.lowerBound..<end.upperBound, with: value)
        }
        return out
    }

    static func yaml(_ path: String) throws -> [String: Any] {
        let text = try String(contentsOf: templates.appendingPathComponent(path), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    // MARK: GitHub Actions

    struct GitHubJob {
        let steps: [[String: Any]]
        func step(_ name: String) throws -> [String: Any] { try #require(steps.first { $0["name"] as? String == name }) }
    }

    static func githubEvent(_ scenario: Scenario, branch: String, before: String?, after: String) -> (name: String, payload: String, base: String?) {
        let repository = #""repository":{"default_branch":"main","full_name":"acme/mono"}"#
        switch scenario {
        case .push: return ("push", #"{"before":"\#(before!)","after":"\#(after)","created":false,"forced":false,\#(repository)}"#, nil)
        case .request: return ("pull_request", #"{"pull_request":{"base":{"ref":"main"},"head":{"repo":{"full_name":"acme/mono"}}},\#(repository)}"#, "main")
        case .newBranch: return ("push", #"{"before":"\#(String(repeating: "0", count: 40))","after":"\#(after)","created":true,"forced":false,\#(repository)}"#, nil)
        case .forcePush: return ("push", #"{"before":"\#(before!)","after":"\#(after)","created":false,"forced":true,\#(repository)}"#, nil)
        }
    }

    @Test func githubWorkflowPlansAndBuildsEachScenario() throws {
        let registry = try LoopbackRegistry.start()
        defer { registry.stop() }
        let workflow = try Self.yaml("github/nixpacks-ci.yml")
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let plan = GitHubJob(steps: try #require((jobs["plan"] as? [String: Any])?["steps"] as? [[String: Any]]))
        let build = GitHubJob(steps: try #require((jobs["build"] as? [String: Any])?["steps"] as? [[String: Any]]))
        let workflowEnvironment = try #require(workflow["env"] as? [String: Any])

        for scenario in Scenario.allCases {
            let origin = try Self.origin()
            let (branch, before) = try Self.prepare(scenario, origin)
            let after = try origin.sha(branch)
            let clone = try origin.repo.clone("clone-\(scenario.rawValue)", ["--depth=1", "--branch", branch])
            let home = clone.directory.deletingLastPathComponent().appendingPathComponent("home-\(scenario.rawValue)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            let event = Self.githubEvent(scenario, branch: branch, before: before, after: after)
            let eventFile = home.appendingPathComponent("event.json")
            try event.payload.write(to: eventFile, atomically: true, encoding: .utf8)
            let expressions = [
                "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository": "false",
                "github.repository_owner": "Acme", "github.token": "test-token", "github.workflow": "nixpacks-ci", "github.ref": "refs/heads/\(branch)",
            ]
            var environment = Self.baseEnvironment(home: home)
            for (key, value) in workflowEnvironment { environment[key] = try Self.substitute("\(value)", expressions) }
            environment["NIXPACKS_CI_REGISTRY"] = "127.0.0.1:\(registry.port)/Acme"
            environment["NIXPACKS_CI_BUILD_ARGS"] = "--package-source debian --tag-with sha"
            environment.merge(Self.githubRunner(home: home)) { _, new in new }
            environment.merge(["GITHUB_EVENT_NAME": event.name, "GITHUB_EVENT_PATH": eventFile.path, "GITHUB_REF": "refs/heads/\(branch)",
                               "GITHUB_REF_NAME": branch, "GITHUB_SHA": after, "GITHUB_ACTOR": "octocat", "GITHUB_WORKSPACE": clone.path]) { _, new in new }
            if let base = event.base { environment["GITHUB_BASE_REF"] = base; environment["GITHUB_HEAD_REF"] = branch }

            func run(_ job: GitHubJob, _ name: String, matrix: [String: String] = [:]) throws -> ProcessRunner.Output {
                var values = expressions
                for (key, value) in matrix { values["matrix.\(key)"] = value }
                let output = try Self.runStep(try job.step(name), expressions: values, environment: environment, in: clone.directory)
                #expect(output.succeeded, "\(scenario) \(name): \(output.standardOutput.suffix(1500))\n\(output.standardError.suffix(3000))")
                return output
            }

            _ = try run(plan, "Install nixpacks-ci")
            let affected = try run(plan, "Affected services")
            let expectedKind = ["push": "push", "request": "pull_request", "newBranch": "push", "forcePush": "push"][scenario.rawValue]!
            #expect(affected.standardOutput.contains("auto (github \(expectedKind))"), "\(affected.standardOutput)")
            let why = ["push": "push: the pushed range", "request": "pull request into main", "newBranch": "new branch feature-newBranch",
                       "forcePush": "force push"][scenario.rawValue]!
            #expect(affected.standardOutput.contains(why), "\(scenario): \(affected.standardOutput)")
            let outputs = try String(contentsOf: home.appendingPathComponent("output"), encoding: .utf8)
            let matrixLine = try #require(outputs.split(separator: "\n").first { $0.hasPrefix("matrix=") })
            #expect(outputs.contains("count=1"), "\(scenario): \(outputs)")
            let matrix = try #require(try JSONSerialization.jsonObject(with: Data(matrixLine.dropFirst("matrix=".count).utf8)) as? [String: Any])
            let rows = try #require(matrix["include"] as? [[String: Any]])
            #expect(rows.map { $0["services"] as? String } == ["site"], "\(scenario): \(rows)")

            for row in rows {
                let services = try #require(row["services"] as? String)
                _ = try run(build, "Install nixpacks-ci", matrix: ["services": services])
                _ = try run(build, "Log in to the registry", matrix: ["services": services])
                let built = try run(build, "Build", matrix: ["services": services])
                #expect(built.standardOutput.contains("site"), "\(built.standardOutput)")
                let report = try JSONSerialization.jsonObject(with: Data(contentsOf: clone.directory.appendingPathComponent("reports/report.json"))) as? [String: Any]
                let results = (report?["services"] as? [[String: Any]] ?? []).map { "\($0["name"]!)=\($0["result"]!)" }
                #expect(results == ["site=built"] || results == ["site=cached"], "\(scenario): \(results)")
                #expect(FileManager.default.fileExists(atPath: clone.directory.appendingPathComponent("reports/junit.xml").path))
                let summary = try String(contentsOf: home.appendingPathComponent("summary.md"), encoding: .utf8)
                #expect(summary.contains("site"))
            }
            let tags = try ProcessRunner().run("curl", ["-sS", "http://127.0.0.1:\(registry.port)/v2/acme/site/tags/list"]).standardOutput
            #expect(tags.contains("nixpacks-ci-"), "\(scenario): the shard did not share the registry: \(tags)")
        }
    }

    /// The composite action on a pull request from a fork: read-only, so the build pushes nothing
    /// and logs in nowhere; then the same change from the repository itself pushes.
    @Test func compositeActionBuildsForkPullRequestsReadOnly() throws {
        let registry = try LoopbackRegistry.start()
        defer { registry.stop() }
        let action = try Self.yaml("github/action.yml")
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let inputs = try #require(action["inputs"] as? [String: [String: Any]])
        let origin = try Self.origin()
        let (branch, _) = try Self.prepare(.request, origin)
        let clone = try origin.repo.clone("clone-action", ["--depth=1", "--branch", branch])

        for fork in [true, false] {
            let home = clone.directory.deletingLastPathComponent().appendingPathComponent("home-action-\(fork)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            var environment = Self.baseEnvironment(home: home)
            environment.merge(Self.githubRunner(home: home)) { _, new in new }
            environment.merge(["GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": branch]) { _, new in new }
            var expressions: [String: String] = ["github.event_name": "pull_request", "github.token": "test-token",
                                                 "github.event.pull_request.head.repo.full_name": fork ? "someone/mono" : "acme/mono"]
            for (name, input) in inputs { expressions["inputs.\(name)"] = "\(input["default"] ?? "")" }
            expressions["inputs.registry"] = "127.0.0.1:\(registry.port)/acme"
            expressions["inputs.registry-username"] = "octocat"
            expressions["inputs.registry-password"] = "secret"
            expressions["inputs.build-args"] = "--package-source debian"
            var outputs: [String: String] = [:]
            for step in steps where step["run"] != nil {
                var values = expressions
                for (key, value) in outputs { values["steps.mode.outputs.\(key)"] = value }
                let output = try Self.runStep(step, expressions: values, environment: environment, in: clone.directory)
                #expect(output.succeeded, "fork \(fork) \(step["name"] ?? ""): \(output.standardError.suffix(3000))")
                for line in (try String(contentsOf: home.appendingPathComponent("output"), encoding: .utf8)).split(separator: "\n") {
                    let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { outputs[parts[0]] = parts[1] }
                }
            }
            #expect(outputs["read-only"] == (fork ? "true" : "false"))
            let tags = try ProcessRunner().run("curl", ["-sS", "http://127.0.0.1:\(registry.port)/v2/acme/site/tags/list"]).standardOutput
            let loggedIn = FileManager.default.fileExists(atPath: home.appendingPathComponent(".docker/config.json").path)
            if fork {
                #expect(!tags.contains("nixpacks-ci-"), "a fork's build pushed: \(tags)")
                #expect(!loggedIn, "a fork's build logged in to the registry")
            } else {
                #expect(tags.contains("nixpacks-ci-"), "the repository's own build did not push: \(tags)")
                #expect(loggedIn)
            }
        }
    }

    // MARK: GitLab CI

    static func gitlabEnvironment(_ scenario: Scenario, branch: String, before: String?, origin: Origin) throws -> [String: String] {
        var environment = ["GITLAB_CI": "true", "CI": "true", "CI_DEFAULT_BRANCH": "main", "CI_PROJECT_ID": "7", "CI_COMMIT_REF_NAME": branch,
                           "CI_COMMIT_REF_SLUG": branch, "CI_COMMIT_SHA": try origin.sha(branch)]
        switch scenario {
        case .push, .forcePush:
            environment.merge(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": branch, "CI_COMMIT_BEFORE_SHA": before!]) { _, new in new }
        case .newBranch:
            environment.merge(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": branch, "CI_COMMIT_BEFORE_SHA": String(repeating: "0", count: 40)]) { _, new in new }
        case .request:
            let base = try origin.repo.git("merge-base", "main", branch).trimmingCharacters(in: .whitespacesAndNewlines)
            environment.merge(["CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
                               "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": branch, "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
                               "CI_MERGE_REQUEST_EVENT_TYPE": "detached", "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "7",
                               "CI_COMMIT_BEFORE_SHA": String(repeating: "0", count: 40)]) { _, new in new }
        }
        return environment
    }

    /// GitLab expands `$VAR` and `${VAR}` in variable values.
    static func expand(_ value: String, _ environment: [String: String]) -> String {
        var out = value
        for (key, replacement) in environment.sorted(by: { $0.key.count > $1.key.count }) {
            out = out.replacingOccurrences(of: "${\(key)}", with: replacement).replacingOccurrences(of: "$\(key)", with: replacement)
        }
        return out
    }

    @Test func gitlabTemplateBuildsEachScenarioAndFansOut() throws {
        let registry = try LoopbackRegistry.start()
        defer { registry.stop() }
        let template = try Self.yaml("gitlab/nixpacks-ci.gitlab-ci.yml")
        let base = try #require(template[".nixpacks-ci-base"] as? [String: Any])
        let beforeScript = (try #require(base["before_script"] as? [String])).joined(separator: "\n")
        func script(_ job: String) throws -> String {
            (try #require((template[job] as? [String: Any])?["script"] as? [String])).joined(separator: "\n")
        }
        var variables: [String: String] = [:]
        for (key, value) in template["variables"] as? [String: Any] ?? [:] { variables[key] = "\(value)" }
        for (key, value) in base["variables"] as? [String: Any] ?? [:] where !key.hasPrefix("DOCKER_") { variables[key] = "\(value)" }

        for scenario in Scenario.allCases {
            let origin = try Self.origin()
            let (branch, before) = try Self.prepare(scenario, origin)
            let clone = try origin.repo.clone("clone-gl-\(scenario.rawValue)", ["--depth=20", "--branch", branch])
            let home = clone.directory.deletingLastPathComponent().appendingPathComponent("home-gl-\(scenario.rawValue)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            var environment = Self.baseEnvironment(home: home)
            environment.merge(try Self.gitlabEnvironment(scenario, branch: branch, before: before, origin: origin)) { _, new in new }
            environment.merge(["CI_PROJECT_DIR": clone.path, "CI_REGISTRY": "127.0.0.1:\(registry.port)",
                               "CI_REGISTRY_IMAGE": "127.0.0.1:\(registry.port)/group/mono", "CI_REGISTRY_USER": "gitlab-ci-token",
                               "CI_REGISTRY_PASSWORD": "job-token"]) { _, new in new }
            for (key, value) in variables { environment[key] = Self.expand(value, environment) }
            environment["NIXPACKS_CI_BUILD_ARGS"] = "--package-source debian"

            // One machine: nixpacks-ci:build.
            let single = try Self.bash(beforeScript + "\n" + script("nixpacks-ci:build"), in: clone.directory, environment: environment)
            #expect(single.succeeded, "\(scenario): \(single.standardOutput.suffix(1500))\n\(single.standardError.suffix(3000))")
            let report = try JSONSerialization.jsonObject(with: Data(contentsOf: clone.directory.appendingPathComponent("reports/report.json"))) as? [String: Any]
            let results = (report?["services"] as? [[String: Any]] ?? []).map { "\($0["name"]!)=\($0["result"]!)" }
            #expect(results == ["site=built"] || results == ["site=cached"], "\(scenario): \(results)")
            #expect(FileManager.default.fileExists(atPath: clone.directory.appendingPathComponent("reports/junit.xml").path))
            let why = ["push": "auto (gitlab push): push", "request": "auto (gitlab merge_request_event): merge request into main",
                       "newBranch": "auto (gitlab push): new branch", "forcePush": "auto (gitlab push): force push"][scenario.rawValue]!
            #expect("\(report?["base"] ?? "")".contains(why), "\(scenario): \(report?["base"] ?? "no base")")

            guard scenario == .request else { continue }
            // Fan-out: the plan writes the child pipeline; each service job runs as GitLab would run it.
            let plan = try Self.bash(beforeScript + "\n" + script("nixpacks-ci:plan"), in: clone.directory, environment: environment)
            #expect(plan.succeeded, "\(plan.standardError.suffix(3000))")
            let childFile = clone.directory.appendingPathComponent("child-pipeline.yml")
            let schema = try ProcessRunner().run("\(Self.tools)/check-jsonschema", ["--builtin-schema", "vendor.gitlab-ci", childFile.path])
            #expect(schema.succeeded, "\(schema.standardOutput)\(schema.standardError)")
            let child = try #require(try Yams.load(yaml: String(contentsOf: childFile, encoding: .utf8)) as? [String: Any])
            #expect((child["include"] as? [[String: String]]) == [["local": ".gitlab/nixpacks-ci.gitlab-ci.yml"]])
            let job = try #require(child["build site"] as? [String: Any])
            #expect(job["extends"] as? String == ".nixpacks-ci-service")
            var jobEnvironment = environment
            for (key, value) in (child["variables"] as? [String: Any] ?? [:]).merging(job["variables"] as? [String: Any] ?? [:], uniquingKeysWith: { _, new in new }) {
                jobEnvironment[key] = "\(value)"
            }
            jobEnvironment["CI_PIPELINE_SOURCE"] = "parent_pipeline"
            let service = try Self.bash(beforeScript + "\n" + script(".nixpacks-ci-service"), in: clone.directory, environment: jobEnvironment)
            #expect(service.succeeded, "\(service.standardError.suffix(3000))")
            #expect(service.standardOutput.contains("0 built, 1 cached"), "the child job did not reuse the registry: \(service.standardOutput)")
        }
    }

    // MARK: Validation

    @Test func templatesPassTheirSchemasAndTheSecurityAudit() throws {
        let github = ["github/nixpacks-ci.yml", "github/example-workflow.yml"].map { Self.templates.appendingPathComponent($0).path }
        let checks: [(String, [String])] = [
            ("check-jsonschema", ["--builtin-schema", "vendor.github-workflows"] + github),
            ("check-jsonschema", ["--builtin-schema", "vendor.github-actions", Self.templates.appendingPathComponent("github/action.yml").path]),
            ("check-jsonschema", ["--builtin-schema", "vendor.gitlab-ci", Self.templates.appendingPathComponent("gitlab/nixpacks-ci.gitlab-ci.yml").path]),
            ("zizmor", ["--offline", "--no-progress"] + github + [Self.templates.appendingPathComponent("github/action.yml").path]),
        ]
        for (tool, arguments) in checks {
            let output = try ProcessRunner().run("\(Self.tools)/\(tool)", arguments)
            #expect(output.succeeded, "\(tool) \(arguments.joined(separator: " ")):\n\(output.standardOutput)\(output.standardError)")
        }
    }

    /// The audit is not a check that cannot fail: an unpinned action and a template injection are caught.
    @Test func theAuditCatchesAnUnsafeWorkflow() throws {
        let unsafe = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-unsafe-\(UUID().uuidString).yml")
        defer { try? FileManager.default.removeItem(at: unsafe) }
        try """
        name: unsafe
        on: pull_request_target
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/checkout@v4
                with:
                  ref: ${{ github.event.pull_request.head.sha }}
              - run: echo "${{ github.event.pull_request.title }}"
        """.write(to: unsafe, atomically: true, encoding: .utf8)
        let output = try ProcessRunner().run("\(Self.tools)/zizmor", ["--offline", "--no-progress", unsafe.path])
        #expect(!output.succeeded)
        #expect(output.standardOutput.contains("template-injection"))
    }
}
