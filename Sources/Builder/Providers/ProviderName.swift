import Foundation
@_exported import enum SourceRules.ProviderName

/// Each provider's planner; the detection rules live with the enum (SourceRules), where
/// discovery reads them too.
extension ProviderName {
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
}

/// A provider's planner.
protocol Provider: Sendable {
    /// The plan for an app this provider detected; nil when it has nothing to say.
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan?
    /// Tags for NIXPACKS_METADATA after the provider's name (only Python has some).
    func metadata(_ app: App, _ environment: PlanEnvironment) -> [String]
    /// The language versions the app asked for (VersionRequest+Providers.swift; none by default).
    func versionRequests(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [VersionRequest]
}

extension Provider {
    func metadata(_ app: App, _ environment: PlanEnvironment) -> [String] { [] }
}
