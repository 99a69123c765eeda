import Foundation

/// Clojure with Leiningen or tools.build (spec §3.9, note l).
struct ClojureProvider: Provider {
    static let moveUberjar = #"if [ -d /app/target/default+uberjar ]; then find /app/target/default+uberjar -name "*.jar" -exec mv -t /app/target/ {} +; fi"#
    static let start = #"JAR_FILE=$(find /app/target -name "*-standalone.jar" -o -name "*.jar" ! -name "*-SNAPSHOT.jar" | head -n 1) && bash -c "java $JAVA_OPTS -jar $JAR_FILE""#

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let toolsBuild = app.includesFile("build.clj")
        let setup = Phase.setup([NixPackage(toolsBuild ? "clojure" : "leiningen"), NixPackage(try Self.jdkPackage(app, environment))])
        let command: String
        if toolsBuild {
            command = "clojure -T:build uber"
        } else if app.includesFile("project.clj"), app.readIfPresent("project.clj").lowercased().contains("[lein-ring ") {
            command = "lein ring uberjar"
        } else {
            command = "lein uberjar"
        }
        var build = Phase.build("\(command); \(Self.moveUberjar)")
        build.dependOn("setup")
        return BuildPlan(phases: [setup, build], start: StartPhase(cmd: Self.start))
    }

    /// `NIXPACKS_JDK_VERSION`, else `.jdk-version`: `latest` is `jdk`, `11` is `jdk11`, anything else `jdk8`.
    static func jdkPackage(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> String {
        var requested = environment.config("JDK_VERSION")
        if requested == nil, app.includesFile(".jdk-version") { requested = try app.readFile(".jdk-version") }
        switch requested?.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "latest": return "jdk"
        case "11": return "jdk11"
        default: return "jdk8"
        }
    }
}
