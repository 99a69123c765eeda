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

    @Option(help: ArgumentHelp("With --registry: the branch whose moving layer-cache tag (<image>:nixpacks-ci-cache-<branch>) builds export to and import from; the --since branch's tag is imported too (default: the CI system's branch variable, else HEAD's branch).", valueName: "branch"))
    var cacheBranch: String?

    @Option(help: ArgumentHelp("With --registry: the base branch whose layer-cache tag is imported too (default: the branch --since names, else the CI system's target or default branch).", valueName: "branch"))
    var cacheBaseBranch: String?

    /// `--cache-base-branch`, else the CI system's target branch of a pull or merge request, else
    /// its default branch (GitLab); nil leaves it to the branch `--since` names.
    func layerCacheBaseBranch(_ environment: [String: String]) -> String? {
        let candidates = [cacheBaseBranch, environment["GITHUB_BASE_REF"], environment["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"],
                          environment["CI_DEFAULT_BRANCH"]]
        return candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
    }

    /// `--cache-branch`, else the branch the CI system says it builds (the source branch of a pull
    /// or merge request), else nil (HEAD's branch).
    func layerCacheBranch(_ environment: [String: String]) -> String? {
        let candidates = [cacheBranch, environment["GITHUB_HEAD_REF"],
                          environment["GITHUB_REF"]?.hasPrefix("refs/heads/") == true ? environment["GITHUB_REF_NAME"] : nil,
                          environment["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"], environment["CI_COMMIT_BRANCH"]]
        return candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
    }

    var directoryStore: DirectoryStore {
        DirectoryStore(directory: cacheDir)
    }

    func validate() throws {
        try Self.validateCacheDirectory(cacheDir)
        if let registry, registry.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--registry needs a registry (host[:port][/namespace], e.g. ghcr.io/acme); leave it out to use the local store only")
        }
        if let cacheBranch, cacheBranch.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--cache-branch needs a branch name; leave it out to use the CI system's branch or HEAD's")
        }
        if let cacheBaseBranch, cacheBaseBranch.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--cache-base-branch needs a branch name; leave it out to use the branch --since names")
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
