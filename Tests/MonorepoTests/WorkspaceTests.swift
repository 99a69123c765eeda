import Foundation
import Testing
import TestSupport
@testable import Monorepo

/// The JavaScript workspace model on real repositories: members, manager, libraries vs apps, and
/// what a lockfile change affects.
@Suite struct WorkspaceTests {
    static func repository(_ files: [String: String]) throws -> GitFixture {
        let repo = try GitFixture("ws")
        for (path, text) in files { try repo.write(path, text) }
        try repo.commitAll("workspace")
        return repo
    }

    static let members: [String: String] = [
        "apps/web/package.json": #"{"name":"@acme/web","scripts":{"start":"node s.js"},"dependencies":{"@acme/ui":"workspace:^","left-pad":"^1.3.0"}}"#,
        "apps/docs/package.json": #"{"name":"@acme/docs","dependencies":{"next":"14.0.0","@acme/format":"*"}}"#,
        "apps/old/package.json": #"{"name":"@acme/old","scripts":{"start":"node s.js"}}"#,
        "packages/ui/package.json": #"{"name":"@acme/ui","main":"index.js","dependencies":{"@acme/format":"file:../format"}}"#,
        "packages/ui/index.js": "module.exports = 1\n",
        "packages/format/package.json": #"{"name":"@acme/format","main":"index.js"}"#,
        "packages/format/index.js": "module.exports = 1\n",
    ]

    static func graph(_ repo: GitFixture) throws -> ServiceGraph {
        try Workspace(path: repo.path).currentGraph(graphCache: nil)
    }

    @Test func membersAndTheirWorkspaceDependencies() throws {
        var files = Self.members
        files["package.json"] = #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*","!apps/old"]}"#
        files["package-lock.json"] = #"{"lockfileVersion":3,"packages":{}}"#
        files[".npmrc"] = "registry=http://127.0.0.1:4873/\n"
        files["turbo.json"] = "{}\n"
        let graph = try Self.graph(try Self.repository(files))
        let workspace = try #require(graph.workspaces.first)
        #expect(workspace.directory == "" && workspace.manager == .npm && workspace.lockfile == "package-lock.json")
        #expect(workspace.managerSource.contains("package-lock.json"))
        #expect(workspace.members.map(\.directory) == ["apps/docs", "apps/web", "packages/format", "packages/ui"], "!apps/old excludes it")
        #expect(workspace.member(at: "apps/web")?.dependsOn == ["packages/ui"])
        #expect(workspace.member(at: "packages/ui")?.dependsOn == ["packages/format"], "file: counts")
        #expect(workspace.closure(of: "apps/web").map(\.directory) == ["packages/format", "packages/ui", "apps/web"], "dependencies first")
        #expect(workspace.installFiles == [".npmrc", "turbo.json"])
    }

    @Test func librariesAreDependedOnAndStartNothing() throws {
        var files = Self.members
        files["package.json"] = #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"]}"#
        let graph = try Self.graph(try Self.repository(files))
        #expect(graph.node(named: "ui")?.kind == .library, "index.js alone does not make a depended-upon member an app")
        #expect(graph.node(named: "ui")?.kindReason?.contains("@acme/web depends on it") == true)
        #expect(graph.node(named: "format")?.kind == .library)
        #expect(graph.node(named: "web")?.kind == .service)
        #expect(graph.node(named: "docs")?.kind == .service, "a Next.js app nobody depends on")
        #expect(graph.node(named: "root")?.kind == .workspace)
    }

    /// `library = false` (the default of a service named in nixpacks-ci.toml) builds a library.
    @Test func aNamedServiceIsBuiltEvenWhenOthersDependOnIt() throws {
        var files = Self.members
        files["package.json"] = #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"]}"#
        files["nixpacks-ci.toml"] = "[services.ui]\npath = \"packages/ui\"\nlibrary = false\n"
        let graph = try Self.graph(try Self.repository(files))
        #expect(graph.node(named: "ui")?.kind == .service)
        #expect(graph.node(named: "format")?.kind == .library)
    }

    @Test(arguments: [
        (["pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "pnpm-workspace.yaml": "packages: ['apps/*', 'packages/*']\n"], PackageWorkspace.Manager.pnpm, nil as String?),
        (["yarn.lock": "# yarn lockfile v1\n"], .yarn, nil),
        (["yarn.lock": "__metadata:\n  version: 8\n", ".yarnrc.yml": "nodeLinker: node-modules\n"], .yarnBerry, nil),
        (["bun.lock": "{}"], .bun, nil),
        (["yarn.lock": "# yarn lockfile v1\n", "package.json": #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"],"packageManager":"pnpm@9.12.0+sha512.abc"}"#], .pnpm, "9.12.0"),
        (["package.json": #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"],"packageManager":"yarn@4.5.0"}"#], .yarnBerry, "4.5.0"),
    ])
    func theManagerComesFromPackageManagerOrTheLockfile(_ extra: [String: String], _ manager: PackageWorkspace.Manager, _ version: String?) throws {
        var files = Self.members
        files["package.json"] = #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"]}"#
        for (path, text) in extra { files[path] = text }
        let workspace = try #require(try Self.graph(try Self.repository(files)).workspaces.first)
        #expect(workspace.manager == manager)
        #expect(workspace.managerVersion == version)
    }

    @Test func badWorkspaceFieldsAreErrorsThatNameTheFile() throws {
        var files = Self.members
        files["package.json"] = #"{"name":"acme","workspaces":"apps/*"}"#
        #expect(throws: MonorepoError.invalidManifest(file: "package.json", line: nil,
                                                      message: "\"workspaces\" must be a list of globs or {\"packages\": [...]}, found a string")) {
            try Self.graph(try Self.repository(files))
        }
        files["package.json"] = #"{"name":"acme","workspaces":["apps/*"]}"#
        files["apps/web/package.json"] = #"{"name":"@acme/web","dependencies":5}"#
        do {
            _ = try Self.graph(try Self.repository(files))
            Issue.record("accepted dependencies = 5")
        } catch let error as MonorepoError {
            #expect(error.description.contains("apps/web/package.json") && error.description.contains("\"dependencies\""))
        }
    }

    /// A lockfile-only change affects only the members whose closure changed; an unreadable
    /// lockfile affects every member, and the reason says so.
    @Test func aLockfileChangeAffectsTheMembersWhoseClosureChanged() throws {
        var files = Self.members
        files["package.json"] = #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"]}"#
        files["package-lock.json"] = Self.lockfile(leftPad: "1.3.0")
        let repo = try Self.repository(files)
        try repo.git("checkout", "-q", "-b", "bump")
        try repo.write("package-lock.json", Self.lockfile(leftPad: "1.3.1"))
        try repo.commitAll("bump")
        let (report, _) = try Workspace(path: repo.path).affected(ChangeQuery(since: "main"))
        #expect(report.affected.map(\.name) == ["web"])
        #expect(report.affected.first?.reasons.map(\.summary) == ["package-lock.json: left-pad 1.3.0 → 1.3.1"])

        try repo.write("package-lock.json", "{ this is not json")
        let (broken, _) = try Workspace(path: repo.path).affected(ChangeQuery(since: "main"))
        #expect(Set(broken.affected.map(\.name)) == ["docs", "old", "web"])
        #expect(broken.affected.allSatisfy { $0.reasons.contains { $0.summary.contains("could not be parsed") } })
    }

    /// Root files that no member's context holds (a README) affect nothing.
    @Test func rootFilesOutsideEveryContextAffectNothing() throws {
        var files = Self.members
        files["package.json"] = #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"]}"#
        files["README.md"] = "readme\n"
        let repo = try Self.repository(files)
        try repo.write("README.md", "more\n")
        let (report, _) = try Workspace(path: repo.path).affected(ChangeQuery(since: "HEAD"))
        #expect(report.affected.isEmpty)
        #expect(report.unownedPaths == ["README.md"])
        try repo.write("package.json", #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"],"devDependencies":{"typescript":"5"}}"#)
        let (root, _) = try Workspace(path: repo.path).affected(ChangeQuery(since: "HEAD"))
        #expect(Set(root.affected.map(\.name)) == ["docs", "old", "web"], "the root manifest is in every member's context")
    }

    static func lockfile(leftPad: String) -> String {
        #"""
        {"name":"acme","lockfileVersion":3,"requires":true,"packages":{
          "":{"name":"acme","workspaces":["apps/*","packages/*"]},
          "apps/web":{"name":"@acme/web","dependencies":{"@acme/ui":"workspace:^","left-pad":"^1.3.0"}},
          "apps/docs":{"name":"@acme/docs","dependencies":{"next":"14.0.0","@acme/format":"*"}},
          "packages/ui":{"name":"@acme/ui","dependencies":{"@acme/format":"file:../format"}},
          "packages/format":{"name":"@acme/format"},
          "node_modules/@acme/web":{"resolved":"apps/web","link":true},
          "node_modules/@acme/docs":{"resolved":"apps/docs","link":true},
          "node_modules/@acme/ui":{"resolved":"packages/ui","link":true},
          "node_modules/@acme/format":{"resolved":"packages/format","link":true},
          "node_modules/next":{"version":"14.0.0","integrity":"sha512-next"},
          "node_modules/left-pad":{"version":"\#(leftPad)","integrity":"sha512-\#(leftPad)"}
        }}
        """#
    }
}
