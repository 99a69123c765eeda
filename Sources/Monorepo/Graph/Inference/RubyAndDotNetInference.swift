import Foundation

/// Ruby Gemfile `path:` gems.
struct GemfilePathInference {
    let context: InferenceContext

    func links() throws -> [InferredLink] {
        var links: [InferredLink] = []
        let pattern = try NSRegularExpression(pattern: #"^\s*gem\s+["']([^"']+)["'].*?(?:path:|:path\s*=>)\s*["']([^"']+)["']"#)
        for directory in context.directories(containing: "Gemfile") {
            let file = context.path(directory, "Gemfile")
            guard let text = try context.reader.text(file) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                guard let match = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                      let name = Range(match.range(at: 1), in: line), let path = Range(match.range(at: 2), in: line),
                      let target = context.resolve(String(line[path]), from: directory), target != directory else { continue }
                links.append(InferredLink(from: directory, to: target, reason: "\(file):\(index + 1): gem \"\(line[name])\", path: \"\(line[path])\""))
            }
        }
        return links
    }
}

/// .NET `<ProjectReference Include="..\Lib\Lib.csproj" />` in .csproj and .fsproj files.
struct ProjectReferenceInference {
    let context: InferenceContext

    func links() throws -> [InferredLink] {
        var links: [InferredLink] = []
        let pattern = try NSRegularExpression(pattern: #"<ProjectReference\s+Include\s*=\s*"([^"]+)""#)
        for directory in context.directories(containing: "*.??proj") {
            for file in context.listing.filesIn(directory).sorted() where file.hasSuffix(".csproj") || file.hasSuffix(".fsproj") {
                let name = context.path(directory, file)
                guard let text = try context.reader.text(name) else { continue }
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    guard let range = Range(match.range(at: 1), in: text) else { continue }
                    let reference = text[range].replacingOccurrences(of: "\\", with: "/")
                    if let project = context.resolve(reference, from: directory) {
                        let target = RelativePath.parent(project)
                        if target != directory {
                            links.append(InferredLink(from: directory, to: target, reason: "\(name): ProjectReference \(reference)"))
                        }
                    }
                }
            }
        }
        return links
    }
}
