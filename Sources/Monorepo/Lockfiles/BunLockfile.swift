import Documents

/// Bun's text lockfile, bun.lock (JSON with trailing commas): `workspaces` by directory (`""` the
/// root) with their dependencies, and `packages` by install path (`left-pad`, or nested
/// `is-odd/is-number`), each `[ "name@version", registry, { dependencies }, integrity ]`, a
/// workspace package `[ "name@workspace:packages/ui" ]`. A dependency of the package at path P
/// resolves to `P/name`, then upwards, then `name`, as Node's lookup does.
struct BunLockfile: WorkspaceLockfile {
    let document: DocumentValue
    let packages: [String: DocumentValue]
    /// Member name → directory, from the workspace packages.
    let workspaceByName: [String: String]

    init(text: String, file: String) throws(LockfileError) {
        do {
            document = try Document(file: file, text: Self.withoutTrailingCommas(text), format: .json).root
        } catch {
            throw LockfileError(file: file, line: error.line, message: error.message)
        }
        guard document["workspaces"]?.table != nil, let packages = document["packages"]?.table ?? (document["packages"] == nil ? [:] : nil) else {
            throw LockfileError(file: file, line: 1, message: "expected \"workspaces\" and \"packages\" objects (bun.lock)")
        }
        self.packages = packages
        var byName: [String: String] = [:]
        for (_, entry) in packages {
            guard let id = entry.array?.first?.string, let range = id.range(of: "@workspace:") else { continue }
            byName[String(id[..<range.lowerBound])] = String(id[range.upperBound...])
        }
        workspaceByName = byName
    }

    /// JSON with the trailing commas before `}` and `]` removed (outside strings).
    static func withoutTrailingCommas(_ text: String) -> String {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        var pendingComma: Int?
        for byte in text.utf8 {
            if inString {
                out.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                pendingComma = nil
                inString = true
                out.append(byte)
            case UInt8(ascii: ","):
                pendingComma = out.count
                out.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let comma = pendingComma { out[comma] = UInt8(ascii: " ") }
                pendingComma = nil
                out.append(byte)
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                out.append(byte)
            default:
                pendingComma = nil
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where `name`, needed from package path `path` ("" for a workspace), is in `packages`.
    private func resolve(_ name: String, from path: String) -> String? {
        var base = path
        while !base.isEmpty {
            if packages["\(base)/\(name)"] != nil { return "\(base)/\(name)" }
            guard let slash = base.lastIndex(of: "/") else { break }
            base = String(base[..<slash])
            // Scoped names take two segments: `@scope/pkg/dep` goes up to `@scope/pkg`, then "".
            if base.hasPrefix("@"), !base.contains("/") { break }
        }
        return packages[name] != nil ? name : nil
    }

    private func needed(_ importers: [String]) -> Set<String> {
        var pending: [(String, String)] = [] // (dependency name, from path)
        for importer in Set([""] + importers) {
            guard let entry = document["workspaces"]?[importer] else { continue }
            let own = entry["name"]?.string ?? ""
            for section in ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] {
                for name in (entry[section]?.table ?? [:]).keys { pending.append((name, own.isEmpty ? "" : own)) }
            }
        }
        var seen: Set<String> = []
        while let (name, from) = pending.popLast() {
            guard let path = resolve(name, from: from), seen.insert(path).inserted, let entry = packages[path]?.array else { continue }
            let details = entry.count > 2 ? entry[2] : .table([:])
            for section in ["dependencies", "optionalDependencies", "peerDependencies"] {
                for dependency in (details[section]?.table ?? [:]).keys { pending.append((dependency, path)) }
            }
        }
        return seen
    }

    func closure(of importers: [String]) -> Set<LockedPackage> {
        Set(needed(importers).compactMap { path -> LockedPackage? in
            guard let entry = packages[path]?.array, let id = entry.first?.string, !id.contains("@workspace:") else { return nil }
            let at = id.dropFirst().lastIndex(of: "@") ?? id.endIndex
            let version = at < id.endIndex ? String(id[id.index(after: at)...]) : ""
            return LockedPackage(name: String(id[..<at]), version: version, integrity: entry.count > 3 ? entry[3].string ?? id : id)
        })
    }

    func pruned(to importers: [String]) -> String {
        var kept = needed(importers)
        let members = Set([""] + importers)
        // Each kept member's own `name@workspace:<dir>` entry, as Bun writes it.
        for (name, directory) in workspaceByName where members.contains(directory) && packages[name] != nil { kept.insert(name) }
        var table = document.table ?? [:]
        table["workspaces"] = .table((document["workspaces"]?.table ?? [:]).filter { members.contains($0.key) })
        table["packages"] = .table(packages.filter { kept.contains($0.key) })
        return DocumentValue.table(table).jsonText() + "\n"
    }
}
