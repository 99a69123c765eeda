import Foundation

/// PHP with nginx and php-fpm (spec §3.8). Node comes along for asset builds.
struct PHPProvider: Provider {
    static let newArchive = "e24b4c09e963677b1beea49d411cd315a024ad3a"

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let composer = app.includesFile("composer.json") ? try? app.json("composer.json") : nil
        let requirePHP = composer?[path: ["require", "php"]]?.string
        let version = ["8.0", "8.1", "8.2", "8.3", "8.4", "7.4"].first { requirePHP?.contains($0) ?? false } ?? "8.3"
        let php = ["7.4": "php74", "8.0": "php80", "8.1": "php81", "8.2": "php", "8.3": "php83", "8.4": "php84"][version]!
        let extensions = ((composer?["require"]?.table ?? [:]).keys.filter { $0.hasPrefix("ext-") }.map { String($0.dropFirst(4)) })
            .filter { $0 != "json" && ($0 != "zend-opcache" || version == "7.4") }.sorted()

        let node = try NodeProject(app: app, requireManifest: false)
        var warning: String?
        let nodePackage = "nodejs_\(NodeVersion.major(for: node.requestedVersion(environment), warning: &warning))"

        var packages = [NixPackage("(\(php).withExtensions (pe: pe.enabled ++ [\(extensions.map { "pe.all.\($0)" }.joined(separator: " "))]))"),
                        NixPackage("nginx"), NixPackage("libmysqlclient"), NixPackage("\(php)Packages.composer"),
                        NixPackage(nodePackage), node.packageManagerPackage]
        packages += extensions.map { NixPackage("\(php)Extensions.\($0)") }
        var setup = Phase.setup(packages)
        setup.nixLibs = extensions.map { "\(php)Extensions.\($0)" } + ["libmysqlclient"]
        setup.nixpkgsArchive = ["7.4", "8.0"].contains(version) ? NixpkgsArchive.default : Self.newArchive

        var install = Phase.install("mkdir -p /var/log/nginx && mkdir -p /var/cache/nginx")
        if composer != nil || app.includesFile("composer.json") { install.addCmd("composer install --ignore-platform-reqs") }
        if app.includesFile("package.json") { install.addCmd(node.installCommand) }

        var phases = [setup, install]
        let manager = node.packageManager.rawValue
        if node.script("prod") != nil {
            phases.append(Phase.build("\(manager) run prod"))
        } else if node.script("build") != nil {
            phases.append(Phase.build("\(manager) run build"))
        }

        let start: String
        if app.includesFile("nginx.conf") {
            start = "php-fpm -y /assets/php-fpm.conf & nginx -c /app/nginx.conf"
        } else {
            let template = app.includesFile("nginx.template.conf") ? "/app/nginx.template.conf" : "/assets/nginx.template.conf"
            start = "node /assets/scripts/prestart.mjs \(template) /nginx.conf && (php-fpm -y /assets/php-fpm.conf & nginx -c /nginx.conf)"
        }
        var plan = BuildPlan(phases: phases, start: StartPhase(cmd: start))
        plan.addStaticAssets(PHPAssets.files)
        plan.addVariables(["PORT": "80"])
        if app.includesFile("artisan") { plan.addVariables(["IS_LARAVEL": "yes", "NIXPACKS_PHP_ROOT_DIR": "/app/public"]) }
        return plan
    }
}
