import Documents
import Foundation

/// Rust (spec §3.5). The musl target names the host architecture, as Nixpacks does.
struct RustProvider: Provider {
    static let overlay = "https://github.com/oxalica/rust-overlay/archive/master.tar.gz"
    static let archive = "ef56e777fedaa4da8c66a150081523c5de1e0171"

    static var hostArchitecture: String {
        #if arch(arm64)
        "aarch64"
        #else
        "x86_64"
        #endif
    }

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let manifest = try app.toml("Cargo.toml")
        let toolchainFile = ["rust-toolchain", "rust-toolchain.toml"].first(where: app.includesFile)
        let openssl = usesOpenSSL(app, manifest)
        let target = try target(app, environment, toolchainFile: toolchainFile, openssl: openssl)

        var rust: String
        if let version = environment.config("RUST_VERSION") {
            rust = "rust-bin.stable.\"\(version)\".default"
        } else if let toolchainFile {
            rust = "(rust-bin.fromRustupToolchainFile ../\(toolchainFile))"
        } else if let version = manifest[path: ["package", "rust-version"]]?.string {
            rust = "rust-bin.stable.\"\(version)\".default"
        } else {
            rust = "rust-bin.stable.latest.default"
        }
        if let target { rust = "(\(rust).override { targets = [\"\(target)\"]; })" }

        var packages = [NixPackage("binutils"), NixPackage("gcc"), NixPackage(rust, overlay: Self.overlay)]
        if let target, target.hasSuffix("musl") { packages += [NixPackage("musl"), NixPackage("musl.dev")] }
        var setup = Phase.setup(packages)
        setup.nixpkgsArchive = Self.archive
        if openssl { setup.nixLibs = ["openssl", "openssl.dev"] }
        if let toolchainFile { setup.addFileDependency(toolchainFile) }

        let (packageManifest, workspace) = try workspacePackage(app, manifest, environment)
        let binaries = binaries(app, packageManifest, directory: workspace.map { workspaceDirectory(app, $0, manifest) } ?? "")
        var build = Phase(name: "build")
        build.dependsOn = ["setup"]
        build.addCmd("mkdir -p bin")
        var cargo = "cargo build --release"
        if let workspace { cargo += " --package \(workspace)" }
        if let target { cargo += " --target \(target)" }
        build.addCmd(cargo)
        let outputDirectory = target.map { "target/\($0)/release" } ?? "target/release"
        let suffix = target == "wasm32-wasi" ? ".wasm" : ""
        for binary in binaries { build.addCmd("cp \(outputDirectory)/\(binary)\(suffix) bin") }
        build.addCacheDirectory("/root/.cargo/git")
        build.addCacheDirectory("/root/.cargo/registry")
        if packageManifest?[path: ["package", "name"]]?.string != nil { build.addCacheDirectory("target") }

        var start: StartPhase?
        if let binary = try startBinary(binaries, packageManifest, environment) {
            start = StartPhase(cmd: "./bin/\(binary)")
            if target != nil {
                start?.runImage = "ubuntu:noble"
                start?.onlyIncludeFiles = ["./bin/\(binary)"]
            }
        }
        var plan = BuildPlan(phases: [setup, build], start: start)
        plan.addVariables(["ROCKET_ADDRESS": "0.0.0.0"])
        return plan
    }

    private func usesOpenSSL(_ app: App, _ manifest: DocumentValue) -> Bool {
        for table in ["dependencies", "dev-dependencies", "build-dependencies"] where manifest[table]?["openssl"] != nil {
            return true
        }
        return app.readIfPresent("Cargo.lock").contains("openssl")
    }

    private func target(_ app: App, _ environment: PlanEnvironment, toolchainFile: String?, openssl: Bool) throws(PlanError) -> String? {
        if app.includesFile(".cargo/config.toml"),
           app.readIfPresent(".cargo/config.toml").range(of: #"target\s*=\s*"wasm32-wasi""#, options: .regularExpression) != nil {
            return "wasm32-wasi"
        }
        if environment.config("NO_MUSL") != nil || toolchainFile != nil || openssl { return nil }
        return "\(Self.hostArchitecture)-unknown-linux-musl"
    }

    /// The manifest whose binaries are built, and the workspace member name when it is a member.
    private func workspacePackage(_ app: App, _ manifest: DocumentValue, _ environment: PlanEnvironment) throws(PlanError) -> (DocumentValue?, String?) {
        if let name = environment.config("CARGO_WORKSPACE") {
            let member = try members(app, manifest).first { $0.1[path: ["package", "name"]]?.string == name }
            return (member?.1, name)
        }
        guard manifest["workspace"] != nil else { return (manifest, nil) }
        if let first = manifest[path: ["workspace", "default-members"]]?.strings?.first,
           let member = try members(app, manifest).first(where: { $0.0 == RelativeName.normalise(first) }) {
            return (member.1, member.1[path: ["package", "name"]]?.string)
        }
        for (_, member) in try members(app, manifest) where member["bin"] != nil || member["lib"] == nil {
            return (member, member[path: ["package", "name"]]?.string)
        }
        return (manifest["package"] != nil ? manifest : nil, nil)
    }

    /// Workspace members (globs expanded, `exclude` honoured) with their manifests, in listing order.
    private func members(_ app: App, _ manifest: DocumentValue) throws(PlanError) -> [(String, DocumentValue)] {
        let excluded = Set((manifest[path: ["workspace", "exclude"]]?.strings ?? []).map(RelativeName.normalise))
        var result: [(String, DocumentValue)] = []
        for pattern in manifest[path: ["workspace", "members"]]?.strings ?? [] {
            let normalised = RelativeName.normalise(pattern)
            let directories: [String]
            if normalised.contains("*") {
                directories = app.findFiles(normalised + "/Cargo.toml").map { String($0.dropLast("/Cargo.toml".count)) }
            } else {
                directories = [normalised]
            }
            for directory in directories where !excluded.contains(directory) && app.includesFile(directory + "/Cargo.toml") {
                result.append((directory, try app.toml(directory + "/Cargo.toml")))
            }
        }
        return result
    }

    private func workspaceDirectory(_ app: App, _ name: String, _ manifest: DocumentValue) -> String {
        ((try? members(app, manifest)) ?? []).first { $0.1[path: ["package", "name"]]?.string == name }?.0 ?? ""
    }

    /// The package's binary if `src/main.rs` exists, then `src/bin/*` file stems.
    private func binaries(_ app: App, _ manifest: DocumentValue?, directory: String) -> [String] {
        let prefix = directory.isEmpty ? "" : directory + "/"
        var result: [String] = []
        if let name = manifest?[path: ["package", "name"]]?.string, app.includesFile(prefix + "src/main.rs") { result.append(name) }
        let binDirectory = prefix + "src/bin/"
        for file in app.allFiles() where file.hasPrefix(binDirectory) && file.hasSuffix(".rs") {
            let rest = file.dropFirst(binDirectory.count)
            if !rest.contains("/") { result.append(String(rest.dropLast(3))) }
        }
        return result
    }

    private func startBinary(_ binaries: [String], _ manifest: DocumentValue?, _ environment: PlanEnvironment) throws(PlanError) -> String? {
        if binaries.count == 1 { return binaries[0] }
        if let chosen = environment.config("RUST_BIN") {
            guard binaries.contains(chosen) else {
                throw PlanError.providerFailed(provider: "rust", message: "NIXPACKS_RUST_BIN=\(chosen) is not one of the binaries \(binaries.joined(separator: ", "))")
            }
            return chosen
        }
        return manifest?[path: ["package", "default-run"]]?.string
    }
}

/// Cargo member paths: no leading `./`, no trailing `/`.
enum RelativeName {
    static func normalise(_ path: String) -> String {
        var text = path
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
