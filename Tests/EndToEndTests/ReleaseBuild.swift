import Foundation
import Host
import TestSupport

/// The release of this checkout, made once per test run by scripts/release.sh into
/// `$TMPDIR/nixpacks-ci-release-tests/dist`, and its image by scripts/release-image.sh from that
/// tarball (tagged for the tests, so a developer's `nixpacks-ci:VERSION` is left alone).
///
/// The release build compiles everything again in release mode: minutes from cold, seconds when its
/// SwiftPM scratch directory (`.build-release/`, or `NIXPACKS_CI_RELEASE_SCRATCH`) is warm. Set
/// `NIXPACKS_CI_RELEASE_DIST` to a dist directory that scripts/release.sh made from this checkout to
/// test that one instead of building.
struct ReleaseBuild: Sendable {
    /// The version the sources print, which release.sh names the tarball after.
    let version: String
    let dist: URL
    /// `nixpacks-ci-VERSION-linux-ARCH.tar.gz` in `dist`.
    let tarball: URL
    /// The tarball unpacked: `nixpacks-ci-VERSION-linux-ARCH/`.
    let unpacked: URL
    let image: String

    var binary: URL { unpacked.appendingPathComponent("nixpacks-ci") }

    /// Made on first use, by whichever test comes first; the others wait for it.
    static let shared: Result<ReleaseBuild, any Error> = Result { try make() }

    static func get() throws -> ReleaseBuild { try shared.get() }

    static let repositoryRoot = EngineHarnessTests.repositoryRoot
    static let docker = ProcessInfo.processInfo.environment["NIXPACKS_CI_DOCKER"] ?? "/usr/bin/docker"

    /// The version in Sources/nixpacks-ci/NixpacksCIVersion.swift (`static let current = "..."`).
    static func sourceVersion() throws -> String {
        let file = repositoryRoot.appendingPathComponent("Sources/nixpacks-ci/NixpacksCIVersion.swift")
        let text = try String(contentsOf: file, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.contains("static let current") }),
              let value = line.split(separator: "\"").dropFirst().first else {
            throw FixtureError(message: "no `static let current = \"...\"` in \(file.path)")
        }
        return String(value)
    }

    static func architecture() throws -> String {
        try ProcessRunner().run("uname", ["-m"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A failed build's compiler errors (which scroll by long before its end) and its last lines.
    private static func errorLines(_ log: String) -> String {
        let lines = log.split(separator: "\n")
        let errors = lines.filter { $0.contains("error:") }.prefix(40)
        return (errors + ["..."] + lines.suffix(15)).joined(separator: "\n")
    }

    private static func make() throws -> ReleaseBuild {
        let environment = ProcessInfo.processInfo.environment
        let version = try sourceVersion()
        // One place, emptied first: the run's copy is left for a look afterwards, but never piles up.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("nixpacks-ci-release-tests")
        try? FileManager.default.removeItem(at: work)
        let dist: URL
        if let prebuilt = environment["NIXPACKS_CI_RELEASE_DIST"], !prebuilt.isEmpty {
            dist = URL(fileURLWithPath: prebuilt)
        } else {
            dist = work.appendingPathComponent("dist")
            var arguments = [repositoryRoot.appendingPathComponent("scripts/release.sh").path, "--dist", dist.path]
            if let scratch = environment["NIXPACKS_CI_RELEASE_SCRATCH"], !scratch.isEmpty { arguments += ["--scratch-path", scratch] }
            let built = try ProcessRunner().run("bash", arguments + [version])
            guard built.succeeded else {
                throw FixtureError(message: "scripts/release.sh \(version) failed (\(built.status)):\n\(errorLines(built.standardError))")
            }
        }
        let name = "nixpacks-ci-\(version)-linux-\(try architecture())"
        let tarball = dist.appendingPathComponent("\(name).tar.gz")
        guard FileManager.default.fileExists(atPath: tarball.path) else {
            throw FixtureError(message: "no \(tarball.path) after scripts/release.sh")
        }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let unpacked = try ProcessRunner().run("tar", ["-xzf", tarball.path, "-C", work.path])
        guard unpacked.succeeded else { throw FixtureError(message: "tar -xzf \(tarball.path): \(unpacked.standardError)") }

        let image = "nixpacks-ci-tests/release:\(version)"
        var imageEnvironment = environment
        imageEnvironment["NIXPACKS_CI_DOCKER"] = docker
        let imaged = try ProcessRunner(environment: imageEnvironment).run(
            "bash", [repositoryRoot.appendingPathComponent("scripts/release-image.sh").path, "--dist", dist.path, "--tag", image, version])
        guard imaged.succeeded else {
            throw FixtureError(message: "scripts/release-image.sh failed (\(imaged.status)):\n\(errorLines(imaged.standardError))")
        }
        return ReleaseBuild(version: version, dist: dist, tarball: tarball, unpacked: work.appendingPathComponent(name), image: image)
    }
}
