/// The dependency graph of a monorepo: services, libraries and workspace roots, with declared and
/// inferred edges. Acyclic by construction (a cycle is an error naming it).
public struct ServiceGraph: Sendable, Hashable, Codable {
    /// Sorted by name.
    public private(set) var nodes: [GraphNode]
    /// Sorted; `from` depends on `to`.
    public private(set) var edges: [GraphEdge]
    /// Package-manager workspaces (npm, Yarn, pnpm, Bun), sorted by root directory.
    public private(set) var workspaces: [PackageWorkspace]
    /// What discovery passed over and the user should know (paths that are not UTF-8).
    public var warnings: [String] = []

    /// Lookup tables derived from `nodes` and `edges`.
    private var index: Index

    private struct Index: Sendable, Hashable {
        var byName: [String: Int] = [:]
        var byPath: [String: Int] = [:]
        var dependencies: [String: [String]] = [:]
        var dependents: [String: [String]] = [:]
        /// The dependencies that some manifest implies (not only nixpacks-ci.toml's dependsOn).
        var inferredDependencies: [String: Set<String>] = [:]
    }

    enum CodingKeys: String, CodingKey {
        case nodes, edges, workspaces, warnings
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
        warnings = try container.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(edges, forKey: .edges)
        try container.encode(workspaces, forKey: .workspaces)
        if !warnings.isEmpty { try container.encode(warnings, forKey: .warnings) }
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
            if edge.source == .inferred { index.inferredDependencies[edge.from, default: []].insert(edge.to) }
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

    /// Whether a manifest implies the edge (a path dependency, a workspace reference), as
    /// opposed to nixpacks-ci.toml's `dependsOn` alone.
    public func isInferred(from: String, to: String) -> Bool {
        index.inferredDependencies[from]?.contains(to) ?? false
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

    /// Throws `dependencyCycle` naming the first cycle found (in name order). Iterative: a chain of
    /// any length is fine.
    private func checkAcyclic() throws {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        let adjacency = index.dependencies
        for node in nodes where marks[node.name] == nil {
            // (name, index of the next dependency to visit)
            var stack: [(String, Int)] = [(node.name, 0)]
            marks[node.name] = .visiting
            while let (name, next) = stack.last {
                let dependencies = adjacency[name] ?? []
                guard next < dependencies.count else {
                    marks[name] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].1 += 1
                let dependency = dependencies[next]
                switch marks[dependency] {
                case .done?: continue
                case .visiting?:
                    let path = stack.map(\.0)
                    let start = path.firstIndex(of: dependency)!
                    let cycle = Array(path[start...]) + [dependency]
                    let reasons = zip(cycle, cycle.dropFirst()).map { from, to in
                        edges.filter { $0.from == from && $0.to == to }.map { "\(from) -> \(to): \($0.reason)" }.sorted().first ?? "\(from) -> \(to)"
                    }
                    throw MonorepoError.dependencyCycle(cycle, edges: reasons)
                case nil:
                    marks[dependency] = .visiting
                    stack.append((dependency, 0))
                }
            }
        }
    }
}
