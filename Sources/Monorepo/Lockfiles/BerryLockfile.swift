import Documents

/// Yarn 2+'s yarn.lock (YAML): `__metadata`, then one top-level entry per resolution, keyed by the
/// descriptors that resolve to it (`"left-pad@npm:^1.3.0, left-pad@npm:^1.3.1"`), with
/// `resolution`, `dependencies` (`name: "npm:^1.0.0"`), `checksum`. A workspace is an entry whose
/// resolution is `name@workspace:<directory>` (`.` the root).
struct BerryLockfile: WorkspaceLockfile {
    let document: DocumentValue
    let sections: YAMLSections
    /// Descriptor → the entry key that holds it.
    let entryByDescriptor: [String: String]
    /// Workspace directory → entry key.
    let workspaceEntries: [String: String]

    init(text: String, file: String) throws(LockfileError) {
        do {
            document = try Document(file: file, text: text, format: .yaml).root
        } catch {
            throw LockfileError(file: file, line: error.line, message: error.message)
        }
        guard document["__metadata"] != nil else {
            throw LockfileError(file: file, line: 1, message: "no __metadata: not a Yarn 2+ lockfile")
        }
        sections = YAMLSections(text)
        var byDescriptor: [String: String] = [:]
        var workspaces: [String: String] = [:]
        for (key, entry) in document.table ?? [:] where key != "__metadata" {
            for descriptor in key.split(separator: ",") { byDescriptor[descriptor.trimmingCharacters(in: .whitespaces)] = key }
            if let resolution = entry["resolution"]?.string, let range = resolution.range(of: "@workspace:") {
                let directory = String(resolution[range.upperBound...])
                workspaces[directory == "." ? "" : directory] = key
            }
        }
        entryByDescriptor = byDescriptor
        workspaceEntries = workspaces
    }

    /// The entry a dependency resolves to. Lockfiles before Yarn 4 write ranges without their
    /// protocol (`debug: ^4.3.4` for `debug@npm:^4.3.4`).
    private func entry(_ name: String, _ range: String) -> (key: String, descriptor: String)? {
        for descriptor in ["\(name)@\(range)", "\(name)@npm:\(range)"] {
            if let key = entryByDescriptor[descriptor] { return (key, descriptor) }
        }
        return nil
    }

    /// Entry keys the importers need, workspace entries included, with the descriptors that
    /// reach each (a workspace's own entry is reached by its `@workspace:<path>` descriptor).
    private func needed(_ importers: [String]) -> [String: Set<String>] {
        var reached: [String: Set<String>] = [:]
        var pending: [String] = []
        for importer in Set([""] + importers) {
            guard let key = workspaceEntries[importer], let resolution = document[key]?["resolution"]?.string else { continue }
            reached[key, default: []].insert(resolution)
            pending.append(key)
        }
        var expanded: Set<String> = []
        while let key = pending.popLast() {
            guard expanded.insert(key).inserted, let entry = document[key] else { continue }
            for section in ["dependencies", "optionalDependencies"] {
                for (name, range) in entry[section]?.table ?? [:] {
                    guard let (next, descriptor) = self.entry(name, range.string ?? "") else { continue }
                    reached[next, default: []].insert(descriptor)
                    pending.append(next)
                }
            }
        }
        return reached
    }

    func closure(of importers: [String]) -> Set<LockedPackage> {
        Set(needed(importers).keys.compactMap { key -> LockedPackage? in
            guard let entry = document[key], let resolution = entry["resolution"]?.string, !resolution.contains("@workspace:") else { return nil }
            let at = resolution.dropFirst().firstIndex(of: "@") ?? resolution.endIndex
            return LockedPackage(name: String(resolution[..<at]), version: entry["version"]?.string ?? "",
                                 integrity: entry["checksum"]?.string ?? resolution)
        })
    }

    /// `__metadata` and the kept entries verbatim, each key listing only the descriptors still
    /// requested (`yarn install` would drop the others, and `--immutable` compares the text).
    func pruned(to importers: [String]) -> String {
        let needed = self.needed(importers)
        var out = sections.leading
        for section in sections.sections {
            guard section.key == "__metadata" || needed[section.key] != nil else { continue }
            var header = section.header
            if let descriptors = needed[section.key] {
                let kept = section.key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { descriptors.contains($0) }
                let key = kept.joined(separator: ", ")
                header = (key.hasPrefix("@") || key.contains(":") || key.contains(",") ? JSONString.quoted(key) : key) + ":"
            }
            out += header + "\n" + section.preamble + section.entries.map(\.text).joined()
        }
        return out
    }
}
