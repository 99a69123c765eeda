internal import CLibgit2

extension Repository {
    /// Whether `git status` here uses git's untracked cache: `core.untrackedCache` true, or unset
    /// with the cache in the index (git keeps a cache that is there). The index is read only when
    /// the configuration does not settle it.
    func usesUntrackedCache(_ config: ConfigSnapshot? = nil) -> Bool {
        switch (config ?? configSnapshot()).bool("core.untrackedcache") {
        case true?: return true
        case false?: return false
        case nil: return directIndex()?.hasUntrackedCache == true
        }
    }

    /// A snapshot of the repository's configuration (repository, global and system files).
    func configSnapshot() -> ConfigSnapshot { ConfigSnapshot(repository: handle) }

    /// Owns a read-only `git_config` snapshot (freed in `deinit`). Like the repository handle it
    /// came from, it stays on the thread that made it; values leave as Swift values.
    final class ConfigSnapshot {
        private var config: OpaquePointer?

        init(repository: OpaquePointer) {
            if git_repository_config_snapshot(&config, repository) != 0 { config = nil }
        }

        deinit { if let config { git_config_free(config) } }

        func bool(_ name: String) -> Bool? {
            guard let config else { return nil }
            var value: Int32 = 0
            return git_config_get_bool(&value, config, name) == 0 ? value != 0 : nil
        }

        func string(_ name: String) -> String? {
            guard let config else { return nil }
            var value: UnsafePointer<CChar>?
            guard git_config_get_string(&value, config, name) == 0, let value else { return nil }
            return String(cString: value)
        }
    }
}
