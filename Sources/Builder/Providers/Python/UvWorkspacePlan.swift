import Foundation

/// Plans a uv workspace member as Nixpacks plans the member's directory with the workspace's
/// uv.lock (the member's slice) and `.python-version` in view, then runs it at the root
/// (docs/workspaces.md):
///
/// - install: the root's pyproject.toml, uv.lock and the member's and its dependencies'
///   pyproject.toml, and `uv sync --frozen --no-dev --package <member> --no-install-workspace`:
///   a layer of the external packages only;
/// - build: with the sources, the same sync without `--no-install-workspace` installs the
///   workspace members the member needs;
/// - start: the member's start command, in its directory.
public enum UvWorkspacePlan {
    public static func generate(_ input: WorkspaceMemberInput, options: PlanOptions) throws(PlanError) -> PlanGenerator.Result {
        let prefix = input.directory.isEmpty ? "" : input.directory + "/"
        var contents: [String: String] = [:]
        for (path, text) in input.contents where !path.contains("/") && prefix != "" { contents[path] = text }
        var overlay: [String: String] = [:]
        for file in [".python-version"] where input.contextFiles.contains(file) && !input.memberFiles.contains(file) && prefix != "" {
            overlay[file] = input.root.appendingPathComponent(file).path
        }
        let app = App(root: input.directory.isEmpty ? input.root : input.root.appendingPathComponent(input.directory),
                      files: input.memberFiles, overlay: overlay, contents: input.directory.isEmpty ? input.contents : contents)
        var result = try PlanGenerator(options: options).generate(app)
        guard result.providers.contains(.python), var install = result.plan.phases?["install"],
              let index = install.cmds?.firstIndex(where: { $0.contains("uv sync") }) else { return result }
        let sync = "uv sync --frozen --no-dev --package \(input.name)"
        let command = install.cmds![index]
        install.cmds![index] = command.replacingOccurrences(of: "uv sync --no-dev --frozen", with: sync + " --no-install-workspace")
        install.onlyIncludeFiles = input.installFiles
        result.plan.phases?["install"] = install

        var build = result.plan.phases?["build"] ?? Phase(name: "build")
        build.dependsOn = Array(Set((build.dependsOn ?? []) + ["install"])).sorted()
        build.cmds = [". /opt/venv/bin/activate && \(sync)"] + (build.cmds ?? []).map { input.inMember + $0 }
        build.addCacheDirectory("/root/.cache/uv")
        result.plan.phases?["build"] = build
        if let start = result.plan.start?.cmd { result.plan.start?.cmd = input.inMember + start }
        return result
    }
}
