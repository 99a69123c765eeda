import Documents

/// npm's package-lock.json (lockfileVersion 1, 2 and 3).
///
/// Versions 2 and 3 list every installed location under `packages`: `""` is the root, a
/// workspace member is listed at its directory (`apps/web`) and linked from
/// `node_modules/<name>` (`link: true`, `resolved: "apps/web"`), and each external package at the
/// place it is installed (`node_modules/a`, `node_modules/a/node_modules/b`). A dependency of the
/// package at location L resolves as Node does: `L/node_modules/D`, then the same below each
/// directory above L. Version 1 (npm 6) knows no workspaces: every member needs everything in it.
struct NpmLockfile: WorkspaceLockfile {
    let root: DocumentValue
    let packages: [String: DocumentValue]
    let file: String

    init(text: String, file: String) throws(LockfileError) {
        do {
            root = try Document(file: file, text: text, format: .json).root
        } catch {
            throw LockfileError(file: file, line: error.line, message: error.message)
        }
        guard root.table != nil else { throw LockfileError(file: file, line: 1, message: "expected a JSON object") }
        self.file = file
        if let packages = root["packages"] {
            guard let table = packages.table else { throw LockfileError(file: file, message: "\"packages\" must be an object") }
            self.packages = table
        } else {
            self.packages = [:]
        }
    }

    private var isVersion1: Bool { packages.isEmpty }

    func closure(of importers: [String]) -> Set<LockedPackage> {
        if isVersion1 { return Self.allVersion1(root["dependencies"]) }
        var result: Set<LockedPackage> = []
        for location in locations(of: importers) where !isImporter(location) {
            guard let entry = packages[location], entry["link"]?.bool != true else { continue }
            result.insert(LockedPackage(name: Self.name(of: location, entry), version: entry["version"]?.string ?? "",
                                        integrity: entry["integrity"]?.string ?? entry["resolved"]?.string ?? ""))
        }
        return result
    }

    func pruned(to importers: [String]) -> String {
        if isVersion1 { return root.jsonText() + "\n" }
        let kept = locations(of: importers)
        var table = root.table ?? [:]
        table["packages"] = .table(packages.filter { kept.contains($0.key) })
        // lockfileVersion 2 repeats the tree under `dependencies` for npm 6: keep what is kept.
        if let legacy = root["dependencies"]?.table {
            let names = Set(kept.filter { $0.hasPrefix("node_modules/") && !$0.dropFirst(13).contains("/node_modules/") }
                .map { String($0.dropFirst("node_modules/".count)) })
            table["dependencies"] = .table(legacy.filter { names.contains($0.key) })
        }
        return DocumentValue.table(table).jsonText() + "\n"
    }

    /// `apps/web` (a member) or `""` (the root); external packages live below `node_modules/`.
    private func isImporter(_ location: String) -> Bool {
        location.isEmpty || (!location.hasPrefix("node_modules/") && !location.contains("/node_modules/"))
    }

    /// Every location the importers need: the importers, the links to them, and what their
    /// dependencies resolve to, transitively (a link to a member brings the member along).
    private func locations(of importers: [String]) -> Set<String> {
        var seen: Set<String> = []
        var pending = [""] + importers
        while let location = pending.popLast() {
            guard seen.insert(location).inserted, let entry = packages[location] else { continue }
            if entry["link"]?.bool == true, let target = entry["resolved"]?.string {
                pending.append(target)
                continue
            }
            var names: [String] = []
            for section in ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] {
                names += (entry[section]?.table ?? [:]).keys
            }
            // A dev dependency of an installed package is not installed; of an importer it is.
            if !isImporter(location) { names = names.filter { entry["devDependencies"]?[$0] == nil || entry["dependencies"]?[$0] != nil } }
            for name in names {
                if let resolved = resolve(name, from: location) { pending.append(resolved) }
            }
        }
        // npm lists each member twice: at its directory, and linked at `node_modules/<name>`.
        // `npm ci` wants the link of every member it installs.
        for (location, entry) in packages where entry["link"]?.bool == true {
            if let target = entry["resolved"]?.string, seen.contains(target) { seen.insert(location) }
        }
        return seen.filter { packages[$0] != nil }
    }

    /// Where `name`, needed by the package at `location`, is installed: Node's lookup upwards.
    private func resolve(_ name: String, from location: String) -> String? {
        var directory = location
        while true {
            let candidate = directory.isEmpty ? "node_modules/\(name)" : "\(directory)/node_modules/\(name)"
            if packages[candidate] != nil { return candidate }
            if directory.isEmpty { return nil }
            // Up one directory, skipping a `node_modules` segment (`a/node_modules/b` → `a`).
            var parts = directory.split(separator: "/").map(String.init)
            parts.removeLast()
            if parts.last?.hasPrefix("@") == true, parts.count >= 2, parts[parts.count - 2] == "node_modules" { parts.removeLast() }
            if parts.last == "node_modules" { parts.removeLast() }
            directory = parts.joined(separator: "/")
        }
    }

    private static func name(of location: String, _ entry: DocumentValue) -> String {
        if let name = entry["name"]?.string { return name }
        guard let range = location.range(of: "node_modules/", options: .backwards) else { return location }
        return String(location[range.upperBound...])
    }

    private static func allVersion1(_ dependencies: DocumentValue?) -> Set<LockedPackage> {
        var result: Set<LockedPackage> = []
        for (name, entry) in dependencies?.table ?? [:] {
            result.insert(LockedPackage(name: name, version: entry["version"]?.string ?? "",
                                        integrity: entry["integrity"]?.string ?? entry["resolved"]?.string ?? ""))
            result.formUnion(allVersion1(entry["dependencies"]))
        }
        return result
    }
}
