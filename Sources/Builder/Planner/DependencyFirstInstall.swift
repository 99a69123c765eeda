import Documents
import Foundation

/// The debian source's dependency-first install layer: the install phase copies only the files
/// its commands read (manifests, lockfiles, package-manager settings), so a change to the sources
/// alone reuses the installed dependencies. The rest of the app arrives with the next phase's (or
/// the start's) `COPY . /app`.
///
/// Applied only where the install provably reads nothing else:
/// - **node**: the provider's own install commands (npm, Yarn, pnpm, Bun, corepack); no install
///   lifecycle script (`preinstall`, `install`, `postinstall`, `prepare`, ...) that could run the
///   app's code; no `file:`, `link:` or `portal:` dependency; not a workspace root.
/// - **python**: `pip install -r requirements.txt`, with a requirements file that names no other
///   file, path, editable install or URL of a local file.
/// - **go**: `go mod download` with a go.mod that replaces no module with a directory.
///
/// Anything else (Poetry, PDM, uv and setuptools install the project itself; custom install
/// commands) keeps Nixpacks' `COPY . /app/.`, as does the nix source.
public enum DependencyFirstInstall {
    /// The plan with its install phase limited to the files it reads, or the plan as it is.
    public static func apply(to plan: BuildPlan, providers: [ProviderName], app: App) -> BuildPlan {
        guard var install = plan.phases?["install"], install.onlyIncludeFiles == nil,
              let commands = install.cmds, !commands.isEmpty, let provider = providers.first else { return plan }
        let files: [String]?
        switch provider {
        case .node: files = nodeFiles(commands, app)
        case .python: files = pythonFiles(commands, app)
        case .go: files = goFiles(commands, app)
        default: files = nil
        }
        guard let files, !files.isEmpty else { return plan }
        install.onlyIncludeFiles = files
        var result = plan
        result.phases?["install"] = install
        return result
    }

    /// What npm, Yarn, pnpm and Bun read to install: the manifest, lockfiles, settings, Yarn's
    /// releases and plugins, and patches (pnpm's `patchedDependencies`, Yarn's `patch:`).
    static let nodeInstallFiles = ["package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
                                   "bun.lockb", "bun.lock", ".npmrc", ".yarnrc", ".yarnrc.yml", ".pnpmfile.cjs"]
    static let nodeInstallDirectories = [".yarn", "patches"]
    static let nodeInstallCommands = ["npm ci", "npm i", "npm install", "yarn install", "yarn", "pnpm i", "pnpm install",
                                      "bun i", "bun install", "corepack enable", "corepack prepare", "npm install -g corepack",
                                      "npm i -g corepack"]
    /// npm and Yarn run these while installing; each can read any file of the app.
    static let lifecycleScripts: Set<String> = ["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare",
                                                "postprepare", "dependencies"]

    /// One of the provider's install commands (parts joined by `&&`), with options and versions
    /// only: no other shell syntax, and no argument that could name a file.
    static func isNodeInstallCommand(_ command: String) -> Bool {
        command.components(separatedBy: " && ").allSatisfy { part in
            guard let base = nodeInstallCommands.first(where: { part == $0 || part.hasPrefix($0 + " ") }) else { return false }
            let arguments = part.dropFirst(base.count).split(separator: " ")
            return arguments.allSatisfy { argument in
                !argument.contains(where: { "&;|<>$`()\\'\"*?/".contains($0) }) && (argument.hasPrefix("-") || argument.hasPrefix("corepack@"))
            }
        }
    }

    static func nodeFiles(_ commands: [String], _ app: App) -> [String]? {
        guard commands.allSatisfy(isNodeInstallCommand),
              app.includesFile("package.json"), let manifest = try? app.json("package.json"), manifest["workspaces"] == nil
        else { return nil }
        if let scripts = manifest["scripts"]?.table, scripts.keys.contains(where: lifecycleScripts.contains) { return nil }
        for field in ["dependencies", "devDependencies", "optionalDependencies"] {
            let specs = manifest[field]?.table?.values.compactMap(\.string) ?? []
            if specs.contains(where: { ["file:", "link:", "portal:", "workspace:"].contains(where: $0.hasPrefix) }) { return nil }
        }
        return nodeInstallFiles.filter(app.includesFile) + nodeInstallDirectories.filter(app.includesDirectory)
    }

    /// The Python provider's pip install, as it plans it.
    static let pythonInstallCommands: Set<String> = [
        "python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install -r requirements.txt",
        "pip install -r requirements.txt",
    ]

    static func pythonFiles(_ commands: [String], _ app: App) -> [String]? {
        guard commands.allSatisfy(pythonInstallCommands.contains), app.includesFile("requirements.txt"),
              let text = try? app.readFile("requirements.txt") else { return nil }
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            // Options naming other files or the project (-r, -c, -e, --find-links ./wheels), and paths.
            if line.hasPrefix("-") || line.hasPrefix(".") || line.hasPrefix("/") || line.hasPrefix("~") || line.contains("file:")
                || line.contains("/") && !line.contains("://") {
                return nil
            }
        }
        return ["requirements.txt"]
    }

    static func goFiles(_ commands: [String], _ app: App) -> [String]? {
        guard commands == ["go mod download"], app.includesFile("go.mod"), let text = try? app.readFile("go.mod") else { return nil }
        if replacesWithDirectory(text) { return nil }
        return ["go.mod", "go.sum"].filter(app.includesFile)
    }

    /// Whether a `replace` directive (single or in a block) points at a directory: its target
    /// starts with `./`, `../` or `/` (go.mod's rule for a file-system path).
    static func replacesWithDirectory(_ goMod: String) -> Bool {
        var inBlock = false
        for rawLine in goMod.split(whereSeparator: \.isNewline) {
            let line = (rawLine.range(of: "//").map { String(rawLine[..<$0.lowerBound]) } ?? String(rawLine))
                .trimmingCharacters(in: .whitespaces)
            var directive: Substring?
            if inBlock {
                if line == ")" { inBlock = false; continue }
                directive = Substring(line)
            } else if line.hasPrefix("replace") {
                let rest = line.dropFirst("replace".count).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("(") { inBlock = true; continue }
                directive = Substring(rest)
            }
            guard let directive, let arrow = directive.range(of: "=>") else { continue }
            let target = directive[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
            if target.hasPrefix("./") || target.hasPrefix("../") || target.hasPrefix("/") || target == "." || target == ".." { return true }
        }
        return false
    }
}
