import Builder
import Foundation
import Monorepo
import Pipeline
import Testing
import TestSupport

/// Workspace members of every JavaScript manager, prepared as a build would (no engine): the
/// workspace model, the member's context and pruned lockfile, and the rendered Dockerfile, against
/// reviewed golden files under Fixtures/workspaces/<manager>/ (re-recorded with
/// NIXPACKS_CI_RECORD=1). npm and Yarn 1 are also built and run on the real engine
/// (EndToEndTests/JavaScriptWorkspaceTests); pnpm, Yarn berry and Bun cannot be installed here,
/// so for them these goldens are the test.
@Suite struct WorkspaceGoldenTests {
    static let lockfiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MonorepoTests/Fixtures/lockfiles")
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/workspaces")

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var lockfile: (source: String, name: String)?
        var extraRoot: [String: String] = [:]
        var rootManifest: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "npm", lockfile: ("npm-v3.json", "package-lock.json"), extraRoot: [".npmrc": "registry=http://127.0.0.1:4873/\n"],
             rootManifest: #"{"name":"acme","version":"1.0.0","private":true,"workspaces":["apps/*","packages/*"]}"#),
        Case(name: "yarn", lockfile: ("yarn-v1.lock", "yarn.lock"), extraRoot: [".yarnrc": "registry \"http://127.0.0.1:4873/\"\n"],
             rootManifest: #"{"name":"acme","version":"1.0.0","private":true,"workspaces":["apps/*","packages/*"]}"#),
        Case(name: "pnpm", lockfile: ("pnpm-v9.yaml", "pnpm-lock.yaml"), extraRoot: ["pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - 'packages/*'\n"],
             rootManifest: #"{"name":"acme","private":true,"packageManager":"pnpm@9.12.0","devDependencies":{"typescript":"^5.4.0"}}"#),
        Case(name: "yarn-berry", lockfile: ("berry-v8.lock", "yarn.lock"),
             extraRoot: [".yarnrc.yml": "nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-4.5.0.cjs\n", ".yarn/releases/yarn-4.5.0.cjs": "// the Yarn release\n"],
             rootManifest: #"{"name":"acme","private":true,"packageManager":"yarn@4.5.0","workspaces":["apps/*","packages/*"],"devDependencies":{"typescript":"^5.4.0"}}"#),
        Case(name: "bun", lockfile: ("bun-v2.lock", "bun.lock"), extraRoot: ["bunfig.toml": "[install]\nregistry = \"http://127.0.0.1:4873/\"\n"],
             rootManifest: #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"]}"#),
    ]

    /// The lab workspace of the lockfile fixtures (or, for pnpm and berry, the hand-written one):
    /// web and docs depend on ui; web has a build script.
    static func repository(_ example: Case) throws -> GitFixture {
        let repo = try GitFixture("workspace-\(example.name)")
        try repo.write("package.json", example.rootManifest)
        for (path, text) in example.extraRoot { try repo.write(path, text) }
        let handWritten = example.name == "pnpm" || example.name == "yarn-berry"
        let uiSpec = example.name == "npm" || example.name == "yarn" ? "*" : "workspace:*"
        let webDependencies = handWritten ? #""react":"^18.2.0","react-dom":"^18.2.0""# : #""dep-a":"^1.0.0""#
        let docsDependencies = handWritten ? #""is-positive":"1.0.0""# : #""dep-c":"^3.0.0""#
        try repo.write("apps/web/package.json", #"{"name":"@acme/web","version":"1.0.0","scripts":{"build":"node build.js","start":"node server.js"},"dependencies":{"@acme/ui":"\#(uiSpec)",\#(webDependencies)}}"#)
        try repo.write("apps/web/build.js", "require('fs').writeFileSync('built.txt', 'built')\n")
        try repo.write("apps/web/server.js", "console.log('web')\n")
        try repo.write("apps/docs/package.json", #"{"name":"@acme/docs","version":"1.0.0","scripts":{"start":"node index.js"},"dependencies":{"@acme/ui":"\#(uiSpec == "*" ? "*" : "workspace:^")",\#(docsDependencies)}}"#)
        try repo.write("apps/docs/index.js", "console.log('docs')\n")
        try repo.write("packages/ui/package.json", #"{"name":"@acme/ui","version":"0.1.0","main":"index.js","scripts":{"build":"node -e 1"},"dependencies":{"\#(handWritten ? "loose-envify" : "dep-b")":"\#(handWritten ? "^1.1.0" : "^2.0.0")"}}"#)
        try repo.write("packages/ui/index.js", "module.exports = 1\n")
        if let (source, name) = example.lockfile {
            try FileManager.default.copyItem(at: lockfiles.appendingPathComponent(source), to: repo.directory.appendingPathComponent(name))
        }
        try repo.commitAll("workspace")
        return repo
    }

    static func prepare(_ repo: GitFixture, packageSource: PackageSource) throws -> PreparedService {
        var configuration = BuildConfiguration()
        configuration.repository = repo.path
        configuration.target = .monorepo(since: nil, services: ["web"])
        configuration.packageSource = packageSource
        configuration.useNixInstantiate = false
        configuration.useGraphCache = false
        configuration.nixpkgsArchiveURL = "https://github.com/NixOS/nixpkgs/archive/{archive}.tar.gz"
        return try #require(try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared().first)
    }

    @Test(arguments: cases)
    func memberContextLockfileAndDockerfileMatchTheGoldens(_ example: Case) throws {
        let repo = try Self.repository(example)
        let graph = try Workspace(path: repo.path).currentGraph(graphCache: nil)
        let workspace = try #require(graph.workspaces.first)
        #expect(workspace.manager.rawValue == example.name, "the manager comes from packageManager or the lockfile")
        #expect(graph.node(named: "ui")?.kind == .library)
        #expect(graph.node(named: "web")?.kind == .service && graph.node(named: "docs")?.kind == .service)

        let service = try Self.prepare(repo, packageSource: .nix)
        let files = service.context.files.map(\.path)
        #expect(!files.contains { $0.hasPrefix("apps/docs/") }, "no file of an unrelated member")
        #expect(files.contains("apps/web/server.js") && files.contains("packages/ui/index.js"))
        var outputs: [String: String] = [
            "context.txt": files.joined(separator: "\n") + "\n",
            "nix.Dockerfile": service.rendered.dockerfile,
        ]
        if let lockfile = example.lockfile?.name, let text = service.context.generatedText(lockfile) {
            outputs["pruned-\(lockfile)"] = text
        }
        if example.name == "npm" || example.name == "yarn" {
            outputs["debian.Dockerfile"] = try Self.prepare(repo, packageSource: .debian).rendered.dockerfile
        }
        let directory = Self.goldens.appendingPathComponent(example.name)
        if ProcessInfo.processInfo.environment["NIXPACKS_CI_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in outputs { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == outputs.keys.sorted())
        for (name, text) in outputs {
            #expect(text == (try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)), "\(example.name)/\(name)")
        }
    }
}
