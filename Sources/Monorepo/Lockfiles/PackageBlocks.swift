/// A TOML lockfile made of `[[package]]` blocks (Cargo.lock, uv.lock), split so that pruning keeps
/// each kept block's text as the tool wrote it: `text` is `header + "\n"` (when there is a header)
/// followed by the blocks joined by `"\n"`, each block `"[[package]]\n"` and its lines.
struct PackageBlocks {
    static let marker = "[[package]]\n"

    var header: String
    /// Each block's lines after the marker, ending with a newline.
    var bodies: [String]

    init(_ text: String) {
        var blocks = text.components(separatedBy: "\n" + Self.marker)
        var header = blocks.removeFirst()
        if header.hasPrefix(Self.marker) {
            blocks.insert(String(header.dropFirst(Self.marker.count)), at: 0)
            header = ""
        }
        self.header = header
        bodies = blocks.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }
    }

    /// The lockfile's text from a header and block texts (each with its marker).
    static func join(header: String, blocks: [String]) -> String {
        (header.isEmpty ? "" : header + "\n") + blocks.joined(separator: "\n")
    }
}
