import Foundation

/// Plans a Cargo workspace member at the workspace root, as Nixpacks plans a workspace with
/// `NIXPACKS_CARGO_WORKSPACE=<member>`, then splits the build in two (docs/workspaces.md):
///
/// - install: the manifests, `Cargo.lock` (the member's slice) and toolchain files, with stand-in
///   sources for the member and its path dependencies (cargo-chef's recipe), and
///   `cargo build --release --locked --package <member>`: a layer of compiled dependencies that
///   only a manifest or lockfile change invalidates;
/// - build: the real sources, their target files touched (the context's files carry a 1980 time,
///   older than the stand-ins' build), the same `cargo build`, and the binaries copied to `bin/`.
///
/// The other members are skeletons in the context (their manifests without dependencies), so the
/// lockfile slice is what `--locked` expects of it.
public enum CargoWorkspacePlan {
    /// The directory of the stand-in sources in the context.
    public static let placeholderDirectory = ".nixpacks/cargo-skeleton"

    public static func generate(_ input: WorkspaceMemberInput, options: PlanOptions) throws(PlanError) -> PlanGenerator.Result {
        var options = options
        options.environment.variables["NIXPACKS_CARGO_WORKSPACE"] = input.name
        let app = App(root: input.root, files: input.contextFiles, contents: input.contents)
        var result = try PlanGenerator(options: options).generate(app)
        guard result.providers.contains(.rust), var build = result.plan.phases?["build"] else { return result }
        let commands = build.cmds ?? []
        guard let cargoIndex = commands.firstIndex(where: { $0.hasPrefix("cargo build") }) else { return result }
        let cargo = commands[cargoIndex].replacingOccurrences(of: "cargo build --release", with: "cargo build --release --locked")
        // Compiled dependencies live in layers where the binary moves to a run image; else in the
        // target cache mount (a single-stage image would carry target/ along).
        let layered = result.plan.start?.runImage != nil

        var install = Phase(name: "install")
        install.dependsOn = ["setup"]
        install.onlyIncludeFiles = input.installFiles + [placeholderDirectory]
        install.addCmd("cp -a \(placeholderDirectory)/. . && \(cargo)")
        for directory in build.cacheDirectories ?? [] where layered ? directory != "target" : true { install.addCacheDirectory(directory) }

        var buildCommands = commands
        buildCommands[cargoIndex] = cargo
        if !input.placeholders.isEmpty { buildCommands.insert("touch \(input.placeholders.joined(separator: " "))", at: cargoIndex) }
        build.cmds = buildCommands
        build.dependsOn = ["install", "setup"]
        if layered { build.cacheDirectories = build.cacheDirectories?.filter { $0 != "target" } }
        result.plan.phases?["install"] = install
        result.plan.phases?["build"] = build
        return result
    }
}
