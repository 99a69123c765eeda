import Documents
import Foundation

/// Node.js (spec §3.2): npm, yarn, pnpm, bun, corepack, version selection, Moon, Nx, Turborepo,
/// Vite single-page apps with Caddy, Next.js caches.
struct NodeProvider: Provider {
    static let puppeteerPackages = ["libnss3", "libatk1.0-0", "libatk-bridge2.0-0", "libcups2", "libgbm1", "libasound2t64",
                                    "libpangocairo-1.0-0", "libxss1", "libgtk-3-0", "libxshmfence1", "libglu1", "chromium"]

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let project = try NodeProject(app: app)
        let tools = NodeMonorepoTools(project: project, environment: environment)
        let spa = NodeSinglePageApp(project: project, environment: environment)
        let manager = project.packageManager
        var warning: String?
        let major = NodeVersion.major(for: project.requestedVersion(environment), warning: &warning)
        let node = "nodejs_\(major)"

        var setup = try setupPhase(project, node: node)
        let dependencies = project.dependencyText
        if dependencies.contains("prisma") { setup.addNixPkgs([NixPackage("openssl")]) }
        if dependencies.contains("sharp") { setup.addNixLibs(["gcc-unwrapped"]) }
        if dependencies.contains("puppeteer") { setup.addAptPkgs(Self.puppeteerPackages) }
        if dependencies.contains("canvas") { setup.addNixLibs(["libuuid", "libGL"]) }

        var install = Phase.install(nil)
        if let declared = project.manifest["packageManager"]?.string, !declared.hasPrefix("npm"), !node.contains("14") {
            install.addCmd("npm install -g corepack@0.24.1 && corepack enable")
        }
        // Nixpacks' get_install_command gives none without a package.json.
        if project.hasManifest { install.addCmd(project.installCommand) }
        install.addCacheDirectory(manager.cacheDirectory)
        if project.allManifests().contains(where: { Self.dependsOn($0.1, "cypress") }) {
            install.addCacheDirectory("/root/.cache/Cypress")
        }
        install.addPath("/app/node_modules/.bin")

        var build = Phase.build(nil)
        if let command = tools.buildCommand() {
            build.addCmd(command)
        } else if project.script("build") != nil {
            build.addCmd("\(manager.rawValue) run build")
        }
        for directory in buildCacheDirectories(project, tools: tools) { build.addCacheDirectory(directory) }

        var phases = [setup, install, build]
        var plan = BuildPlan()
        if spa.isVite { plan.addVariables(["NIXPACKS_SPA_OUTPUT_DIR": spa.outputDirectory]) }
        if spa.usesCaddy {
            phases.append(spa.caddyPhase)
            plan.addStaticAssets(["Caddyfile": NodeSinglePageApp.caddyfile])
        }
        for phase in phases { plan.addPhase(phase) }
        plan.start = startCommand(project, tools: tools, spa: spa).map { StartPhase(cmd: $0) }
        plan.addVariables(["NODE_ENV": "production", "NPM_CONFIG_PRODUCTION": "false", "CI": "true"])
        return plan
    }

    /// Deliberate difference: the archive follows the Node version actually chosen, including
    /// NIXPACKS_NODE_VERSION (Nixpacks ignores it here and builds e.g. nodejs_22 from the Node 16 archive).
    private func setupPhase(_ project: NodeProject, node: String) throws(PlanError) -> Phase {
        var setup = Phase.setup([NixPackage(node), project.packageManagerPackage])
        if node.contains("14") || node.contains("16") {
            setup.nixpkgsArchive = "bf744fe90419885eefced41b3e5ae442d732712d"
        } else if project.packageManager == .bun {
            setup.nixpkgsArchive = "5a0711127cd8b916c3d3128f473388c8c79df0da"
        } else {
            setup.nixpkgsArchive = "ffeebf0acf3ae8b29f8c7049cd911b9636efd7e7"
        }
        return setup
    }

    static func dependsOn(_ manifest: DocumentValue, _ name: String) -> Bool {
        manifest["dependencies"]?[name] != nil || manifest["devDependencies"]?[name] != nil
    }

    private func buildCacheDirectories(_ project: NodeProject, tools: NodeMonorepoTools) -> [String] {
        var directories = ["node_modules/.cache"]
        for (path, manifest) in project.allManifests() where Self.dependsOn(manifest, "next") {
            let directory = String(path.dropLast("package.json".count))
            directories.append(directory.isEmpty ? ".next/cache" : directory + ".next/cache")
        }
        directories += project.manifest["cacheDirectories"]?.strings ?? []
        if let buildInfo = tsBuildInfo(project.app) { directories.append(buildInfo) }
        if tools.moonApp != nil { directories.append(".moon/cache/outputs") }
        return directories
    }

    /// The tsbuildinfo file when tsconfig.json has `incremental: true` and the file exists.
    private func tsBuildInfo(_ app: App) -> String? {
        guard app.includesFile("tsconfig.json"),
              let config = try? Documents.Document(file: "tsconfig.json", text: DenoProvider.strippingComments(app.readIfPresent("tsconfig.json")), format: .json).root,
              config[path: ["compilerOptions", "incremental"]]?.bool == true else { return nil }
        let options = config["compilerOptions"]
        let file = options?["tsBuildInfoFile"]?.string
            ?? options?["outDir"]?.string.map { $0.hasSuffix("/") ? $0 + "tsconfig.tsbuildinfo" : $0 + "/tsconfig.tsbuildinfo" }
            ?? "tsconfig.tsbuildinfo"
        return app.includesFile(file) ? file : nil
    }

    private func startCommand(_ project: NodeProject, tools: NodeMonorepoTools, spa: NodeSinglePageApp) -> String? {
        if let command = tools.startCommand() { return command }
        if spa.usesCaddy { return "exec caddy run --config /assets/Caddyfile --adapter caddyfile 2>&1" }
        let manager = project.packageManager
        if project.script("start") != nil { return "\(manager.rawValue) run start" }
        let runtime = manager == .bun ? "bun" : "node"
        if let main = project.manifest["main"]?.string, project.app.includesFile(main) { return "\(runtime) \(main)" }
        if project.app.includesFile("index.js") { return "\(runtime) index.js" }
        if manager == .bun, project.app.includesFile("index.ts") { return "bun index.ts" }
        return nil
    }
}

