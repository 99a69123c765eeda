import Foundation
import Testing
@testable import Monorepo
import TestSupport

/// Discovery and dependency inference on real repositories.
@Suite struct GraphTests {
    func graph(_ repo: GitFixture) throws -> ServiceGraph {
        let workspace = try Workspace(path: repo.path)
        return try workspace.graph(listing: try workspace.listing())
    }

    func edges(_ graph: ServiceGraph) -> [String] {
        graph.edges.map { "\($0.from)->\($0.to)" }
    }

    @Test func discoveryFindsServicesLibrariesAndSkipsVendoredTrees() throws {
        let repo = try GitFixture()
        try repo.write("apps/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"}}"#)
        try repo.write("apps/web/admin/package.json", #"{"name":"admin","scripts":{"start":"node a.js"}}"#)
        try repo.write("apps/web/node_modules/dep/package.json", #"{"name":"dep","scripts":{"start":"x"}}"#)
        try repo.write("libs/util/package.json", #"{"name":"util","main":"index.js"}"#)
        try repo.write("py/main.py", "print(1)\n")
        try repo.write("go/svc/go.mod", "module example.com/svc\n\ngo 1.22\n")
        try repo.write("go/svc/main.go", "package main\n")
        try repo.write("rust/Cargo.toml", "[workspace]\nmembers = [\"app\"]\n")
        try repo.write("rust/app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n")
        try repo.write("rust/app/src/main.rs", "fn main() {}\n")
        try repo.write("site/index.html", "<p>hi</p>\n")
        try repo.write(".github/workflows/package.json", "{}")
        try repo.write("package.json", #"{"name":"root","private":true,"workspaces":["apps/*","libs/*"]}"#)
        try repo.commitAll("all")
        let graph = try graph(repo)
        let summary = graph.nodes.map { "\($0.name):\($0.kind.rawValue):\($0.provider ?? "-"):\($0.path)" }
        #expect(summary == [
            "admin:service:node:apps/web/admin",
            "app:service:rust:rust/app",
            "py:service:python:py",
            "root:workspace:node:",
            "rust:workspace:rust:rust",
            "site:service:staticfile:site",
            "svc:service:go:go/svc",
            "util:library:node:libs/util",
            "web:service:node:apps/web",
        ])
        // The innermost node owns a path.
        #expect(graph.owner(of: "apps/web/admin/a.js")?.name == "admin")
        #expect(graph.owner(of: "apps/web/s.js")?.name == "web")
        #expect(edges(graph).contains("web->root"))
        #expect(edges(graph).contains("app->rust"))
    }

    @Test func nodeWorkspacesAndLocalPaths() throws {
        let repo = try GitFixture()
        try repo.write("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n")
        try repo.write("package.json", #"{"name":"mono","private":true}"#)
        try repo.write("packages/a/package.json", #"{"name":"a","scripts":{"start":"node ."},"dependencies":{"b":"workspace:*","left-pad":"^1.0.0"}}"#)
        try repo.write("packages/b/package.json", #"{"name":"b","dependencies":{"c":"1.0.0"}}"#)
        try repo.write("packages/c/package.json", #"{"name":"c"}"#)
        try repo.write("tools/d/package.json", #"{"name":"d","scripts":{"start":"node ."},"devDependencies":{"c":"file:../../packages/c"}}"#)
        try repo.commitAll("all")
        let graph = try graph(repo)
        #expect(edges(graph) == ["a->b", "a->root", "b->c", "b->root", "c->root", "d->c"])
        #expect(graph.edges.allSatisfy { $0.source == .inferred })
        #expect(graph.edges.first { $0.from == "a" && $0.to == "b" }?.reason == #"packages/a/package.json: dependencies.b = "workspace:*""#)
    }

    @Test func goReplaceAndGoWork() throws {
        let repo = try GitFixture()
        try repo.write("api/go.mod", "module example.com/api\n\ngo 1.22\n\nrequire (\n\texample.com/lib v0.0.0\n)\n\nreplace example.com/lib => ../lib // local\n")
        try repo.write("api/main.go", "package main\n")
        try repo.write("lib/go.mod", "module example.com/lib\n")
        try repo.write("lib/lib.go", "package lib\n")
        try repo.write("work/go.work", "go 1.22\n\nuse (\n\t./svc\n\t./shared\n)\n")
        try repo.write("work/svc/go.mod", "module example.com/svc\n\nrequire example.com/shared v0.0.0\n")
        try repo.write("work/svc/cmd/svc/main.go", "package main\n")
        try repo.write("work/shared/go.mod", "module example.com/shared\n")
        try repo.write("work/shared/shared.go", "package shared\n")
        try repo.commitAll("all")
        let graph = try graph(repo)
        #expect(edges(graph) == ["api->lib", "shared->work", "svc->shared", "svc->work"])
        #expect(graph.node(named: "lib")?.kind == .library)
        #expect(graph.node(named: "svc")?.kind == .service)
        #expect(graph.node(named: "work")?.kind == .workspace)
    }

    @Test func cargoPathAndWorkspaceDependencies() throws {
        let repo = try GitFixture()
        try repo.write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\ncore = { path = \"crates/core\" }\n")
        try repo.write("crates/server/Cargo.toml", "[package]\nname = \"server\"\n[dependencies]\ncore = { workspace = true }\n[target.'cfg(unix)'.dev-dependencies]\nutil = { path = \"../util\" }\n")
        try repo.write("crates/server/src/main.rs", "fn main() {}\n")
        try repo.write("crates/core/Cargo.toml", "[package]\nname = \"core\"\n")
        try repo.write("crates/core/src/lib.rs", "\n")
        try repo.write("crates/util/Cargo.toml", "[package]\nname = \"util\"\n")
        try repo.write("crates/util/src/lib.rs", "\n")
        try repo.commitAll("all")
        let graph = try graph(repo)
        #expect(edges(graph).filter { !$0.hasSuffix("->root") } == ["server->core", "server->util"])
        #expect(edges(graph).filter { $0.hasSuffix("->root") } == ["core->root", "server->root", "util->root"])
    }

    @Test func pythonRubyAndDotNetPaths() throws {
        let repo = try GitFixture()
        try repo.write("svc/requirements.txt", "flask==3.0\n-e ../libs/common\n./vendored/pkg\n")
        try repo.write("svc/main.py", "\n")
        try repo.write("svc/vendored/pkg/setup.py", "\n")
        try repo.write("libs/common/pyproject.toml", "[project]\nname = \"common\"\n")
        try repo.write("poetry-app/pyproject.toml", "[tool.poetry.dependencies]\ncommon = { path = \"../libs/common\", develop = true }\n")
        try repo.write("poetry-app/main.py", "\n")
        try repo.write("uv-app/pyproject.toml", "[project]\nname = \"uv-app\"\n[tool.uv.sources]\ncommon = { path = \"../libs/common\" }\n")
        try repo.write("uv-app/main.py", "\n")
        try repo.write("pdm-app/pyproject.toml", "[project]\nname = \"pdm-app\"\ndependencies = [\"common @ file:///${PROJECT_ROOT}/../libs/common\"]\n")
        try repo.write("pdm-app/main.py", "\n")
        try repo.write("rb/Gemfile", "source 'https://rubygems.org'\ngem 'shared', path: '../gems/shared'\n")
        try repo.write("rb/config.ru", "\n")
        try repo.write("gems/shared/shared.gemspec", "\n")
        try repo.write("gems/shared/Gemfile", "\n")
        try repo.write("dotnet/Api/Api.csproj", #"<Project><ItemGroup><ProjectReference Include="..\Lib\Lib.csproj" /></ItemGroup></Project>"#)
        try repo.write("dotnet/Lib/Lib.csproj", "<Project/>\n")
        try repo.commitAll("all")
        let graph = try graph(repo)
        #expect(edges(graph) == ["api->lib", "pdm-app->common", "poetry-app->common", "rb->shared", "svc->common", "svc->pkg", "uv-app->common"])
        #expect(graph.node(named: "common")?.kind == .library)
        #expect(graph.node(named: "shared")?.kind == .library)
    }

    @Test func declaredEdgesAreToldApartAndCyclesAreNamed() throws {
        let repo = try GitFixture()
        try repo.write("a/main.py", "\n")
        try repo.write("b/main.py", "\n")
        try repo.write("c/main.py", "\n")
        try repo.write("nixpacks-ci.toml", "[services.a]\npath = \"a\"\ndependsOn = [\"b\"]\n")
        try repo.commitAll("all")
        let declared = try graph(repo)
        #expect(declared.edges == [GraphEdge(from: "a", to: "b", source: .declared, reason: "nixpacks-ci.toml: services.a.dependsOn")])

        try repo.write("nixpacks-ci.toml", "[services.a]\npath = \"a\"\ndependsOn = [\"b\"]\n[services.b]\npath = \"b\"\ndependsOn = [\"c\"]\n[services.c]\npath = \"c\"\ndependsOn = [\"a\"]\n")
        do {
            _ = try graph(repo)
            Issue.record("a cycle was accepted")
        } catch let MonorepoError.dependencyCycle(names, edges) {
            #expect(names == ["a", "b", "c", "a"])
            #expect(edges.count == 3 && edges.allSatisfy { $0.contains("nixpacks-ci.toml") || $0.contains(".json") || $0.contains(".toml") })
        }

        try repo.write("nixpacks-ci.toml", "[services.a]\npath = \"a\"\ndependsOn = [\"nope\"]\n")
        #expect(throws: MonorepoError.unknownDependency(service: "a", dependency: "nope", file: "nixpacks-ci.toml")) { try graph(repo) }
    }

    @Test func malformedManifestNamesFileAndLine() throws {
        let repo = try GitFixture()
        try repo.write("web/package.json", "{\n  \"name\": \"web\",\n  \"scripts\": { \"start\": }\n}\n")
        try repo.commitAll("bad")
        do {
            _ = try graph(repo)
            Issue.record("expected an error")
        } catch let error as MonorepoError {
            guard case let .invalidManifest(file, line, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == "web/package.json")
            #expect(line == 3)
        }
    }

    @Test func sameDirectoryNamesAreQualified() throws {
        let repo = try GitFixture()
        try repo.write("services/api/main.py", "\n")
        try repo.write("tools/api/main.py", "\n")
        try repo.commitAll("two apis")
        #expect(try graph(repo).nodes.map(\.name) == ["services-api", "tools-api"])
    }
}
