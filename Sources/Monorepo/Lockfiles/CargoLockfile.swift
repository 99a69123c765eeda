import Documents

/// Cargo.lock (format versions 3 and 4; 1 and 2 read the same way): one `[[package]]` block per
/// package, workspace members and other path packages without `source`, and each dependency named
/// as Cargo encodes it: `name`, `name version` when the lock holds several versions of the name,
/// `name version (source)` when it holds one version from several sources.
///
/// A member's slice (`pruned`) keeps the blocks of its closure as they are, and every other
/// member's block without its dependencies: the other members are skeletons in the member's build
/// context (their manifests with no dependencies), and `cargo build --locked` accepts the lock only
/// if it is byte for byte what Cargo would write for that context. References are re-encoded for
/// the packages kept, as Cargo would encode them.
struct CargoLockfile: WorkspaceLockfile {
    struct Package: Hashable {
        var name: String
        var version: String
        var source: String?
        var checksum: String?
        /// The references as written.
        var dependencies: [String]
        /// The block's text, from `[[package]]` to the line before the next block.
        var text: String
    }

    let header: String
    let packages: [Package]
    /// The text after the last package block that is no package (`[metadata]` of format 1).
    let trailer: String
    /// Importer directory (relative to the workspace root) → package name, for every member.
    let members: [String: String]
    let file: String

    /// `manifests`: each member's Cargo.toml by directory relative to the workspace root.
    init(text: String, file: String, manifests: [String: DocumentValue]) throws(LockfileError) {
        self.file = file
        let split = PackageBlocks(text)
        var blocks = split.bodies
        let header = split.header
        var trailer = ""
        if let last = blocks.last, let metadata = last.range(of: "\n[metadata]") {
            trailer = String(last[metadata.lowerBound...])
            blocks[blocks.count - 1] = String(last[..<metadata.lowerBound])
        }
        var packages: [Package] = []
        var line = header.split(separator: "\n", omittingEmptySubsequences: false).count
        for body in blocks {
            let document: DocumentValue
            do {
                document = try Document(file: file, text: body, format: .toml).root
            } catch {
                throw LockfileError(file: file, line: error.line.map { $0 + line - 1 }, message: error.message)
            }
            guard let name = document["name"]?.string, let version = document["version"]?.string else {
                throw LockfileError(file: file, line: line, message: "a [[package]] without name or version")
            }
            packages.append(Package(name: name, version: version, source: document["source"]?.string, checksum: document["checksum"]?.string,
                                    dependencies: document["dependencies"]?.strings ?? [], text: PackageBlocks.marker + body))
            line += body.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        self.header = header
        self.packages = packages
        self.trailer = trailer
        var members: [String: String] = [:]
        for (directory, manifest) in manifests {
            if let name = manifest[path: ["package", "name"]]?.string { members[directory] = name }
        }
        self.members = members
    }

    func closure(of importers: [String]) -> Set<LockedPackage> {
        Set(reachable(from: importers).compactMap { index in
            let package = packages[index]
            guard let source = package.source else { return nil }
            return LockedPackage(name: package.name, version: package.version, integrity: package.checksum ?? source)
        })
    }

    func pruned(to importers: [String]) -> String {
        let kept = reachable(from: importers)
        let memberNames = Set(members.values)
        var blocks: [(Package, skeleton: Bool)] = []
        for (index, package) in packages.enumerated() {
            if kept.contains(index) {
                blocks.append((package, false))
            } else if package.source == nil, memberNames.contains(package.name) {
                blocks.append((package, true))
            }
        }
        let remaining = blocks.map(\.0)
        let rendered = blocks.map { Self.render($0.0, skeleton: $0.skeleton, among: remaining, original: packages) }
        return PackageBlocks.join(header: header, blocks: rendered) + trailer
    }

    /// A block as Cargo writes it for the packages that remain: a skeleton without dependencies,
    /// the others with their references re-encoded.
    static func render(_ package: Package, skeleton: Bool, among remaining: [Package], original: [Package]) -> String {
        var lines = package.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("dependencies = [") }) else { return package.text }
        var end = start
        if !lines[start].hasSuffix("]") { while end < lines.count - 1, lines[end] != "]" { end += 1 } }
        if skeleton || package.dependencies.isEmpty {
            lines.removeSubrange(start...end)
        } else {
            let references = package.dependencies.compactMap { reference -> String? in
                guard let target = resolve(reference, in: original) else { return reference }
                return encode(target, among: remaining)
            }
            lines.replaceSubrange(start...end, with: ["dependencies = ["] + references.map { " \"\($0)\"," } + ["]"])
        }
        return lines.joined(separator: "\n")
    }

    /// Cargo's encoding of a reference to `package`: its name alone when it is the only package of
    /// that name, with the version when several share the name, with the source when several share
    /// the name and version.
    static func encode(_ package: Package, among packages: [Package]) -> String {
        let sameName = packages.filter { $0.name == package.name }
        if sameName.count <= 1 { return package.name }
        let sameVersion = sameName.filter { $0.version == package.version }
        if sameVersion.count <= 1 { return "\(package.name) \(package.version)" }
        return "\(package.name) \(package.version) (\(package.source ?? ""))"
    }

    /// The package a reference (`name`, `name version`, `name version (source)`) names.
    static func resolve(_ reference: String, in packages: [Package]) -> Package? {
        let parts = reference.split(separator: " ", maxSplits: 2).map(String.init)
        var candidates = packages.filter { $0.name == parts[0] }
        if parts.count > 1 { candidates = candidates.filter { $0.version == parts[1] } }
        if parts.count > 2 {
            let source = String(parts[2].dropFirst().dropLast())
            candidates = candidates.filter { $0.source == source }
        }
        return candidates.first
    }

    /// Indices of the packages the importers' members need, the members included. A root that is
    /// a package is always included: its manifest is in every member's context as it is.
    private func reachable(from importers: [String]) -> Set<Int> {
        let importers = members[""] != nil && !importers.contains("") ? importers + [""] : importers
        var indexByName: [String: [Int]] = [:]
        for (index, package) in packages.enumerated() { indexByName[package.name, default: []].append(index) }
        var pending = importers.compactMap { members[$0] }.compactMap { name in
            indexByName[name]?.first { packages[$0].source == nil }
        }
        var seen = Set(pending)
        while let index = pending.popLast() {
            for reference in packages[index].dependencies {
                guard let target = Self.resolve(reference, in: packages),
                      let targetIndex = indexByName[target.name]?.first(where: { packages[$0] == target }),
                      seen.insert(targetIndex).inserted else { continue }
                pending.append(targetIndex)
            }
        }
        return seen
    }
}
