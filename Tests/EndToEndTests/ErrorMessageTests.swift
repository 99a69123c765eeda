import Foundation
import Host
import Testing
import TestSupport

/// What a user sees when something is wrong: exit 2 for usage and input errors, a message that
/// names the file or option and says what to do, and never Foundation's or Swift's own text.
@Suite struct ErrorMessageTests {
    static let binary = CommandLineTests.binary

    /// Text that must never reach a user: raw Foundation and Swift errors.
    static let rawErrorText = ["NSCocoaErrorDomain", "Error Domain=", "The operation could not be completed", "The file doesn’t exist",
                               "The file doesn't exist", "Foundation.", "Swift.DecodingError", "(Code=", "NSPOSIXErrorDomain",
                               "Fatal error", "ArgumentParser.ExitCode"]

    static func run(_ arguments: [String], in directory: String? = nil) throws -> ProcessRunner.Output {
        let command = directory.map { ["-C", $0] } ?? []
        _ = command
        if let directory {
            return try ProcessRunner().run("/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory, binary] + arguments)
        }
        return try ProcessRunner().run(binary, arguments)
    }

    static func expectClean(_ output: ProcessRunner.Output, status: Int32, mentions: [String], _ label: String) {
        #expect(output.status == status, "\(label): exit \(output.status)\n\(output.standardError)")
        for text in rawErrorText { #expect(!output.standardError.contains(text), "\(label): raw error text '\(text)' in\n\(output.standardError)") }
        for text in mentions { #expect(output.standardError.contains(text), "\(label): '\(text)' missing from\n\(output.standardError)") }
    }

    static func repository() throws -> GitFixture {
        let repo = try GitFixture("errors")
        try repo.write("services/pyapi/main.py", "print('hi')\n")
        try repo.write("services/pyapi/requirements.txt", "flask\n")
        try repo.write("services/web/package.json", #"{"name":"web","scripts":{"start":"node s.js"}}"#)
        try repo.write("services/web/s.js", "1\n")
        try repo.commitAll("apps")
        return repo
    }

    /// Options of one app are refused for the monorepo, with exit 2 and what to do.
    @Test(arguments: [["--out", "/tmp/x"], ["--name", "x"], ["--tag", "x:1"], ["--platform", "linux/arm64"], ["--cache-from", "img"],
                      ["--pre-build", "true"], ["--post-build", "true"]])
    func appOptionsAreRefusedForTheMonorepo(_ option: [String]) throws {
        let repo = try Self.repository()
        let output = try Self.run(["build", "--repo", repo.path, "--dry-run"] + option)
        Self.expectClean(output, status: 2, mentions: [option[0], "PATH"], option[0])
    }

    @Test func outIntoTheRepositoryIsRefusedAndNothingIsTouched() throws {
        let repo = try Self.repository()
        for (app, out) in [("services/pyapi", "services/pyapi/ctx"), ("services/pyapi", "."), ("services/pyapi", "services")] {
            let output = try Self.run(["build", app, "--out", out], in: repo.path)
            Self.expectClean(output, status: 2, mentions: ["--out \(out)", "outside the repository"], "--out \(out)")
        }
        try repo.git("diff", "--quiet")
        #expect(try repo.git("status", "--porcelain").isEmpty, "no file written, moved or deleted")
        // The Nixpacks idiom writes .nixpacks/ only.
        let same = try Self.run(["build", ".", "--out", "."], in: repo.directory.appendingPathComponent("services/pyapi").path)
        #expect(same.succeeded, "\(same.standardError)")
        try repo.git("diff", "--quiet")
        #expect(try repo.git("status", "--porcelain", "--untracked-files=all").split(separator: "\n").allSatisfy { $0.hasPrefix("?? services/pyapi/.nixpacks/") })
    }

    @Test func inputErrorsNameTheirFile() throws {
        let repo = try Self.repository()
        try repo.write("services/web/.dockerignore", "ok\n[broken\n")
        try repo.write("services/pyapi/nixpacks.toml", "[phases.setup\n")
        let dockerignore = try Self.run(["build", "services/web", "--dry-run"], in: repo.path)
        Self.expectClean(dockerignore, status: 2, mentions: ["services/web/.dockerignore:2"], ".dockerignore")
        let config = try Self.run(["build", "services/pyapi", "--dry-run"], in: repo.path)
        Self.expectClean(config, status: 2, mentions: ["nixpacks.toml"], "nixpacks.toml")
        let notADirectory = try Self.run(["build", "services/web/s.js", "--dry-run"], in: repo.path)
        Self.expectClean(notADirectory, status: 2, mentions: ["services/web/s.js", "directory"], "a file as PATH")
        let missing = try Self.run(["build", "no/such/app", "--dry-run"], in: repo.path)
        Self.expectClean(missing, status: 2, mentions: ["no/such/app"], "a missing PATH")
        let unknown = try Self.run(["build", "--repo", repo.path, "--dry-run", "--service", "nope"])
        Self.expectClean(unknown, status: 2, mentions: ["nope", "pyapi", "web"], "an unknown service")
        let explain = try Self.run(["explain", "nope", "--repo", repo.path])
        Self.expectClean(explain, status: 2, mentions: ["nope"], "explain of an unknown service")
        let badRoot = try Self.run(["build", "--repo", "/nonexistent/dir", "--dry-run"])
        Self.expectClean(badRoot, status: 2, mentions: ["/nonexistent/dir"], "--repo that does not exist")
        try repo.remove("services/web/.dockerignore")
        let caCert = try Self.run(["build", "services/web", "--dry-run", "--ca-cert", "/nonexistent/ca.crt"], in: repo.path)
        Self.expectClean(caCert, status: 1, mentions: ["/nonexistent/ca.crt"], "--ca-cert")
        try repo.write("nixpacks-ci.toml", "[services.web]\npath = 3\n")
        let toml = try Self.run(["services", "--repo", repo.path])
        Self.expectClean(toml, status: 2, mentions: ["nixpacks-ci.toml:2"], "nixpacks-ci.toml")
    }

    /// Output piped into a reader that stops early (`| head -1`) ends the run quietly, never in a crash.
    @Test func aClosedPipeEndsTheRunQuietly() throws {
        let repo = try Self.repository()
        let output = try ProcessRunner().run("/bin/sh", ["-c", "\"$1\" build --repo \"$2\" --dry-run --jobs 1 | head -c 1 >/dev/null",
                                                         "sh", Self.binary, repo.path])
        Self.expectClean(output, status: 0, mentions: [], "a closed pipe")
        #expect(!output.standardError.contains("crashed"))
    }

    @Test func reportFilesThatCannotBeWrittenNameTheirPath() throws {
        let repo = try Self.repository()
        let output = try Self.run(["build", "--repo", repo.path, "--dry-run", "--junit", "/nonexistent/dir/junit.xml"])
        Self.expectClean(output, status: 1, mentions: ["/nonexistent/dir/junit.xml"], "--junit")
    }
}
