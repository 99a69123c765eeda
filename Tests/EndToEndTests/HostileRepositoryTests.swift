import Foundation
import Glibc
import Host
import Testing
import TestSupport

/// Repositories a hostile pull request can push: CI runs nixpacks-ci on them, so every run must end
/// (no signal, no hang) within a time limit, with exit 1 or 2 and a message that names the file or
/// option when the input is wrong, never Foundation's text, and never read outside the repository.
///
/// Every run goes through `timeout -k 2 LIMIT` (exit 124 or 137 is a hang). `build --dry-run` is
/// given an unreachable `file://` nixpkgs archive so nix-instantiate fails at once instead of
/// waiting on the network: the key then hashes the Nix text, which these tests do not look at.
@Suite struct HostileRepositoryTests {
    static let binary = CommandLineTests.binary
    static let offlineNixpkgs = ["--nixpkgs-archive-url", "file:///nonexistent/nixpkgs/{archive}.tar.gz"]

    // MARK: - Reproductions

    @Test func deeplyNestedPnpmWorkspaceIsAnErrorOnItsLine() throws {
        let repo = try GitFixture("pnpm-deep")
        try repo.write("package.json", #"{"name":"root","private":true}"#)
        try repo.write("pnpm-workspace.yaml", "packages: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n")
        try repo.commitAll("deep")
        let run = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectError(run, status: 2, mentions: ["pnpm-workspace.yaml:1"])
    }

    @Test func fifoManifestIsRefusedWithoutBlocking() throws {
        let repo = try GitFixture("fifo")
        try repo.write("index.html", "<p>hi</p>\n")
        try repo.commitAll("site")
        #expect(mkfifo(repo.path + "/go.mod", 0o644) == 0)
        let services = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path, limit: 10)
        Self.expectError(services, status: 2, mentions: ["go.mod"])
        let build = try Self.run(["build", "--dry-run", "--cache-dir", Self.cache(repo)] + Self.offlineNixpkgs, in: repo.path, limit: 10)
        Self.expectError(build, status: 2, mentions: ["go.mod"])
    }

    @Test func manifestLinkedToTheFilesystemRootIsNotWalked() throws {
        let repo = try GitFixture("link-root")
        try repo.write("README", "x\n")
        try FileManager.default.createDirectory(atPath: repo.path + "/svc/app", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/svc/app/package.json", withDestinationPath: "/")
        try repo.commitAll("link")
        let detect = try Self.run(["detect", "svc/app"], in: repo.path, limit: 10)
        Self.expectFinished(detect)
        #expect([0, 1, 2].contains(detect.output.status), "\(detect)")
        let plan = try Self.run(["plan", "svc/app"], in: repo.path, limit: 10)
        Self.expectFinished(plan)
        #expect(plan.output.standardError.contains("note:") && plan.output.standardError.contains("package.json"), "\(plan)")
    }

    @Test func manifestLinkedOutsideTheRepositoryIsNeverRead() throws {
        let repo = try GitFixture("link-passwd")
        try repo.write("svc/main.py", "print('hi')\n")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/svc/requirements.txt", withDestinationPath: "/etc/passwd")
        try repo.commitAll("link")
        let services = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectError(services, status: 2, mentions: ["svc/requirements.txt"])
        let plan = try Self.run(["plan", "svc"], in: repo.path)
        Self.expectFinished(plan)
        #expect(!(plan.output.standardOutput + plan.output.standardError).contains("root:x:0:0"), "\(plan)")
    }

    /// 1,900 levels of `d/` (made with `mkdirat`/`openat`, as a `chdir` loop would, without changing
    /// this process's directory): `git add` still works below PATH_MAX.
    @Test func deepDirectoriesAreDiscoveredAndPlanned() throws {
        let repo = try GitFixture("deep-dirs")
        try Self.writeDeep(under: repo.path, depth: 1900, name: "package.json",
                           contents: #"{"name":"deep","scripts":{"start":"node index.js"}}"#)
        try repo.commitAll("deep")
        let services = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectFinished(services)
        #expect(services.output.status == 0 && services.output.standardOutput.contains("service"), "\(services)")
        let build = try Self.run(["build", "--dry-run", "--cache-dir", Self.cache(repo)] + Self.offlineNixpkgs, in: repo.path)
        Self.expectFinished(build)
        #expect(build.output.status == 0, "\(build)")
    }

    @Test func declaredDependencyCycleNamesBothLines() throws {
        let repo = try GitFixture("cycle")
        try repo.write("a/index.html", "a\n")
        try repo.write("b/index.html", "b\n")
        try repo.write("nixpacks-ci.toml", "[services.a]\npath = \"a\"\ndependsOn = [\"b\"]\n[services.b]\npath = \"b\"\ndependsOn = [\"a\"]\n")
        try repo.commitAll("cycle")
        for arguments in [["services"], ["build", "--dry-run"] + Self.offlineNixpkgs] {
            let run = try Self.run(arguments + ["--cache-dir", Self.cache(repo)], in: repo.path)
            Self.expectError(run, status: 2, mentions: ["nixpacks-ci.toml:3", "nixpacks-ci.toml:6"])
        }
    }

    @Test func phaseCycleAndUnknownProviderNameNixpacksToml() throws {
        let repo = try GitFixture("phases")
        try repo.write("package.json", #"{"name":"app","scripts":{"start":"node index.js"}}"#)
        try repo.write("nixpacks.toml", "[phases.a]\ndependsOn = [\"b\"]\ncmds = [\"x\"]\n[phases.b]\ndependsOn = [\"a\"]\ncmds = [\"y\"]\n")
        try repo.commitAll("cycle")
        let cycle = try Self.run(["build", "--dry-run", "--cache-dir", Self.cache(repo)] + Self.offlineNixpkgs, in: repo.path)
        Self.expectError(cycle, status: 1, mentions: ["nixpacks.toml:1"])
        try repo.write("nixpacks.toml", "providers = [\"nope\"]\n")
        try repo.commitAll("unknown provider")
        for arguments in [["build", "--dry-run", "--cache-dir", Self.cache(repo)] + Self.offlineNixpkgs, ["plan", "."]] {
            let run = try Self.run(arguments, in: repo.path)
            Self.expectError(run, status: [1, 2], mentions: ["nixpacks.toml", "nope"])
        }
    }

    struct EmptyFlag: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var flag: String
        var testDescription: String { arguments.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ") }
    }

    @Test(arguments: [EmptyFlag(arguments: ["affected", "--since", ""], flag: "--since"),
                      EmptyFlag(arguments: ["plan", ".", "--config", ""], flag: "--config"),
                      EmptyFlag(arguments: ["plan", ".", "--env", ""], flag: "--env"),
                      EmptyFlag(arguments: ["services", "--cache-dir", ""], flag: "--cache-dir")])
    func emptyFlagValuesAreUsageErrors(_ empty: EmptyFlag) throws {
        let repo = try GitFixture("empty-flag")
        try repo.write("package.json", #"{"name":"app","scripts":{"start":"node index.js"}}"#)
        try repo.commitAll("app")
        let run = try Self.run(empty.arguments, in: repo.path)
        Self.expectError(run, status: 2, mentions: [empty.flag])
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/graphs"), "nothing written into the repository")
        #expect(try repo.git("status", "--porcelain", "--untracked-files=all", "--ignored").isEmpty, "nothing written into the repository")
    }

    struct ServicePath: Sendable, CustomTestStringConvertible {
        var label: String
        var toml: String
        var testDescription: String { label }
    }

    @Test(arguments: [ServicePath(label: "/etc", toml: "[services.web]\npath = \"/etc\"\n"),
                      ServicePath(label: "/", toml: "[services.web]\npath = \"/\"\n"),
                      ServicePath(label: "empty", toml: "[services.web]\npath = \"\"\n"),
                      ServicePath(label: ".git", toml: "[services.web]\npath = \".git\"\n"),
                      ServicePath(label: "a file", toml: "[services.web]\npath = \"file.txt\"\n"),
                      ServicePath(label: "missing", toml: "[services.web]\npath = \"missing\"\n"),
                      ServicePath(label: "the same path twice", toml: "[services.web]\npath = \"a\"\n[services.api]\npath = \"a\"\n")])
    func badServicePathsNameTheirKeyAndLine(_ path: ServicePath) throws {
        let repo = try GitFixture("service-path")
        try repo.write("a/index.html", "a\n")
        try repo.write("file.txt", "x\n")
        try repo.write("nixpacks-ci.toml", path.toml)
        try repo.commitAll("config")
        let run = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectError(run, status: 2, mentions: ["nixpacks-ci.toml"])
        let message = run.output.standardError
        #expect(message.contains(#/nixpacks-ci\.toml:\d+/#), "no line number: \(run)")
        #expect(message.contains(#/services\.(web|api)\.path/#), "no key: \(run)")
    }

    @Test(arguments: ["include", "exclude"], ["[", "[z-a]", "{a,b"])
    func invalidDiscoveryGlobsNameTheConfiguration(_ key: String, _ pattern: String) throws {
        let repo = try GitFixture("globs")
        try repo.write("a/index.html", "a\n")
        try repo.write("nixpacks-ci.toml", "[discovery]\n\(key) = [\"\(pattern)\"]\n")
        try repo.commitAll("config")
        let run = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectError(run, status: 2, mentions: ["nixpacks-ci.toml"])
    }

    @Test func wrongTypesInPackageJsonNameTheFile() throws {
        let repo = try GitFixture("types")
        try repo.write("web/package.json", #"{"name":"web","scripts":{"start":"node index.js"},"dependencies":5}"#)
        try repo.commitAll("web")
        let dependencies = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectError(dependencies, status: 2, mentions: ["web/package.json", "dependencies"])
        try repo.remove("web")
        try repo.write("package.json", #"{"name":"root","private":true,"workspaces":"x"}"#)
        try repo.commitAll("root")
        let workspaces = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectError(workspaces, status: 2, mentions: ["package.json", "workspaces"])
    }

    @Test func danglingManifestLinkNamesItsPath() throws {
        let repo = try GitFixture("dangling")
        try repo.write("README", "x\n")
        try FileManager.default.createDirectory(atPath: repo.path + "/a", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/a/package.json", withDestinationPath: "nowhere")
        try repo.commitAll("link")
        let run = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectError(run, status: 2, mentions: ["a/package.json"])
    }

    static func nonUTF8Repository() throws -> GitFixture {
        let repo = try GitFixture("not-utf8")
        try repo.write("ok/index.html", "ok\n")
        try Self.writeBytes(Array(#"{"name":"bad","scripts":{"start":"node index.js"}}"#.utf8),
                            to: Array(repo.path.utf8) + Array("/bad".utf8) + [0xFF] + Array("/package.json".utf8))
        try repo.commitAll("names")
        return repo
    }

    @Test func directoryNameThatIsNotUTF8IsSkippedWithAWarning() throws {
        let repo = try Self.nonUTF8Repository()
        let run = try Self.run(["services", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectFinished(run)
        #expect(run.output.status == 0, "\(run)")
        #expect(run.output.standardOutput.contains("ok"), "\(run)")
        #expect(run.output.standardError.contains("UTF-8"), "\(run)")
    }

    /// Found while writing these tests: the skipped path is not a change of a clean tree.
    @Test func directoryNameThatIsNotUTF8IsNoChangeOfACleanTree() throws {
        let repo = try Self.nonUTF8Repository()
        #expect(try repo.git("status", "--porcelain", "--untracked-files=all").isEmpty)
        let run = try Self.run(["affected", "--since", "HEAD", "--format", "json", "--cache-dir", Self.cache(repo)], in: repo.path)
        Self.expectFinished(run)
        #expect(run.output.status == 0, "\(run)")
        #expect(run.output.standardOutput.contains(#""changedPathCount" : 0"#), "a clean tree has no changed path: \(run.output.standardOutput)")
        #expect(!run.output.standardOutput.contains(#""marker""#), "no service was removed: \(run.output.standardOutput)")
    }

    @Test func negativeJobsIsAUsageError() throws {
        let repo = try GitFixture("jobs")
        try repo.write("index.html", "x\n")
        try repo.commitAll("site")
        let run = try Self.run(["build", "--jobs", "-1", "--dry-run", "--cache-dir", Self.cache(repo)] + Self.offlineNixpkgs, in: repo.path)
        Self.expectError(run, status: 2, mentions: ["--jobs"])
    }

    // MARK: - Seeded fuzzing

    /// The fixed seed; NIXPACKS_CI_FUZZ_SEED (hex) and NIXPACKS_CI_FUZZ_COUNT explore others.
    static let fuzzSeed = ProcessInfo.processInfo.environment["NIXPACKS_CI_FUZZ_SEED"].flatMap { UInt64($0, radix: 16) } ?? 0x6E69_7870_6163_6B73
    /// Each run's bound: a hang runs into it; an ordinary run takes well under a second alone, but
    /// CI runs this beside image builds and a release build on two cores (one `build --dry-run`
    /// there took over 10 s, engine and nix-instantiate included).
    static let fuzzLimit = 30

    static let fuzzCount = ProcessInfo.processInfo.environment["NIXPACKS_CI_FUZZ_COUNT"].flatMap { Int($0) } ?? 40

    /// 40 generated repositories (`HostileRepository.generate`), each run with `services`,
    /// `affected --since HEAD`, `build --dry-run` and `plan` of each directory under a 30 s limit. A failure prints
    /// the seed, the index and the repository's spec; `generate(index:seed:)` rebuilds it.
    @Test(arguments: 0..<fuzzCount)
    func generatedHostileRepositoriesEndCleanly(_ index: Int) throws {
        let spec = HostileRepository.generate(index: index, seed: Self.fuzzSeed)
        let repo = try GitFixture("fuzz-\(index)")
        try spec.create(in: repo)
        let cache = Self.cache(repo)
        let commands = [["services", "--cache-dir", cache],
                        ["affected", "--since", "HEAD", "--cache-dir", cache],
                        ["build", "--dry-run", "--cache-dir", cache] + Self.offlineNixpkgs] + spec.appDirectories.map { ["plan", $0] }
        for arguments in commands {
            let run = try Self.run(arguments, in: repo.path, limit: Self.fuzzLimit)
            let context = "\(run)\n\(spec)"
            #expect(run.output.signal == nil && run.output.status < 124, "crashed or timed out: \(context)")
            #expect([0, 1, 2].contains(run.output.status), "exit status is 0, 1 or 2: \(context)")
            guard [1, 2].contains(run.output.status) else { continue }
            let message = run.output.standardError
            #expect(!message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "a failure says why: \(context)")
            for text in ErrorMessageTests.rawErrorText { #expect(!message.contains(text), "raw error text '\(text)': \(context)") }
            if run.output.status == 2 {
                // A path, a file name (Gemfile has no dot) or a flag.
                let named = ["/", ".", "--"] + HostileRepository.manifests
                #expect(named.contains { message.contains($0) }, "names a file or flag: \(context)")
            }
        }
    }

    // MARK: - Running the CLI

    /// One finished run of the CLI.
    struct Run: CustomStringConvertible {
        var arguments: [String]
        var output: ProcessRunner.Output
        var seconds: Double
        var limit: Int

        var description: String {
            let shown = arguments.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
            let ending = output.signal.map { "signal \($0)" } ?? "exit \(output.status)"
            return "nixpacks-ci \(shown): \(ending) after \(String(format: "%.1f", seconds)) s (limit \(limit) s)\n"
                + "stderr: \(output.standardError.prefix(2000))\nstdout: \(output.standardOutput.prefix(500))"
        }
    }

    /// Runs the CLI in `directory` under `timeout -k 2 LIMIT` (so a hang ends as exit 124 or 137).
    static func run(_ arguments: [String], in directory: String, limit: Int = 20) throws -> Run {
        let clock = ContinuousClock()
        let start = clock.now
        let output = try ProcessRunner().run("/usr/bin/timeout", ["-k", "2", "\(limit)", "/usr/bin/env", "-C", directory, binary] + arguments)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Run(arguments: arguments, output: output, seconds: seconds, limit: limit)
    }

    /// A cache directory next to the repository (removed with the fixture).
    static func cache(_ repo: GitFixture) -> String {
        repo.directory.deletingLastPathComponent().appendingPathComponent("cache").path
    }

    /// Ended by itself (no signal), within its limit.
    static func expectFinished(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.output.signal == nil && run.output.status < 124, "crashed or timed out: \(run)", sourceLocation: sourceLocation)
        #expect(run.seconds < Double(run.limit), "too slow: \(run)", sourceLocation: sourceLocation)
    }

    static func expectError(_ run: Run, status: Int32, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        expectError(run, status: [status], mentions: mentions, sourceLocation: sourceLocation)
    }

    /// Finished with one of `status`, a message naming `mentions`, and no raw Foundation text.
    static func expectError(_ run: Run, status: Set<Int32>, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        expectFinished(run, sourceLocation: sourceLocation)
        #expect(status.contains(run.output.status), "expected exit \(status.sorted()): \(run)", sourceLocation: sourceLocation)
        for text in ErrorMessageTests.rawErrorText {
            #expect(!run.output.standardError.contains(text), "raw error text '\(text)': \(run)", sourceLocation: sourceLocation)
        }
        for text in mentions {
            #expect(run.output.standardError.contains(text), "'\(text)' missing: \(run)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Files by bytes (names that are not UTF-8, deep trees)

    static func cPath(_ bytes: [UInt8]) -> [CChar] {
        bytes.map { CChar(bitPattern: $0) } + [0]
    }

    /// Creates every directory of `path` (bytes, `mkdir -p`).
    static func makeDirectories(_ path: [UInt8]) throws {
        var prefix: [UInt8] = []
        for (offset, byte) in path.enumerated() {
            if byte == UInt8(ascii: "/"), offset > 0 {
                if mkdir(cPath(prefix), 0o755) != 0, errno != EEXIST { throw FixtureError(message: "mkdir: \(String(cString: strerror(errno)))") }
            }
            prefix.append(byte)
        }
        if mkdir(cPath(prefix), 0o755) != 0, errno != EEXIST { throw FixtureError(message: "mkdir: \(String(cString: strerror(errno)))") }
    }

    /// Writes `contents` to `path` (bytes), creating its directories.
    static func writeBytes(_ contents: [UInt8], to path: [UInt8]) throws {
        if let slash = path.lastIndex(of: UInt8(ascii: "/")) { try makeDirectories(Array(path[..<slash])) }
        let fd = open(cPath(path), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FixtureError(message: "open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < contents.count {
            let count = contents.withUnsafeBytes { write(fd, $0.baseAddress! + written, contents.count - written) }
            guard count > 0 else { throw FixtureError(message: "write: \(String(cString: strerror(errno)))") }
            written += count
        }
    }

    /// `depth` directories `d/d/.../d` under `root` holding `name`, made relative to a directory
    /// descriptor at each level (the path grows past what one `open` of a full path accepts).
    static func writeDeep(under root: String, depth: Int, name: String, contents: String) throws {
        var directory = open(root, O_RDONLY | O_DIRECTORY)
        guard directory >= 0 else { throw FixtureError(message: "open \(root): \(String(cString: strerror(errno)))") }
        for _ in 0..<depth {
            guard mkdirat(directory, "d", 0o755) == 0 || errno == EEXIST else { throw FixtureError(message: "mkdirat: \(String(cString: strerror(errno)))") }
            let next = openat(directory, "d", O_RDONLY | O_DIRECTORY)
            close(directory)
            guard next >= 0 else { throw FixtureError(message: "openat: \(String(cString: strerror(errno)))") }
            directory = next
        }
        defer { close(directory) }
        let fd = openat(directory, name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FixtureError(message: "openat \(name): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, bytes.count) }) == bytes.count else {
            throw FixtureError(message: "write: \(String(cString: strerror(errno)))")
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose sequence is fixed by its seed on
/// every platform and toolchain (no `random(in:using:)`, whose algorithm the standard library may change).
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

/// A generated repository: manifests in a few directories, each valid or mutated.
struct HostileRepository: CustomStringConvertible {
    enum Node {
        case file([UInt8])
        case symlink(String)
        case fifo
        case directory
    }

    struct Entry: CustomStringConvertible {
        var path: [UInt8]
        var node: Node
        var mutation: String
        /// Committed, or left untracked (FIFOs always are: git skips them).
        var committed: Bool

        var description: String {
            let node: String
            switch self.node {
            case .file(let bytes):
                node = "file of \(bytes.count) bytes \"\(HostileRepository.escape(bytes.prefix(80)))\(bytes.count > 80 ? "…" : "")\""
            case .symlink(let target): node = "symlink to \(target)"
            case .fifo: node = "FIFO"
            case .directory: node = "directory"
            }
            return "  \(HostileRepository.escape(path[...])) [\(mutation)\(committed ? "" : ", untracked")]: \(node)"
        }
    }

    var index: Int
    var seed: UInt64
    var entries: [Entry]
    /// The directories given to `plan` (the UTF-8 ones, relative to the root).
    var appDirectories: [String]

    var description: String {
        "repository #\(index) of seed 0x\(String(seed, radix: 16)), plan \(appDirectories.joined(separator: ", ")):\n" + entries.map(\.description).joined(separator: "\n")
    }

    static let manifests = ["package.json", "pnpm-workspace.yaml", "go.mod", "go.work", "Cargo.toml", "pyproject.toml",
                            "requirements.txt", "Gemfile", "nixpacks.toml", "nixpacks-ci.toml", "composer.json"]
    /// Directories, the last one not UTF-8.
    static let directories: [[UInt8]] = [[], Array("a".utf8), Array("b".utf8), Array("svc/a".utf8), Array("bad".utf8) + [0xFF]]

    static func generate(index: Int, seed: UInt64) -> HostileRepository {
        var random = SplitMix64(state: seed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        var chosen: [[UInt8]] = []
        for _ in 0..<(1 + random.below(3)) {
            let directory = random.chance(8) ? directories[4] : random.pick(Array(directories.dropLast()))
            if !chosen.contains(directory) { chosen.append(directory) }
        }
        var entries: [Entry] = []
        for directory in chosen {
            var names: [String] = []
            for _ in 0..<(1 + random.below(3)) {
                let name = random.pick(manifests)
                if !names.contains(name) { names.append(name) }
            }
            for name in names {
                let path = directory.isEmpty ? Array(name.utf8) : directory + [UInt8(ascii: "/")] + Array(name.utf8)
                let (node, mutation) = mutate(name, random: &random)
                let committed: Bool
                if case .fifo = node { committed = false } else { committed = random.chance(80) }
                entries.append(Entry(path: path, node: node, mutation: mutation, committed: committed))
            }
            if random.chance(40) {
                let filler = directory.isEmpty ? Array("index.html".utf8) : directory + Array("/index.html".utf8)
                entries.append(Entry(path: filler, node: .file(Array("<p>hi</p>\n".utf8)), mutation: "valid", committed: true))
            }
        }
        let apps = chosen.compactMap { String(bytes: $0, encoding: .utf8) }.map { $0.isEmpty ? "." : $0 }
        return HostileRepository(index: index, seed: seed, entries: entries, appDirectories: apps)
    }

    /// Writes the committed entries, commits, then adds the untracked ones.
    func create(in repo: GitFixture) throws {
        let root = Array(repo.path.utf8) + [UInt8(ascii: "/")]
        for entry in entries where entry.committed { try Self.materialize(entry, root: root) }
        try repo.commitAll("generated")
        for entry in entries where !entry.committed { try Self.materialize(entry, root: root) }
    }

    static func materialize(_ entry: Entry, root: [UInt8]) throws {
        let path = root + entry.path
        if let slash = path.lastIndex(of: UInt8(ascii: "/")) { try HostileRepositoryTests.makeDirectories(Array(path[..<slash])) }
        let cPath = HostileRepositoryTests.cPath(path)
        switch entry.node {
        case .file(let bytes): try HostileRepositoryTests.writeBytes(bytes, to: path)
        case .symlink(let target):
            guard Glibc.symlink(target, cPath) == 0 else { throw FixtureError(message: "symlink: \(String(cString: strerror(errno)))") }
        case .fifo:
            guard mkfifo(cPath, 0o644) == 0 else { throw FixtureError(message: "mkfifo: \(String(cString: strerror(errno)))") }
        case .directory:
            // A file inside, so git records the directory.
            try HostileRepositoryTests.writeBytes(Array("x\n".utf8), to: path + Array("/index.js".utf8))
        }
    }

    enum Format {
        case json, yaml, toml, lines
    }

    static func format(_ name: String) -> Format {
        switch name {
        case "package.json", "composer.json": .json
        case "pnpm-workspace.yaml": .yaml
        case "Cargo.toml", "pyproject.toml", "nixpacks.toml", "nixpacks-ci.toml": .toml
        default: .lines
        }
    }

    /// A manifest that reaches the parts worth breaking (versions, local paths, workspaces, phases):
    /// `@V@` marks a version and `@P@` a local path, filled with `valid` or with edge values.
    static func template(_ name: String) -> (text: String, version: String, path: String) {
        switch name {
        case "package.json":
            (#"{"name":"app","version":"1.0.0","scripts":{"start":"node index.js"},"engines":{"node":"@V@","pnpm":"@V@"},"#
                + #""packageManager":"pnpm@@V@","dependencies":{"lib":"file:@P@","b":"workspace:*"},"workspaces":["a","@P@","svc/*"]}"#, ">=18 <21", "../b")
        case "composer.json": (#"{"name":"acme/app","require":{"php":"@V@","laravel/framework":"^11.0"},"repositories":[{"type":"path","url":"@P@"}]}"#, "^8.2", "../b")
        case "pnpm-workspace.yaml": ("packages:\n  - 'a'\n  - '@P@'\n  - '!b'\n", "", "svc/*")
        case "go.mod": ("module example.com/app\n\ngo @V@\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => @P@\n", "1.22", "../b")
        case "go.work": ("go @V@\n\nuse (\n\t./a\n\t@P@\n)\n", "1.22", "./b")
        case "Cargo.toml": ("[package]\nname = \"app\"\nversion = \"0.1.0\"\nrust-version = \"@V@\"\n\n[dependencies]\nlib = { path = \"@P@\" }\n\n"
                            + "[workspace]\nmembers = [\"a\", \"@P@\"]\n", "1.75", "../b")
        case "pyproject.toml": ("[project]\nname = \"app\"\nversion = \"0.1\"\nrequires-python = \">=@V@\"\n"
                                + "dependencies = [\"flask\", \"lib\", \"pdm @ file:///${PROJECT_ROOT}/@P@\"]\n\n[tool.uv.sources]\nlib = { path = \"@P@\" }\n", "3.11", "../b")
        case "requirements.txt": ("flask==@V@\n-e @P@\n-r requirements.txt\n", "3.0.0", "../b")
        case "Gemfile": ("source 'https://rubygems.org'\nruby '@V@'\ngem 'rails'\ngem 'lib', path: '@P@'\n", "3.2.2", "../b")
        case "nixpacks.toml": ("providers = [\"...\"]\n[variables]\nNIXPACKS_NODE_VERSION = \"@V@\"\nNIXPACKS_PYTHON_VERSION = \"@V@\"\n"
                               + "[phases.setup]\nnixPkgs = [\"...\", \"cowsay\"]\n[phases.build]\ndependsOn = [\"setup\"]\ncmds = [\"echo hi\"]\n[start]\ncmd = \"./run\"\n", "20", "")
        case "nixpacks-ci.toml": ("version = 1\n[discovery]\nexclude = [\"svc/**\"]\n[changes]\nignore = [\"**/*.md\"]\n"
                                  + "[services.api]\npath = \"@P@\"\ndependsOn = [\"web\"]\ninputs = [\"b/**\"]\n[services.web]\npath = \"b\"\n", "", "a")
        default: ("x\n", "", "")
        }
    }

    /// Versions and paths at the edges of what their parsers take.
    static let edgeVersions = ["", "^", "~", "<", ">=", "-", "+", "x", "*", "||", ">=18 <", "1 - ", " - 2", "18 || ", "v", "=v", "lts/", "latest",
                               "9223372036854775807", "^9223372036854775807", "~1.9223372036854775807", "1.2.9223372036854775807",
                               "99999999999999999999999", "-1", "1.2.3.4.5", "1.x.x.x", "a.b.c", ".", "..", "1..2", "${HOME}", "$(id)"]
    static let edgePaths = ["", "/", ".", "..", "../../../../../../etc", "a/../../..", "/etc/passwd", "${PROJECT_ROOT}", "./", "\\", "C:\\x",
                            "~", "~/x", "//", "-e", "--", "*", "**", "!", "[", "a\tb", String(repeating: "../", count: 200), String(repeating: "x/", count: 600)]

    /// Replaces each `@V@` and `@P@`: with the valid value, or (`edges`) with a random edge value.
    static func filled(_ template: (text: String, version: String, path: String), edges: Bool, random: inout SplitMix64) -> [UInt8] {
        var result = ""
        var rest = Substring(template.text)
        while let marker = rest.firstRange(of: #/@[VP]@/#) {
            result += rest[..<marker.lowerBound]
            let isVersion = rest[marker] == "@V@"
            result += edges ? random.pick(isVersion ? edgeVersions : edgePaths) : (isVersion ? template.version : template.path)
            rest = rest[marker.upperBound...]
        }
        return Array((result + rest).utf8)
    }

    static func mutate(_ name: String, random: inout SplitMix64) -> (Node, String) {
        let kind = format(name)
        let valid = filled(template(name), edges: false, random: &random)
        switch random.below(14) {
        case 0: return (.file(valid), "valid")
        case 1: return (.file(Array(valid.prefix(random.below(valid.count)))), "truncated")
        case 2: return (.file(random.bytes(1 + random.below(4096))), "random bytes")
        case 3:
            let depth = 300 + random.below(2701)
            return (.file(nested(kind, depth: depth, closed: random.chance(70))), "nested \(depth) deep")
        case 4: return (.file(Array(random.pick(wrongTypes(kind)).utf8)), "wrong types")
        case 5:
            let length = 1000 + random.below(1_048_577)
            return (.file(huge(kind, length: length)), "string of \(length) bytes")
        case 6: return (.file(inserting(random.pick([[0xFF], [0xFE, 0xFE], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]]),
                                        into: valid, random: &random)), "invalid UTF-8")
        case 7: return (.file(inserting([0], into: valid, random: &random)), "NUL bytes")
        case 8: return (.symlink(random.pick(["/", "/etc/passwd", "..", "../..", ".", "nowhere", "/dev/zero", "/proc/self/environ"])), "symlink")
        case 9: return (.fifo, "FIFO")
        case 10: return (.directory, "directory")
        case 11, 12: return (.file(filled(template(name), edges: true, random: &random)), "edge values")
        default: return (.file(inserting(random.bytes(1 + random.below(64)), into: valid, random: &random)), "random bytes spliced in")
        }
    }

    /// `piece` inserted at one to three random places.
    static func inserting(_ piece: [UInt8], into bytes: [UInt8], random: inout SplitMix64) -> [UInt8] {
        var result = bytes
        for _ in 0..<(1 + random.below(3)) { result.insert(contentsOf: piece, at: random.below(result.count + 1)) }
        return result
    }

    static func nested(_ format: Format, depth: Int, closed: Bool) -> [UInt8] {
        let opening = String(repeating: "[", count: depth), closing = closed ? String(repeating: "]", count: depth) : ""
        let text = switch format {
        case .json: #"{"name":"x","scripts":{"start":"node i.js"},"dependencies":"# + String(repeating: #"{"a":"#, count: depth) + "1"
            + (closed ? String(repeating: "}", count: depth) : "") + #","k":"# + opening + closing + "}"
        case .yaml: "packages: " + opening + closing + "\n"
        case .toml: "k = " + opening + closing + "\nt = " + String(repeating: "{ a = ", count: depth) + "1" + (closed ? String(repeating: " }", count: depth) : "") + "\n"
        case .lines: "module x\n" + String(repeating: "(", count: depth) + (closed ? String(repeating: ")", count: depth) : "") + "\n"
        }
        return Array(text.utf8)
    }

    static func wrongTypes(_ format: Format) -> [String] {
        switch format {
        case .json: [#"{"name":5,"scripts":[1,2],"dependencies":"x"}"#, #"{"workspaces":{"packages":7},"engines":{"node":[]}}"#,
                     #"[1,2,3]"#, #""just a string""#, #"{"scripts":{"start":null},"dependencies":{"a":{"b":1}},"require":[]}"#, "null"]
        case .yaml: ["packages: 5\n", "packages: {a: 1}\n", "- a\n- b\n", "packages:\n  - [1, 2]\n  - {x: y}\n", "packages: &a [*a]\n"]
        case .toml: ["[package]\nname = 5\n[dependencies]\nlib = 3\n", "services = 5\nversion = \"one\"\n", "[discovery]\ninclude = \"x\"\nauto = 3\n",
                     "[services.a]\npath = 3\ndependsOn = \"b\"\n", "[phases.setup]\nnixPkgs = 1\n[start]\ncmd = []\n", "project = [1]\n[tool.uv]\nsources = 2\n"]
        case .lines: ["module\n", "go abc\nuse ( \n", "replace => \n", "-r\n-e\n--index-url\n", "gem\ngem 1, path: 2\n"]
        }
    }

    static func huge(_ format: Format, length: Int) -> [UInt8] {
        let long = String(repeating: "a", count: length)
        let text = switch format {
        case .json: #"{"name":""# + long + #"","scripts":{"start":"node index.js"}}"#
        case .yaml: "packages:\n  - '" + long + "'\n"
        case .toml: "name = \"" + long + "\"\n[services.x]\npath = \"" + long + "\"\n"
        case .lines: "module " + long + "\n"
        }
        return Array(text.utf8)
    }

    static func escape(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { byte in
            (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"")
                ? String(UnicodeScalar(byte)) : byte == 0x0A ? "\\n" : "\\x" + String(byte, radix: 16, uppercase: true).leftPadded()
        }.joined()
    }
}

private extension String {
    func leftPadded() -> String { count < 2 ? "0" + self : self }
}
