import Foundation
import Host

/// What a build request renders to, once: the plan as built (the debian adjustments made, secrets
/// wrapped), its Dockerfile and Nix files, and every file nixpacks-ci adds under `.nixpacks/`.
/// The cache key and the build both take these files, so nothing is rendered twice.
public struct RenderedBuild: Sendable, Hashable {
    public var plan: BuildPlan
    public var dockerfile: String
    /// The Nix environment files (the nix package source; empty for debian).
    public var nixExpressions: [NixExpression]
    /// `.nixpacks/Dockerfile`, its ignore file, the Nix files, assets and CA certificates.
    public var files: [BuildContext.File]
    /// The debian source's release and packages (nil for nix).
    public var debian: DebianEnvironment?
    /// What the build log should say about choices made in rendering (debian versions, Rust for glibc).
    public var notes: [String] = []

    /// The name of the stage the test command runs in, when the image is multi-stage.
    public static let testStage = "nixpacks-ci-build"

    /// Renders `request`. Reads the CA certificate files it names.
    public static func render(_ request: BuildRequest) throws -> RenderedBuild {
        var plan = request.plan
        var notes: [String] = []
        var debian: DebianEnvironment?
        if request.packageSource == .debian {
            (plan, notes) = DebianDockerfileRenderer.adjusted(request.plan, requests: request.versionRequests)
            let environment = try DebianEnvironment.resolve(plan, requests: request.versionRequests, release: request.debianRelease)
            notes = environment.notes + notes
            debian = environment
        }
        plan.variables = request.buildArguments
        var renderer = DockerfileRenderer(cacheKey: request.noCache ? nil : request.cacheMountKey)
        renderer.sharesPackageCaches = true
        renderer.preludeLines = localDependencyLines(request) + certificateLines(request)
        if !request.secrets.isEmpty {
            renderer.runOptions = request.secrets.map { "--mount=type=secret,id=\($0)" }.joined(separator: " ")
            plan = exportingSecrets(request.secrets, in: plan)
        }
        var dockerfile: String
        if let debian {
            dockerfile = try DebianDockerfileRenderer(base: renderer, environment: debian).render(plan)
        } else {
            dockerfile = try renderer.render(plan)
        }
        // The test command runs in the build stage of a multi-stage image: name it.
        if request.testCommand != nil, plan.start?.runImage != nil, let newline = dockerfile.firstIndex(of: "\n") {
            dockerfile.insert(contentsOf: " AS \(testStage)", at: newline)
        }
        let expressions = request.packageSource == .nix ? NixExpression.expressions(for: plan, archiveURL: request.nixpkgsArchiveURL) : []
        var files: [BuildContext.File] = [
            .generated(BuildContext.dockerfilePath, dockerfile),
            // No rules: the .dockerignore rules were applied when the context's files were chosen.
            .generated(BuildContext.ignoreFilePath, "# nixpacks-ci chose this context's files already (docs/caching.md).\n"),
        ]
        for expression in expressions { files.append(.generated(".nixpacks/\(expression.fileName)", expression.text)) }
        for (path, text) in (plan.staticAssets ?? [:]).sorted(by: { $0.key < $1.key }) {
            files.append(.generated(".nixpacks/assets/\(path)", text))
        }
        for (index, certificate) in request.caCertificates.enumerated() {
            let bytes = try FileOperations.read(certificate.path, limit: 1 << 20)
            files.append(BuildContext.File(path: ".nixpacks/ca-certificates/extra-\(index).crt", kind: .regular, content: .generated(bytes)))
        }
        return RenderedBuild(plan: plan, dockerfile: dockerfile, nixExpressions: expressions, files: files, debian: debian, notes: notes)
    }

    /// Where local dependency `index` goes in the context.
    public static func localDependencyDirectory(_ index: Int) -> String { ".nixpacks/local/\(index)" }

    static func localDependencyLines(_ request: BuildRequest) -> [String] {
        request.localDependencies.enumerated().map { "COPY \(localDependencyDirectory($0.offset)) \(imagePath(ofRelative: $0.element))" }
    }

    static func certificateLines(_ request: BuildRequest) -> [String] {
        guard !request.caCertificates.isEmpty else { return [] }
        return [
            "COPY .nixpacks/ca-certificates/ /usr/local/share/ca-certificates/",
            "RUN update-ca-certificates",
            trustEnvironment,
        ]
    }

    /// Points the tools that bring their own CA bundle at the system's: OpenSSL users and httpx
    /// (SSL_CERT_FILE), requests and so Poetry (REQUESTS_CA_BUNDLE), pip (PIP_CERT), Node
    /// (NODE_EXTRA_CA_CERTS) and uv (UV_NATIVE_TLS). Behind a TLS-inspecting proxy, the system's
    /// store is the one that holds the proxy's certificate.
    public static let trustEnvironment = "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt "
        + "PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true"

    /// Each command reads its secrets from the mounted files, so values exist only while it runs.
    static func exportingSecrets(_ secrets: [String], in plan: BuildPlan) -> BuildPlan {
        var plan = plan
        let exports = secrets.map { "export \($0)=\"$(cat /run/secrets/\($0))\"" }.joined(separator: " && ")
        for key in (plan.phases ?? [:]).keys {
            plan.phases![key]!.cmds = plan.phases![key]!.cmds?.map { "\(exports) && \($0)" }
        }
        return plan
    }

    /// The absolute image path an app-relative path points to, from /app
    /// (`../../libs/greeting` → `/libs/greeting`).
    public static func imagePath(ofRelative relative: String) -> String {
        var parts = ["app"]
        for part in relative.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
