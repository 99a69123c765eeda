import Builder
import Foundation
import Monorepo
import Pipeline
import Testing
import TestSupport

/// Cargo, go.work and uv workspace members, prepared as a build prepares them (no engine): each
/// member's context holds its closure and no other member's files, its lockfile slice is its
/// closure's, and keys and `affected` change exactly with the member's closure. The same fixture
/// workspaces are built and run on the real engine in EndToEndTests/WorkspaceMemberBuildTests.
@Suite struct WorkspaceMemberTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EndToEndTests/Fixtures/workspaces")

    static func repository(_ name: String) throws -> GitFixture {
        let repo = try GitFixture(copying: fixtures.appendingPathComponent(name), name: name)
        try repo.commitAll("workspace")
        return repo
    }

    /// Every service of the repository, prepared with the debian source.
    static func prepared(_ repo: GitFixture) throws -> [String: PreparedService] {
        var configuration = BuildConfiguration()
        configuration.repository = repo.path
        configuration.target = .monorepo(since: nil, services: [])
        configuration.packageSource = .debian
        configuration.useNixInstantiate = false
        configuration.useGraphCache = false
        let services = try MonorepoBuild(configuration: configuration, builder: RecordingImageBuilder(), engine: nil).prepared()
        return Dictionary(uniqueKeysWithValues: services.map { ($0.node.name, $0) })
    }

    static func keys(_ repo: GitFixture) throws -> [String: String] {
        try prepared(repo).mapValues(\.key.hex)
    }

    static func affected(_ repo: GitFixture) throws -> [String] {
        try Workspace(path: repo.path).affected(ChangeQuery(since: "main")).0.affected.map(\.name).sorted()
    }

    // MARK: - Cargo

    @Test func cargoMembersAreWorkspaceMembersAndLibraries() throws {
        let repo = try Self.repository("cargo")
        let graph = try Workspace(path: repo.path).currentGraph(graphCache: nil)
        let workspace = try #require(graph.workspaces.first { $0.manager == .cargo })
        #expect(workspace.lockfile == "Cargo.lock")
        #expect(workspace.members.map(\.directory) == ["bins/api", "bins/worker", "crates/core", "crates/util"])
        #expect(workspace.member(at: "bins/worker")?.dependsOn == ["crates/util"])
        #expect(graph.node(named: "root")?.kind == .workspace)
        #expect(graph.node(named: "core")?.kind == .library && graph.node(named: "util")?.kind == .library)
    }

    @Test func aCargoMembersContextIsItsClosureWithSkeletons() throws {
        let repo = try Self.repository("cargo")
        let api = try #require(try Self.prepared(repo)["api"])
        let files = Set(api.context.files.map(\.path))
        #expect(files.isSuperset(of: ["Cargo.toml", "Cargo.lock", "bins/api/src/main.rs", "crates/core/src/lib.rs"]))
        // The other members are skeletons: a manifest without dependencies and an empty library.
        #expect(api.context.generatedText("crates/util/Cargo.toml")?.contains("[dependencies]") == false)
        #expect(api.context.generatedText("bins/worker/src/lib.rs") == "")
        #expect(!files.contains("bins/worker/src/main.rs"))
        // Stand-ins for the dependency layer, and the slice of the lock: the skeletons without dependencies.
        #expect(api.context.generatedText(".nixpacks/cargo-skeleton/bins/api/src/main.rs") == "fn main() {}\n")
        let lock = try #require(api.context.generatedText("Cargo.lock"))
        #expect(lock.contains("name = \"worker\"\nversion = \"0.1.0\"\n") && !lock.contains(" \"shop-util\",\n]"))
        #expect(api.rendered.dockerfile.contains("cargo build --release --locked --package api"))
        #expect(api.rendered.dockerfile.contains("touch bins/api/src/main.rs crates/core/src/lib.rs"))
        #expect(api.rendered.dockerfile.contains("COPY --from=0 /app/./bin/api /app/./bin/api"), "the binary alone on the run image")
    }

    @Test func cargoKeysFollowTheClosure() throws {
        let repo = try Self.repository("cargo")
        let before = try Self.keys(repo)
        try repo.git("checkout", "-q", "-b", "change")
        // An unrelated member: only its own key changes.
        try repo.write("bins/worker/src/main.rs", "fn main() { println!(\"{}\", shop_util::shout(\"other\")); }\n")
        try repo.commitAll("worker")
        let worker = try Self.keys(repo)
        #expect(worker["api"] == before["api"])
        #expect(worker["worker"] != before["worker"])
        #expect(try Self.affected(repo) == ["worker"])
        // A library both depend on: both.
        try repo.write("crates/core/src/lib.rs", "pub fn greeting(name: &str) -> String { format!(\"hi {name}\") }\n")
        try repo.commitAll("core")
        let core = try Self.keys(repo)
        #expect(core["api"] != worker["api"] && core["worker"] != worker["worker"])
        #expect(try Self.affected(repo) == ["api", "worker"])
    }

    /// Registry crates in the lock: a version bump of a crate only util (so worker) needs changes
    /// worker's slice and key, and `affected` names worker alone.
    @Test func aCargoLockfileChangeAffectsTheMembersWhoseClosureChanged() throws {
        let repo = try Self.repository("cargo")
        func lock(_ itoa: String, checksum: String) -> String {
            """
            # This file is automatically @generated by Cargo.
            # It is not intended for manual editing.
            version = 4

            [[package]]
            name = "api"
            version = "0.1.0"
            dependencies = [
             "shop-core",
            ]

            [[package]]
            name = "itoa"
            version = "\(itoa)"
            source = "registry+https://github.com/rust-lang/crates.io-index"
            checksum = "\(checksum)"

            [[package]]
            name = "shop-core"
            version = "0.1.0"

            [[package]]
            name = "shop-util"
            version = "0.1.0"
            dependencies = [
             "itoa",
             "shop-core",
            ]

            [[package]]
            name = "worker"
            version = "0.1.0"
            dependencies = [
             "shop-util",
            ]

            """
        }
        try repo.write("crates/util/Cargo.toml", "[package]\nname = \"shop-util\"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\nshop-core.workspace = true\nitoa = \"1\"\n")
        try repo.write("Cargo.lock", lock("1.0.11", checksum: String(repeating: "a", count: 64)))
        try repo.commitAll("itoa")
        let before = try Self.prepared(repo)
        #expect(before["api"]?.context.generatedText("Cargo.lock")?.contains("itoa") == false, "api's slice has no itoa")
        #expect(before["worker"]?.context.generatedText("Cargo.lock")?.contains("name = \"itoa\"") == true)
        try repo.git("checkout", "-q", "-b", "bump")
        try repo.write("Cargo.lock", lock("1.0.14", checksum: String(repeating: "b", count: 64)))
        try repo.commitAll("bump itoa")
        let after = try Self.prepared(repo)
        #expect(after["api"]?.key == before["api"]?.key)
        #expect(after["worker"]?.key != before["worker"]?.key)
        let report = try Workspace(path: repo.path).affected(ChangeQuery(since: "main")).0
        #expect(report.affected.map(\.name) == ["worker"])
        #expect(report.affected.first?.reasons.contains { $0.summary == "Cargo.lock: itoa 1.0.11 → 1.0.14" } == true)
    }

    // MARK: - go.work

    @Test func aGoWorkMembersContextHasAPrunedGoWork() throws {
        let repo = try Self.repository("gowork")
        let graph = try Workspace(path: repo.path).currentGraph(graphCache: nil)
        let workspace = try #require(graph.workspaces.first { $0.manager == .go })
        #expect(workspace.member(at: "cmd/server")?.dependsOn == ["pkg/greet"], "an import without a require is an edge in workspace mode")
        let server = try #require(try Self.prepared(repo)["server"])
        let files = Set(server.context.files.map(\.path))
        #expect(files.isSuperset(of: ["go.work", "cmd/server/main.go", "pkg/greet/greet.go"]))
        #expect(!files.contains("cmd/admin/main.go") && !files.contains("cmd/admin/go.mod"))
        let work = try #require(server.context.generatedText("go.work"))
        #expect(work.contains("./cmd/server") && work.contains("./pkg/greet") && !work.contains("./cmd/admin"))
        #expect(server.rendered.dockerfile.contains("cd cmd/server && go build -o out"))
        #expect(server.rendered.dockerfile.contains("COPY cmd/server/go.mod /app/cmd/server/go.mod"))
    }

    @Test func goKeysFollowTheClosure() throws {
        let repo = try Self.repository("gowork")
        let before = try Self.keys(repo)
        try repo.git("checkout", "-q", "-b", "change")
        try repo.write("cmd/admin/main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"admin 2\") }\n")
        try repo.commitAll("admin")
        let admin = try Self.keys(repo)
        #expect(admin["server"] == before["server"] && admin["admin"] != before["admin"])
        try repo.write("pkg/greet/greet.go", "package greet\n\nfunc Hello(name string) string { return \"hi \" + name }\n")
        try repo.commitAll("greet")
        let greet = try Self.keys(repo)
        #expect(greet["server"] != admin["server"] && greet["admin"] == admin["admin"])
        #expect(try Self.affected(repo) == ["admin", "server"])
        // The module list of go.work: adding a module the server does not use leaves its key.
        try repo.write("tools/lint/go.mod", "module example.com/lint\n\ngo 1.22\n")
        try repo.write("tools/lint/main.go", "package main\n\nfunc main() {}\n")
        try repo.write("go.work", "go 1.22\n\nuse (\n\t./cmd/admin\n\t./cmd/server\n\t./pkg/greet\n\t./tools/lint\n)\n")
        try repo.commitAll("lint")
        #expect(try Self.keys(repo)["server"] == greet["server"])
    }

    // MARK: - uv

    @Test func uvMembersAndTheRootAreTheWorkspaces() throws {
        let repo = try Self.repository("uv")
        let graph = try Workspace(path: repo.path).currentGraph(graphCache: nil)
        let workspace = try #require(graph.workspaces.first { $0.manager == .uv })
        #expect(workspace.member(at: "apps/api")?.dependsOn == ["packages/greet"])
        #expect(graph.node(named: "root")?.kind == .workspace, "the root is a workspace, not a library")
        #expect(graph.node(named: "greet")?.kind == .library)
        #expect(graph.dependencies(of: "api").contains("greet"))
        #expect(!graph.dependencies(of: "root").contains("api"), "the root does not depend on its members")
    }

    @Test func aUvMembersContextAndLockSlice() throws {
        let repo = try Self.repository("uv")
        let api = try #require(try Self.prepared(repo)["api"])
        let files = Set(api.context.files.map(\.path))
        #expect(files.isSuperset(of: ["pyproject.toml", "uv.lock", "apps/api/main.py", "packages/greet/greet/__init__.py"]))
        #expect(!files.contains { $0.hasPrefix("apps/other/") })
        let lock = try #require(api.context.generatedText("uv.lock"))
        #expect(lock.contains("name = \"six\"") && !lock.contains("name = \"idna\"") && !lock.contains("\"other\""))
        #expect(api.rendered.dockerfile.contains("uv sync --frozen --no-dev --package api --no-install-workspace"))
        #expect(api.rendered.dockerfile.contains("cd apps/api && python main.py"))
    }

    /// A real PyPI upgrade (idna 3.6 → 3.7, both locks written by uv 0.4.30): only `other`.
    @Test func aUvLockfileChangeAffectsTheMembersWhoseClosureChanged() throws {
        let repo = try Self.repository("uv")
        let before = try Self.keys(repo)
        try repo.git("checkout", "-q", "-b", "bump")
        let upgraded = try String(contentsOf: Self.fixtures.appendingPathComponent("uv-upgrades/uv.lock.idna-3.7"), encoding: .utf8)
        try repo.write("uv.lock", upgraded)
        try repo.commitAll("idna 3.7")
        let after = try Self.keys(repo)
        #expect(after["api"] == before["api"] && after["other"] != before["other"])
        let report = try Workspace(path: repo.path).affected(ChangeQuery(since: "main")).0
        #expect(report.affected.map(\.name) == ["other"])
        #expect(report.affected.first?.reasons.contains { $0.summary == "uv.lock: idna 3.6 → 3.7" } == true)
    }

    @Test func uvLibraryChangeReachesItsDependents() throws {
        let repo = try Self.repository("uv")
        let before = try Self.keys(repo)
        try repo.git("checkout", "-q", "-b", "change")
        try repo.write("packages/greet/greet/__init__.py", "def hello(name):\n    return 'hi ' + name\n")
        try repo.commitAll("greet")
        let after = try Self.keys(repo)
        #expect(after["api"] != before["api"] && after["other"] == before["other"])
        #expect(try Self.affected(repo) == ["api"])
    }
}
