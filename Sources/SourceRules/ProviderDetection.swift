import Foundation
import Synchronization

/// A directory as provider detection sees it: an app on disk (the planner) or a directory of a
/// monorepo's file listing (discovery).
public protocol SourceTree {
    /// Whether `path` (relative) is a file.
    func includesFile(_ path: String) -> Bool
    /// Whether `path` (relative) is a directory.
    func includesDirectory(_ path: String) -> Bool
    /// Every file, relative, sorted.
    func allFiles() -> [String]
    /// The text of a file, or "" when it does not exist or cannot be read.
    func readIfPresent(_ path: String) -> String
}

extension SourceTree {
    /// Whether some file matches a Nixpacks glob (`*` crosses `/`).
    public func hasMatch(_ glob: String) -> Bool {
        guard let pattern = NixpacksGlobs.pattern(glob) else { return false }
        return allFiles().contains { pattern.matches($0) }
    }

    /// The files that match a Nixpacks glob, sorted.
    public func findFiles(_ glob: String) -> [String] {
        guard let pattern = NixpacksGlobs.pattern(glob) else { return [] }
        return allFiles().filter { pattern.matches($0) }
    }
}

/// The providers' globs, each parsed once per process (detection asks the same few of every app).
enum NixpacksGlobs {
    private static let parsed = Mutex<[String: PathPattern?]>([:])

    static func pattern(_ glob: String) -> PathPattern? {
        if let known = parsed.withLock({ $0[glob] }) { return known }
        let pattern = try? PathPattern(glob, syntax: .nixpacks)
        parsed.withLock { $0[glob] = pattern }
        return pattern
    }
}

extension ProviderName {
    /// The first provider whose rule matches, in Nixpacks' order.
    /// - Parameter scanningSources: whether Deno's rule may read every `.ts`/`.js` file for an
    ///   import from deno.land. Discovery passes false for the directories it finds by itself, as
    ///   it reads manifests only (docs/configuration.md); every other caller scans, as Nixpacks does.
    public static func detect(_ tree: some SourceTree, scanningSources: Bool = true) -> ProviderName? {
        allCases.first { $0.detects(tree, scanningSources: scanningSources) }
    }

    /// Nixpacks' detection rule for this provider (spec §3.1).
    public func detects(_ tree: some SourceTree, scanningSources: Bool = true) -> Bool {
        switch self {
        case .crystal: return tree.includesFile("shard.yml")
        case .csharp: return tree.hasMatch("*.csproj")
        case .dart: return tree.includesFile("pubspec.yaml")
        case .elixir: return tree.includesFile("mix.exs")
        case .deno:
            if tree.includesFile("deno.json") || tree.includesFile("deno.jsonc") { return true }
            return scanningSources && Self.hasDenoImport(tree)
        case .fsharp: return tree.hasMatch("*.fsproj")
        case .clojure: return tree.includesFile("project.clj") || tree.includesFile("build.clj")
        case .gleam: return tree.includesFile("gleam.toml") && tree.includesFile("manifest.toml")
        case .go: return tree.includesFile("main.go") || tree.includesFile("go.mod")
        case .haskell: return tree.includesFile("package.yaml") && tree.hasMatch("*.hs")
        case .scheme: return tree.includesFile("haunt.scm")
        case .java:
            return tree.includesFile("pom.xml") || ["pom.atom", "pom.clj", "pom.groovy"].contains(where: tree.includesDirectory)
                || ["pom.rb", "pom.scala", "pom.yaml", "pom.yml"].contains(where: tree.includesFile) || tree.includesFile("gradlew")
        case .lunatic:
            guard tree.includesFile("Cargo.toml"), tree.includesFile(".cargo/config.toml") else { return false }
            return tree.readIfPresent(".cargo/config.toml").range(of: #"runner\s*=\s*"lunatic""#, options: .regularExpression) != nil
        case .scala: return tree.includesFile("build.sbt")
        case .php: return tree.includesFile("composer.json") || tree.includesFile("index.php")
        case .ruby: return tree.includesFile("Gemfile")
        case .node: return tree.includesFile("package.json")
        case .python: return ["main.py", "requirements.txt", "pyproject.toml", "Pipfile"].contains(where: tree.includesFile)
        case .rust: return tree.includesFile("Cargo.toml")
        case .swift: return tree.includesFile("Package.swift")
        case .staticfile:
            return tree.includesFile("Staticfile") || ["public", "index", "dist"].contains(where: tree.includesDirectory)
                || tree.includesFile("index.html")
        case .zig: return tree.hasMatch("*.zig")
        case .cobol: return tree.hasMatch("*.cbl")
        }
    }

    /// File names in a directory's top level that can make a provider's rule match there; a
    /// directory with none of them (nor a name ending in `markerSuffixes`) is no candidate for
    /// discovery. (Rules on sub-directories and deep globs alone do not make a candidate.)
    public static let markerFileNames: Set<String> = [
        "shard.yml", "pubspec.yaml", "mix.exs", "deno.json", "deno.jsonc", "project.clj", "build.clj", "gleam.toml",
        "go.mod", "main.go", "package.yaml", "haunt.scm", "pom.xml", "gradlew", "pom.rb", "pom.scala", "pom.yaml",
        "pom.yml", "build.sbt", "composer.json", "index.php", "Gemfile", "package.json", "main.py", "requirements.txt",
        "pyproject.toml", "Pipfile", "Cargo.toml", "Package.swift", "Staticfile", "index.html", "build.zig",
    ]

    public static let markerSuffixes = [".csproj", ".fsproj", ".cbl"]

    private static let denoImport = try! NSRegularExpression(pattern: #"import .+ from "https://deno\.land/.+\.(ts|js|tsx|jsx)""#)

    /// Any `.ts`, `.tsx`, `.js` or `.jsx` file importing from deno.land.
    static func hasDenoImport(_ tree: some SourceTree) -> Bool {
        for file in tree.allFiles() where [".ts", ".tsx", ".js", ".jsx"].contains(where: file.hasSuffix) {
            let text = tree.readIfPresent(file)
            // A cheap substring check first: most files never mention deno.land.
            if TextSearch.contains(text, "deno.land"), denoImport.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                return true
            }
        }
        return false
    }
}
