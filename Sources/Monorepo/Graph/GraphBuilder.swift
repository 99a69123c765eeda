import Foundation
/// Builds the `ServiceGraph`: discovered and configured nodes, the edges each ecosystem's files imply,
/// and the `dependsOn` of nixpacks-ci.toml. A directory that something depends on but that is no
/// node yet becomes a library node.
public struct GraphBuilder {
    public let listing: FileListing
    public let reader: ManifestReader
    public let config: MonorepoConfig

    public init(listing: FileListing, reader: ManifestReader, config: MonorepoConfig) {
        self.listing = listing
        self.reader = reader
        self.config = config
    }

    public func build() throws -> ServiceGraph {
        var manifests: [String] = []
        for name in ["package.json", "pnpm-workspace.yaml", "go.mod", "go.work", "Cargo.toml", "pyproject.toml", "Pipfile", "Gemfile"] {
            manifests += listing.directories(containing: name).map { $0.isEmpty ? name : $0 + "/" + name }
        }
        for directory in listing.directories(containing: "requirements*.txt") {
            for name in listing.filesIn(directory) where FileListing.isRequirementsFile(name) {
                manifests.append(directory.isEmpty ? name : directory + "/" + name)
            }
        }
        reader.prefetch(manifests)
        var nodes = try ServiceDiscovery(listing: listing, reader: reader, config: config).nodes()
        let context = InferenceContext(listing: listing, reader: reader, nodePaths: Set(nodes.map(\.path)))
        var links: [InferredLink] = []
        let node = try NodeWorkspaceInference(context: context).infer()
        links += node.links
        let go = try GoModuleInference(context: context).infer()
        let cargo = try CargoInference(context: context).infer()
        let uv = try UvWorkspaceInference(context: context).infer()
        links += go.links + cargo.links + uv.links
        links += try PythonPathInference(context: context).links()
        links += try GemfilePathInference(context: context).links()
        links += try ProjectReferenceInference(context: context).links()

        // Links from directories that are nodes (possibly nodes added below) become edges, to a fixpoint.
        var edges: [GraphEdge] = []
        var used: Set<InferredLink> = []
        let detector = ServiceDetector(listing: listing, reader: reader)
        var changed = true
        while changed {
            changed = false
            var byPath = Dictionary(nodes.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            for link in links.sorted(by: { ($0.from, $0.to, $0.reason) < ($1.from, $1.to, $1.reason) }) where !used.contains(link) {
                guard let from = byPath[link.from] else { continue }
                if byPath[link.to] == nil {
                    guard listing.contains(path: link.to) else { continue }
                    let library = GraphNode(name: "", path: link.to, kind: .library,
                                            provider: try detector.detect(link.to)?.provider, origin: .inferred)
                    nodes = try ServiceDiscovery.assignNames(nodes + [library])
                    byPath = Dictionary(nodes.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
                }
                guard let to = byPath[link.to], to.name != from.name else { continue }
                used.insert(link)
                changed = true
                edges.append(GraphEdge(from: from.name, to: to.name, source: .inferred, reason: link.reason))
            }
        }
        // Names may have changed when libraries were added; map edges by path again.
        let nameByPath = Dictionary(nodes.map { ($0.path, $0.name) }, uniquingKeysWith: { first, _ in first })
        edges = used.compactMap { link in
            guard let from = nameByPath[link.from], let to = nameByPath[link.to], from != to else { return nil }
            return GraphEdge(from: from, to: to, source: .inferred, reason: link.reason)
        }
        let names = Set(nodes.map(\.name))
        for service in config.services {
            for dependency in service.dependsOn {
                guard names.contains(dependency) else {
                    throw MonorepoError.unknownDependency(service: service.name, dependency: dependency, file: MonorepoConfig.fileName)
                }
                edges.append(GraphEdge(from: service.name, to: dependency, source: .declared,
                                       reason: "\(MonorepoConfig.fileName): services.\(service.name).dependsOn"))
            }
        }
        nodes = try WorkspaceLibraries(reader: reader, workspaces: node.workspaces).classify(nodes)
        do {
            var graph = try ServiceGraph(nodes: nodes, edges: edges, workspaces: node.workspaces + cargo.workspaces + go.workspaces + uv.workspaces)
            graph.warnings = listing.nonUTF8Paths.map { "'\($0)' is not valid UTF-8 (shown with \u{FFFD}): it is in no service; rename it" }
            return graph
        } catch let MonorepoError.dependencyCycle(names, reasons) {
            // The lines of the dependsOn keys on the cycle (looked up only now: it reads the file).
            throw MonorepoError.dependencyCycle(names, edges: reasons.map { reason in
                let marker = "\(MonorepoConfig.fileName): services."
                guard let range = reason.range(of: marker), reason.hasSuffix(".dependsOn") else { return reason }
                let service = String(reason[range.upperBound...].dropLast(".dependsOn".count))
                guard let line = config.line(of: ["services", service, "dependsOn"]) else { return reason }
                return reason.replacingCharacters(in: range, with: "\(MonorepoConfig.fileName):\(line): services.")
            })
        }
    }
}
