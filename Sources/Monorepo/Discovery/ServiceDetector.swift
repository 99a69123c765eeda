import SourceRules

/// Zero-configuration detection: which provider claims a directory (the one provider table,
/// `ProviderName.detect`, as the planner asks it) and whether it is an app (a service), a library
/// or a workspace root.
struct ServiceDetector {
    struct Detection: Equatable {
        var provider: String?
        var kind: GraphNode.Kind
    }

    let listing: FileListing
    let reader: ManifestReader

    /// Names besides the providers' markers that make a directory a candidate: Nixpacks'
    /// configuration, a Procfile, and workspace roots that no provider claims.
    private static let extraMarkers: Set<String> = ["nixpacks.toml", "nixpacks.json", "Procfile", "go.work"]
    private static let markerNames = ProviderName.markerFileNames.union(extraMarkers)

    /// For each first byte, a bit per length (below 32) that some marker name has: most names are
    /// ruled out by this table before they are hashed.
    private static let markerShapes: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        for name in markerNames where name.utf8.count < 32 { table[Int(name.utf8.first!)] |= 1 << UInt32(name.utf8.count) }
        return table
    }()

    /// Whether a directory holds a file that can make it an app: most directories of a monorepo
    /// (src/, tests/, ...) hold none, and are passed over after one look at each name.
    func isCandidate(_ directory: String) -> Bool {
        let files = listing.filesIn(directory)
        return files.contains { name in
            let utf8 = name.utf8
            guard let first = utf8.first, let last = utf8.last else { return false }
            if utf8.count < 32, Self.markerShapes[Int(first)] & (1 << UInt32(utf8.count)) != 0, Self.markerNames.contains(name) {
                return true
            }
            return (last == UInt8(ascii: "j") || last == UInt8(ascii: "l")) && ProviderName.markerSuffixes.contains(where: name.hasSuffix)
        } || ["pom.atom", "pom.clj", "pom.groovy"].contains { listing.hasDirectory(directory, $0) }
    }

    /// - Parameters:
    ///   - isNode: whether a directory is a node; the files of nodes inside this one are theirs.
    ///   - named: the directory is named in nixpacks-ci.toml: it needs no marker file, and Deno's
    ///     rule may read its source files (discovery by itself reads manifests only).
    func detect(_ directory: String, isNode: @escaping (String) -> Bool = { _ in false }, named: Bool = false) throws -> Detection? {
        let files = listing.filesIn(directory)
        if !named, files.isEmpty || !isCandidate(directory) { return nil }
        let scanningSources = named
        let has = { (name: String) in files.contains(name) }
        // Nixpacks' configuration or a Procfile means someone meant this directory to run.
        let configured = has("nixpacks.toml") || has("nixpacks.json") || has("Procfile")
        let app = { (isApp: Bool) -> GraphNode.Kind in isApp || configured ? .service : .library }
        let tree = ListedDirectory(listing: listing, reader: reader, directory: directory, isNode: isNode)
        guard let provider = ProviderName.detect(tree, scanningSources: scanningSources) else {
            if has("go.work") { return Detection(provider: nil, kind: configured ? .service : .workspace) }
            return configured ? Detection(provider: "procfile", kind: .service) : nil
        }
        let kind: GraphNode.Kind
        switch provider {
        case .go:
            // A `main.go` below a go.mod is a package of that module (`cmd/x/main.go`), not an app of its own.
            if !has("go.mod"), insideGoModule(directory) { return nil }
            kind = app(try isGoApp(directory, files))
        case .ruby: kind = app(try isRubyApp(directory, files))
        case .node: kind = try nodeKind(directory, files, configured)
        case .python:
            let isApp = has("main.py") || has("manage.py") || has("app.py") || has("wsgi.py")
            if !isApp, !configured, has("pyproject.toml"),
               try reader.document(path(directory, "pyproject.toml"), .toml)?.root[path: ["tool", "uv", "workspace"]] != nil {
                kind = .workspace
            } else {
                kind = app(isApp)
            }
        case .rust: kind = try rustKind(directory, configured)
        case .crystal, .csharp, .dart, .elixir, .deno, .fsharp, .clojure, .gleam, .haskell, .scheme, .java, .lunatic,
             .scala, .php, .swift, .staticfile, .zig, .cobol:
            kind = .service
        }
        return Detection(provider: provider.rawValue, kind: kind)
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
        // A framework app (Next.js, Vite, ...) runs even without a start script of its own.
        for section in ["dependencies", "devDependencies"] where WorkspaceLibraries.frameworks.contains(where: { manifest[section]?[$0] != nil }) {
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
