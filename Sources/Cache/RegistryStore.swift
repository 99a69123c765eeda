import Foundation

/// The registry cache store: an image tagged with its key's prefix, trusted only when its config
/// carries the full key in the `org.nixpacks-ci.cache-key` label. Presence is checked over the
/// registry's HTTP API, before any build context is sent. Entries are written by pushing the image
/// (after it was built); `readOnly` stores (untrusted pull-request builds) never push.
public struct RegistryStore: Sendable {
    public static let keyLabel = "org.nixpacks-ci.cache-key"

    public let client: RegistryClient
    public let readOnly: Bool
    /// A path every repository lives below (`acme` in `ghcr.io/acme`), or nil.
    public let namespace: String?

    public init(client: RegistryClient, readOnly: Bool, namespace: String? = nil) {
        self.client = client
        self.readOnly = readOnly
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Splits `host[:port][/namespace]` (what `--registry` takes) into the host and the namespace.
    public static func parse(_ registry: String) -> (host: String, namespace: String?) {
        let trimmed = registry.hasSuffix("/") ? String(registry.dropLast()) : registry
        guard let slash = trimmed.firstIndex(of: "/") else { return (trimmed, nil) }
        return (String(trimmed[..<slash]), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// `<registry>[/<namespace>]/<repository>:<key prefix>`.
    public func reference(repository: String, key: CacheKey) -> String {
        "\(client.host)/\(path(repository)):\(Self.tag(for: key))"
    }

    private func path(_ repository: String) -> String {
        namespace.map { "\($0)/\(repository)" } ?? repository
    }

    public static func tag(for key: CacheKey) -> String { "nixpacks-ci-\(key.short)" }

    /// `<registry>[/<namespace>]/<repository>:nixpacks-ci-cache[-<branch tag>]`: the moving tag of
    /// a service's newest image built on a branch, whose inline cache metadata later builds import
    /// layers from (`--cache-from`). `branchTag` must be a valid tag already; nil names the tag of
    /// builds whose branch is unknown.
    public func cacheReference(repository: String, branchTag: String?) -> String {
        reference(repository: repository, stem: "nixpacks-ci-cache", branchTag: branchTag)
    }

    /// `<registry>[/<namespace>]/<repository>:nixpacks-ci-buildcache[-<branch tag>]`: a service's
    /// registry cache on a branch (every layer of every stage, `mode=max`), where buildx can
    /// export one (`ImageBuilding.exportsRegistryCache`).
    public func buildCacheReference(repository: String, branchTag: String?) -> String {
        reference(repository: repository, stem: "nixpacks-ci-buildcache", branchTag: branchTag)
    }

    private func reference(repository: String, stem: String, branchTag: String?) -> String {
        let tag = branchTag.map { String("\(stem)-\($0)".prefix(128)) } ?? stem
        return "\(client.host)/\(path(repository)):\(tag)"
    }

    /// Whether the registry holds an image for the key: the tag exists and its config's key label
    /// is the full key. Returns the manifest digest on a hit.
    public func lookup(repository: String, key: CacheKey) throws -> String? {
        let repository = path(repository)
        let manifest = try client.get("/v2/\(repository)/manifests/\(Self.tag(for: key))", accept: RegistryClient.manifestTypes)
        if manifest.status == 404 { return nil }
        guard manifest.status == 200 else {
            throw CacheError.unexpectedResponse(registry: client.host, status: manifest.status, detail: String(decoding: manifest.body.prefix(300), as: UTF8.self))
        }
        var body = try json(manifest.body)
        // An index (multi-platform): look at its first manifest.
        if let manifests = body["manifests"] as? [[String: Any]], let first = manifests.first?["digest"] as? String {
            let nested = try client.get("/v2/\(repository)/manifests/\(first)", accept: RegistryClient.manifestTypes)
            guard nested.status == 200 else { return nil }
            body = try json(nested.body)
        }
        guard let config = (body["config"] as? [String: Any])?["digest"] as? String else { return nil }
        let blob = try client.get("/v2/\(repository)/blobs/\(config)")
        guard blob.status == 200 else { return nil }
        let labels = ((try json(blob.body))["config"] as? [String: Any])?["Labels"] as? [String: String] ?? [:]
        guard labels[Self.keyLabel] == key.hex else { return nil }
        return manifest.headers["docker-content-digest"] ?? config
    }

    private func json(_ data: Data) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CacheError.unexpectedResponse(registry: client.host, status: 200, detail: "not JSON")
        }
        return object
    }
}
