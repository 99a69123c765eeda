import Documents
import Foundation
import SourceRules

/// Moon, Nx and Turborepo (spec §3.2): build and start commands for one app of a JS monorepo.
struct NodeMonorepoTools {
    let project: NodeProject
    let environment: PlanEnvironment
    var app: App { project.app }
    var dlx: String { project.packageManager.dlx }

    var moonApp: String? {
        guard let name = environment.config("MOON_APP_NAME"), app.includesFile(".moon/workspace.yml") else { return nil }
        return name
    }

    /// The Nx app and its project.json, when this is an Nx workspace.
    var nx: (app: String, project: DocumentValue)? {
        guard app.includesFile("nx.json") else { return nil }
        let name = environment.config("NX_APP_NAME") ?? (try? app.json("nx.json"))?["defaultProject"]?.string
        guard let name, let project = try? app.json("apps/\(name)/project.json") else { return nil }
        return (name, project)
    }

    var turbo: DocumentValue? {
        guard app.includesFile("turbo.json") else { return nil }
        return try? app.json("turbo.json")
    }

    private func turboHasTask(_ task: String) -> Bool {
        turbo?[path: ["pipeline", task]] != nil || turbo?[path: ["tasks", task]] != nil
    }

    func buildCommand() -> String? {
        if let moon = moonApp { return "\(dlx) @moonrepo/cli run \(moon):\(environment.config("MOON_BUILD_TASK") ?? "build")" }
        if let nx { return "\(dlx) nx run \(nx.app):build:production" }
        if turbo != nil {
            if turboHasTask("build") { return "npx turbo run build" }
            if let name = environment.config("TURBO_APP_NAME") { return "\(dlx) turbo run \(name):build" }
        }
        return nil
    }

    func startCommand() -> String? {
        if let moon = moonApp { return "\(dlx) @moonrepo/cli run \(moon):\(environment.config("MOON_START_TASK") ?? "start")" }
        if let nx {
            if let start = nx.project[path: ["targets", "start"]] {
                return start[path: ["configurations", "production"]] != nil
                    ? "\(dlx) nx run \(nx.app):start:production" : "\(dlx) nx run \(nx.app):start"
            }
            let build = nx.project[path: ["targets", "build"]]
            let outputPath = build?[path: ["options", "outputPath"]]?.string ?? "dist/apps/\(nx.app)"
            if let executor = build?["executor"]?.string, executor == "@nx/next:build" || executor == "@nrwl/next:build" {
                return "cd \(outputPath) && npm run start"
            }
            if let main = build?[path: ["options", "main"]]?.string {
                let stem = (main.split(separator: "/").last.map(String.init) ?? main).split(separator: ".").first.map(String.init) ?? main
                return "node \(outputPath)/\(stem).js"
            }
            return "node \(outputPath)/index.js"
        }
        if turbo != nil {
            if let name = environment.config("TURBO_APP_NAME"), workspaceDirectories().contains(where: { workspaceName($0) == name }) {
                switch project.packageManager {
                case .pnpm: return "pnpm --filter \(name) run start"
                case .yarn: return "yarn workspace \(name) run start"
                case .npm, .bun: return "\(project.packageManager.rawValue) --workspace \(name) run start"
                }
            }
            if turboHasTask("start") { return "npx turbo run start" }
        }
        return nil
    }

    private func workspaceDirectories() -> [String] {
        var globs: [String] = []
        if project.packageManager == .pnpm, let packages = (try? app.yaml("pnpm-workspace.yaml"))?["packages"]?.strings {
            globs = packages
        } else {
            globs = project.manifest["workspaces"]?.strings ?? project.manifest[path: ["workspaces", "packages"]]?.strings ?? []
        }
        let manifests = app.findFiles("*package.json").filter { !$0.contains("node_modules/") && $0 != "package.json" }
        let patterns = globs.compactMap { try? PathPattern($0, syntax: .nixpacks) }
        return manifests.map { String($0.dropLast("/package.json".count)) }.filter { directory in
            patterns.contains { $0.matches(directory) }
        }
    }

    private func workspaceName(_ directory: String) -> String? {
        (try? app.json(directory + "/package.json"))?["name"]?.string
    }
}

/// Vite single-page apps served by Caddy (spec §3.2, SPA).
struct NodeSinglePageApp {
    static let archive = "ba913eda2df8eb72147259189d55932012df6301"
    static let allowList = ["react", "vue", "svelte", "preact", "lit", "solid-js", "@builder.io/qwik"]

    let project: NodeProject
    let environment: PlanEnvironment
    var app: App { project.app }

    /// Dependency quirk kept: devDependencies count only when there is no `dependencies` key.
    private func dependsOn(_ name: String) -> Bool {
        if let dependencies = project.manifest["dependencies"]?.table { return dependencies[name] != nil }
        return project.manifest["devDependencies"]?[name] != nil
    }

    var isVite: Bool {
        dependsOn("vite") || app.includesFile("vite.config.js") || app.includesFile("vite.config.ts")
            || (project.script("build")?.contains("vite build") ?? false)
    }

    var usesCaddy: Bool {
        let setting = environment.config("SPA_CADDY")
        guard setting != "false", setting != "0", isVite else { return false }
        if environment.config("SPA_OUT_DIR") != nil { return true }
        if dependsOn("react"), !dependsOn("@remix-run/react"), !dependsOn("@react-router/node") { return true }
        if dependsOn("svelte"), !dependsOn("@sveltejs/kit") { return true }
        return ["vue", "preact", "lit", "solid-js", "@builder.io/qwik"].contains(where: dependsOn)
    }

    var outputDirectory: String {
        if let configured = environment.config("SPA_OUT_DIR") { return configured }
        for file in ["vite.config.js", "vite.config.ts"] where app.includesFile(file) {
            let text = app.readIfPresent(file)
            if let match = text.range(of: #"outDir:\s*['"]([^'"]+)['"]"#, options: .regularExpression) {
                let value = text[match].split(whereSeparator: { $0 == "'" || $0 == "\"" })
                if value.count >= 2 { return String(value[1]) }
            }
        }
        if let build = project.script("build"), let match = build.range(of: #"vite build --outDir \S+"#, options: .regularExpression) {
            return String(build[match].split(separator: " ").last ?? "dist")
        }
        return "dist"
    }

    var caddyPhase: Phase {
        var phase = Phase.setup([NixPackage("caddy")])
        phase.name = "caddy"
        phase.dependsOn = ["setup"]
        phase.nixpkgsArchive = Self.archive
        phase.addCmd("caddy fmt --overwrite /assets/Caddyfile")
        return phase
    }

    /// Our own Caddyfile with the directives Nixpacks' has (docs/nixpacks-compatibility.md).
    static let caddyfile = """
    # Written by nixpacks-ci: serves a single-page app's build output.
    {
    \tadmin off
    \tpersist_config off
    \tauto_https off
    \tlog {
    \t\tformat json
    \t}
    \tservers {
    \t\ttrusted_proxies static private_ranges
    \t}
    }

    :{$PORT:3000} {
    \tlog {
    \t\tformat json
    \t}
    \trewrite /health /*
    \troot * ../app/{$NIXPACKS_SPA_OUTPUT_DIR}
    \tencode gzip
    \tfile_server
    \ttry_files {path} /index.html
    }

    """
}
