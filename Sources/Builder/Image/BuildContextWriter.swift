import Foundation

/// Writes a build context: a copy of the app (without `.git`), and under `.nixpacks/` the
/// Dockerfile, the Nix files, the assets, local dependencies and extra CA certificates.
public struct BuildContextWriter: Sendable {
    public struct Context: Sendable {
        public var directory: URL
        public var dockerfile: URL
        public var dockerfileText: String
    }

    public init() {}

    public func write(_ request: BuildRequest, to directory: URL) throws -> Context {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try fileManager.contentsOfDirectory(atPath: request.appDirectory.path) where name != ".git" && name != ".nixpacks" {
            let target = directory.appendingPathComponent(name)
            if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
            try fileManager.copyItem(at: request.appDirectory.appendingPathComponent(name), to: target)
        }
        let nixpacks = directory.appendingPathComponent(".nixpacks")
        try? fileManager.removeItem(at: nixpacks)
        try fileManager.createDirectory(at: nixpacks, withIntermediateDirectories: true)

        try writeLocalDependencies(request, into: nixpacks)
        try writeCertificates(request, into: nixpacks)
        let (plan, dockerfileText) = try Self.render(request)
        for (path, text) in plan.staticAssets ?? [:] {
            let file = nixpacks.appendingPathComponent("assets").appendingPathComponent(path)
            try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        if request.packageSource == .nix {
            for expression in NixExpression.expressions(for: plan, archiveURL: request.nixpkgsArchiveURL) {
                try expression.text.write(to: nixpacks.appendingPathComponent(expression.fileName), atomically: true, encoding: .utf8)
            }
        }
        let dockerfile = nixpacks.appendingPathComponent("Dockerfile")
        try dockerfileText.write(to: dockerfile, atomically: true, encoding: .utf8)
        return Context(directory: directory, dockerfile: dockerfile, dockerfileText: dockerfileText)
    }

    /// The plan as built (debian adjustments, secrets wrapped) and its Dockerfile: pure, so cache
    /// keys can be computed without writing a context.
    public static func render(_ request: BuildRequest) throws -> (plan: BuildPlan, dockerfile: String) {
        var plan = request.packageSource == .debian ? DebianDockerfileRenderer.adjusted(request.plan) : request.plan
        plan.variables = request.buildArguments
        var renderer = DockerfileRenderer(cacheKey: request.noCache ? nil : request.cacheMountKey)
        renderer.preludeLines = localDependencyLines(request) + certificateLines(request)
        if !request.secrets.isEmpty {
            renderer.runOptions = request.secrets.map { "--mount=type=secret,id=\($0)" }.joined(separator: " ")
            plan = exportingSecrets(request.secrets, in: plan)
        }
        switch request.packageSource {
        case .nix: return (plan, try renderer.render(plan))
        case .debian: return (plan, try DebianDockerfileRenderer(base: renderer).render(plan))
        }
    }

    static func localDependencyLines(_ request: BuildRequest) -> [String] {
        request.localDependencies.enumerated().map { "COPY .nixpacks/local/\($0.offset) \(imagePath(ofRelative: $0.element))" }
    }

    static func certificateLines(_ request: BuildRequest) -> [String] {
        guard !request.caCertificates.isEmpty else { return [] }
        return [
            "COPY .nixpacks/ca-certificates/ /usr/local/share/ca-certificates/",
            "RUN update-ca-certificates",
            "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt "
                + "PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt",
        ]
    }

    /// Each command reads its secrets from the mounted files, so values exist only while it runs.
    static func exportingSecrets(_ secrets: [String], in plan: BuildPlan) -> BuildPlan {
        var plan = plan
        let exports = secrets.map { "export \($0)=\"$(cat /run/secrets/\($0))\"" }.joined(separator: " && ")
        for key in (plan.phases ?? [:]).keys {
            plan.phases![key]!.cmds = plan.phases![key]!.cmds?.map { "\(exports) && \($0)" }
        }
        return plan
    }

    /// Copies each local dependency to `.nixpacks/local/<n>`; `localDependencyLines` COPYs it to
    /// where its app-relative path points (`../../libs/greeting` → `/libs/greeting`).
    private func writeLocalDependencies(_ request: BuildRequest, into nixpacks: URL) throws {
        for (index, relative) in request.localDependencies.enumerated() {
            let source = request.appDirectory.appendingPathComponent(relative).standardizedFileURL
            let staged = nixpacks.appendingPathComponent("local/\(index)")
            try FileManager.default.createDirectory(at: staged.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: staged)
        }
    }

    /// The absolute image path an app-relative path points to, from /app.
    static func imagePath(ofRelative relative: String) -> String {
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

    private func writeCertificates(_ request: BuildRequest, into nixpacks: URL) throws {
        guard !request.caCertificates.isEmpty else { return }
        let directory = nixpacks.appendingPathComponent("ca-certificates")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (index, certificate) in request.caCertificates.enumerated() {
            try FileManager.default.copyItem(at: certificate, to: directory.appendingPathComponent("extra-\(index).crt"))
        }
    }
}
