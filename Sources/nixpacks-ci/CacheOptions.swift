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

    var registryStore: RegistryStore? {
        registry.map { registry in
            let (host, namespace) = RegistryStore.parse(registry)
            return RegistryStore(client: RegistryClient(host: host, credentials: RegistryCredentials.find(host: host)), readOnly: cacheReadonly, namespace: namespace)
        }
    }
}
