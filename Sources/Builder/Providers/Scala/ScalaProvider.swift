/// Scala with sbt and sbt-native-packager (spec §3.9, notes i to k): `sbt stage`, run in a JRE image.
struct ScalaProvider: Provider {
    /// JDK major → (Nix package, runtime image); 17 is the default.
    static let jdks: [Int: (String, String)] = [
        21: ("jdk21", "eclipse-temurin:21.0.1_12-jre-jammy"),
        20: ("jdk20", "eclipse-temurin:20.0.2_9-jre-jammy"),
        19: ("jdk", "eclipse-temurin:19.0.2_7-jre-jammy"),
        17: ("jdk17", "eclipse-temurin:17.0.9_9-jre-jammy"),
        11: ("jdk11", "eclipse-temurin:11.0.21_9-jre-jammy"),
        8: ("jdk8", "eclipse-temurin:8u392-b08-jre-jammy"),
    ]

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        var major = 17
        if let requested = environment.config("JDK_VERSION") {
            // Nixpacks panics on a value that is not a number; this is an error that says why.
            guard let number = Int(requested), number >= 0 else {
                throw PlanError.providerFailed(provider: "scala", message: "NIXPACKS_JDK_VERSION=\(requested) is not a number; use one of 8, 11, 17, 19, 20, 21")
            }
            major = number
        }
        let (jdk, runImage) = Self.jdks[major] ?? Self.jdks[17]!
        let setup = Phase.setup([NixPackage.overriding("sbt", ["jre": jdk])])
        var build = Phase.build("sbt stage")
        build.addCacheDirectory("/root/.sbt")
        build.addCacheDirectory("/root/.ivy2/cache")
        build.addCacheDirectory("/root/.cache/coursier")
        build.dependOn("setup")
        let start = StartPhase(cmd: "./target/universal/stage/bin/main", runImage: runImage, onlyIncludeFiles: ["./target/universal"])
        return BuildPlan(phases: [setup, build], start: start)
    }
}
