/// What a store remembers about one built image.
public struct CacheEntry: Sendable, Hashable, Codable {
    public var key: CacheKey
    public var service: String
    /// The image reference that holds the build (`registry/name:tag` or a local name).
    public var image: String
    /// The image id or manifest digest (`sha256:...`).
    public var digest: String?
    /// ISO 8601.
    public var builtAt: String
    public var seconds: Double
    public var sizeBytes: Int?
    /// The inputs the key was computed from: `explain` compares against them.
    public var inputs: CacheKeyInputs

    public init(key: CacheKey, service: String, image: String, digest: String?, builtAt: String, seconds: Double,
                sizeBytes: Int?, inputs: CacheKeyInputs) {
        self.key = key
        self.service = service
        self.image = image
        self.digest = digest
        self.builtAt = builtAt
        self.seconds = seconds
        self.sizeBytes = sizeBytes
        self.inputs = inputs
    }
}

/// The answer of a store for one key.
public enum CacheLookup: Sendable, Equatable {
    case hit(CacheEntry)
    case miss
    /// The entry exists but cannot be trusted (unreadable, or its inputs do not hash to its key).
    case corrupt(reason: String)
}

public enum CacheError: Error, Sendable, Equatable, CustomStringConvertible {
    case unauthorized(registry: String, detail: String)
    case unreachable(registry: String, detail: String)
    case unexpectedResponse(registry: String, status: Int, detail: String)
    case storeUnwritable(path: String, detail: String)

    public var description: String {
        switch self {
        case let .unauthorized(registry, detail):
            return "the registry \(registry) refused the credentials (\(detail)). Log in with `docker login \(registry)`, "
                + "or set NIXPACKS_CI_REGISTRY_USERNAME and NIXPACKS_CI_REGISTRY_PASSWORD."
        case let .unreachable(registry, detail):
            return "the registry \(registry) does not answer (\(detail)). Check the address, or build without --registry; "
                + "builds go on uncached."
        case let .unexpectedResponse(registry, status, detail):
            return "the registry \(registry) answered HTTP \(status): \(detail)"
        case let .storeUnwritable(path, detail):
            return "the cache directory \(path) cannot be written (\(detail)). Set --cache-dir or NIXPACKS_CI_CACHE_DIR to a writable directory."
        }
    }
}
