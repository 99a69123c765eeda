import Foundation
import SourceRules

/// Python (spec §3.3).
struct PythonProvider: Provider {
    enum PackageManager: String {
        case requirements, setuptools, poetry, pdm, uv, pipenv, skip
    }

    static let venv = "python -m venv --copies /opt/venv && . /opt/venv/bin/activate"
    static let newArchive = "bc8f8d1be58e8c8383e683a06e1e1e57893fff87"

    func plan(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> BuildPlan? {
        let (package, archive) = try pythonPackage(app, environment)
        let deps = dependencyText(app)
        let postgres = usesPostgres(app, deps)
        let django = isDjango(app, deps)

        var packages = [NixPackage(package)]
        if postgres { packages.append(NixPackage("postgresql_16.dev")) }
        if django, usesMySQL(app) { packages.append(NixPackage("libmysqlclient.dev")) }
        if app.includesFile("Pipfile") { packages.append(NixPackage("pipenv")) }
        if deps.contains("pydub") { packages.append(NixPackage("ffmpeg-headless")) }
        if deps.contains("pdf2image") { packages.append(NixPackage("poppler_utils")) }
        packages.append(NixPackage("gcc"))
        var setup = Phase.setup(packages)
        setup.nixLibs = (deps.contains("cairo") ? ["cairo"] : []) + ["zlib", "stdenv.cc.cc.lib"]
        setup.nixpkgsArchive = archive

        var install = Phase.install(nil)
        let manager = packageManager(app, environment)
        if let command = installCommand(manager, app) {
            install.addCmd("\(Self.venv) && \(command)")
            install.addPath("/opt/venv/bin")
            switch manager {
            case .uv: install.addCacheDirectory("/root/.cache/uv")
            case .pdm:
                install.addCacheDirectory("/root/.cache/pip")
                install.addCacheDirectory("/root/.cache/pdm")
            default: install.addCacheDirectory("/root/.cache/pip")
            }
            if manager == .setuptools { install.onlyIncludeFiles = ["pyproject.toml"] }
        }

        var plan = BuildPlan(phases: [setup, install], start: try startCommand(app, deps, django).map { StartPhase(cmd: $0) })
        plan.addVariables([
            "PYTHONFAULTHANDLER": "1", "PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "random", "PYTHONDONTWRITEBYTECODE": "1",
            "PIP_NO_CACHE_DIR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_DEFAULT_TIMEOUT": "100",
        ])
        let toolVersions = app.readIfPresent(".tool-versions")
        if app.includesFile("poetry.lock") {
            plan.addVariables(["NIXPACKS_POETRY_VERSION": Self.toolVersion("poetry", toolVersions) ?? "1.3.1"])
        }
        if app.includesFile("pdm.lock") { plan.addVariables(["NIXPACKS_PDM_VERSION": "2.13.3"]) }
        if app.includesFile("uv.lock") {
            plan.addVariables(["NIXPACKS_UV_VERSION": Self.toolVersion("uv", toolVersions) ?? "0.4.30",
                               "UV_PROJECT_ENVIRONMENT": "/opt/venv"])
        }
        return plan
    }

    func metadata(_ app: App, _ environment: PlanEnvironment) -> [String] {
        let deps = dependencyText(app)
        var tags: [String] = []
        if isDjango(app, deps) { tags.append("django") }
        if usesPostgres(app, deps) { tags.append("postgres") }
        switch packageManager(app, environment) {
        case .poetry: tags.append("poetry")
        case .pdm: tags.append("pdm")
        default: break
        }
        return tags
    }

    // MARK: - Version

    private func pythonPackage(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> (String, String) {
        guard let (text, _) = try Self.requestedVersion(app, environment),
              let (major, minor) = Self.parseVersion(text) else {
            return ("python3", Self.newArchive)
        }
        switch (major, minor) {
        case ("3", "13"), ("3", "12"), ("3", "11"), ("3", "10"): return ("python\(major)\(minor)", Self.newArchive)
        case ("3", "9"), ("3", "8"), ("3", "7"): return ("python\(major)\(minor)", NixpkgsArchive.default)
        case ("2", "7"), ("2", ""): return ("python27", NixpkgsArchive.default)
        default: return ("python3", Self.newArchive)
        }
    }

    /// The version the app asks for and the file or variable that asks, in Nixpacks' order (quirk:
    /// `.python-version` is read only without NIXPACKS_PYTHON_VERSION, the later files always).
    static func requestedVersion(_ app: App, _ environment: PlanEnvironment) throws(PlanError) -> (String, String)? {
        var version = environment.config("PYTHON_VERSION").map { ($0, "NIXPACKS_PYTHON_VERSION") }
        if version == nil, app.includesFile(".python-version") {
            version = (try app.readFile(".python-version"), ".python-version")
        } else if app.includesFile("runtime.txt") {
            version = (try app.readFile("runtime.txt"), "runtime.txt")
        } else if app.includesFile("Pipfile") {
            let pipfile = try app.toml("Pipfile")
            if let text = pipfile[path: ["requires", "python_version"]]?.string ?? pipfile[path: ["requires", "python_full_version"]]?.string {
                version = (text, "Pipfile [requires]")
            } else {
                version = nil
            }
        } else if app.includesFile(".tool-versions") {
            if let tool = Self.toolVersion("python", try app.readFile(".tool-versions")) {
                version = (tool.split(separator: ".").prefix(2).joined(separator: "."), ".tool-versions")
            }
        }
        guard let (text, source) = version else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : (trimmed, source)
    }

    /// `^(?:[\sa-zA-Z-"']*)(\d*)(?:\.*)(\d*)(?:\.*\d*)(?:["']?)$`
    static func parseVersion(_ text: String) -> (String, String)? {
        let pattern = #"^(?:[\sa-zA-Z-"']*)(\d*)(?:\.*)(\d*)(?:\.*\d*)(?:["']?)$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let major = Range(match.range(at: 1), in: text), let minor = Range(match.range(at: 2), in: text) else { return nil }
        return (String(text[major]), String(text[minor]))
    }

    /// `tool x.y.z` from .tool-versions.
    static func toolVersion(_ tool: String, _ text: String) -> String? {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.count >= 2, words[0] == tool { return String(words[1]) }
        }
        return nil
    }

    // MARK: - Dependencies

    /// Lower-cased requirements.txt, pyproject.toml and Pipfile, for "the deps mention X".
    private func dependencyText(_ app: App) -> String {
        ["requirements.txt", "pyproject.toml", "Pipfile"].map { app.readIfPresent($0) }.joined(separator: "\n").lowercased()
    }

    /// Nixpacks' regular expressions `django\.db\.backends\.postgresql` and
    /// `django\.db\.backends\.mysql|django_psdb_engine`: literal texts, searched as bytes.
    private static let postgresPattern = ["django.db.backends.postgresql"]
    private static let mysqlPattern = ["django.db.backends.mysql", "django_psdb_engine"]

    private func pythonFilesMatch(_ app: App, _ needles: [String]) -> Bool {
        app.fact("python-files:\(needles.joined(separator: "|"))") {
            app.findFiles("*.py").contains { file in
                let text = app.readIfPresent(file)
                return needles.contains { TextSearch.contains(text, $0) }
            }
        }
    }

    private func usesPostgres(_ app: App, _ deps: String) -> Bool {
        deps.contains("psycopg2") || deps.contains("psycopg") || pythonFilesMatch(app, Self.postgresPattern)
    }

    private func usesMySQL(_ app: App) -> Bool {
        pythonFilesMatch(app, Self.mysqlPattern)
    }

    private func isDjango(_ app: App, _ deps: String) -> Bool {
        app.includesFile("manage.py") && deps.contains("django")
    }

    // MARK: - Install and start

    private func packageManager(_ app: App, _ environment: PlanEnvironment) -> PackageManager? {
        if let chosen = environment.config("PYTHON_PACKAGE_MANAGER"), chosen != "auto" {
            return PackageManager(rawValue: chosen)
        }
        if app.includesFile("requirements.txt") { return .requirements }
        if app.includesFile("pyproject.toml") {
            if app.includesFile("poetry.lock") { return .poetry }
            if app.includesFile("pdm.lock") { return .pdm }
            if app.includesFile("uv.lock") { return .uv }
            return .setuptools
        }
        if app.includesFile("Pipfile") { return .pipenv }
        return nil
    }

    private func installCommand(_ manager: PackageManager?, _ app: App) -> String? {
        switch manager {
        case .requirements: "pip install -r requirements.txt"
        case .setuptools: "pip install --upgrade build setuptools && pip install ."
        case .poetry: "pip install poetry==$NIXPACKS_POETRY_VERSION && poetry install --no-dev --no-interaction --no-ansi"
        case .pdm: "pip install pdm==$NIXPACKS_PDM_VERSION && pdm install --prod"
        case .uv: "pip install uv==$NIXPACKS_UV_VERSION && uv sync --no-dev --frozen"
        case .pipenv:
            app.includesFile("Pipfile.lock") ? "PIPENV_VENV_IN_PROJECT=1 pipenv install --deploy" : "PIPENV_VENV_IN_PROJECT=1 pipenv install --skip-lock"
        case .skip, nil: nil
        }
    }

    private func startCommand(_ app: App, _ deps: String, _ django: Bool) throws(PlanError) -> String? {
        if django {
            let pattern = #"WSGI_APPLICATION\s*=\s*['"](.+)\.application['"]"#
            let regex = try? NSRegularExpression(pattern: pattern)
            for file in app.findFiles("*.py") {
                let text = app.readIfPresent(file)
                if let match = regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                   let range = Range(match.range(at: 1), in: text) {
                    return "python manage.py migrate && gunicorn \(text[range])"
                }
            }
            throw PlanError.providerFailed(provider: "python", message: "this is a Django app (manage.py) but no .py file sets WSGI_APPLICATION = '<module>.application'")
        }
        if app.includesFile("main.py") { return "python main.py" }
        if app.includesFile("pyproject.toml") {
            let project = try app.toml("pyproject.toml")["project"]
            if let module = project?["packages"]?.strings?.first ?? project?["py_modules"]?.strings?.first ?? project?["name"]?.string {
                return "python -m \(module)"
            }
        }
        return nil
    }
}
