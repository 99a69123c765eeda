/// Lunatic (spec §3.5): the Rust setup and build plus the `lunatic` package; the Rust start command
/// runs under `lunatic`. Like Nixpacks, it takes neither Rust's variables nor its run image.
struct LunaticProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        guard let rust = try RustProvider().plan(app, environment) else { return nil }
        var phases: [Phase] = []
        if var setup = rust.phase("setup") {
            setup.nixPkgs = (setup.nixPkgs ?? []) + ["lunatic"]
            phases.append(setup)
        }
        if let build = rust.phase("build") { phases.append(build) }
        let start = rust.start?.cmd.map { StartPhase(cmd: "lunatic \($0)") }
        return BuildPlan(phases: phases, start: start)
    }
}
