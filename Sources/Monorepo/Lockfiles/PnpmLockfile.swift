import Documents

/// pnpm's pnpm-lock.yaml, lockfileVersion 5.x, 6.x, 7.x and 9.x.
///
/// `importers` holds each workspace directory (`.` the root, `apps/web`) with its dependencies
/// and the version each resolved to: `link:../../packages/ui` for a member, else a version
/// (`1.3.1`, with peers `18.2.0(react@18.2.0)`, or an alias `string-width@4.2.3`). The package
/// itself is `packages` `/name@version` (v6, v7), `/name/version` (v5), or `name@version` with
/// its dependencies under `snapshots` (v9).
struct PnpmLockfile: WorkspaceLockfile {
    let document: DocumentValue
    let sections: YAMLSections
    let major: Int

    init(text: String, file: String) throws(LockfileError) {
        do {
            document = try Document(file: file, text: text, format: .yaml).root
        } catch {
            throw LockfileError(file: file, line: error.line, message: error.message)
        }
        let version = document["lockfileVersion"].flatMap { $0.string ?? $0.integer.map(String.init) ?? "\($0)" } ?? ""
        guard let major = Int(version.split(separator: ".").first ?? "") ?? (version.hasPrefix("5") ? 5 : nil), major >= 5 else {
            throw LockfileError(file: file, line: 1, message: "lockfileVersion '\(version)' is not one nixpacks-ci reads (5.x to 9.x)")
        }
        self.major = major
        sections = YAMLSections(text)
    }

    /// The importer key of a workspace directory.
    private func importerKey(_ directory: String) -> String { directory.isEmpty ? "." : directory }

    /// The key of a resolved dependency in `packages` (v5–v7) or `snapshots` (v9).
    private func snapshotKey(_ name: String, _ version: String) -> String? {
        if version.hasPrefix("link:") { return nil }
        // An injected workspace package or a local directory: keyed by its `file:` reference.
        if version.hasPrefix("file:") || version.hasPrefix("/") { return version }
        // An alias resolves to `other@1.0.0`; a peer suffix `(react@18.2.0)` is no alias.
        let aliased = version.prefix { $0 != "(" }.dropFirst().contains("@")
        let full = aliased ? version : "\(name)@\(version)"
        switch major {
        case 5: return aliased ? "/" + version : "/\(name)/\(version)"
        case 6, 7, 8: return "/" + full
        default: return full
        }
    }

    /// `name@version` of a snapshot key, without peer suffixes: the v9 `packages` key.
    private func packageKey(_ snapshot: String) -> String {
        var key = Substring(snapshot)
        if let parenthesis = key.firstIndex(of: "(") { key = key[..<parenthesis] }
        return String(key)
    }

    private var snapshots: [String: DocumentValue] {
        (major >= 9 ? document["snapshots"] : document["packages"])?.table ?? [:]
    }

    private static func version(_ value: DocumentValue) -> String? {
        value.string ?? value["version"]?.string
    }

    /// The snapshot keys the importers need, transitively.
    private func needed(_ importers: [String]) -> Set<String> {
        var pending: [String] = []
        for importer in Set([""] + importers) {
            guard let entry = document["importers"]?[importerKey(importer)] else { continue }
            for section in ["dependencies", "devDependencies", "optionalDependencies"] {
                for (name, value) in entry[section]?.table ?? [:] {
                    if let version = Self.version(value), let key = snapshotKey(name, version) { pending.append(key) }
                }
            }
        }
        let table = snapshots
        var seen: Set<String> = []
        while let key = pending.popLast() {
            guard seen.insert(key).inserted, let entry = table[key] else { continue }
            for section in ["dependencies", "optionalDependencies"] {
                for (name, value) in entry[section]?.table ?? [:] {
                    if let version = Self.version(value), let next = snapshotKey(name, version) { pending.append(next) }
                }
            }
        }
        return seen
    }

    func closure(of importers: [String]) -> Set<LockedPackage> {
        let packages = document["packages"]?.table ?? [:]
        return Set(needed(importers).map { snapshot in
            let key = major >= 9 ? packageKey(snapshot) : snapshot
            var plain = packageKey(key)
            if plain.hasPrefix("/") { plain.removeFirst() }
            let name: String
            let version: String
            if major == 5, let slash = plain.lastIndex(of: "/") {
                name = String(plain[..<slash])
                version = String(plain[plain.index(after: slash)...])
            } else if let at = plain.dropFirst().lastIndex(of: "@") {
                name = String(plain[..<at])
                version = String(plain[plain.index(after: at)...])
            } else {
                name = plain
                version = ""
            }
            let resolution = packages[key]?["resolution"]
            let integrity = resolution?["integrity"]?.string ?? resolution?["tarball"]?.string ?? resolution.map { "\($0)" } ?? ""
            return LockedPackage(name: name, version: snapshot.contains("(") ? version + String(snapshot[snapshot.firstIndex(of: "(")!...]) : version,
                                 integrity: integrity)
        })
    }

    func pruned(to importers: [String]) -> String {
        let needed = self.needed(importers)
        let importerKeys = Set(([""] + importers).map(importerKey))
        let packageKeys = major >= 9 ? Set(needed.map(packageKey)) : needed
        return sections.text { section, key in
            switch section {
            case "importers": return importerKeys.contains(key)
            case "packages": return packageKeys.contains(key)
            case "snapshots": return needed.contains(key)
            default: return true
            }
        }
    }
}
