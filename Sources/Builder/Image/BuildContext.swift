import Host

/// Exactly what Docker receives for one image: every file of the build context, by its path in
/// the context, with the id of its content. The cache key is computed from this value and
/// `ContextWriter` writes exactly this value, so the two cannot disagree.
///
/// The context is sent with `.nixpacks/Dockerfile.dockerignore` (empty of rules), so Docker
/// applies no ignore file of its own: the `.dockerignore` rules were applied when the files
/// were chosen.
public struct BuildContext: Sendable, Hashable {
    public struct File: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, Codable {
            case regular, executable, symlink
        }

        public enum Content: Sendable, Hashable {
            /// A file of the app (or of a local dependency), copied from `path`, an absolute path;
            /// `id` is the git blob id of its content (a symlink's target). With `verify`, the id is
            /// the hash of the bytes on disk, and the writer checks them as it copies.
            case source(path: String, id: String, verify: Bool)
            /// Written by nixpacks-ci: the Dockerfile, Nix files, assets, certificates.
            case generated([UInt8])
        }

        /// Relative to the context root, `/` separated.
        public var path: String
        public var kind: Kind
        public var content: Content

        public init(path: String, kind: Kind, content: Content) {
            self.path = path
            self.kind = kind
            self.content = content
        }

        public static func generated(_ path: String, _ text: String, executable: Bool = false) -> File {
            File(path: path, kind: executable ? .executable : .regular, content: .generated(Array(text.utf8)))
        }
    }

    /// Sorted by path, each path once.
    public private(set) var files: [File]

    /// Where the Dockerfile is, relative to the context.
    public static let dockerfilePath = ".nixpacks/Dockerfile"
    /// BuildKit reads `<Dockerfile>.dockerignore` instead of the context's `.dockerignore`.
    public static let ignoreFilePath = ".nixpacks/Dockerfile.dockerignore"

    /// - Throws: `BuilderError.invalidContext` for a path that is absolute, empty, leaves the
    ///   context (`..`) or appears twice, or a file below another file.
    public init(files: [File]) throws(BuilderError) {
        let sorted = files.sorted { UTF8Order.precedes($0.path, $1.path) }
        var paths: Set<String> = []
        for file in sorted {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.isEmpty, !file.path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                throw BuilderError.invalidContext("the path '\(file.path)' is not a plain relative path")
            }
            guard paths.insert(file.path).inserted else { throw BuilderError.invalidContext("'\(file.path)' appears twice") }
        }
        for file in sorted {
            var ancestor = Substring(file.path)
            while let slash = ancestor.lastIndex(of: "/") {
                ancestor = ancestor[..<slash]
                if paths.contains(String(ancestor)) {
                    throw BuilderError.invalidContext("'\(file.path)' lies below the file '\(ancestor)'")
                }
            }
        }
        self.files = sorted
    }

    /// The text of a generated file, if the context has one at `path`.
    public func generatedText(_ path: String) -> String? {
        guard let file = files.first(where: { $0.path == path }), case let .generated(bytes) = file.content else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The rendered Dockerfile.
    public var dockerfile: String { generatedText(Self.dockerfilePath) ?? "" }
}
