import Builder
import Cache
import Crypto
import Foundation
import Host
import Synchronization

/// Identifies a plan's build environment for the cache key.
///
/// nix: the derivation of each generated environment file, from the real `nix-instantiate` when it
/// is installed (so a package change, or a nixpkgs pin change, changes the key, and unrelated text
/// does not), else a SHA-256 of the file's text, which names its pinned nixpkgs commit. Overlays
/// fetched from a branch (`.../archive/main.tar.gz`) are not pinned: the key is marked unstable.
/// debian: the Debian packages. Base images add their image ids when an engine knows them.
public final class EnvironmentIdentifier: Sendable {
    private let nixInstantiate: String?
    private let engine: DockerEngine?
    private let memo = Mutex<[String: (String, String?)]>([:])
    private let imageIDs = Mutex<[String: String?]>([:])

    /// `nixInstantiate`: the path of nix-instantiate, or nil to hash texts.
    public init(nixInstantiate: String?, engine: DockerEngine?) {
        self.nixInstantiate = nixInstantiate
        self.engine = engine
    }

    /// `nix-instantiate` on PATH, if any.
    public static func findNixInstantiate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        ProcessRunner(environment: environment).resolve("nix-instantiate")
    }

    /// The environment of a rendered build: its Nix files' derivations (nix) or its Debian
    /// packages (debian), and the base images.
    public func identify(_ rendered: RenderedBuild, source: PackageSource, archiveURL: String) throws -> CacheKeyInputs.Environment {
        let plan = rendered.plan
        var identities: [String] = []
        var unstable: [String] = []
        switch source {
        case .nix:
            for expression in rendered.nixExpressions {
                let (identity, failure) = try derivation(of: expression)
                identities.append(identity)
                if let failure { unstable.append(failure) }
            }
            for overlay in Set((plan.phases ?? [:]).values.flatMap { $0.nixOverlays ?? [] }).sorted() where !Self.isPinned(overlay) {
                unstable.append("overlay \(overlay) is not pinned to a commit")
            }
            if !archiveURL.contains("{archive}") { unstable.append("the nixpkgs archive location \(archiveURL) does not name the commit") }
        case .debian:
            // The release and the packages; the Dockerfile (in the key too) has the rest.
            if let debian = rendered.debian {
                identities = ["debian \(debian.release.rawValue)\(debian.usesBackports ? " with backports" : "")"] + debian.packages.sorted()
            }
        }
        var images: [String] = []
        let base = rendered.debian?.baseImage ?? plan.buildImage ?? NixpacksImages.ubuntu
        for image in [base] + (plan.start?.runImage.map { [rendered.debian?.baseImage ?? $0] } ?? []) {
            if let id = imageID(image) {
                images.append("\(image)@\(id)")
            } else {
                images.append(image)
                unstable.append("the id of base image \(image) is unknown (not present locally)")
            }
        }
        return CacheKeyInputs.Environment(packageSource: source.rawValue, identities: identities, baseImages: Array(Set(images)).sorted(),
                                          unstableBecause: Array(Set(unstable)).sorted())
    }

    /// A commit-pinned URL names a 40-hex commit.
    static func isPinned(_ url: String) -> Bool {
        url.range(of: #"[0-9a-f]{40}"#, options: .regularExpression) != nil
    }

    /// The derivation path, or the text hash and why nix-instantiate could not be used (the nixpkgs
    /// archive is unreachable from this machine, say): the build goes on, and the key says it is
    /// not the derivation.
    private func derivation(of expression: NixExpression) throws -> (String, String?) {
        let textHash = SHA256.hash(data: Data(expression.text.utf8)).hexString
        if let known = memo.withLock({ $0[textHash] }) { return known }
        var identity = "sha256:\(textHash)"
        var failure: String?
        if let nixInstantiate {
            let directory = try FileOperations.temporaryDirectory(prefix: "nixpacks-ci-nix")
            defer { try? FileOperations.removeTree(directory) }
            let file = directory + "/\(expression.fileName)"
            try FileOperations.write(expression.text, to: file)
            // Nix's database answers "busy" to concurrent writers: retry a few times.
            var output = try ProcessRunner().run(nixInstantiate, [file])
            var attempts = 1
            while !output.succeeded, output.standardError.contains("is busy"), attempts < 10 {
                Thread.sleep(forTimeInterval: 0.2 * Double(attempts))
                output = try ProcessRunner().run(nixInstantiate, [file])
                attempts += 1
            }
            if output.succeeded, let path = output.standardOutput.split(separator: "\n").last.map(String.init), path.hasPrefix("/nix/store/") {
                identity = path
            } else {
                let reason = output.standardError.split(separator: "\n").last { $0.hasPrefix("error:") }.map(String.init) ?? "exit \(output.status)"
                failure = "nix-instantiate could not evaluate \(expression.fileName) (\(reason)); its text is hashed instead"
            }
        }
        memo.withLock { $0[textHash] = (identity, failure) }
        return (identity, failure)
    }

    private func imageID(_ image: String) -> String? {
        if let known = imageIDs.withLock({ $0[image] }) { return known }
        let id = (try? engine?.docker(["image", "inspect", "-f", "{{.Id}}", image]))?.map { $0.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) }
        imageIDs.withLock { $0[image] = id }
        return id
    }
}

