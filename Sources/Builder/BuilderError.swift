import Foundation

/// Every error the Builder module reports; each says what to do.
public enum BuilderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No docker client could be found.
    case noDockerClient(tried: [String])
    /// The client runs but no engine answers.
    case engineUnreachable(client: String, host: String, detail: String)
    /// A docker command failed.
    case dockerFailed(command: String, status: Int32, output: String)
    /// The debian package source has no Debian package for these (`name (why)`).
    case unmappedPackages([String])
    /// No Debian release (or not the one asked for) ships a version the app asked for.
    case debianVersionUnavailable([UnmetVersion], unmapped: [String])
    /// A secret named with --secret is not set in the environment.
    case missingSecret(String)
    /// A pre- or post-build hook, or the test command, failed.
    case stepFailed(step: String, status: Int32, output: String)
    /// A build context that cannot be (a path twice, a path leaving the context).
    case invalidContext(String)
    /// Writing a build context failed (the message names the path).
    case contextWrite(String)
    /// A source file changed between computing the cache key and writing the context.
    case sourceChanged(path: String, detail: String)

    /// A version request that the Debian releases tried do not meet, and what they ship.
    public struct UnmetVersion: Sendable, Equatable {
        public var request: VersionRequest
        /// `trixie: 20.19.2` for each release.
        public var shipped: [String]
        /// The release that was asked for, when one was.
        public var pinned: DebianRelease?
    }

    public var description: String {
        switch self {
        case let .noDockerClient(tried):
            return "no docker client found (tried \(tried.joined(separator: ", "))). Install one (Debian: apt-get install docker.io) "
                + "or point NIXPACKS_CI_DOCKER at it."
        case let .engineUnreachable(client, host, detail):
            return "no Docker engine answers at \(host) (client \(client): \(detail.trimmingCharacters(in: .whitespacesAndNewlines))). "
                + "Start one (`sudo dockerd &`, `systemctl start docker`, or `bash scripts/harness.sh` in this repository), "
                + "or set DOCKER_HOST to a running engine."
        case let .unmappedPackages(packages):
            return "the debian package source has no Debian package for: \(packages.joined(separator: "; ")). "
                + "Use --package-source nix, or install the tool with aptPkgs or a setup command in nixpacks.toml "
                + "(docs/building.md lists every mapping)."
        case let .debianVersionUnavailable(versions, unmapped):
            let lines = versions.map { unmet in
                let asked = "\(unmet.request.tool.displayName) \(unmet.request.text) (from \(unmet.request.source))"
                let release = unmet.pinned.map { "\($0) (--debian-release) does not ship it" } ?? "no Debian release ships it"
                return "  - \(asked): \(release); \(unmet.shipped.joined(separator: "; "))"
            }
            let others = unmapped.isEmpty ? "" : "\nAlso without a Debian package: \(unmapped.joined(separator: "; "))."
            return "the debian package source cannot meet the versions the app asks for:\n\(lines.joined(separator: "\n"))\(others)\n"
                + "Ask for a version Debian ships (or drop the request to get the release's own), choose the release with "
                + "--debian-release, or use --package-source nix."
        case let .missingSecret(name):
            return "secret \(name) is not set: export it in the environment of nixpacks-ci (its value never enters the image)."
        case let .stepFailed(step, status, output):
            let tail = output.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
            return "\(step) exited with status \(status):\n\(tail)"
        case let .invalidContext(detail):
            return "cannot make the build context: \(detail). This is a bug in nixpacks-ci; please report it with `nixpacks-ci explain`'s output."
        case let .contextWrite(detail):
            return "cannot write the build context: \(detail)"
        case let .sourceChanged(path, detail):
            return "\(path): \(detail). Something wrote to the repository during the build; run nixpacks-ci again once it is done."
        case let .dockerFailed(command, status, output):
            let tail = output.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
            return "`\(command)` exited with status \(status):\n\(tail)"
        }
    }
}
