/// Finds the services and libraries of a monorepo: zero-configuration detection over the file
/// listing, then the `[services]` of nixpacks-ci.toml on top.
public struct ServiceDiscovery {
    public let listing: FileListing
    public let reader: ManifestReader
    public let config: MonorepoConfig

    public init(listing: FileListing, reader: ManifestReader, config: MonorepoConfig) {
        self.listing = listing
        self.reader = reader
        self.config = config
    }

    /// The nodes found, sorted by name, with unique names.
    public func nodes() throws -> [GraphNode] {
        var byPath: [String: GraphNode] = [:]
        if config.autoDiscover {
            let detector = ServiceDetector(listing: listing, reader: reader)
            for directory in listing.allDirectories where isCandidate(directory) {
                guard let detection = try detector.detect(directory) else { continue }
                byPath[directory] = GraphNode(name: "", path: directory, kind: detection.kind,
                                              provider: detection.provider, origin: .discovered)
            }
        }
        let detector = ServiceDetector(listing: listing, reader: reader)
        for settings in config.services {
            var detected = byPath[settings.path]?.provider
            if detected == nil { detected = try detector.detect(settings.path)?.provider }
            byPath[settings.path] = GraphNode(
                name: settings.name, path: settings.path, kind: settings.library ? .library : .service,
                provider: detected, image: settings.image, inputs: settings.inputs.map(\.pattern), origin: .configured)
        }
        return try Self.assignNames(Array(byPath.values))
    }

    private func isCandidate(_ directory: String) -> Bool {
        // Hidden directories (.github, .devcontainer, ...) and everything below them hold no services.
        if directory.utf8.first == UInt8(ascii: ".") { return false }
        var previous: UInt8 = 0
        for byte in directory.utf8 {
            if previous == UInt8(ascii: "/"), byte == UInt8(ascii: ".") { return false }
            previous = byte
        }
        if !config.include.isEmpty, !config.include.contains(where: { $0.matches(directory) }) { return false }
        return !config.exclude.contains { $0.matches(directory) }
    }

    /// Configured names stay; discovered ones are the directory name, or the whole path with `-` when two collide.
    static func assignNames(_ nodes: [GraphNode]) throws -> [GraphNode] {
        var result = nodes.map { node -> GraphNode in
            var node = node
            if node.name.isEmpty { node.name = ServiceName.derived(fromPath: node.path) }
            return node
        }
        let groups = Dictionary(grouping: result.indices, by: { result[$0].name })
        for (name, indices) in groups where indices.count > 1 {
            let configured = indices.filter { result[$0].origin == .configured }
            if configured.count > 1 {
                throw MonorepoError.duplicateServiceName(name, paths: configured.map { result[$0].path }.sorted())
            }
            for index in indices where result[index].origin != .configured {
                let qualified = ServiceName.derived(fromPath: result[index].path.replacingOccurrences(of: "/", with: "-"))
                result[index].name = qualified
            }
        }
        let final = Dictionary(grouping: result, by: \.name)
        if let clash = final.first(where: { $0.value.count > 1 }) {
            throw MonorepoError.duplicateServiceName(clash.key, paths: clash.value.map(\.path).sorted())
        }
        return result.sorted()
    }
}
