/// Go (spec §3.4).
struct GoProvider: Provider {
    /// Exact `go` directive → (package, archive).
    static let versions: [String: (String, String)] = [
        "1.18": ("go_1_18", NixpkgsArchive.default),
        "1.19": ("go_1_19", NixpkgsArchive.default),
        "1.20": ("go_1_20", "1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6"),
        "1.21": ("go_1_21", "1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6"),
        "1.22": ("go", "e89cf1c932006531f454de7d652163a9a5c86668"),
        "1.23": ("go_1_23", "05bbf675397d5366259409139039af8077d695ce"),
    ]
    static let defaultVersion = ("go", "e89cf1c932006531f454de7d652163a9a5c86668")

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let hasGoMod = app.includesFile("go.mod")
        var version = Self.defaultVersion
        if let directive = try Self.goDirective(app), let match = Self.versions[directive] { version = match }
        var setup = Phase.setup([NixPackage(version.0)])
        setup.nixpkgsArchive = version.1
        var phases = [setup]

        if hasGoMod {
            var install = Phase.install("go mod download")
            install.addCacheDirectory("/root/.cache/go-build")
            phases.append(install)
        }

        var build = Phase.build(nil)
        build.dependsOn = ["install", "setup"]
        build.addCacheDirectory("/root/.cache/go-build")
        let rootGoFiles = app.allFiles().contains { !$0.contains("/") && $0.hasSuffix(".go") }
        if let binary = environment.config("GO_BIN") {
            build.addCmd("go build -o out ./cmd/\(binary)")
        } else if hasGoMod, rootGoFiles {
            build.addCmd("go build -o out")
        } else if app.includesDirectory("cmd"), let first = firstSubdirectory(app, "cmd") {
            build.addCmd("go build -o out ./cmd/\(first)")
        } else if hasGoMod {
            build.addCmd("go build -o out")
        } else if app.includesFile("main.go") {
            build.addCmd("go build -o out main.go")
        }
        phases.append(build)

        var start: StartPhase?
        if app.hasMatch("*.go") {
            start = StartPhase(cmd: "./out")
            if environment.variable("CGO_ENABLED") != "1" { start?.runImage = "ubuntu:noble" }
        }
        var plan = BuildPlan(phases: phases, start: start)
        plan.addVariables(["CGO_ENABLED": "0"])
        return plan
    }

    /// The version word of go.mod's first line starting with `go` (Nixpacks' reading: `go 1.22`).
    static func goDirective(_ app: App) throws(PlanError) -> String? {
        guard app.includesFile("go.mod") else { return nil }
        let text = try app.readFile("go.mod")
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("go") }) else { return nil }
        let words = line.split(separator: " ")
        return words.count > 1 ? String(words[1]) : nil
    }

    private func firstSubdirectory(_ app: App, _ directory: String) -> String? {
        let prefix = directory + "/"
        return app.allFiles().filter { $0.hasPrefix(prefix) }.compactMap { path -> String? in
            let rest = path.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            return String(rest[..<slash])
        }.sorted().first
    }
}
