import Foundation

/// A member of a Cargo, Go or uv workspace, as its build needs it: the build context's root is
/// the workspace root, with the repository's layout below it, and holds exactly `contextFiles`
/// (`Pipeline/WorkspaceMemberContext` chooses them).
public struct WorkspaceMemberInput: Sendable, Hashable {
    /// The workspace root, on disk.
    public var root: URL
    /// Every file of the build context, relative to the root (source files and generated ones).
    public var contextFiles: [String]
    /// The generated files' texts (a pruned lockfile, skeleton manifests, a pruned go.work).
    public var contents: [String: String]
    /// The member's package name (`api`, `example.com/server`).
    public var name: String
    /// The member's directory, relative to the root ("" for the root itself).
    public var directory: String
    /// Directories of the members it depends on, transitively, dependencies first, relative to the root.
    public var dependencies: [String]
    /// What the dependency layer copies, relative to the root: manifests, the lockfile, toolchain files.
    public var installFiles: [String]
    /// Cargo: the target sources (`src/main.rs`, `src/lib.rs`, `build.rs`) of the member and its
    /// dependencies, which the dependency layer builds as stand-ins from `.nixpacks/cargo-skeleton/`.
    public var placeholders: [String]

    public init(root: URL, contextFiles: [String], contents: [String: String], name: String, directory: String,
                dependencies: [String], installFiles: [String], placeholders: [String] = []) {
        self.root = root
        self.contextFiles = contextFiles
        self.contents = contents
        self.name = name
        self.directory = directory
        self.dependencies = dependencies
        self.installFiles = installFiles
        self.placeholders = placeholders
    }

    /// The member's files, relative to its directory.
    var memberFiles: [String] {
        guard !directory.isEmpty else { return contextFiles }
        return contextFiles.filter { $0.hasPrefix(directory + "/") }.map { String($0.dropFirst(directory.count + 1)) }
    }

    /// `cd <member> && ` ("" for the root).
    var inMember: String { directory.isEmpty ? "" : "cd \(directory) && " }
}
