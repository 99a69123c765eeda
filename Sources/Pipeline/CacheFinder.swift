import Builder
import Cache

/// Finds a cached image for a key: the local store first (its image must still be on the engine),
/// then the registry (checked over its HTTP API, then pulled). When the registry cannot be asked
/// (down, refused credentials) it says so once, remembers it, and the run goes on uncached with no
/// cache entry written.
public final class CacheFinder {
    public let directoryStore: DirectoryStore
    public let registryStore: RegistryStore?
    public private(set) var registryFailed = false

    public init(directoryStore: DirectoryStore, registryStore: RegistryStore?) {
        self.directoryStore = directoryStore
        self.registryStore = registryStore
    }

    /// The image reference holding `key`, or nil.
    /// - Parameters:
    ///   - isLocal: whether an image reference is on the engine.
    ///   - pull: pulls a registry hit (nil: do not pull, as in a dry run).
    public func find(key: CacheKey, repository: String, isLocal: (String) -> Bool, pull: ((String) throws -> Void)?,
                     note: (String) -> Void) -> String? {
        switch directoryStore.lookupImage(key) {
        case let .hit(image, _):
            if isLocal(image) { return image }
            note("cache entry \(key.short) names \(image), which is no longer on this engine")
        case let .corrupt(reason):
            note("ignoring a corrupt cache entry: \(reason)")
        case .miss:
            break
        }
        guard let registryStore, !registryFailed else { return nil }
        do {
            guard try registryStore.lookup(repository: repository, key: key) != nil else { return nil }
            let reference = registryStore.reference(repository: repository, key: key)
            try pull?(reference)
            return reference
        } catch let error as CacheError {
            note("\(error.description) Building without the registry cache; no cache entry will be written.")
            registryFailed = true
            return nil
        } catch {
            note("pulling the cached image failed (\(error)); building it")
            return nil
        }
    }
}
