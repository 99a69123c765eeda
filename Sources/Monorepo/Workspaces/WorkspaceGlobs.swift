import SourceRules

/// Member globs of a workspace root (`apps/*`, `./crates/*/`, `!packages/old`), each checked as it
/// is read: an invalid one is an error naming the file, the key and the line.
enum WorkspaceGlobs {
    static func patterns(_ texts: [String], file: String, key: String, line: Int? = nil) throws -> [PathPattern] {
        try texts.map { text in
            var text = text
            while text.hasPrefix("./") { text.removeFirst(2) }
            while text.count > 1, text.hasSuffix("/") { text.removeLast() }
            do {
                return try PathPattern(text, syntax: .path)
            } catch {
                throw MonorepoError.invalidManifest(file: file, line: line, message: "\(key) \(error)")
            }
        }
    }
}
