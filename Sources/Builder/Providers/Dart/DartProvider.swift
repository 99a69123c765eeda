/// Dart (spec §3.9): `dart pub get` on pubspec.yaml alone, compile `bin/<name>.dart` to an executable.
struct DartProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        // Nixpacks also requires `version:`, which pub itself does not; only `name:` is needed here
        // (docs/nixpacks-compatibility.md).
        guard let name = try app.yaml("pubspec.yaml")["name"]?.string else {
            throw PlanError.invalidFile(file: "pubspec.yaml", line: nil, message: "no `name:`; the build compiles bin/<name>.dart")
        }
        var install = Phase.install("dart pub get")
        install.addFileDependency("pubspec.yaml")
        let phases = [Phase.setup([NixPackage("dart")]), install, .build("dart compile exe bin/\(name).dart")]
        return BuildPlan(phases: phases, start: StartPhase(cmd: "./bin/\(name).exe"))
    }
}
