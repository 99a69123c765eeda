import Documents

/// Reading a plan from nixpacks.toml, nixpacks.json or `--json-plan` (spec §2.1). Key aliases are
/// accepted; unknown keys are ignored as Nixpacks does, and reported as warnings.
extension BuildPlan {
    public init(document: Document, warnings: inout [String]) throws(PlanError) {
        let root = document.root
        guard let table = root.table else {
            throw PlanError.invalidFile(file: document.file, line: 1, message: "expected a table of plan keys, found \(root.typeName)")
        }
        let reader = PlanReader(document: document)
        self.init()
        for key in table.keys.sorted() where !["providers", "buildImage", "variables", "staticAssets", "phases", "start"].contains(key) {
            warnings.append("\(document.file): unknown key '\(key)' is ignored (as Nixpacks does)")
        }
        providers = try reader.strings(["providers"])
        buildImage = try reader.string(["buildImage"])
        variables = try reader.stringMap(["variables"])
        staticAssets = try reader.stringMap(["staticAssets"])
        if let phaseTable = table["phases"] {
            guard let phaseEntries = phaseTable.table else {
                throw reader.error(["phases"], "expected a table of phases, found \(phaseTable.typeName)")
            }
            var decoded: [String: Phase] = [:]
            for name in phaseEntries.keys.sorted() {
                decoded[name] = try reader.phase(name, warnings: &warnings)
            }
            phases = decoded
        }
        if let startValue = table["start"] {
            guard startValue.table != nil else { throw reader.error(["start"], "expected a table, found \(startValue.typeName)") }
            start = StartPhase(cmd: try reader.string(["start", "cmd"]), runImage: try reader.string(["start", "runImage"]),
                               onlyIncludeFiles: try reader.strings(["start", "onlyIncludeFiles"]),
                               user: try reader.string(["start", "user"]))
        }
        resolvePhaseNames()
    }
}

private struct PlanReader {
    let document: Document

    func error(_ path: [String], _ message: String) -> PlanError {
        PlanError.invalidFile(file: document.file, line: document.line(of: path), message: "key '\(path.joined(separator: "."))': \(message)")
    }

    func string(_ path: [String]) throws(PlanError) -> String? {
        guard let value = document.root[path: path] else { return nil }
        guard let text = value.string else { throw error(path, "expected a string, found \(value.typeName)") }
        return text
    }

    func strings(_ path: [String]) throws(PlanError) -> [String]? {
        guard let value = document.root[path: path] else { return nil }
        guard let list = value.strings else { throw error(path, "expected an array of strings, found \(value.typeName)") }
        return list
    }

    func stringMap(_ path: [String]) throws(PlanError) -> [String: String]? {
        guard let value = document.root[path: path] else { return nil }
        guard let table = value.table else { throw error(path, "expected a table of strings, found \(value.typeName)") }
        var result: [String: String] = [:]
        for (key, item) in table {
            switch item {
            case let .string(text): result[key] = text
            case let .integer(number): result[key] = String(number)
            case let .bool(flag): result[key] = String(flag)
            default: throw error(path + [key], "expected a string, found \(item.typeName)")
            }
        }
        return result
    }

    /// One phase, with the aliases nixPackages, nixLibraries, aptPackages, commands and envPaths.
    func phase(_ name: String, warnings: inout [String]) throws(PlanError) -> Phase {
        let base = ["phases", name]
        guard let table = document.root[path: base]?.table else { throw error(base, "expected a table") }
        let aliases = ["nixPackages": "nixPkgs", "nixLibraries": "nixLibs", "aptPackages": "aptPkgs", "commands": "cmds", "envPaths": "paths"]
        let known: Set<String> = ["name", "dependsOn", "nixPkgs", "nixLibs", "nixOverlays", "nixpkgsArchive", "aptPkgs", "cmds",
                                  "onlyIncludeFiles", "cacheDirectories", "paths"]
        for key in table.keys.sorted() where !known.contains(key) && aliases[key] == nil {
            warnings.append("\(document.file): unknown key 'phases.\(name).\(key)' is ignored (as Nixpacks does)")
        }
        func list(_ key: String) throws(PlanError) -> [String]? {
            if let value = try strings(base + [key]) { return value }
            for (alias, canonical) in aliases where canonical == key {
                if let value = try strings(base + [alias]) { return value }
            }
            return nil
        }
        var phase = Phase(name: name)
        phase.dependsOn = try list("dependsOn")
        phase.nixPkgs = try list("nixPkgs")
        phase.nixLibs = try list("nixLibs")
        phase.nixOverlays = try list("nixOverlays")
        phase.nixpkgsArchive = try string(base + ["nixpkgsArchive"])
        phase.aptPkgs = try list("aptPkgs")
        phase.cmds = try list("cmds")
        phase.onlyIncludeFiles = try list("onlyIncludeFiles")
        phase.cacheDirectories = try list("cacheDirectories")
        phase.paths = try list("paths")
        return phase
    }
}
