import Foundation
import Host
import Testing
@testable import Builder

/// The Dockerfile and Nix files of spec §4 and §5, against hand-checked goldens and real nix-instantiate.
@Suite struct RenderTests {
    static let fixtures = GoldenPlanTests.fixtures

    func plan(_ name: String, environment: [String: String] = [:]) throws -> BuildPlan {
        try PlanGenerator(options: PlanOptions(environment: PlanEnvironment(variables: environment)))
            .generate(App(root: Self.fixtures.appendingPathComponent("apps/\(name)"))).plan
    }

    /// The example of spec §4.2, written out by hand from the spec (not recorded).
    @Test func nodeExampleMatchesTheSpecLineForLine() throws {
        let rendered = try DockerfileRenderer(cacheKey: "K").render(plan("node-spec-example"))
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("dockerfiles/node-spec-example.Dockerfile"), encoding: .utf8)
        #expect(rendered == expected)
    }

    @Test func noCacheGivesTheDoubleSpace() throws {
        let rendered = try DockerfileRenderer(cacheKey: nil).render(plan("node-spec-example"))
        #expect(rendered.contains("\nRUN  npm ci\n"))
    }

    /// Spec §4.3: the multi-stage start of a Go app without go.mod, after 4 blank lines.
    @Test func goExampleIsMultiStage() throws {
        let rendered = try DockerfileRenderer(cacheKey: "K").render(plan("go-spec-example"))
        let tail = """
        # build phase
        COPY . /app/.
        RUN --mount=type=cache,id=K-/root/cache/go-build,target=/root/.cache/go-build go build -o out main.go




        # start
        FROM ubuntu:noble
        ENTRYPOINT ["/bin/bash", "-l", "-c"]
        WORKDIR /app/
        COPY --from=0 /etc/ssl/certs /etc/ssl/certs
        RUN true
        COPY --from=0 /app/ /app/

        CMD ["./out"]


        """
        #expect(rendered.hasSuffix(tail))
    }

    @Test func cacheMountIdsDependOnTheRelativePathOnly() {
        #expect(CacheMount.key(forRelativePath: "services/web") == "services-web")
        #expect(CacheMount.key(forRelativePath: "./services/web/") == "services-web")
        #expect(CacheMount.key(forRelativePath: "") == "app")
        #expect(CacheMount.mounts(key: "services-web", directories: ["node_modules/.cache", "~/.npm"])
            == "--mount=type=cache,id=services-web-node_modules/cache,target=/app/node_modules/.cache --mount=type=cache,id=services-web-/root/npm,target=/root/.npm")
    }

    @Test func userQuotesAssetsAptAndToolchainCopies() throws {
        var plan = try plan("rust-toolchain")
        plan.start?.cmd = #"echo "hi" && ./bin/tool"#
        plan.start?.user = "app"
        plan.phases?["setup"]?.aptPkgs = ["curl"]
        plan.staticAssets = ["x.conf": "x"]
        let rendered = try DockerfileRenderer(cacheKey: "K").render(plan)
        #expect(rendered.contains("\nCOPY rust-toolchain.toml /app/rust-toolchain.toml\n"))
        #expect(rendered.contains("\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl\n"))
        #expect(rendered.contains("\nCOPY .nixpacks/assets /assets/\n"))
        #expect(rendered.contains("RUN useradd -m -s /bin/bash app\nUSER app\n"))
        #expect(rendered.contains(#"CMD ["echo \"hi\" && ./bin/tool"]"#))
    }

    @Test func nixExpressionLayout() throws {
        let expressions = NixExpression.expressions(for: try plan("node-spec-example"))
        #expect(expressions.map(\.fileName) == ["nixpkgs-ffeebf0acf3ae8b29f8c7049cd911b9636efd7e7.nix"])
        let lines = expressions[0].text.split(separator: "\n", omittingEmptySubsequences: false)
        // Nixpacks' error messages point at line 19, column 9 for the packages.
        #expect(lines[18] == "        nodejs_18 npm-9_x")
        #expect(lines[8] == "      ")
        #expect(lines[5].contains("lib.makeLibraryPath [  ]"))
        #expect(expressions[0].text.hasSuffix("}\n"))
        #expect(lines[2] == "let pkgs = import (fetchTarball \"https://github.com/NixOS/nixpkgs/archive/ffeebf0acf3ae8b29f8c7049cd911b9636efd7e7.tar.gz\") { overlays = [ (import (builtins.fetchTarball \"https://github.com/railwayapp/nix-npm-overlay/archive/main.tar.gz\")) ]; };")
    }

    @Test func opensslLibrariesExportTheirPaths() throws {
        let expressions = NixExpression.expressions(for: try plan("rust-openssl"))
        #expect(expressions[0].text.contains("export OPENSSL_DIR=\"${openssl.dev}\"\nexport OPENSSL_LIB_DIR=\"${openssl.out}/lib\"\n"))
    }

    /// Every generated .nix file parses with the real nix-instantiate (one after another: Nix's
    /// database does not take parallel callers).
    @Test func nixFilesParse() throws {
        var parsed = 0
        for name in GoldenPlanTests.appNames {
            let result = try PlanGenerator(options: PlanOptions(environment: GoldenPlanTests.environment(name)))
                .generate(App(root: Self.fixtures.appendingPathComponent("apps/\(name)")))
            for expression in NixExpression.expressions(for: result.plan) {
                let output = try ProcessRunner().run("nix-instantiate", ["--readonly-mode", "--parse", "-E", expression.text])
                #expect(output.succeeded, "\(name): \(output.standardError)")
                parsed += 1
            }
        }
        #expect(parsed > 60)
    }
}
