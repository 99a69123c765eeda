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
    public static func mounts(key: String, directories: [String]) -> String {
        directories.map { directory in
            let expanded = directory.replacingOccurrences(of: "~", with: "/root")
            let target = expanded.hasPrefix("/") ? expanded : "/app/\(expanded)"
            return "--mount=type=cache,id=\(sanitize("\(key)-\(expanded)")),target=\(target)"
        }.joined(separator: " ")
    }

    /// Removes every `.` and turns spaces into `-`.
    static func sanitize(_ text: String) -> String {
        text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "-")
    }
}
