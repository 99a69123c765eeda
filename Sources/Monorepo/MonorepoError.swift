import Foundation

/// Every error the Monorepo module reports. Each description says what went wrong and what to do.
public enum MonorepoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path is not inside a git work tree.
    case notARepository(path: String, detail: String)
    /// A revision given by the user does not resolve.
    case unknownRevision(String, hint: String)
    /// The merge-base lies beyond the shallow history and could not be fetched.
    case missingHistory(ref: String, oldestPresent: [String], detail: String)
    /// The two commits share no history at all.
    case unrelatedHistories(base: String, head: String)
    /// Any other libgit2 failure.
    case git(operation: String, message: String)
    /// A configuration file is malformed or has an unknown key or a bad value.
    case invalidConfig(file: String, line: Int?, key: String?, message: String)
    /// An ecosystem manifest (package.json, Cargo.toml, ...) could not be read.
    case invalidManifest(file: String, line: Int?, message: String)
    /// The dependency graph has a cycle; the names are in cycle order.
    /// The names on the cycle (the first repeated at the end), and why each edge exists
    /// (`nixpacks-ci.toml:7: services.a.dependsOn`, `apps/web/package.json: dependencies.ui = "*"`).
    case dependencyCycle([String], edges: [String] = [])
    /// A declared dependency names no known service or library.
    case unknownDependency(service: String, dependency: String, file: String)
    /// Two services got the same name.
    case duplicateServiceName(String, paths: [String])
    /// `git fetch` failed while deepening.
    case fetchFailed(command: String, output: String)
    /// `--since auto` cannot choose a base from the environment.
    case autoBase(String)

    public var description: String {
        switch self {
        case let .notARepository(path, detail):
            return "\(path) is not inside a git repository (\(detail)). Run nixpacks-ci from a clone, or pass --repo PATH."
        case let .unknownRevision(rev, hint):
            return "revision '\(rev)' does not exist in this clone. \(hint)"
        case let .missingHistory(ref, oldest, detail):
            let boundary = oldest.isEmpty ? "" : " The oldest commits present are \(oldest.prefix(3).joined(separator: ", "))."
            return "cannot find the merge-base of \(ref) and HEAD: it lies beyond this shallow clone's history.\(boundary) \(detail)"
                + " Fetch more history (`git fetch --deepen=200 origin` or `git fetch --unshallow`), let nixpacks-ci deepen it (drop --no-deepen),"
                + " or pass --on-missing-base=all to treat every service as affected."
        case let .unrelatedHistories(base, head):
            return "\(base) and \(head) share no history (no merge-base exists). Check the --since ref, or pass --on-missing-base=all."
        case let .git(operation, message):
            return "git \(operation) failed: \(message)"
        case let .invalidConfig(file, line, key, message):
            return "\(Self.location(file, line))\(key.map { " key '\($0)'" } ?? ""): \(message)"
        case let .invalidManifest(file, line, message):
            return "\(Self.location(file, line)): \(message)"
        case let .dependencyCycle(names, edges):
            let why = edges.isEmpty ? "" : "\n" + edges.map { "  - \($0)" }.joined(separator: "\n")
            return "dependency cycle: \(names.joined(separator: " -> ")).\(why)\nRemove one of these edges (a dependsOn in nixpacks-ci.toml, or the local dependency that implies it)."
        case let .unknownDependency(service, dependency, file):
            return "\(file): service '\(service)' dependsOn '\(dependency)', which is no service or library. `nixpacks-ci services` lists the names."
        case let .duplicateServiceName(name, paths):
            return "two services are named '\(name)' (\(paths.joined(separator: ", "))). Name one explicitly in nixpacks-ci.toml: [services.NAME] path = \"...\"."
        case let .fetchFailed(command, output):
            return "`\(command)` failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        case let .autoBase(message):
            return "--since auto: \(message)"
        }
    }

    private static func location(_ file: String, _ line: Int?) -> String {
        line.map { "\(file):\($0)" } ?? file
    }
}
