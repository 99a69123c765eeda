import SourceRules

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
        let detector = ServiceDetector(listing: listing, reader: reader)
        let configured = Set(config.services.map(\.path))
        // Deepest first: a directory's files exclude those of the nodes inside it.
        let candidates = listing.allDirectories.filter { isCandidate($0) || configured.contains($0) }
            .sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
        let found = FoundNodes()
        let isNode = { (path: String) in found.paths.contains(path) }
        let settingsByPath = Dictionary(config.services.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for directory in candidates {
            if let settings = settingsByPath[directory] {
                // Named: the user pointed at the directory, so its whole tree counts, as for `detect`.
                let detected = try detector.detect(directory, named: true)?.provider
                byPath[directory] = GraphNode(
                    name: settings.name, path: settings.path, kind: settings.library ? .library : .service,
                    provider: detected, image: settings.image, inputs: settings.inputs.map(\.source), origin: .configured)
            } else if config.autoDiscover, let detection = try detector.detect(directory, isNode: isNode) {
                byPath[directory] = GraphNode(name: "", path: directory, kind: detection.kind,
                                              provider: detection.provider, origin: .discovered)
            }
            if byPath[directory] != nil { found.paths.insert(directory) }
        }
        // Configured services in directories without files of their own (only sub-directories).
        for settings in config.services where byPath[settings.path] == nil {
            if !settings.path.isEmpty, !listing.hasDirectory(RelativePath.parent(settings.path), String(settings.path.split(separator: "/").last!)) {
                let name = String(settings.path.split(separator: "/").last!)
                let what = listing.hasFile(RelativePath.parent(settings.path), name) ? "is a file, not a directory"
                    : "is no directory of the repository (git lists no file below it)"
                throw MonorepoError.invalidConfig(file: MonorepoConfig.fileName, line: config.line(of: ["services", settings.name, "path"]),
                                                  key: "services.\(settings.name).path",
                                                  message: "'\(settings.path)' \(what)")
            }
            let detected = try detector.detect(settings.path, named: true)?.provider
            byPath[settings.path] = GraphNode(
                name: settings.name, path: settings.path, kind: settings.library ? .library : .service,
                provider: detected, image: settings.image, inputs: settings.inputs.map(\.source), origin: .configured)
        }
        return try Self.assignNames(Array(byPath.values))
    }

    /// The node directories found so far (deepest first), for detection of the ones above them.
    private final class FoundNodes {
        var paths: Set<String> = []
    }

    private func isCandidate(_ directory: String) -> Bool {
        // Hidden directories (.github, .devcontainer, ...) and everything below them hold no services.
        if directory.utf8.first == UInt8(ascii: ".") { return false }
        var previous: UInt8 = 0
        for byte in directory.utf8 {
            if previous == UInt8(ascii: "/"), byte == UInt8(ascii: ".") { return false }
            previous = byte
        }
        if !config.include.isEmpty, !config.include.contains(where: { $0.matchesPathOrAncestor(directory, isDirectory: true) }) { return false }
        return !config.exclude.contains { $0.matchesPathOrAncestor(directory, isDirectory: true) }
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
