import ArgumentParser
import Monorepo

struct Services: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "List the services and libraries of the monorepo, with their providers and dependencies.",
        discussion: """
        Services are found by their files (package.json, go.mod, requirements.txt, Cargo.toml, index.html, ...) \
        or named in nixpacks-ci.toml. A directory that others depend on but that runs nothing is a library: \
        it is part of the graph but never built as an image.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var location: RepositoryOptions

    @OptionGroup var caching: GraphCacheOptions

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    struct Entry: Encodable {
        var name: String
        var path: String
        var kind: GraphNode.Kind
        var provider: String?
        var origin: GraphNode.Origin
        var image: String?
        var kindReason: String?
        var dependsOn: [GraphEdge]
    }

    func run() throws {
        try runReportingErrors {
            let workspace = try location.openWorkspace()
            let graph = try workspace.currentGraph(graphCache: caching.graphCache)
            for warning in graph.warnings { Terminal.error("warning: \(warning)\n") }
            var outgoing: [String: [GraphEdge]] = [:]
            for edge in graph.edges { outgoing[edge.from, default: []].append(edge) }
            let entries = graph.nodes.map { node in
                Entry(name: node.name, path: node.path, kind: node.kind, provider: node.provider, origin: node.origin,
                      image: node.image, kindReason: node.kindReason, dependsOn: outgoing[node.name] ?? [])
            }
            if format == .json {
                print(try jsonText(["schemaVersion": AnyEncodable(1), "nodes": AnyEncodable(entries), "workspaces": AnyEncodable(graph.workspaces)]))
                return
            }
            let width = entries.map(\.name.count).max() ?? 0
            for entry in entries {
                let name = entry.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let kind = entry.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                let provider = (entry.provider ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
                print("\(name)  \(kind)  \(provider)  \(entry.path.isEmpty ? "." : entry.path)")
                if let reason = entry.kindReason { print("\(String(repeating: " ", count: width))    (\(reason))") }
                for edge in entry.dependsOn {
                    print("\(String(repeating: " ", count: width))    -> \(edge.to) (\(edge.source.rawValue): \(edge.reason))")
                }
            }
        }
    }
}

/// Type erasure for mixed JSON objects.
struct AnyEncodable: Encodable {
    let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
