/// Renders the Dockerfile Nixpacks would (spec §4.1), line for line, for the `nix` package source.
public struct DockerfileRenderer: Sendable {
    /// The cache key of the mount ids; nil (or `--no-cache`) renders no cache mounts.
    public var cacheKey: String?
    /// Extra lines after the Nix install, before the phases: nixpacks-ci's additions (secrets, CA
    /// certificates) go here so that Nixpacks' own lines stay as they are.
    public var preludeLines: [String] = []
    /// Per-command `RUN` options (secret mounts), placed before the cache mounts.
    public var runOptions: String = ""
    /// Each phase's paths also go on PATH (`ENV PATH=...`), for images whose shells do not read
    /// NIXPACKS_PATH (the debian source's).
    public var phasePathsOnPATH = false
    /// Package managers' caches outside the app get one id for every service (`CacheMount`).
    public var sharesPackageCaches = false

    public init(cacheKey: String?) {
        self.cacheKey = cacheKey
    }

    public func render(_ plan: BuildPlan) throws(PlanError) -> String {
        let phases = try PhaseOrder.sorted(plan.phases ?? [:])
        let nixPhases = phases.filter(\.usesNix)
        let setupCopies = nixPhases.flatMap { $0.onlyIncludeFiles ?? [] }
            .map { "COPY \($0) /app/\($0.hasPrefix("./") ? String($0.dropFirst(2)) : $0)" }.joined(separator: "\n")
        let nixInstall = NixExpression.expressions(for: plan).map { expression in
            "COPY .nixpacks/\(expression.fileName) .nixpacks/\(expression.fileName)\n"
                + "RUN nix-env -if .nixpacks/\(expression.fileName) && nix-collect-garbage -d"
        }.joined(separator: "\n")
        let aptPackages = (plan.phases ?? [:]).sorted { $0.key < $1.key }.flatMap { $0.value.aptPkgs ?? [] }
        let apt = aptPackages.isEmpty ? "" : "RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends \(aptPackages.joined(separator: " "))"
        let args = Self.arguments(plan.variables ?? [:])
        return """
        FROM \(plan.buildImage ?? NixpacksImages.ubuntu)

        ENTRYPOINT ["/bin/bash", "-l", "-c"]
        WORKDIR /app/

        \(setupCopies)
        \(nixInstall)
        \(apt)
        \(Self.assetsLine(plan))
        \(args)
        \(prelude)
        \(phaseSection(phases))

        \(Self.start(plan.start))

        """
    }

    /// `COPY .nixpacks/assets /assets/` when the plan has assets, else "".
    static func assetsLine(_ plan: BuildPlan) -> String {
        (plan.staticAssets ?? [:]).isEmpty ? "" : "COPY .nixpacks/assets /assets/"
    }

    /// nixpacks-ci's own lines (local dependencies, CA certificates), each ending with a newline.
    var prelude: String {
        preludeLines.isEmpty ? "" : preludeLines.joined(separator: "\n") + "\n"
    }

    /// The phase blocks in order, then one element per phase that adds its paths to /root/.profile
    /// (empty for a phase without paths), joined by newlines as Nixpacks joins them.
    func phaseSection(_ phases: [Phase]) -> String {
        let blocks = phases.map(phaseBlock)
        let profiles = phases.map { phase -> String in
            guard let paths = phase.paths, !paths.isEmpty else { return "" }
            return "RUN printf '\\nPATH=\(paths.joined(separator: ":")):$PATH' >> /root/.profile"
        }
        return (blocks + profiles).joined(separator: "\n")
    }

    /// `ARG K1 K2 ...` then `ENV K1=$K1 ...`, keys sorted; no default values (values come as build args).
    static func arguments(_ variables: [String: String]) -> String {
        guard !variables.isEmpty else { return "" }
        let keys = variables.keys.sorted()
        return "ARG \(keys.joined(separator: " "))\nENV \(keys.map { "\($0.trimmingCharacters(in: .whitespaces))=$\($0)" }.joined(separator: " "))"
    }

    func phaseBlock(_ phase: Phase) -> String {
        let name = phase.name ?? ""
        let commands = phase.cmds ?? []
        let paths = phase.paths ?? []
        if commands.isEmpty && paths.isEmpty { return "# \(name) phase\n# noop\n" }
        var block = "# \(name) phase\n"
        if !paths.isEmpty { block += "ENV NIXPACKS_PATH=\(paths.joined(separator: ":")):$NIXPACKS_PATH\n" }
        if !paths.isEmpty, phasePathsOnPATH { block += "ENV PATH=\(paths.joined(separator: ":")):$PATH\n" }
        if let files = phase.onlyIncludeFiles {
            for file in files { block += "COPY \(file) /app/\(file)\n" }
        } else {
            block += "COPY . /app/.\n"
        }
        let mounts = cacheKey.map { CacheMount.mounts(key: $0, directories: phase.cacheDirectories ?? [], sharingPackageCaches: sharesPackageCaches) } ?? ""
        let options = [runOptions, mounts].filter { !$0.isEmpty }.joined(separator: " ")
        for command in commands {
            // No mount gives `RUN  cmd` with two spaces, exactly as Nixpacks writes it.
            block += "RUN \(options) \(command)\n"
        }
        return block
    }

    static func start(_ start: StartPhase?) -> String {
        let user = start?.user.map { "RUN useradd -m -s /bin/bash \($0)\nUSER \($0)\n" } ?? ""
        let command = start?.cmd.map { "CMD [\"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"]" } ?? ""
        guard let runImage = start?.runImage else {
            return "# start\nCOPY . /app\n\(user)\n\(command)\n"
        }
        let copies = start?.onlyIncludeFiles.map { files in
            files.map { "COPY --from=0 /app/\($0) /app/\($0)" }.joined(separator: "\n")
        } ?? "COPY --from=0 /app/ /app/"
        return """
        # start
        FROM \(runImage)
        ENTRYPOINT ["/bin/bash", "-l", "-c"]
        WORKDIR /app/
        COPY --from=0 /etc/ssl/certs /etc/ssl/certs
        RUN true
        \(copies)
        \(user)
        \(command)

        """
    }
}
