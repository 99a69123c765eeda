import Foundation
import Host

/// Discovered graphs, kept by the git tree id of the monorepo root, so `affected` does not list and
/// parse thousands of manifests again for a tree it has seen.
///
/// An entry holds the graph and every file discovery and inference read. It is reused for:
/// - the same root tree (same commit, or another commit with the same content), and
/// - a tree that differs from a cached one only in files discovery never read: no path added,
///   deleted or renamed, nixpacks-ci.toml unchanged, no file it read modified. Editing source code
///   keeps the graph; touching a manifest, adding or deleting a file does not.
/// Working-tree changes are checked the same way. Entries are tied to this build of nixpacks-ci
/// (its executable's size and modification time), so a new version never reads an old graph.
public struct GraphCache: Sendable {
    static let formatVersion = 4
    /// The newest this many entries are kept.
    static let keep = 64

    public let directory: URL
    let stamp: String
    /// An entry being read on another thread (`prefetching(tree:)`), and its tree.
    private var prefetched: (tree: ObjectID, entry: BackgroundValue<Entry?>)?

    struct Entry: Sendable {
        var graph: ServiceGraph
        /// Root-relative paths discovery and inference read (or looked for).
        var readPaths: [String]

        /// Whether the graph still holds after these root-relative changes: none adds, deletes or
        /// renames a path, touches nixpacks-ci.toml, or modifies a file discovery read.
        func stillHolds(after changes: [ChangedPath]) -> Bool {
            let readPaths = Set(self.readPaths)
            return !changes.contains { GraphCache.isRelevant($0, readPaths: readPaths) }
        }
    }

    public init(directory: URL) {
        self.directory = directory
        stamp = ExecutableIdentity.current
    }

    private func file(_ tree: ObjectID) -> URL {
        directory.appendingPathComponent("graph-v\(Self.formatVersion)-\(stamp)-\(tree.hex)")
    }

    /// Whether an entry for this tree exists (without reading it).
    func contains(tree: ObjectID) -> Bool {
        FileManager.default.fileExists(atPath: file(tree).path)
    }

    /// This cache with the entry of `tree` read and decoded on another thread from now on; `load`
    /// of that tree then waits for that read instead of reading again. Entries are written whole
    /// (renamed into place) and never changed, so the read is as good as a later one.
    public func prefetching(tree: ObjectID) -> GraphCache {
        var copy = self
        let file = file(tree)
        copy.prefetched = (tree, BackgroundValue {
            FileManager.default.contents(atPath: file.path).flatMap(Self.decode)
        })
        return copy
    }

    func load(tree: ObjectID) -> Entry? {
        if let prefetched, prefetched.tree == tree { return prefetched.entry.value }
        guard let data = FileManager.default.contents(atPath: file(tree).path) else { return nil }
        return Self.decode(data)
    }

    func store(_ entry: Entry, tree: ObjectID) {
        let data = Self.encode(entry)
        try? FileOperations.createIgnoredDirectory(directory.path)
        // Atomic: written aside and renamed, so a concurrent reader never sees half an entry.
        guard (try? data.write(to: file(tree), options: .atomic)) != nil else { return }
        prune()
    }

    private func prune() {
        let keys: [URLResourceKey] = [.contentModificationDateKey]
        guard let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys),
              files.count > Self.keep else { return }
        let dated = files.filter { $0.lastPathComponent.hasPrefix("graph-") }.map { url in
            (url, (try? url.resourceValues(forKeys: Set(keys)).contentModificationDate) ?? .distantPast)
        }
        for (url, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(Self.keep) { try? FileManager.default.removeItem(at: url) }
    }

    // MARK: Format

    // One record per line, fields separated by tabs (`\`, tab and newline escaped): `N` nodes
    // (name, path, kind, provider, image, origin, inputs separated by \u{1F}, kind reason), `E`
    // edges (from, to, source, reason), `W` workspaces (JSON), `R` read paths. Parsing it is a small fraction of JSON decoding, which
    // matters because the whole point of the cache is a fast `affected`.

    static func encode(_ entry: Entry) -> Data {
        var out = "nixpacks-ci-graph\t\(formatVersion)\n"
        for node in entry.graph.nodes {
            let fields = [node.name, node.path, node.kind.rawValue, node.provider ?? "", node.image ?? "", node.origin.rawValue,
                          node.inputs.joined(separator: "\u{1F}"), node.kindReason ?? ""]
            out += "N\t" + fields.map(escape).joined(separator: "\t") + "\n"
        }
        for edge in entry.graph.edges {
            out += "E\t" + [edge.from, edge.to, edge.source.rawValue, edge.reason].map(escape).joined(separator: "\t") + "\n"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for workspace in entry.graph.workspaces {
            out += "W\t" + escape(String(decoding: (try? encoder.encode(workspace)) ?? Data(), as: UTF8.self)) + "\n"
        }
        for path in entry.readPaths { out += "R\t" + escape(path) + "\n" }
        for warning in entry.graph.warnings { out += "X\t" + escape(warning) + "\n" }
        return Data(out.utf8)
    }

    static func decode(_ data: Data) -> Entry? {
        var nodes: [GraphNode] = []
        var edges: [GraphEdge] = []
        var readPaths: [String] = []
        var workspaces: [PackageWorkspace] = []
        var warnings: [String] = []
        var first = true
        let valid = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var fields: [String] = []
                var fieldStart = lineStart
                for position in lineStart...lineEnd where position == lineEnd || bytes[position] == 0x09 {
                    fields.append(unescape(UnsafeBufferPointer(rebasing: bytes[fieldStart..<position])))
                    fieldStart = position + 1
                }
                lineStart = lineEnd + 1
                if first {
                    guard fields == ["nixpacks-ci-graph", String(formatVersion)] else { return false }
                    first = false
                    continue
                }
                switch fields.first {
                case "N":
                    guard fields.count == 9, let kind = GraphNode.Kind(rawValue: fields[3]), let origin = GraphNode.Origin(rawValue: fields[6]) else { return false }
                    nodes.append(GraphNode(name: fields[1], path: fields[2], kind: kind, provider: fields[4].isEmpty ? nil : fields[4],
                                           image: fields[5].isEmpty ? nil : fields[5],
                                           inputs: fields[7].isEmpty ? [] : fields[7].split(separator: "\u{1F}").map(String.init), origin: origin,
                                           kindReason: fields[8].isEmpty ? nil : fields[8]))
                case "W":
                    guard fields.count == 2, let workspace = try? JSONDecoder().decode(PackageWorkspace.self, from: Data(fields[1].utf8)) else { return false }
                    workspaces.append(workspace)
                case "E":
                    guard fields.count == 5, let source = GraphEdge.Source(rawValue: fields[3]) else { return false }
                    edges.append(GraphEdge(from: fields[1], to: fields[2], source: source, reason: fields[4]))
                case "R":
                    guard fields.count == 2 else { return false }
                    readPaths.append(fields[1])
                case "X":
                    guard fields.count == 2 else { return false }
                    warnings.append(fields[1])
                default:
                    return false
                }
            }
            return !first
        }
        guard valid else { return nil }
        // Written from a valid graph: sorted, unique and acyclic already; an entry damaged into
        // another order is not trusted.
        guard zip(nodes, nodes.dropFirst()).allSatisfy({ $0.name < $1.name }), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            return (try? ServiceGraph(nodes: nodes, edges: edges, workspaces: workspaces)).map { graph in
                var graph = graph
                graph.warnings = warnings
                return Entry(graph: graph, readPaths: readPaths)
            }
        }
        var graph = ServiceGraph(validNodes: nodes, edges: edges, workspaces: workspaces)
        graph.warnings = warnings
        return Entry(graph: graph, readPaths: readPaths)
    }

    private static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" }) else { return field }
        return field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ field: UnsafeBufferPointer<UInt8>) -> String {
        guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
        var out: [UInt8] = []
        var escaped = false
        for byte in field {
            if escaped {
                out.append(byte == UInt8(ascii: "t") ? 0x09 : byte == UInt8(ascii: "n") ? 0x0A : byte)
                escaped = false
            } else if byte == 0x5C {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a root-relative change could change the graph of an entry that read `readPaths`.
    private static func isRelevant(_ change: ChangedPath, readPaths: Set<String>) -> Bool {
        change.kind != .modified || change.path == MonorepoConfig.fileName || readPaths.contains(change.path)
    }
}
