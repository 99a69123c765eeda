/// The dependency graph of a monorepo: services, libraries and workspace roots, with declared and
/// inferred edges. Acyclic by construction (a cycle is an error naming it).
public struct ServiceGraph: Sendable, Hashable, Codable {
    /// Sorted by name.
    public private(set) var nodes: [GraphNode]
    /// Sorted; `from` depends on `to`.
    public private(set) var edges: [GraphEdge]
    /// Package-manager workspaces (npm, Yarn, pnpm, Bun), sorted by root directory.
    public private(set) var workspaces: [PackageWorkspace]

    /// Lookup tables derived from `nodes` and `edges`.
    private var index: Index

    private struct Index: Sendable, Hashable {
        var byName: [String: Int] = [:]
        var byPath: [String: Int] = [:]
        var dependencies: [String: [String]] = [:]
        var dependents: [String: [String]] = [:]
    }

    enum CodingKeys: String, CodingKey {
        case nodes, edges, workspaces
    }

    public init(nodes: [GraphNode], edges: [GraphEdge], workspaces: [PackageWorkspace] = []) throws {
        self.nodes = nodes.sorted()
        self.edges = Array(Set(edges)).sorted()
        self.workspaces = workspaces.sorted { $0.directory < $1.directory }
        index = Self.makeIndex(self.nodes, self.edges)
        try checkAcyclic()
    }

    /// A graph known to be valid (written from one): nodes sorted, edges sorted and unique, acyclic.
    init(validNodes nodes: [GraphNode], edges: [GraphEdge], workspaces: [PackageWorkspace]) {
        self.nodes = nodes
        self.edges = edges
        self.workspaces = workspaces
        index = Self.makeIndex(nodes, edges)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(nodes: container.decode([GraphNode].self, forKey: .nodes),
                      edges: container.decode([GraphEdge].self, forKey: .edges),
                      workspaces: container.decodeIfPresent([PackageWorkspace].self, forKey: .workspaces) ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(edges, forKey: .edges)
        try container.encode(workspaces, forKey: .workspaces)
    }

    /// The workspace whose member is at `path`, and the member.
    public func workspace(ofMember path: String) -> (PackageWorkspace, PackageWorkspace.Member)? {
        for workspace in workspaces {
            if let member = workspace.member(at: path) { return (workspace, member) }
        }
        return nil
    }

    private static func makeIndex(_ nodes: [GraphNode], _ edges: [GraphEdge]) -> Index {
        var index = Index()
        for (position, node) in nodes.enumerated() {
            index.byName[node.name] = position
            index.byPath[node.path] = position
        }
        for edge in edges {
            index.dependencies[edge.from, default: []].append(edge.to)
            index.dependents[edge.to, default: []].append(edge.from)
        }
        for key in index.dependencies.keys { index.dependencies[key] = Array(Set(index.dependencies[key]!)).sorted() }
        for key in index.dependents.keys { index.dependents[key] = Array(Set(index.dependents[key]!)).sorted() }
        return index
    }

    public func node(named name: String) -> GraphNode? {
        index.byName[name].map { nodes[$0] }
    }

    public var services: [GraphNode] { nodes.filter { $0.kind == .service } }

    /// Direct dependencies of a node, by name.
    public func dependencies(of name: String) -> [String] {
        index.dependencies[name] ?? []
    }

    /// Direct dependents of a node, by name.
    public func dependents(of name: String) -> [String] {
        index.dependents[name] ?? []
    }

    /// The innermost node whose directory contains `path` (relative to the monorepo root).
    public func owner(of path: String) -> GraphNode? {
        var directory = path
        while true {
            if let position = index.byPath[directory] { return nodes[position] }
            if directory.isEmpty { return nil }
            directory = RelativePath.parent(directory)
        }
    }

    /// All nodes, dependencies before dependents; ties in name order.
    public func topologicalOrder() -> [String] {
        // Kahn's algorithm in rounds; each round in name order.
        var waiting = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, dependencies(of: $0.name).count) })
        var ready = waiting.filter { $0.value == 0 }.keys.sorted()
        var order: [String] = []
        while !ready.isEmpty {
            order += ready
            var next: [String] = []
            for name in ready {
                for dependent in dependents(of: name) {
                    waiting[dependent]! -= 1
                    if waiting[dependent] == 0 { next.append(dependent) }
                }
            }
            ready = next.sorted()
        }
        return order
    }

    /// Throws `dependencyCycle` naming the first cycle found (in name order).
    private func checkAcyclic() throws {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []
        let adjacency = index.dependencies
        func visit(_ name: String) throws {
            if marks[name] == .done { return }
            if marks[name] == .visiting {
                let start = stack.firstIndex(of: name)!
                throw MonorepoError.dependencyCycle(Array(stack[start...]) + [name])
            }
            marks[name] = .visiting
            stack.append(name)
            for next in adjacency[name] ?? [] { try visit(next) }
            stack.removeLast()
            marks[name] = .done
        }
        for node in nodes { try visit(node.name) }
    }
}
