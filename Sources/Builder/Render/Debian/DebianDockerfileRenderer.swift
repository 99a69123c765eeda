/// Renders a Dockerfile for the `debian` package source: no Nix, a Debian base image, the plan's
/// packages installed with apt, then Nixpacks' phases and start exactly as the nix source has them.
public struct DebianDockerfileRenderer: Sendable {
    public var base: DockerfileRenderer

    public init(base: DockerfileRenderer) {
        self.base = base
    }

    /// Commands of Nixpacks' plans that assume its base image, and their Debian form: Debian's nginx
    /// package creates the directories that the staticfile plan makes.
    static let adjustedCommands = [
        "mkdir /etc/nginx/ /var/log/nginx/ /var/cache/nginx/": "mkdir -p /etc/nginx/ /var/log/nginx/ /var/cache/nginx/",
    ]

    /// The plan with `adjustedCommands` applied (before anything else wraps the commands).
    public static func adjusted(_ plan: BuildPlan) -> BuildPlan {
        var plan = plan
        for key in (plan.phases ?? [:]).keys {
            plan.phases![key]!.cmds = plan.phases![key]!.cmds?.map { adjustedCommands[$0] ?? $0 }
        }
        return plan
    }

    public func render(_ plan: BuildPlan) throws -> String {
        let plan = Self.adjusted(plan)
        let phases = try PhaseOrder.sorted(plan.phases ?? [:])
        let aptPackages = (plan.phases ?? [:]).sorted { $0.key < $1.key }.flatMap { $0.value.aptPkgs ?? [] }
        let packages = (try DebianPackages.map(plan) + aptPackages + ["bash", "ca-certificates"]).uniqued()
        let cache = base.cacheKey.map { "--mount=type=cache,id=\(CacheMount.sanitize("\($0)-apt")),target=/var/cache/apt,sharing=locked " } ?? ""
        // Debian names Yarn 1 `yarnpkg` (`yarn` is another program there): give it its usual name.
        let yarn = packages.contains("yarnpkg") ? " && ln -sf /usr/bin/yarnpkg /usr/local/bin/yarn" : ""
        let install = "RUN \(cache)rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && "
            + "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \(packages.joined(separator: " ")) && rm -rf /var/lib/apt/lists/*\(yarn)"
        var start = plan.start
        if start?.runImage != nil { start?.runImage = DebianPackages.baseImage }
        return """
        FROM \(DebianPackages.baseImage)

        ENTRYPOINT ["/bin/bash", "-l", "-c"]
        WORKDIR /app/

        \(install)
        \(DockerfileRenderer.assetsLine(plan))
        \(DockerfileRenderer.arguments(plan.variables ?? [:]))
        \(base.prelude)
        \(base.phaseSection(phases))

        \(DockerfileRenderer.start(start))

        """
    }
}
