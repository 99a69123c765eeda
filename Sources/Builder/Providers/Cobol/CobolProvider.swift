import Foundation

/// COBOL with GnuCOBOL (spec §3.9, note m).
struct CobolProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let arguments = environment.config("COBOL_COMPILE_ARGS") ?? "-x -o"
        // Without any .cbl (only when the provider is forced) Nixpacks compiles `./` with an empty name.
        let found = Self.source(app, environment)
        let source = found ?? "./"
        let stem = found.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } ?? ""
        var build = Phase.build("cobc \(arguments) \(stem) \(source)")
        build.dependOn("setup")
        let setup = Phase.setup([NixPackage("gnu-cobol"), NixPackage("gcc")])
        return BuildPlan(phases: [setup, build], start: StartPhase(cmd: "./\(stem)"))
    }

    /// The first `*<NIXPACKS_COBOL_APP_NAME>.cbl`, else `*index.cbl`, else `*.cbl` (`*` crosses `/`).
    static func source(_ app: App, _ environment: PlanEnvironment) -> String? {
        var patterns = ["*index.cbl", "*.cbl"]
        if let name = environment.config("COBOL_APP_NAME") { patterns.insert("*\(name).cbl", at: 0) }
        for pattern in patterns {
            if let file = app.findFiles(pattern).first { return file }
        }
        return nil
    }
}
