import Foundation
import Documents

/// uv.lock: a header (`version`, `requires-python`, `[manifest]` with the workspace's `members`),
/// then one `[[package]]` block per package, its `[package.*]` tables with it. Workspace members
/// have an `editable` or `virtual` source; dependencies are `{ name = "six" }` (with `version` and
/// `source` where the lock holds several of the name), also in `optional-dependencies` and
/// `dev-dependencies`.
///
/// A member's slice keeps the blocks its members reach and lists only the members kept. `uv sync
/// --frozen` installs from the lock as it is, without checking it against the pyproject files,
/// so the slice needs to be complete for the member, not identical to what uv would write.
struct UvLockfile: WorkspaceLockfile {
    struct Package: Hashable {
        var name: String
        var version: String
        var source: String
        /// (name, version if given) of every dependency, of every kind.
        var dependencies: [Reference]
        var text: String
    }

    struct Reference: Hashable {
        var name: String
        var version: String?
    }

    let header: String
    let packages: [Package]
    /// Importer directory (relative to the workspace root) → normalised package name.
    let members: [String: String]

    init(text: String, file: String, manifests: [String: DocumentValue]) throws(LockfileError) {
        let split = PackageBlocks(text)
        let header = split.header
        do {
            _ = try Document(file: file, text: header, format: .toml)
        } catch {
            throw LockfileError(file: file, line: error.line, message: error.message)
        }
        var packages: [Package] = []
        var line = header.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        for body in split.bodies {
            // The block's [package.x] tables are sub-tables of this package.
            let document: DocumentValue
            do {
                document = try Document(file: file, text: body.replacingOccurrences(of: "\n[package.", with: "\n[x."), format: .toml).root
            } catch {
                throw LockfileError(file: file, line: error.line.map { $0 + line - 1 }, message: error.message)
            }
            guard let name = document["name"]?.string else {
                throw LockfileError(file: file, line: line, message: "a [[package]] without a name")
            }
            var references: [Reference] = []
            func collect(_ value: DocumentValue?) {
                for entry in value?.array ?? [] {
                    if let dependency = entry["name"]?.string { references.append(Reference(name: dependency, version: entry["version"]?.string)) }
                }
            }
            collect(document["dependencies"])
            for kind in ["optional-dependencies", "dev-dependencies"] {
                for (_, list) in (document[path: ["x", kind]]?.table ?? [:]).sorted(by: { $0.key < $1.key }) { collect(list) }
            }
            packages.append(Package(name: Self.normalise(name), version: document["version"]?.string ?? "",
                                    source: document["source"].map { $0.jsonText() } ?? "", dependencies: references,
                                    text: PackageBlocks.marker + body))
            line += body.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        self.header = header
        self.packages = packages
        var members: [String: String] = [:]
        for (directory, manifest) in manifests {
            if let name = manifest[path: ["project", "name"]]?.string { members[directory] = Self.normalise(name) }
        }
        self.members = members
    }

    /// PEP 503: lower case, runs of `-`, `_` and `.` as one `-`.
    static func normalise(_ name: String) -> String {
        var result = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { result.append("-") }
                lastWasSeparator = true
            } else {
                result.append(character)
                lastWasSeparator = false
            }
        }
        return result
    }

    private var isMemberSource: (Package) -> Bool {
        { $0.source.contains("\"editable\"") || $0.source.contains("\"virtual\"") }
    }

    func closure(of importers: [String]) -> Set<LockedPackage> {
        Set(reachable(from: importers).map { packages[$0] }.filter { !isMemberSource($0) }.map { package in
            LockedPackage(name: package.name, version: package.version,
                          integrity: package.source + (Self.firstHash(package.text) ?? ""))
        })
    }

    /// The first `hash = "..."` of a block (its sdist's or first wheel's): a re-published file
    /// changes it at the same version.
    static func firstHash(_ text: String) -> String? {
        guard let range = text.range(of: #"hash = "[^"]+""#, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    func pruned(to importers: [String]) -> String {
        let kept = reachable(from: importers).sorted()
        let names = Set(kept.map { packages[$0].name })
        let removedMembers = Set(members.values).subtracting(names)
        // The [manifest] members list: only the members kept.
        var lines = header.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inMembers = false
        lines = lines.filter { line in
            if line.hasPrefix("members = [") { inMembers = !line.hasSuffix("]"); return true }
            if inMembers {
                if line == "]" { inMembers = false; return true }
                let name = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\","))
                return names.contains(Self.normalise(name))
            }
            return true
        }
        // The root's block keeps its own requirements; those naming members left out go (uv reads
        // a lock whose packages name a package it lacks as broken).
        let blocks = kept.map { index in
            members[""] == packages[index].name ? Self.withoutReferences(to: removedMembers, in: packages[index].text) : packages[index].text
        }
        return PackageBlocks.join(header: header.isEmpty ? "" : lines.joined(separator: "\n"), blocks: blocks)
    }

    /// A block's text without the `{ name = "x", ... }` entries naming these packages (in
    /// `dependencies`, `requires-dist` and the other lists), written one per line or inline.
    static func withoutReferences(to names: Set<String>, in text: String) -> String {
        guard !names.isEmpty else { return text }
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            var edited = line
            for name in names {
                let entry = #"\{ name = "\#(NSRegularExpression.escapedPattern(for: name))"(,[^}]*)? \}"#
                // Alone on its line (`    { name = "x" },`): drop the line.
                if edited.range(of: #"^\s*"# + entry + #",?\s*$"#, options: .regularExpression) != nil { edited = "\u{0}"; break }
                edited = edited.replacingOccurrences(of: entry + ", ", with: "", options: .regularExpression)
                edited = edited.replacingOccurrences(of: ", " + entry, with: "", options: .regularExpression)
                edited = edited.replacingOccurrences(of: entry, with: "", options: .regularExpression)
            }
            if edited != "\u{0}" { lines.append(edited) }
        }
        return lines.joined(separator: "\n")
    }

    /// Indices of the packages the importers' members reach, the members included. A root that
    /// is a project is always included (its pyproject.toml is in every member's context, and uv
    /// expects the projects it finds in the lock), without the members it names that are left out.
    private func reachable(from importers: [String]) -> Set<Int> {
        var byName: [String: [Int]] = [:]
        for (index, package) in packages.enumerated() { byName[package.name, default: []].append(index) }
        var pending = importers.compactMap { members[$0] }.compactMap { byName[$0]?.first }
        var seen = Set(pending)
        let closureMembers = Set(importers.compactMap { members[$0] })
        let otherMembers = Set(members.values).subtracting(closureMembers)
        if let root = members[""], let index = byName[root]?.first, seen.insert(index).inserted { pending.append(index) }
        while let index = pending.popLast() {
            for reference in packages[index].dependencies where !otherMembers.contains(Self.normalise(reference.name)) {
                let candidates = byName[Self.normalise(reference.name)] ?? []
                let targets = reference.version.map { version in candidates.filter { packages[$0].version == version } } ?? candidates
                for target in targets where seen.insert(target).inserted { pending.append(target) }
            }
        }
        return seen
    }
}
