import Foundation

/// Java with Maven or Gradle (spec §3.7).
struct JavaProvider: Provider {
    static let archive = "59dc10b5a6f2a592af36375c68fda41246794b86"

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        app.includesFile("gradlew") ? try gradlePlan(app, environment) : try mavenPlan(app, environment)
    }

    static func jdkPackage(_ environment: PlanEnvironment, gradleMajor: Int?) throws(PlanError) -> String {
        if let requested = environment.config("JDK_VERSION") {
            switch requested {
            case "21": return "jdk21"
            case "20": return "jdk20"
            case "19": return "jdk"
            case "17": return "jdk17"
            case "11": return "jdk11"
            case "8": return "jdk8"
            default: throw PlanError.providerFailed(provider: "java", message: "NIXPACKS_JDK_VERSION=\(requested) is not one of 8, 11, 17, 19, 20, 21")
            }
        }
        if let gradleMajor {
            if gradleMajor == 6 { return "jdk11" }
            if gradleMajor <= 5 { return "jdk8" }
        }
        return "jdk17"
    }

    private func gradlePlan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan {
        let wrapperProperties = "gradle/wrapper/gradle-wrapper.properties"
        var major = 8
        if let requested = environment.config("GRADLE_VERSION").flatMap({ Int($0) }) {
            major = requested
        } else if app.includesFile(wrapperProperties),
                  let range = app.readIfPresent(wrapperProperties).range(of: #"gradle-(\d+)"#, options: .regularExpression) {
            major = Int(app.readIfPresent(wrapperProperties)[range].dropFirst("gradle-".count)) ?? 8
        }
        let gradle = [8: "gradle", 7: "gradle_7", 6: "gradle_6", 5: "gradle_5", 4: "gradle_4"][major] ?? "gradle"
        var setup = Phase.setup([NixPackage(try Self.jdkPackage(environment, gradleMajor: major)), NixPackage(gradle)])
        setup.nixpkgsArchive = Self.archive

        var build = Phase.build(nil)
        build.dependsOn = ["install", "setup"]
        if !app.isExecutable("gradlew") { build.addCmd("chmod +x gradlew") }
        let runner = app.includesFile(wrapperProperties) ? "./gradlew" : "gradle"
        build.addCmd("\(runner) clean build -x check -x test")
        build.addCacheDirectory("/root/.gradle")

        let portFlag = Self.usesSpringBoot(gradleBuildFile(app)) ? "-Dserver.port=$PORT" : ""
        // Nixpacks formats `-jar {port flag} $(...)`, so without the flag there are two spaces.
        let start = StartPhase(cmd: "java $JAVA_OPTS -jar \(portFlag) $(ls -1 build/libs/*jar | grep -v plain)")
        return BuildPlan(phases: [setup, build], start: start)
    }

    /// build.gradle, else build.gradle.kts, else nothing (Nixpacks reads only the first that exists).
    private func gradleBuildFile(_ app: App) -> String {
        app.includesFile("build.gradle") ? app.readIfPresent("build.gradle") : app.readIfPresent("build.gradle.kts")
    }

    /// Nixpacks' `is_using_spring_boot`: Spring Boot or Grails named in the Gradle build file (its
    /// fourth marker, `org.springframework.boot:spring-boot`, contains `org.springframework.boot`).
    static func usesSpringBoot(_ buildFile: String) -> Bool {
        ["org.springframework.boot", "spring-boot-gradle-plugin", "org.grails:grails-"].contains(where: buildFile.contains)
    }

    private func mavenPlan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan {
        var setup = Phase.setup([NixPackage(try Self.jdkPackage(environment, gradleMajor: nil)), NixPackage("maven")])
        setup.nixpkgsArchive = Self.archive
        let wrapper = app.includesFile("mvnw") && app.includesFile(".mvn/wrapper/maven-wrapper.properties")
        var build = Phase.build("\(wrapper ? "chmod +x ./mvnw && ./mvnw" : "mvn") -DoutputFile=target/mvn-dependency-list.log -B -DskipTests clean dependency:list install")
        build.addCacheDirectory(".m2/repository")
        let pom = app.readIfPresent("pom.xml")
        let portFlag: String
        if pom.contains("<groupId>org.wildfly.swarm") {
            portFlag = "-Dswarm.http.port=$PORT "
        } else if pom.contains("<groupId>org.springframework.boot"), pom.contains("<artifactId>spring-boot") {
            portFlag = "-Dserver.port=$PORT "
        } else {
            portFlag = ""
        }
        return BuildPlan(phases: [setup, build], start: StartPhase(cmd: "java \(portFlag)$JAVA_OPTS -jar target/*jar"))
    }
}
