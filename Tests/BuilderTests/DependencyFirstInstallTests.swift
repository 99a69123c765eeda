import Foundation
import Testing
@testable import Builder

/// The debian source's dependency-first install layer: which apps get one, and what it copies.
@Suite struct DependencyFirstInstallTests {
    /// The install phase's `onlyIncludeFiles` after planning an app made of `files`, or nil.
    func installFiles(_ files: [String: String]) throws -> [String]? {
        let root = try TemporaryApp.make(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let app = App(root: root)
        let result = try PlanGenerator(options: PlanOptions()).generate(app)
        let plan = DependencyFirstInstall.apply(to: result.plan, providers: result.providers, app: app)
        return plan.phases?["install"]?.onlyIncludeFiles
    }

    static let nodeManifest = #"{"name":"web","scripts":{"start":"node index.js"},"dependencies":{"left-pad":"1.3.1"}}"#

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var files: [String: String]
        var expected: [String]?
        var testDescription: String { label }
    }

    @Test(arguments: [
        Case(label: "npm with a lockfile and .npmrc", files: ["package.json": nodeManifest, "package-lock.json": "{}", ".npmrc": "x=1\n",
                                                           "index.js": "1\n", "src/a.js": "1\n"],
             expected: ["package.json", "package-lock.json", ".npmrc"]),
        Case(label: "yarn with patches", files: ["package.json": nodeManifest, "yarn.lock": "", "patches/a.patch": "x\n", "index.js": "1\n"],
             expected: ["package.json", "yarn.lock", "patches"]),
        Case(label: "a postinstall script runs the app's code",
             files: ["package.json": #"{"name":"web","scripts":{"start":"node index.js","postinstall":"node setup.js"}}"#,
                     "package-lock.json": "{}", "setup.js": "1\n"], expected: nil),
        Case(label: "a prepare script", files: ["package.json": #"{"name":"web","scripts":{"start":"node i.js","prepare":"husky"}}"#], expected: nil),
        Case(label: "a file: dependency",
             files: ["package.json": #"{"name":"web","scripts":{"start":"node i.js"},"dependencies":{"lib":"file:./lib"}}"#,
                     "lib/package.json": #"{"name":"lib"}"#], expected: nil),
        Case(label: "a workspace root", files: ["package.json": #"{"name":"r","workspaces":["a/*"],"scripts":{"start":"node i.js"}}"#],
             expected: nil),
        Case(label: "pip with plain requirements", files: ["requirements.txt": "six==1.16.0\nflask>=3 # web\n", "main.py": "1\n"],
             expected: ["requirements.txt"]),
        Case(label: "pip installing the project (-e .)", files: ["requirements.txt": "-e .\n", "setup.py": "1\n", "main.py": "1\n"], expected: nil),
        Case(label: "pip including another file", files: ["requirements.txt": "-r base.txt\n", "base.txt": "six\n", "main.py": "1\n"], expected: nil),
        Case(label: "pip with a local path", files: ["requirements.txt": "./vendor/pkg\n", "main.py": "1\n"], expected: nil),
        Case(label: "pip with a URL", files: ["requirements.txt": "pkg @ https://example.com/pkg.tar.gz\n", "main.py": "1\n"],
             expected: ["requirements.txt"]),
        Case(label: "poetry installs the project", files: ["pyproject.toml": "[tool.poetry]\nname = \"a\"\n", "poetry.lock": "", "main.py": "1\n"],
             expected: nil),
        Case(label: "go modules", files: ["go.mod": "module example.com/a\n\ngo 1.22\n", "go.sum": "", "main.go": "package main\nfunc main(){}\n"],
             expected: ["go.mod", "go.sum"]),
        Case(label: "go with a directory replace",
             files: ["go.mod": "module example.com/a\n\ngo 1.22\n\nreplace (\n\texample.com/lib => ../lib\n)\n", "main.go": "package main\nfunc main(){}\n"],
             expected: nil),
        Case(label: "go with a module replace",
             files: ["go.mod": "module example.com/a\n\ngo 1.22\nreplace example.com/lib => example.com/fork v1.0.0\n", "main.go": "package main\nfunc main(){}\n"],
             expected: ["go.mod"]),
        Case(label: "a static site has no install", files: ["index.html": "x\n"], expected: nil),
    ])
    func installLayerCopiesOnlyWhatInstallReads(_ example: Case) throws {
        #expect(try installFiles(example.files) == example.expected)
    }

    @Test func aCustomInstallCommandKeepsTheWholeApp() throws {
        let root = try TemporaryApp.make(["package.json": Self.nodeManifest, "package-lock.json": "{}"])
        defer { try? FileManager.default.removeItem(at: root) }
        var options = PlanOptions()
        options.installCmd = "npm ci && node scripts/fetch.js"
        let app = App(root: root)
        let result = try PlanGenerator(options: options).generate(app)
        #expect(DependencyFirstInstall.apply(to: result.plan, providers: result.providers, app: app).phases?["install"]?.onlyIncludeFiles == nil)
    }

    @Test func theRenderedInstallLayerCopiesTheManifestsBeforeTheSources() throws {
        let root = try TemporaryApp.make(["package.json": Self.nodeManifest, "package-lock.json": "{}", "index.js": "1\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let app = App(root: root)
        let result = try PlanGenerator(options: PlanOptions()).generate(app)
        var request = BuildRequest(appDirectory: root, plan: DependencyFirstInstall.apply(to: result.plan, providers: result.providers, app: app),
                                   imageName: "web", cacheMountKey: "web")
        request.packageSource = .debian
        let dockerfile = try RenderedBuild.render(request).dockerfile
        let install = try #require(dockerfile.range(of: "COPY package.json /app/package.json\nCOPY package-lock.json /app/package-lock.json\nRUN "))
        let sources = try #require(dockerfile.range(of: "COPY . /app"))
        #expect(install.upperBound < sources.lowerBound, "\(dockerfile)")
        #expect(dockerfile.contains("--mount=type=cache,id=nixpacks-ci-/root/npm,target=/root/.npm npm ci"), "\(dockerfile)")
    }
}
