import Builder
import Foundation
import Host
import Testing
import TestSupport

/// npm and Yarn 1 workspaces on the real engine with the debian source: a root lockfile written
/// by the real package manager against a real (local) npm registry, two apps, two libraries, one
/// app whose build script uses a library. Members build from pruned contexts; libraries are not
/// built; keys and `affected` follow each member's closure, a lockfile-only bump included.
@Suite(.serialized) struct JavaScriptWorkspaceTests {
    enum Manager: String, CaseIterable {
        case npm, yarn
    }

    /// Debian's yarnpkg, run with this machine's Node (whose module path lacks Debian's).
    static let yarn = ["env", "NODE_PATH=/usr/share/nodejs", "yarnpkg"]

    static func workspace(_ manager: Manager, _ registry: LocalNpmRegistry) throws -> GitFixture {
        try registry.publish("left-pad", "1.3.1", source: "module.exports = (s, n) => String(s).padStart(n) + ' [left-pad 1.3.1]'\n")
        try registry.publish("is-number", "7.0.0", source: "module.exports = (n) => typeof n === 'number'\n")
        try registry.publish("is-odd", "3.0.1", source: "const isNumber = require('is-number')\nmodule.exports = (n) => isNumber(n) && n % 2 === 1\n",
                             dependencies: ["is-number": "^7.0.0"])
        let repo = try GitFixture("workspace-\(manager.rawValue)")
        try repo.write("package.json", #"{"name":"acme","private":true,"workspaces":["apps/*","packages/*"]}"#)
        if manager == .npm { try repo.write(".npmrc", "registry=\(registry.url)\n") } else { try repo.write(".yarnrc", "registry \"\(registry.url)\"\n") }
        try repo.write(".gitignore", "node_modules/\ndist/\n")
        try repo.write("apps/web/package.json", #"""
        {"name":"@acme/web","version":"1.0.0","scripts":{"build":"node build.js","start":"node server.js"},
         "dependencies":{"@acme/ui":"*","left-pad":"^1.3.0"}}
        """#)
        try repo.write("apps/web/build.js", """
        const fs = require('fs')
        fs.mkdirSync('dist', { recursive: true })
        fs.writeFileSync('dist/banner.txt', require('@acme/ui').render('web'))
        """)
        try repo.write("apps/web/server.js", "console.log(require('fs').readFileSync('dist/banner.txt', 'utf8') + ' ' + require('left-pad')('ok', 4))\n")
        try repo.write("apps/docs/package.json", #"""
        {"name":"@acme/docs","version":"1.0.0","scripts":{"start":"node index.js"},"dependencies":{"@acme/format":"*","is-odd":"^3.0.0"}}
        """#)
        try repo.write("apps/docs/index.js", "console.log(require('@acme/format')('docs') + ' odd(3)=' + require('is-odd')(3))\n")
        try repo.write("packages/ui/package.json", #"{"name":"@acme/ui","version":"1.0.0","main":"index.js","dependencies":{"@acme/format":"*"}}"#)
        try repo.write("packages/ui/index.js", "const format = require('@acme/format')\nexports.render = (name) => 'ui:' + format(name)\n")
        try repo.write("packages/format/package.json", #"{"name":"@acme/format","version":"1.0.0","main":"index.js"}"#)
        try repo.write("packages/format/index.js", "module.exports = (text) => '[' + text + ']'\n")
        try lock(repo, manager)
        try repo.commitAll("workspace")
        return repo
    }

    /// Writes the lockfile with the real package manager.
    static func lock(_ repo: GitFixture, _ manager: Manager) throws {
        let command = manager == .npm
            ? ["npm", "install", "--package-lock-only", "--no-audit", "--no-fund"]
            : yarn + ["install", "--non-interactive", "--no-progress"]
        let output = try ProcessRunner().run("/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", repo.path] + command)
        guard output.succeeded else { throw FixtureError(message: "\(command.joined(separator: " ")): \(output.standardOutput)\(output.standardError)") }
    }

    static func keys(_ repo: GitFixture, cache: URL) throws -> [String: String] {
        let report = repo.directory.deletingLastPathComponent().appendingPathComponent("keys-\(UUID().uuidString).json")
        let output = try ImageBuildTests.run(["build", "--repo", repo.path, "--dry-run", "--package-source", "debian",
                                              "--cache-dir", cache.path, "--report-json", report.path])
        #expect(output.succeeded, "\(output.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
        var keys: [String: String] = [:]
        for service in json["services"] as? [[String: Any]] ?? [] { keys[service["name"] as! String] = service["key"] as? String }
        return keys
    }

    @Test(arguments: Manager.allCases)
    func membersBuildFromPrunedContextsAndRun(_ manager: Manager) throws {
        let registry = try LocalNpmRegistry()
        let repo = try Self.workspace(manager, registry)
        let engine = try DockerEngine.connect()
        let cache = repo.directory.deletingLastPathComponent().appendingPathComponent("cache")
        let report = repo.directory.deletingLastPathComponent().appendingPathComponent("report.json")
        let services = try ImageBuildTests.run(["services", "--repo", repo.path])
        #expect(services.standardOutput.contains("ui      library"), "\(services.standardOutput)")
        #expect(services.standardOutput.contains("depends on it, and it has no start script"))
        let build = try ImageBuildTests.run(["build", "--repo", repo.path, "--package-source", "debian", "--cache-dir", cache.path,
                                             "--report-json", report.path, "--jobs", "2"])
        #expect(build.succeeded, "\(build.standardOutput.suffix(4000))\n\(build.standardError.suffix(2000))")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
        let built = (json["services"] as? [[String: Any]] ?? []).map { $0["name"] as! String }.sorted()
        #expect(built == ["docs", "web"], "libraries are never built")
        defer { for image in ["web", "docs"] { engine.removeImage(image) } }
        let web = try engine.runner.run(engine.client, ["run", "--rm", "web"])
        #expect(web.standardOutput.contains("ui:[web]   ok [left-pad 1.3.1]"), "\(web.standardOutput)\(web.standardError)")
        let docs = try engine.runner.run(engine.client, ["run", "--rm", "docs"])
        #expect(docs.standardOutput.contains("[docs] odd(3)=true"), "\(docs.standardOutput)\(docs.standardError)")
        // The image holds the member's closure only.
        let files = try engine.docker(["run", "--rm", "--entrypoint", "find", "web", "/app/apps", "/app/packages", "-maxdepth", "1"]).standardOutput
        #expect(files.contains("/app/apps/web") && files.contains("/app/packages/ui") && files.contains("/app/packages/format"))
        #expect(!files.contains("/app/apps/docs"), "no file of an unrelated member")
    }

    @Test(arguments: Manager.allCases)
    func keysAndAffectedFollowEachMembersClosure(_ manager: Manager) throws {
        let registry = try LocalNpmRegistry()
        let repo = try Self.workspace(manager, registry)
        let cache = repo.directory.deletingLastPathComponent().appendingPathComponent("cache")
        let base = try Self.keys(repo, cache: cache)
        #expect(Set(base.keys) == ["docs", "web"])
        func after(_ path: String, _ change: (URL) throws -> Void) throws -> [String: String] {
            let url = repo.directory.appendingPathComponent(path)
            let before = try Data(contentsOf: url)
            try change(url)
            defer { try? before.write(to: url) }
            return try Self.keys(repo, cache: cache)
        }
        let append = { (url: URL) throws in try (try Data(contentsOf: url) + Data("// edit\n".utf8)).write(to: url) }
        let docsEdit = try after("apps/docs/index.js", append)
        #expect(docsEdit["web"] == base["web"] && docsEdit["docs"] != base["docs"], "an unrelated member's edit leaves web alone")
        let uiEdit = try after("packages/ui/index.js", append)
        #expect(uiEdit["web"] != base["web"] && uiEdit["docs"] == base["docs"], "ui is web's alone")
        let formatEdit = try after("packages/format/index.js", append)
        #expect(formatEdit["web"] != base["web"] && formatEdit["docs"] != base["docs"], "format is in both closures")
        #expect(try Self.keys(repo, cache: cache) == base)

        // A lockfile-only bump of web's external dependency.
        try registry.publish("left-pad", "1.3.2", source: "module.exports = (s, n) => String(s).padStart(n) + ' [left-pad 1.3.2]'\n")
        try repo.git("checkout", "-q", "-b", "bump")
        if manager == .yarn {
            // Yarn 1 re-resolves an entry the lockfile lacks (`yarn upgrade` would touch package.json).
            let lockfile = repo.directory.appendingPathComponent("yarn.lock")
            let blocks = try String(contentsOf: lockfile, encoding: .utf8).components(separatedBy: "\n\n")
            try blocks.filter { !$0.hasPrefix("left-pad@") }.joined(separator: "\n\n").write(to: lockfile, atomically: true, encoding: .utf8)
        }
        let command = manager == .npm ? ["npm", "update", "left-pad", "--no-audit", "--no-fund"] : Self.yarn + ["install", "--non-interactive"]
        let update = try ProcessRunner().run("/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", repo.path] + command)
        #expect(update.succeeded, "\(update.standardError)")
        let changed = try repo.git("status", "--porcelain").split(separator: "\n").map { String($0.dropFirst(3)) }
        #expect(changed == [manager == .npm ? "package-lock.json" : "yarn.lock"], "only the lockfile changed: \(changed)")
        try repo.commitAll("bump left-pad")
        let bumped = try Self.keys(repo, cache: cache)
        #expect(bumped["web"] != base["web"] && bumped["docs"] == base["docs"], "the bump is in web's closure only")
        let affected = try ImageBuildTests.run(["affected", "--repo", repo.path, "--since", "main", "--format", "json"])
        #expect(affected.succeeded, "\(affected.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(affected.standardOutput.utf8)) as? [String: Any] ?? [:]
        let services = json["affected"] as? [[String: Any]] ?? []
        #expect(services.map { $0["name"] as! String } == ["web"], "\(affected.standardOutput)")
        let reasons = (services.first?["reasons"] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String }
        #expect(reasons.contains { $0.contains("left-pad 1.3.1 → 1.3.2") && $0.contains(manager == .npm ? "package-lock.json" : "yarn.lock") },
                "\(reasons)")
    }
}
