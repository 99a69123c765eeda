import SourceRules

/// A directory of the monorepo's file listing as provider detection sees it: its files, less
/// those that belong to nodes inside it (a file belongs to the innermost node, as a change does).
/// Reads go through the manifest reader, so the graph cache knows what detection looked at.
struct ListedDirectory: SourceTree {
    let listing: FileListing
    let reader: ManifestReader
    let directory: String
    /// Directories that are nodes: the files below one inside `directory` are its own.
    let isNode: (String) -> Bool
    private let files = FileCache()

    private final class FileCache {
        var files: [String]?
    }

    init(listing: FileListing, reader: ManifestReader, directory: String, isNode: @escaping (String) -> Bool = { _ in false }) {
        self.listing = listing
        self.reader = reader
        self.directory = directory
        self.isNode = isNode
    }

    private func full(_ path: String) -> String { directory.isEmpty ? path : directory + "/" + path }

    func includesFile(_ path: String) -> Bool {
        let full = full(path)
        return listing.hasFile(RelativePath.parent(full), String(full.split(separator: "/").last ?? ""))
    }

    func includesDirectory(_ path: String) -> Bool {
        let full = full(path)
        return listing.hasDirectory(RelativePath.parent(full), String(full.split(separator: "/").last ?? ""))
    }

    func allFiles() -> [String] {
        if let known = files.files { return known }
        var result: [String] = []
        var pending = [directory]
        while let current = pending.popLast() {
            let prefix = current == directory ? "" : (directory.isEmpty ? current : String(current.dropFirst(directory.count + 1))) + "/"
            for name in listing.filesIn(current) { result.append(prefix + name) }
            for child in listing.subdirectoriesOf(current) {
                let path = current.isEmpty ? child : current + "/" + child
                if !isNode(path) { pending.append(path) }
            }
        }
        result.sort()
        files.files = result
        return result
    }

    func readIfPresent(_ path: String) -> String {
        ((try? reader.text(full(path))) ?? nil) ?? ""
    }
}
