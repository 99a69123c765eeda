import ArgumentParser
import Monorepo

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the dependency graph (dot, mermaid or json).",
        discussion: """
        Edges point from a dependent to what it depends on. Declared edges (dependsOn in nixpacks-ci.toml) \
        are solid; inferred ones (from package.json, go.mod, Cargo.toml, ...) are dashed.

        Examples:
          nixpacks-ci graph | dot -Tsvg > graph.svg
          nixpacks-ci graph --format mermaid >> docs/architecture.md
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid, json
    }

    @OptionGroup var location: RepositoryOptions

    @OptionGroup var caching: GraphCacheOptions

    @Option(help: "Output format: dot, mermaid or json.")
    var format: Format = .dot

    func run() throws {
        try runReportingErrors {
            let workspace = try location.openWorkspace()
            let graph = try workspace.currentGraph(graphCache: caching.graphCache)
            for warning in graph.warnings { Terminal.error("warning: \(warning)\n") }
            switch format {
            case .json: print(try jsonText(graph))
            case .dot: print(GraphText.dot(graph), terminator: "")
            case .mermaid: print(GraphText.mermaid(graph), terminator: "")
            }
        }
    }
}

enum GraphText {
    static func dot(_ graph: ServiceGraph) -> String {
        var out = "digraph monorepo {\n  rankdir=LR;\n"
        for node in graph.nodes {
            let shape = node.kind == .service ? "box" : node.kind == .library ? "ellipse" : "folder"
            out += "  \"\(node.name)\" [shape=\(shape), label=\"\(node.name)\\n\(node.path.isEmpty ? "." : node.path)\"];\n"
        }
        for edge in graph.edges {
            out += "  \"\(edge.from)\" -> \"\(edge.to)\"\(edge.source == .inferred ? " [style=dashed]" : "");\n"
        }
        return out + "}\n"
    }

    static func mermaid(_ graph: ServiceGraph) -> String {
        var ids: [String: String] = [:]
        for (index, node) in graph.nodes.enumerated() { ids[node.name] = "n\(index)" }
        var out = "graph LR\n"
        for node in graph.nodes {
            let label = "\(node.name)<br/>\(node.path.isEmpty ? "." : node.path)"
            out += node.kind == .service ? "  \(ids[node.name]!)[\"\(label)\"]\n" : "  \(ids[node.name]!)([\"\(label)\"])\n"
        }
        for edge in graph.edges {
            out += "  \(ids[edge.from]!) \(edge.source == .inferred ? "-.->" : "-->") \(ids[edge.to]!)\n"
        }
        return out
    }
}
