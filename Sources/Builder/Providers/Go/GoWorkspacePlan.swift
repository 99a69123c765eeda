import Foundation

/// Plans a go.work module as Nixpacks plans the module's directory, then runs that plan in the
/// module's directory inside the workspace root, where the go command finds the (pruned) go.work
/// and resolves the workspace's modules locally (docs/workspaces.md). The download layer copies
/// go.work, go.work.sum and the go.mod and go.sum of each module the member uses.
public enum GoWorkspacePlan {
    public static func generate(_ input: WorkspaceMemberInput, options: PlanOptions) throws(PlanError) -> PlanGenerator.Result {
        let app = App(root: input.directory.isEmpty ? input.root : input.root.appendingPathComponent(input.directory), files: input.memberFiles)
        var result = try PlanGenerator(options: options).generate(app)
        guard result.providers.contains(.go) else { return result }
        if var install = result.plan.phases?["install"] {
            install.cmds = install.cmds?.map { input.inMember + $0 }
            install.onlyIncludeFiles = input.installFiles
            result.plan.phases?["install"] = install
        }
        if var build = result.plan.phases?["build"] {
            build.cmds = build.cmds?.map { input.inMember + $0 }
            result.plan.phases?["build"] = build
        }
        if let command = result.plan.start?.cmd { result.plan.start?.cmd = input.inMember + command }
        return result
    }
}
