/// The Procfile, applied after the providers (spec §3.1): `web` > `worker` > the first other
/// process by name starts the app; `release` becomes a phase after build.
struct ProcfileProvider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        guard app.includesFile("Procfile") else { return nil }
        let document = try app.document("Procfile", .yaml)
        guard let table = document.root.table else {
            throw PlanError.invalidFile(file: "Procfile", line: 1, message: "expected lines of `name: command`")
        }
        var processes: [String: String] = [:]
        for (name, value) in table {
            switch value {
            case let .string(text): processes[name] = text
            case let .integer(number): processes[name] = String(number)
            default: throw PlanError.invalidFile(file: "Procfile", line: document.line(of: [name]), message: "process '\(name)' is not a command")
            }
        }
        var plan = BuildPlan()
        let startable = processes.filter { $0.key != "release" }
        if let command = startable["web"] ?? startable["worker"] ?? startable.sorted(by: { $0.key < $1.key }).first?.value {
            plan.start = StartPhase(cmd: command)
        }
        if let release = processes["release"] {
            var phase = Phase(name: "release")
            phase.dependsOn = ["setup", "install", "build"]
            phase.cmds = ["...", release]
            plan.addPhase(phase)
        }
        return plan
    }
}
