import Documents

/// Writes a plan as `nixpacks plan` does: Nixpacks' key order, absent fields skipped, pretty JSON
/// with two-space indentation (serde_json's style), or TOML.
extension BuildPlan {
    /// `includePhaseNames`: the snapshots keep `name`; `nixpacks plan` removes it.
    public func json(includePhaseNames: Bool = false) -> String {
        JSONText.render(value(includePhaseNames: includePhaseNames), indent: 0) + "\n"
    }

    public func toml() -> String {
        TOMLText.render(value(includePhaseNames: false))
    }

    /// An ordered tree of the plan.
    func value(includePhaseNames: Bool) -> OrderedValue {
        var fields: [(String, OrderedValue)] = []
        if let providers { fields.append(("providers", .strings(providers))) }
        if let buildImage { fields.append(("buildImage", .string(buildImage))) }
        if let variables { fields.append(("variables", .object(variables.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))) }
        if let staticAssets { fields.append(("staticAssets", .object(staticAssets.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))) }
        if let phases {
            fields.append(("phases", .object(phases.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value(includeName: includePhaseNames)) })))
        }
        if let start {
            var startFields: [(String, OrderedValue)] = []
            if let cmd = start.cmd { startFields.append(("cmd", .string(cmd))) }
            if let runImage = start.runImage { startFields.append(("runImage", .string(runImage))) }
            if let files = start.onlyIncludeFiles { startFields.append(("onlyIncludeFiles", .strings(files))) }
            if let user = start.user { startFields.append(("user", .string(user))) }
            fields.append(("start", .object(startFields)))
        }
        return .object(fields)
    }
}

extension Phase {
    func value(includeName: Bool) -> OrderedValue {
        var fields: [(String, OrderedValue)] = []
        if includeName, let name { fields.append(("name", .string(name))) }
        let lists: [(String, [String]?)] = [("dependsOn", dependsOn), ("nixPkgs", nixPkgs), ("nixLibs", nixLibs), ("nixOverlays", nixOverlays)]
        for (key, list) in lists { if let list { fields.append((key, .strings(list))) } }
        if let nixpkgsArchive { fields.append(("nixpkgsArchive", .string(nixpkgsArchive))) }
        let rest: [(String, [String]?)] = [("aptPkgs", aptPkgs), ("cmds", cmds), ("onlyIncludeFiles", onlyIncludeFiles),
                                           ("cacheDirectories", cacheDirectories), ("paths", paths)]
        for (key, list) in rest { if let list { fields.append((key, .strings(list))) } }
        return .object(fields)
    }
}

/// A JSON-like value whose objects keep their key order.
indirect enum OrderedValue {
    case string(String)
    case array([OrderedValue])
    case object([(String, OrderedValue)])

    static func strings(_ values: [String]) -> OrderedValue { .array(values.map { .string($0) }) }
}

enum JSONText {
    static func render(_ value: OrderedValue, indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch value {
        case let .string(text): return JSONString.quoted(text)
        case let .array(items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + render($0, indent: indent + 1) }.joined(separator: ",\n") + "\n\(close)]"
        case let .object(fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { pad + JSONString.quoted($0.0) + ": " + render($0.1, indent: indent + 1) }.joined(separator: ",\n") + "\n\(close)}"
        }
    }
}

/// TOML output: scalars and arrays first, then tables, as the `toml` crate writes them.
enum TOMLText {
    static func render(_ value: OrderedValue) -> String {
        var out = ""
        write(value, path: [], into: &out)
        return out
    }

    private static func write(_ value: OrderedValue, path: [String], into out: inout String) {
        guard case let .object(fields) = value else { return }
        let inline = fields.filter { if case .object = $0.1 { return false } else { return true } }
        let tables = fields.filter { if case .object = $0.1 { return true } else { return false } }
        if !path.isEmpty, !inline.isEmpty || tables.isEmpty {
            if !out.isEmpty { out += "\n" }
            out += "[" + path.map(key).joined(separator: ".") + "]\n"
        }
        for (name, field) in inline { out += "\(key(name)) = \(scalar(field))\n" }
        for (name, field) in tables { write(field, path: path + [name], into: &out) }
    }

    private static func key(_ name: String) -> String {
        name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } && !name.isEmpty ? name : JSONString.quoted(name)
    }

    private static func scalar(_ value: OrderedValue) -> String {
        switch value {
        case let .string(text): return JSONString.quoted(text)
        case let .array(items): return "[" + items.map(scalar).joined(separator: ", ") + "]"
        case .object: return "{}"
        }
    }
}
