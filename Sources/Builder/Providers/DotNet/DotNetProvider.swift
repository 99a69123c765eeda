import Foundation

/// C# and F# (spec §3.9): `dotnet restore`, `dotnet publish` into `out/`, start the first project's
/// binary. Both providers share this planner; only the project extension and SDK choice differ.
struct DotNetProvider: Provider {
    enum Language {
        case csharp, fsharp

        var projectPattern: String { self == .csharp ? "*.csproj" : "*.fsproj" }
    }

    static let artifactDirectory = "out"
    let language: Language

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let sdk = language == .csharp ? try Self.sdkPackage(app, environment) : "dotnet-sdk"
        let setup = Phase.setup([NixPackage(sdk)])
        let install = Phase.install("dotnet restore")
        let build = Phase.build("dotnet publish --no-restore -c Release -o \(Self.artifactDirectory)")

        guard let project = app.findFiles(language.projectPattern).first else {
            throw PlanError.providerFailed(provider: language == .csharp ? "c#" : "f#", message: "no \(language.projectPattern) project file found")
        }
        let stem = ((project as NSString).lastPathComponent as NSString).deletingPathExtension
        var plan = BuildPlan(phases: [setup, install, build], start: StartPhase(cmd: "./\(Self.artifactDirectory)/\(stem)"))
        plan.addVariables([
            "ASPNETCORE_ENVIRONMENT": "Production",
            "ASPNETCORE_URLS": "http://0.0.0.0:3000",
            "DOTNET_ROOT": "/nix/var/nix/profiles/default/",
        ])
        return plan
    }

    /// `NIXPACKS_CSHARP_SDK_VERSION`, else global.json `sdk.version`, else 6; only the major counts,
    /// and a major that does not parse falls back to 6, as in Nixpacks.
    static func sdkPackage(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> String {
        var requested = environment.config("CSHARP_SDK_VERSION")
        if requested == nil, app.includesFile("global.json") {
            requested = try app.json("global.json")[path: ["sdk", "version"]]?.string
        }
        let majorText = (requested ?? "6").split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let major = UInt8(majorText) ?? 6
        return major == 6 ? "dotnet-sdk" : "dotnet-sdk_\(major)"
    }
}
