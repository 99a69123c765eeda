/// Scheme sites built with Haunt (spec §3.9).
struct SchemeProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        var build = Phase.build("haunt build")
        build.dependOn("setup")
        let setup = Phase.setup([NixPackage("haunt"), NixPackage("guile")])
        return BuildPlan(phases: [setup, build], start: StartPhase(cmd: "guile init.scm --auto-compile"))
    }
}
