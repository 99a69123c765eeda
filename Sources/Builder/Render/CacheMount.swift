/// BuildKit cache mounts of a phase (spec §6), with ids that do not depend on the checkout path.
///
/// Nixpacks keys ids on a hash of the absolute app path, so the same repository in two CI workspaces
/// never shares caches. nixpacks-ci derives the key from the repository-relative service path.
public enum CacheMount {
    /// A key from a repository-relative path: `services/web` → `services-web`; the root → `app`.
    public static func key(forRelativePath path: String) -> String {
        let cleaned = path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.joined(separator: "-")
        return cleaned.isEmpty ? "app" : sanitize(cleaned)
    }

    /// `--mount=type=cache,id=<id>,target=<target>` for each directory, joined by spaces.
    ///
    /// With `sharingPackageCaches` (what nixpacks-ci renders), ids are keyed by what a cache holds. A directory of the app (`node_modules/.cache`,
    /// `target`, `.next/cache`) holds that service's build state: its id carries the service's
    /// key. A directory outside the app (`/root/.npm`, `/root/.cache/pip`, `/root/.cache/go-build`)
    /// is a package manager's content-addressed download or build cache, the same for every
    /// service: one id (`nixpacks-ci-/root/npm`), so services share it, and a RUN line that
    /// differs only in the service no longer keeps two services from sharing a layer. Without it,
    /// every id carries the key, as Nixpacks renders them.
    public static func mounts(key: String, directories: [String], sharingPackageCaches: Bool = false) -> String {
        directories.map { directory in
            let expanded = directory.replacingOccurrences(of: "~", with: "/root")
            let isShared = sharingPackageCaches && expanded.hasPrefix("/") && !expanded.hasPrefix("/app/") && expanded != "/app"
            let target = expanded.hasPrefix("/") ? expanded : "/app/\(expanded)"
            let id = isShared ? sharedPrefix + expanded : "\(key)-\(expanded)"
            return "--mount=type=cache,id=\(sanitize(id)),target=\(target)"
        }.joined(separator: " ")
    }

    /// The id prefix of caches shared by every service.
    public static let sharedPrefix = "nixpacks-ci-"

    /// Removes every `.` and turns spaces into `-`.
    static func sanitize(_ text: String) -> String {
        text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "-")
    }
}
