/// Crystal (spec §3.9): shards install and build, start the first target.
struct CrystalProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let shard = try app.yaml("shard.yml")
        // Nixpacks takes the first key of a HashMap, which changes from run to run; the
        // alphabetically first target is the same on every run (docs/nixpacks-compatibility.md).
        guard let target = shard["targets"]?.table?.keys.sorted().first else {
            throw PlanError.invalidFile(file: "shard.yml", line: nil, message: "no `targets:` entry; add one naming the executable to start, e.g. `targets: { app: { main: src/app.cr } }`")
        }
        let setup = Phase.setup([NixPackage("crystal"), NixPackage("shards")])
        return BuildPlan(phases: [setup, .install("shards install"), .build("shards build")], start: StartPhase(cmd: "./bin/\(target)"))
    }
}
