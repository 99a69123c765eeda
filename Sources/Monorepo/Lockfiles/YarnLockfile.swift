import Documents

/// Yarn 1's yarn.lock: blocks keyed by one or more descriptors (`left-pad@^1.3.0, left-pad@~1.3`),
/// each with `version`, `resolved`, `integrity` and `dependencies` / `optionalDependencies` (two
/// spaces deeper, `name "range"`). The workspace's own packages are not in it: a member's needs
/// start from its package.json, so the manifests come with the text.
struct YarnLockfile: WorkspaceLockfile {
    struct Block: Sendable {
        var descriptors: [String]
        /// Each descriptor as the key line writes it (quoted or not).
        var written: [String]
        var version: String
        var integrity: String
        var dependencies: [String]
        /// The block as written (its lines), kept verbatim in a pruned lockfile.
        var text: String
    }

    let header: String
    let blocks: [Block]
    let byDescriptor: [String: Int]
    let manifests: [String: DocumentValue]

    init(text: String, file: String, manifests: [String: DocumentValue]) throws(LockfileError) {
        self.manifests = manifests
        var header: [Substring] = []
        var blocks: [Block] = []
        var current: Block?
        var section: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if current == nil, blocks.isEmpty, line.hasPrefix("#") || line.isEmpty {
                header.append(line)
                continue
            }
            if line.isEmpty || line.hasPrefix("#") {
                if let block = current { blocks.append(block) }
                current = nil
                continue
            }
            if !line.hasPrefix(" ") {
                if let block = current { blocks.append(block) }
                guard line.hasSuffix(":") else {
                    throw LockfileError(file: file, line: number + 1, message: "expected `descriptor:` to start an entry, found \"\(line.prefix(60))\"")
                }
                let written = line.dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                current = Block(descriptors: written.map(Self.unquote), written: written, version: "", integrity: "", dependencies: [], text: String(line))
                section = nil
                continue
            }
            guard current != nil else { throw LockfileError(file: file, line: number + 1, message: "an indented line outside any entry") }
            current!.text += "\n" + line
            let indentation = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indentation)
            if indentation == 2 {
                section = content.hasSuffix(":") ? String(content.dropLast()) : nil
                let (key, value) = Self.pair(content)
                switch key {
                case "version": current!.version = value
                case "integrity": current!.integrity = value
                case "resolved" where current!.integrity.isEmpty: current!.integrity = value
                default: break
                }
            } else if indentation == 4, section == "dependencies" || section == "optionalDependencies" {
                let (name, range) = Self.pair(content)
                current!.dependencies.append("\(name)@\(range)")
            }
        }
        if let block = current { blocks.append(block) }
        self.header = header.joined(separator: "\n")
        self.blocks = blocks
        var index: [String: Int] = [:]
        for (position, block) in blocks.enumerated() {
            for descriptor in block.descriptors { index[descriptor] = position }
        }
        byDescriptor = index
    }

    /// `name "value"` or `"name" value` → (name, value), quotes removed.
    static func pair(_ content: Substring) -> (String, String) {
        var text = content
        var key: Substring
        if text.hasPrefix("\"") {
            let end = text.dropFirst().firstIndex(of: "\"") ?? text.endIndex
            key = text[text.index(after: text.startIndex)..<end]
            text = end < text.endIndex ? text[text.index(after: end)...] : ""
        } else {
            let end = text.firstIndex(of: " ") ?? text.endIndex
            key = text[..<end]
            text = text[end...]
        }
        return (String(key), unquote(text.trimmingCharacters(in: .whitespaces)))
    }

    static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }

    /// The blocks the importers need (their manifests' external dependencies, transitively), with
    /// the descriptors that reach each.
    private func needed(_ importers: [String]) -> [Int: Set<String>] {
        let members = Set(manifests.values.compactMap { $0["name"]?.string })
        var pending: [String] = []
        for importer in Set([""] + importers) {
            guard let manifest = manifests[importer] else { continue }
            for section in ["dependencies", "devDependencies", "optionalDependencies"] {
                for (name, range) in manifest[section]?.table ?? [:] where !members.contains(name) {
                    pending.append("\(name)@\(range.string ?? "")")
                }
            }
        }
        var reached: [Int: Set<String>] = [:]
        while let descriptor = pending.popLast() {
            guard let position = byDescriptor[descriptor] else { continue }
            let isNew = reached[position] == nil
            reached[position, default: []].insert(descriptor)
            if isNew { pending += blocks[position].dependencies }
        }
        return reached
    }

    func closure(of importers: [String]) -> Set<LockedPackage> {
        Set(needed(importers).keys.map { position in
            let block = blocks[position]
            let descriptor = block.descriptors.first ?? ""
            let name = descriptor.hasPrefix("@") ? "@" + (descriptor.dropFirst().split(separator: "@").first.map(String.init) ?? "")
                : String(descriptor.split(separator: "@").first ?? "")
            return LockedPackage(name: name, version: block.version, integrity: block.integrity)
        })
    }

    /// Kept blocks verbatim, their keys listing only the descriptors still requested (as Yarn
    /// itself rewrites the file once the other members are gone).
    func pruned(to importers: [String]) -> String {
        let kept = needed(importers).sorted { $0.key < $1.key }.map { position, descriptors -> String in
            let block = blocks[position]
            let key = zip(block.descriptors, block.written).filter { descriptors.contains($0.0) }.map(\.1).joined(separator: ", ")
            guard let firstLineEnd = block.text.firstIndex(of: "\n") else { return key + ":" }
            return key + ":" + block.text[firstLineEnd...]
        }
        return header + "\n" + kept.map { $0 + "\n" }.joined(separator: "\n")
    }
}
