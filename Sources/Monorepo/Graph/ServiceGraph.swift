/// The dependency graph of a monorepo: services, libraries and workspace roots, with declared and
/// inferred edges. Acyclic by construction (a cycle is an error naming it).
public struct ServiceGraph: Sendable, Hashable, Codable {
    /// Sorted by name.
    public private(set) var nodes: [GraphNode]
    /// Sorted; `from` depends on `to`.
    public private(set) var edges: [GraphEdge]

    public init(nodes: [GraphNode], edges: [GraphEdge]) throws {
        self.nodes = nodes.sorted()
        self.edges = Array(Set(edges)).sorted()
        try checkAcyclic()
    }

    public func node(named name: String) -> GraphNode? {
        nodes.first { $0.name == name }
    }

    public var services: [GraphNode] { nodes.filter { $0.kind == .service } }

    /// Direct dependencies of a node, by name.
    public func dependencies(of name: String) -> [String] {
        Array(Set(edges.filter { $0.from == name }.map(\.to))).sorted()
    }

    /// Direct dependents of a node, by name.
    public func dependents(of name: String) -> [String] {
        Array(Set(edges.filter { $0.to == name }.map(\.from))).sorted()
    }

    /// The innermost node whose directory contains `path` (relative to the monorepo root).
    public func owner(of path: String) -> GraphNode? {
        var best: GraphNode?
        for node in nodes where RelativePath.isInside(path, node.path) {
            if best == nil || node.path.count > best!.path.count { best = node }
        }
        return best
    }

    /// All nodes, dependencies before dependents; ties in name order.
    public func topologicalOrder() -> [String] {
        var remaining = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, Set(dependencies(of: $0.name))) })
        var order: [String] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.value.isEmpty }.keys.sorted()
            guard !ready.isEmpty else { break }
            for name in ready {
                order.append(name)
                remaining[name] = nil
            }
            for key in remaining.keys { remaining[key]!.subtract(ready) }
        }
        return order
    }

    /// Throws `dependencyCycle` naming the first cycle found (in name order).
    private func checkAcyclic() throws {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []
        var adjacency: [String: [String]] = [:]
        for edge in edges { adjacency[edge.from, default: []].append(edge.to) }
        func visit(_ name: String) throws {
            if marks[name] == .done { return }
            if marks[name] == .visiting {
                let start = stack.firstIndex(of: name)!
                throw MonorepoError.dependencyCycle(Array(stack[start...]) + [name])
            }
            marks[name] = .visiting
            stack.append(name)
            for next in (adjacency[name] ?? []).sorted() { try visit(next) }
            stack.removeLast()
            marks[name] = .done
        }
        for node in nodes { try visit(node.name) }
    }
}
