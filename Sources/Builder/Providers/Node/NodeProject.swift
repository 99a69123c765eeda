import Foundation

import Documents

/// What the Node provider reads from an app: package.json, lockfiles, the package manager.
struct NodeProject {
    enum PackageManager: String {
        case npm, pnpm, yarn, bun

        /// The runner for one-off packages (`dlx`).
        var dlx: String {
            switch self {
            case .pnpm: "pnpx"
            case .yarn: "yarn"
            case .npm, .bun: "npx"
            }
        }

        var cacheDirectory: String {
            switch self {
            case .npm: "/root/.npm"
            case .yarn: "/usr/local/share/.cache/yarn/v6"
            case .pnpm: "/root/.local/share/pnpm/store/v3"
            case .bun: "/root/.bun"
            }
        }
    }

    static let overlay = "https://github.com/railwayapp/nix-npm-overlay/archive/main.tar.gz"

    let app: App
    let manifest: DocumentValue

    /// Whether the app has a package.json. Without one the manifest reads as empty, as Nixpacks' Node
    /// provider does (`read_json(...).unwrap_or_default()`) when it runs by config (`providers = [...]`),
    /// for Ruby's execjs, or inside PHP; a package.json that does not parse is still an error.
    let hasManifest: Bool

    /// `requireManifest: true` makes a missing package.json an error instead of an empty manifest.
    init(app: App, requireManifest: Bool = false) throws(PlanError) {
        self.app = app
        hasManifest = app.includesFile("package.json")
        manifest = !requireManifest && !hasManifest ? .table([:]) : try app.json("package.json")
        guard manifest.table != nil else {
            throw PlanError.invalidFile(file: "package.json", line: 1, message: "expected a JSON object")
        }
    }

    var scripts: [String: DocumentValue] { manifest["scripts"]?.table ?? [:] }
    func script(_ name: String) -> String? { scripts[name]?.string }

    func hasDependency(_ name: String) -> Bool {
        manifest["dependencies"]?[name] != nil || manifest["devDependencies"]?[name] != nil
    }

    /// The `packageManager` field up to `@`, when it names a known manager.
    var declaredPackageManager: PackageManager? {
        guard let field = manifest["packageManager"]?.string else { return nil }
        return PackageManager(rawValue: String(field.split(separator: "@").first ?? ""))
    }

    var packageManager: PackageManager {
        if let declared = declaredPackageManager { return declared }
        if app.includesFile("pnpm-lock.yaml") { return .pnpm }
        if app.includesFile("yarn.lock") { return .yarn }
        if app.includesFile("bun.lockb") || app.includesFile("bun.lock") { return .bun }
        return .npm
    }

    /// The package-manager package from the npm overlay.
    var packageManagerPackage: NixPackage {
        switch packageManager {
        case .pnpm:
            let lock = app.readIfPresent("pnpm-lock.yaml")
            let name = lock.hasPrefix("lockfileVersion: 5.3") ? "pnpm-6_x"
                : lock.hasPrefix("lockfileVersion: 5.4") ? "pnpm-7_x"
                : lock.hasPrefix("lockfileVersion: '6.0'") ? "pnpm-8_x" : "pnpm-9_x"
            return NixPackage(name, overlay: Self.overlay)
        case .yarn: return NixPackage("yarn-1_x", overlay: Self.overlay)
        case .bun: return NixPackage("bun", overlay: Self.overlay)
        case .npm:
            let lock = app.readIfPresent("package-lock.json")
            let name = lock.contains("\"lockfileVersion\": 1") ? "npm-6_x" : lock.contains("\"lockfileVersion\": 2") ? "npm-8_x" : "npm-9_x"
            return NixPackage(name, overlay: Self.overlay)
        }
    }

    /// The requested Node version: NIXPACKS_NODE_VERSION, engines.node, .nvmrc, .node-version.
    func requestedVersion(_ environment: PlanEnvironment?) -> String? {
        if let fromEnvironment = environment?.config("NODE_VERSION") { return fromEnvironment }
        if let engines = manifest[path: ["engines", "node"]]?.string { return engines }
        for file in [".nvmrc", ".node-version"] where app.includesFile(file) {
            var text = app.readIfPresent(file).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("v") { text.removeFirst() }
            return text
        }
        return nil
    }

    /// The text the dependency substring checks search.
    var dependencyText: String {
        ["package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml"].map { app.readIfPresent($0) }.joined(separator: "\n")
    }

    /// The install command for the package manager (NodeProvider adds none without a package.json).
    var installCommand: String {
        switch packageManager {
        case .pnpm: return "pnpm i --frozen-lockfile"
        case .yarn: return app.includesFile(".yarnrc.yml") ? "yarn install --check-cache" : "yarn install --frozen-lockfile"
        case .npm, .bun:
            if app.includesFile("package-lock.json") { return "npm ci" }
            if app.includesFile("bun.lockb") || app.includesFile("bun.lock") { return "bun i --no-save" }
            return "npm i"
        }
    }

    /// Every package.json outside node_modules, parsed (unparseable ones are skipped).
    func allManifests() -> [(String, DocumentValue)] {
        app.findFiles("*package.json").filter { !$0.contains("node_modules/") && ($0 == "package.json" || $0.hasSuffix("/package.json")) }
            .compactMap { path in (try? app.json(path)).map { (path, $0) } }
    }
}
