import Foundation

/// Zig (spec §3.9): `zig build`, start the binary named after the app directory.
struct ZigProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        var install = Phase.install(nil)
        if app.includesFile(".gitmodules") { install.addCmd("git submodule update --init") }
        let name = app.root.standardizedFileURL.resolvingSymlinksInPath().lastPathComponent
        let phases = [Phase.setup([NixPackage("zig")]), install, .build("zig build -Doptimize=ReleaseSafe")]
        return BuildPlan(phases: phases, start: StartPhase(cmd: "./zig-out/bin/\(name)"))
    }
}
