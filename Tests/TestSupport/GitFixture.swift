import Foundation
import Host

/// A real git repository made at test time in its own temporary directory, driven by the git CLI.
public final class GitFixture {
    public let directory: URL

    /// Creates an empty repository on branch `main`.
    public init(_ name: String = "repo") throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("nixpacks-ci-tests-\(UUID().uuidString)", isDirectory: true)
        directory = base.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "Test")
        try git("config", "user.email", "test@example.invalid")
        try git("config", "commit.gpgsign", "false")
    }

    /// A repository holding a copy of `directory` (an example monorepo), not yet committed.
    public convenience init(copying directory: URL, name: String = "repo") throws {
        try self.init(name)
        try FileManager.default.removeItem(at: self.directory)
        try FileManager.default.copyItem(at: directory, to: self.directory)
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "Test")
        try git("config", "user.email", "test@example.invalid")
        try git("config", "commit.gpgsign", "false")
    }

    /// Wraps an existing directory (a clone made by another fixture).
    public init(existing: URL) {
        directory = existing
    }

    deinit {
        if ownsDirectory { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    }

    public var path: String { directory.path }

    /// Writes a file (creating directories) relative to the repository.
    public func write(_ relativePath: String, _ contents: String = "x\n") throws {
        let url = directory.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(relativePath))
    }

    /// Stages everything and commits; returns the new commit id.
    @discardableResult
    public func commitAll(_ message: String) throws -> String {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git in the repository; throws with its output when it fails.
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try Self.run(["git", "-C", path] + arguments)
    }

    /// Clones this repository over file:// (so --depth and --filter apply) into a sibling directory.
    public func clone(_ name: String, _ options: [String]) throws -> GitFixture {
        let target = directory.deletingLastPathComponent().appendingPathComponent(name)
        try Self.run(["git", "clone", "-q"] + options + ["file://\(path)", target.path])
        let clone = GitFixture(existing: target)
        clone.ownsDirectory = false
        try clone.git("config", "user.name", "Test")
        try clone.git("config", "user.email", "test@example.invalid")
        return clone
    }

    /// Clones share the parent directory of the fixture that made them; only that one removes it.
    private var ownsDirectory = true

    /// Runs a command (through the one process runner) with fixed git dates; throws with its
    /// output when it fails.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z"
        environment["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z"
        let output = try ProcessRunner(environment: environment).run(arguments[0], Array(arguments.dropFirst()))
        guard output.succeeded else {
            throw FixtureError(message: "\(arguments.joined(separator: " ")) failed: \(output.standardOutput)\(output.standardError)")
        }
        return output.standardOutput + output.standardError
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
