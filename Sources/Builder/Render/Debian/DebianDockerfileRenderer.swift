import Foundation

/// Renders a Dockerfile for the `debian` package source: no Nix, a Debian base image, the plan's
/// packages installed with apt (`DebianEnvironment`), then Nixpacks' phases and start exactly as
/// the nix source has them.
public struct DebianDockerfileRenderer: Sendable {
    public var base: DockerfileRenderer
    public var environment: DebianEnvironment

    public init(base: DockerfileRenderer, environment: DebianEnvironment) {
        var base = base
        // Debian's shells do not read NIXPACKS_PATH: each phase's paths go on PATH as well.
        base.phasePathsOnPATH = true
        self.base = base
        self.environment = environment
    }

    /// Commands of Nixpacks' plans that assume its base image, and their Debian form: Debian's nginx
    /// package creates the directories that the staticfile plan makes.
    static let adjustedCommands = [
        "mkdir /etc/nginx/ /var/log/nginx/ /var/cache/nginx/": "mkdir -p /etc/nginx/ /var/log/nginx/ /var/cache/nginx/",
    ]

    /// The plan with `adjustedCommands` applied (before anything else wraps the commands), nginx's
    /// configuration files where Debian has them, and Rust built for glibc: Debian has no musl target for rustc, so `--target <arch>-unknown-linux-musl`
    /// goes and the binaries come from target/release (the run stage is the same Debian, so the
    /// glibc binary runs there).
    public static func adjusted(_ plan: BuildPlan, requests: [VersionRequest]) -> (BuildPlan, notes: [String]) {
        var plan = plan
        var notes: [String] = []
        pythonToolsFromDebian(&plan, requests: requests, notes: &notes)
        for key in (plan.phases ?? [:]).keys.sorted() {
            plan.phases![key]!.cmds = plan.phases![key]!.cmds?.map { command in
                var command = adjustedCommands[command] ?? command
                guard command.contains("-unknown-linux-musl") else { return command }
                if let musl = command.range(of: #" --target [a-z0-9_]+-unknown-linux-musl"#, options: .regularExpression) {
                    let target = String(command[musl].dropFirst(" --target ".count))
                    command.removeSubrange(musl)
                    if !notes.contains(where: { $0.contains(target) }) {
                        notes.append("Debian's rustc has no \(target) target: building for glibc and copying the binary onto the slim run image")
                    }
                }
                return command.replacingOccurrences(of: #"target/[a-z0-9_]+-unknown-linux-musl/release"#, with: "target/release", options: .regularExpression)
            }
        }
        if !notes.isEmpty {
            for key in (plan.phases ?? [:]).keys { plan.phases![key]!.nixPkgs?.removeAll { $0 == "musl" || $0 == "musl.dev" } }
        }
        // nginx's own files are in /etc/nginx on Debian, not in a Nix store path.
        plan.staticAssets = plan.staticAssets?.mapValues { text in
            guard text.contains("nginx") else { return text }
            return text.replacingOccurrences(of: "/nix/store/*-user-environment/conf/mime.types", with: "/etc/nginx/mime.types")
                .replacingOccurrences(of: "$!{nginx}/conf/", with: "/etc/nginx/")
        }
        return (plan, notes)
    }

    /// Nixpacks' plans pip-install Poetry 1.3.1 and PDM 2.13.3 when the app names no version; today
    /// their unpinned dependencies have moved on, and PDM 2.13 does not run on Python 3.13. The
    /// debian source installs Debian's own Poetry and PDM instead, whose dependencies Debian keeps
    /// working together (Poetry 2's `--only main` for the removed `--no-dev`). A version the app
    /// names is pip-installed as Nixpacks does.
    static func pythonToolsFromDebian(_ plan: inout BuildPlan, requests: [VersionRequest], notes: inout [String]) {
        let tools: [(VersionRequest.Tool, String, String)] = [
            (.poetry, "pip install poetry==$NIXPACKS_POETRY_VERSION && ", "python3-poetry"),
            (.pdm, "pip install pdm==$NIXPACKS_PDM_VERSION && ", "python3-pdm"),
        ]
        for (tool, install, package) in tools where !requests.contains(where: { $0.tool == tool }) {
            var replaced = false
            for key in (plan.phases ?? [:]).keys.sorted() {
                plan.phases![key]!.cmds = plan.phases![key]!.cmds?.map { command in
                    guard command.contains(install) else { return command }
                    replaced = true
                    let command = command.replacingOccurrences(of: install, with: "")
                    return tool == .poetry ? command.replacingOccurrences(of: "poetry install --no-dev", with: "poetry install --only main") : command
                }
            }
            guard replaced else { continue }
            var setup = plan.phases?["setup"] ?? Phase(name: "setup")
            setup.aptPkgs = (setup.aptPkgs ?? []) + [package]
            plan.phases?["setup"] = setup
            notes.append("\(tool.displayName) comes from Debian's \(package) (the app names no version; set NIXPACKS_\(tool.rawValue.uppercased())_VERSION to pip-install one)")
        }
    }

    public func render(_ plan: BuildPlan) throws -> String {
        let phases = try PhaseOrder.sorted(plan.phases ?? [:])
        let release = environment.release
        let cache = base.cacheKey == nil ? "" : "--mount=type=cache,id=nixpacks-ci-apt-\(release.rawValue),target=/var/cache/apt,sharing=locked "
        var steps = ["rm -f /etc/apt/apt.conf.d/docker-clean"]
        if environment.usesBackports { steps.append(Self.addBackports(release)) }
        steps += ["apt-get update",
                  "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \(environment.packages.joined(separator: " "))",
                  "rm -rf /var/lib/apt/lists/*"]
        // The image's CA store is the one apt trusts (with any --ca-cert added): every tool uses it.
        var lines = ["RUN \(cache)\(steps.joined(separator: " && "))", RenderedBuild.trustEnvironment]
        if !environment.binDirectories.isEmpty {
            let paths = environment.binDirectories.joined(separator: ":")
            lines.append("ENV PATH=\(paths):$PATH")
            lines.append("RUN printf '\\nPATH=\(paths):$PATH' >> /root/.profile")
        }
        if !environment.commands.isEmpty { lines.append("RUN \(environment.commands.joined(separator: " && "))") }
        var start = plan.start
        if start?.runImage != nil { start?.runImage = environment.baseImage }
        return """
        FROM \(environment.baseImage)

        ENTRYPOINT ["/bin/bash", "-l", "-c"]
        WORKDIR /app/

        \(lines.joined(separator: "\n"))
        \(DockerfileRenderer.assetsLine(plan))
        \(DockerfileRenderer.arguments(plan.variables ?? [:]))
        \(base.prelude)
        \(base.phaseSection(phases))

        \(DockerfileRenderer.start(start))

        """
    }

    /// Adds `<release>-backports` from the mirror the image's own apt sources name (one-line or
    /// deb822 format), so no mirror is written into the Dockerfile.
    static func addBackports(_ release: DebianRelease) -> String {
        let name = release.rawValue
        return "uri=$(sed -n 's/^deb \\([^ ]*\\) \(name) .*/\\1/p' /etc/apt/sources.list 2>/dev/null | head -n1) && "
            + "{ [ -n \"$uri\" ] || uri=$(sed -n 's/^URIs: *\\([^ ]*\\).*/\\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1); } && "
            + "echo \"deb $uri \(name)-backports main\" > /etc/apt/sources.list.d/nixpacks-ci-backports.list"
    }
}
