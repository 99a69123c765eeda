/// Repository-relative paths: `/`-separated, no leading `./`, no trailing `/`, `""` for the root.
public enum RelativePath {
    /// Removes `.` segments and resolves `..` where it can; a path that climbs above the root keeps
    /// its leading `..`.
    public static func normalise(_ path: String) -> String {
        var result: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if let last = result.last, last != ".." { result.removeLast() } else { result.append(segment) }
            default: result.append(segment)
            }
        }
        return result.joined(separator: "/")
    }

    /// `base` joined with a relative `path`, normalised.
    public static func join(_ base: String, _ path: String) -> String {
        normalise(base.isEmpty ? path : base + "/" + path)
    }

    /// The parent directory; `""` for a top-level entry.
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Whether `path` is `directory` or inside it.
    public static func isInside(_ path: String, _ directory: String) -> Bool {
        directory.isEmpty || path == directory || (path.hasPrefix(directory) && path.dropFirst(directory.count).first == "/")
    }
}
