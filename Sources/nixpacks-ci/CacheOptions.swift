import ArgumentParser
import Cache
import Foundation

/// Where built images are remembered.
struct CacheOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The local cache store (default: $NIXPACKS_CI_CACHE_DIR, $XDG_CACHE_HOME/nixpacks-ci or ~/.cache/nixpacks-ci).", valueName: "dir"))
    var cacheDir: String?

    @Option(help: ArgumentHelp("An OCI registry used as the shared cache: images are tagged by key and pushed there (e.g. ghcr.io/acme).", valueName: "host[:port][/namespace]"))
    var registry: String?

    @Flag(help: "Read the cache but never write it: no entries, no pushes (untrusted pull-request builds).")
    var cacheReadonly = false

    var directoryStore: DirectoryStore {
        DirectoryStore(directory: cacheDir)
    }

    func validate() throws {
        try Self.validateCacheDirectory(cacheDir)
        if let registry, registry.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--registry needs a registry (host[:port][/namespace], e.g. ghcr.io/acme); leave it out to use the local store only")
        }
    }

    /// An empty `--cache-dir` would mean the current directory, often the checkout: refused.
    static func validateCacheDirectory(_ directory: String?) throws {
        if let directory, directory.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--cache-dir needs a directory; leave it out for the default ($NIXPACKS_CI_CACHE_DIR, else ~/.cache/nixpacks-ci)")
        }
    }

    var registryStore: RegistryStore? {
        registry.map { registry in
            let (host, namespace) = RegistryStore.parse(registry)
            return RegistryStore(client: RegistryClient(host: host, credentials: RegistryCredentials.find(host: host)), readOnly: cacheReadonly, namespace: namespace)
        }
    }
}
