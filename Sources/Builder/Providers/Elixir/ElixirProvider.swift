import Foundation

/// Elixir (spec §3.9, notes b and c): hex, rebar and deps in install; compile, assets and Ecto in
/// build; `mix phx.server`.
struct ElixirProvider: Provider {
    static let archive = "c5702bd28cbde41a191a9c2a00501f18941efbd0"
    private static let mixVersion = try! NSRegularExpression(pattern: #"(elixir:[\s].*[> ])([0-9|\.]*)"#)
    private static let version = try! NSRegularExpression(pattern: #"^(?:[\sa-zA-Z-"']*)(\d*)(?:\.*)(\d*)(?:\.*\d*)(?:["']?)$"#)

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let mix = try app.readFile("mix.exs")
        var setup = Phase.setup([NixPackage(try Self.package(app, environment, mix: mix))])
        setup.nixpkgsArchive = Self.archive
        setup.addNixLibs(["stdenv.cc.cc.lib"])
        setup.addNixPkgs([NixPackage("gcc")])

        var install = Phase.install("mix local.hex --force")
        install.addCmd("mix local.rebar --force")
        install.addCmd("mix deps.get --only prod")

        var build = Phase.build("mix compile")
        if mix.contains("assets.deploy") { build.addCmd("mix assets.deploy") }
        if mix.contains("postgrex"), mix.contains("ecto") { build.addCmd("mix ecto.setup") }

        var plan = BuildPlan(phases: [setup, install, build], start: StartPhase(cmd: "mix phx.server"))
        plan.addVariables(["MIX_ENV": "prod", "ELIXIR_ERL_OPTIONS": "+fnu"])
        return plan
    }

    /// `NIXPACKS_ELIXIR_VERSION`, else `.elixir-version`, else `elixir: "~> X.Y"` in mix.exs; 1.9 to
    /// 1.17 have their own package, anything else is `elixir`.
    static func package(_ app: App, _ environment: PlanEnvironment, mix: String) throws(PlanError) -> String {
        var requested = environment.config("ELIXIR_VERSION")
        if requested == nil, app.includesFile(".elixir-version") {
            requested = try app.readFile(".elixir-version")
        } else if requested == nil {
            requested = capture(mixVersion, in: mix, group: 2)
        }
        guard let requested else { return "elixir" }
        let trimmed = requested.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let major = capture(version, in: trimmed, group: 1), let minor = capture(version, in: trimmed, group: 2),
              major == "1", let minorNumber = Int(minor), (9...17).contains(minorNumber), String(minorNumber) == minor else {
            return "elixir"
        }
        return "elixir_1_\(minor)"
    }

    private static func capture(_ expression: NSRegularExpression, in text: String, group: Int) -> String? {
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: group), in: text) else { return nil }
        return String(text[range])
    }
}
