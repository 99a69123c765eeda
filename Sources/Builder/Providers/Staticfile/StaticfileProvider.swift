/// Static sites served by nginx (spec §3.9, note a).
struct StaticfileProvider: Provider {
    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        var setup = Phase.setup([NixPackage("nginx")])
        setup.addCmd("mkdir /etc/nginx/ /var/log/nginx/ /var/cache/nginx/")
        let portEdit = #"[[ -z "${PORT}" ]] && echo "Environment variable PORT not found. Using PORT 80" || sed -i "s/0.0.0.0:80/$PORT/g""#
        let start = StartPhase(cmd: "\(portEdit) /assets/nginx.conf && nginx -c /assets/nginx.conf")
        var plan = BuildPlan(phases: [setup], start: start)
        plan.addStaticAssets(try assets(app, environment))
        return plan
    }

    private func assets(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> [String: String] {
        var assets: [String: String] = [:]
        var mimeTypes = "include /nix/store/*-user-environment/conf/mime.types;"
        if app.includesFile("mime.types") {
            assets["mime.types"] = try app.readFile("mime.types")
            mimeTypes = "include\tmime.types;"
        }
        var authBasic = ""
        if app.includesFile("Staticfile.auth") {
            assets[".htpasswd"] = try app.readFile("Staticfile.auth")
            authBasic = "auth_basic\t\"Password Required\";\nauth_basic_user_file\t/assets/.htpasswd;"
        }
        // A Staticfile that is not a YAML map counts as empty, as in Nixpacks.
        let staticfile = app.includesFile("Staticfile") ? ((try? app.yaml("Staticfile")) ?? .null) : .null
        func setting(_ key: String) -> String? {
            switch staticfile[key] {
            case let .string(text)?: text
            case let .integer(number)?: String(number)
            case let .bool(flag)?: String(flag)
            default: nil
            }
        }
        let root = environment.config("STATICFILE_ROOT") ?? setting("root").flatMap { $0.isEmpty ? nil : $0 }
            ?? (app.includesDirectory("public") ? "public" : app.includesDirectory("dist") ? "dist" : app.includesDirectory("index") ? "index" : "")
        let gzip = setting("gzip") ?? "on"
        let directory = setting("directory") ?? "off"
        // Nixpacks iterates a HashMap here; nixpacks-ci sorts by status code.
        var errorPages = ""
        for (code, page) in (staticfile["status_code"]?.table ?? [:]).sorted(by: { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }) {
            let target = page.string ?? page.integer.map(String.init) ?? ""
            errorPages += "\terror_page \(code) \(target);\n"
        }
        assets["nginx.conf"] = """
        daemon off;
        error_log /dev/stdout info;
        worker_processes  auto;
        events {
            worker_connections  1024;
        }

        http {
            \(mimeTypes)
            access_log /dev/stdout;
            default_type  application/octet-stream;
            sendfile       on;
            keepalive_timeout  60;
            types_hash_max_size 4096;
            server {
                listen    0.0.0.0:80;
                gzip  \t  \(gzip);
                root\t  /app/\(root);
                location / {
                    \(authBasic)
                    autoindex \(directory);
                }
        \(errorPages)
            }
        }

        """
        return assets
    }
}
