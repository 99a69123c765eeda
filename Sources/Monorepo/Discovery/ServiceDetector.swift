/// Zero-configuration detection: which provider claims a directory, in Nixpacks' order
/// (spec §3.1), and whether it is an app (a service), a library or a workspace root.
struct ServiceDetector {
    struct Detection: Equatable {
        var provider: String
        var kind: GraphNode.Kind
    }

    let listing: FileListing
    let reader: ManifestReader

    /// Every file name `detect` looks for. Most directories of a monorepo (src/, tests/, ...) hold
    /// none of them, nor a file with a marker suffix, and are passed over after one look at each file.
    private static let markerNames: Set<String> = [
        "shard.yml", "pubspec.yaml", "mix.exs", "deno.json", "deno.jsonc", "project.clj", "build.clj", "gleam.toml",
        "go.mod", "main.go", "go.work", "package.yaml", "haunt.scm", "pom.xml", "gradlew", "pom.rb", "pom.scala",
        "pom.yaml", "pom.yml", "build.sbt", "composer.json", "index.php", "Gemfile", "package.json", "main.py",
        "requirements.txt", "pyproject.toml", "Pipfile", "Cargo.toml", "Package.swift", "Staticfile", "index.html",
        "build.zig", "nixpacks.toml", "nixpacks.json", "Procfile",
    ]
    private static let markerSuffixes = [".csproj", ".fsproj", ".cbl"]

    /// For each first byte, a bit per length (below 32) that some marker name has: most names are
    /// ruled out by this table before they are hashed.
    private static let markerShapes: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        for name in markerNames where name.utf8.count < 32 { table[Int(name.utf8.first!)] |= 1 << UInt32(name.utf8.count) }
        return table
    }()

    private func mayHoldAnApp(_ directory: String, _ files: Set<String>) -> Bool {
        files.contains { name in
            let utf8 = name.utf8
            guard let first = utf8.first, let last = utf8.last else { return false }
            if utf8.count < 32, Self.markerShapes[Int(first)] & (1 << UInt32(utf8.count)) != 0, Self.markerNames.contains(name) {
                return true
            }
            return (last == UInt8(ascii: "j") || last == UInt8(ascii: "l")) && Self.markerSuffixes.contains(where: name.hasSuffix)
        } || ["pom.atom", "pom.clj", "pom.groovy"].contains { listing.hasDirectory(directory, $0) }
    }

    func detect(_ directory: String) throws -> Detection? {
        let files = listing.filesIn(directory)
        if files.isEmpty || !mayHoldAnApp(directory, files) { return nil }
        let has = { (name: String) in files.contains(name) }
        let hasSuffix = { (suffix: String) in files.contains { $0.hasSuffix(suffix) } }
        let hasDirectory = { (name: String) in listing.hasDirectory(directory, name) }
        // Nixpacks' configuration or a Procfile means someone meant this directory to run.
        let configured = has("nixpacks.toml") || has("nixpacks.json") || has("Procfile")
        let app = { (isApp: Bool) -> GraphNode.Kind in isApp || configured ? .service : .library }

        if has("shard.yml") { return Detection(provider: "crystal", kind: .service) }
        if hasSuffix(".csproj") { return Detection(provider: "c#", kind: .service) }
        if has("pubspec.yaml") { return Detection(provider: "dart", kind: .service) }
        if has("mix.exs") { return Detection(provider: "elixir", kind: .service) }
        if has("deno.json") || has("deno.jsonc") { return Detection(provider: "deno", kind: .service) }
        if hasSuffix(".fsproj") { return Detection(provider: "f#", kind: .service) }
        if has("project.clj") || has("build.clj") { return Detection(provider: "clojure", kind: .service) }
        if has("gleam.toml") && has("manifest.toml") { return Detection(provider: "gleam", kind: .service) }
        if has("go.mod") || (has("main.go") && !insideGoModule(directory)) {
            return Detection(provider: "go", kind: app(try isGoApp(directory, files)))
        }
        if has("go.work") { return Detection(provider: "go", kind: configured ? .service : .workspace) }
        if has("package.yaml") && hasSuffix(".hs") { return Detection(provider: "haskell", kind: .service) }
        if has("haunt.scm") { return Detection(provider: "scheme", kind: .service) }
        if has("pom.xml") || has("gradlew") || ["pom.rb", "pom.scala", "pom.yaml", "pom.yml"].contains(where: has)
            || ["pom.atom", "pom.clj", "pom.groovy"].contains(where: hasDirectory) {
            return Detection(provider: "java", kind: .service)
        }
        if has("build.sbt") { return Detection(provider: "scala", kind: .service) }
        if has("composer.json") || has("index.php") { return Detection(provider: "php", kind: .service) }
        if has("Gemfile") { return Detection(provider: "ruby", kind: app(try isRubyApp(directory, files))) }
        if has("package.json") { return Detection(provider: "node", kind: try nodeKind(directory, files, configured)) }
        if has("main.py") || has("requirements.txt") || has("pyproject.toml") || has("Pipfile") {
            return Detection(provider: "python", kind: app(has("main.py") || has("manage.py") || has("app.py") || has("wsgi.py")))
        }
        if has("Cargo.toml") { return Detection(provider: "rust", kind: try rustKind(directory, configured)) }
        if has("Package.swift") {
            return Detection(provider: "swift", kind: .service)
        }
        if has("Staticfile") || has("index.html") { return Detection(provider: "staticfile", kind: .service) }
        if has("build.zig") { return Detection(provider: "zig", kind: .service) }
        if hasSuffix(".cbl") { return Detection(provider: "cobol", kind: .service) }
        if configured { return Detection(provider: "procfile", kind: .service) }
        return nil
    }

    private func path(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory + "/" + name
    }

    /// A `main.go` below a go.mod is a package of that module (`cmd/x/main.go`), not an app of its own.
    private func insideGoModule(_ directory: String) -> Bool {
        var current = directory
        while !current.isEmpty {
            current = RelativePath.parent(current)
            if listing.hasFile(current, "go.mod") { return true }
        }
        return false
    }

    private func isGoApp(_ directory: String, _ files: Set<String>) throws -> Bool {
        if files.contains("main.go") || listing.hasDirectory(directory, "cmd") { return true }
        for file in files.sorted() where file.hasSuffix(".go") && !file.hasSuffix("_test.go") {
            if let text = try reader.text(path(directory, file)), text.contains("package main") { return true }
        }
        return false
    }

    private func isRubyApp(_ directory: String, _ files: Set<String>) throws -> Bool {
        // A gem (with a .gemspec) is a library unless it is also a Rack or Rails app.
        let isGem = files.contains { $0.hasSuffix(".gemspec") }
        return !isGem || files.contains("config.ru") || listing.hasDirectory(directory, "config")
    }

    private func nodeKind(_ directory: String, _ files: Set<String>, _ configured: Bool) throws -> GraphNode.Kind {
        guard let document = try reader.document(path(directory, "package.json"), .json) else { return .library }
        let manifest = document.root
        let scripts = manifest["scripts"]?.table ?? [:]
        let isWorkspaceRoot = manifest["workspaces"] != nil || files.contains("pnpm-workspace.yaml")
        // `main` alone marks a library's entry point, so it does not make an app here (Nixpacks would
        // start it); name such an app in nixpacks-ci.toml.
        var isApp = scripts["start"] != nil || files.contains("index.js") || files.contains("server.js") || configured
        for section in ["dependencies", "devDependencies"] where manifest[section]?["vite"] != nil {
            isApp = true
        }
        if isApp { return .service }
        return isWorkspaceRoot ? .workspace : .library
    }

    private func rustKind(_ directory: String, _ configured: Bool) throws -> GraphNode.Kind {
        guard let manifest = try reader.document(path(directory, "Cargo.toml"), .toml)?.root else { return .library }
        if manifest["package"] == nil { return manifest["workspace"] != nil ? .workspace : .library }
        let source = path(directory, "src")
        let isApp = listing.hasFile(source, "main.rs") || listing.hasDirectory(source, "bin")
            || manifest["bin"] != nil || configured
        return isApp ? .service : .library
    }
}
