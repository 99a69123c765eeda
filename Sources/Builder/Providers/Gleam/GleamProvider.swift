/// Gleam (spec §3.9, note n): the Gleam compiler is fetched by an asset script at the version of
/// `gleam_stdlib` in manifest.toml, then `gleam export erlang-shipment`.
struct GleamProvider: Provider {
    /// Our own text of Nixpacks' get-gleam.sh: the musl release of the given version into /usr/bin.
    static let getGleam = """
    #!/bin/sh
    # Installs the Gleam compiler release $1 (musl build for this machine) into /usr/bin.
    set -e
    version="$1"
    url="https://github.com/gleam-lang/gleam/releases/download/v${version}/gleam-v${version}-$(uname -m)-unknown-linux-musl.tar.gz"
    wget -O /gleam.tar.gz "$url"
    tar -xzf /gleam.tar.gz -C /usr/bin
    """

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let manifest = try app.toml("manifest.toml")
        guard let packages = manifest["packages"]?.array else {
            throw PlanError.invalidFile(file: "manifest.toml", line: nil, message: "no `packages` list; run `gleam deps download` to write the manifest")
        }
        let stdlib = packages.first { $0["name"]?.string == "gleam_stdlib" }?["version"]?.string
        let setup = Phase.setup(["wget", "erlang", "elixir", "rebar3"].map { NixPackage($0) })
        var install = Phase.install("sh /assets/get-gleam.sh \(stdlib ?? "main")")
        install.onlyIncludeFiles = ["gleam.toml", "manifest.toml"]
        install.addCmd("gleam deps download")
        let start = StartPhase(cmd: "./build/erlang-shipment/entrypoint.sh run", onlyIncludeFiles: ["build/erlang-shipment"])
        var plan = BuildPlan(phases: [setup, install, .build("gleam export erlang-shipment")], start: start)
        plan.addStaticAssets(["get-gleam.sh": Self.getGleam])
        return plan
    }
}
