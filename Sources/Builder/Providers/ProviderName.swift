import Foundation

/// Every Nixpacks provider, in detection order (spec §3.1). Adding one is a compile error until
/// `implementation` handles it.
public enum ProviderName: String, CaseIterable, Sendable, Codable {
    case crystal
    case csharp = "c#"
    case dart
    case elixir
    case deno
    case fsharp = "f#"
    case clojure
    case gleam
    case go
    case haskell
    case scheme
    case java
    case lunatic
    case scala
    case php
    case ruby
    case node
    case python
    case rust
    case swift
    case staticfile
    case zig
    case cobol

    /// The provider's planner.
    var implementation: any Provider {
        switch self {
        case .go: GoProvider()
        case .python: PythonProvider()
        case .node: NodeProvider()
        case .rust: RustProvider()
        case .staticfile: StaticfileProvider()
        case .deno: DenoProvider()
        case .java: JavaProvider()
        case .ruby: RubyProvider()
        case .php: PHPProvider()
        case .crystal: CrystalProvider()
        case .csharp: DotNetProvider(language: .csharp)
        case .fsharp: DotNetProvider(language: .fsharp)
        case .dart: DartProvider()
        case .elixir: ElixirProvider()
        case .clojure: ClojureProvider()
        case .gleam: GleamProvider()
        case .haskell: HaskellProvider()
        case .scheme: SchemeProvider()
        case .lunatic: LunaticProvider()
        case .scala: ScalaProvider()
        case .swift: SwiftProvider()
        case .zig: ZigProvider()
        case .cobol: CobolProvider()
        }
    }

    /// Detection as Nixpacks does it (spec §3.1), for every provider.
    func detect(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> Bool {
        switch self {
        case .crystal: return app.includesFile("shard.yml")
        case .csharp: return app.hasMatch("*.csproj")
        case .dart: return app.includesFile("pubspec.yaml")
        case .elixir: return app.includesFile("mix.exs")
        case .deno: return try DenoProvider.detect(app)
        case .fsharp: return app.hasMatch("*.fsproj")
        case .clojure: return app.includesFile("project.clj") || app.includesFile("build.clj")
        case .gleam: return app.includesFile("gleam.toml") && app.includesFile("manifest.toml")
        case .go: return app.includesFile("main.go") || app.includesFile("go.mod")
        case .haskell: return app.includesFile("package.yaml") && app.hasMatch("*.hs")
        case .scheme: return app.includesFile("haunt.scm")
        case .java:
            return app.includesFile("pom.xml") || ["pom.atom", "pom.clj", "pom.groovy"].contains(where: app.includesDirectory)
                || ["pom.rb", "pom.scala", "pom.yaml", "pom.yml"].contains(where: app.includesFile) || app.includesFile("gradlew")
        case .lunatic:
            guard app.includesFile("Cargo.toml"), app.includesFile(".cargo/config.toml") else { return false }
            return app.readIfPresent(".cargo/config.toml").range(of: #"runner\s*=\s*"lunatic""#, options: .regularExpression) != nil
        case .scala: return app.includesFile("build.sbt")
        case .php: return app.includesFile("composer.json") || app.includesFile("index.php")
        case .ruby: return app.includesFile("Gemfile")
        case .node: return app.includesFile("package.json")
        case .python:
            return ["main.py", "requirements.txt", "pyproject.toml", "Pipfile"].contains(where: app.includesFile)
        case .rust: return app.includesFile("Cargo.toml")
        case .swift: return app.includesFile("Package.swift")
        case .staticfile:
            return app.includesFile("Staticfile") || ["public", "index", "dist"].contains(where: app.includesDirectory)
                || app.includesFile("index.html")
        case .zig: return app.hasMatch("*.zig")
        case .cobol: return app.hasMatch("*.cbl")
        }
    }
}

/// A provider's planner.
protocol Provider: Sendable {
    /// The plan for an app this provider detected; nil when it has nothing to say.
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan?
    /// Tags for NIXPACKS_METADATA after the provider's name (only Python has some).
    func metadata(_ app: App, _ environment: PlanEnvironment) -> [String]
}

extension Provider {
    func metadata(_ app: App, _ environment: PlanEnvironment) -> [String] { [] }
}
