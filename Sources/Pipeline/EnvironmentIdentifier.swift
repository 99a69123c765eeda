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
    /// Derivations found in earlier runs on this machine, by the SHA-256 of the expression's text
    /// (which names its nixpkgs archive): nix-instantiate runs once per expression per machine.
    private let remembered: Mutex<[String: String]>
    private let found = Mutex<[String: String]>([:])
    /// Archive locations nix-instantiate could not download in this run: not tried again for other texts.
    private let unreachable = Mutex<[String: String]>([:])
    /// Archives found unreachable within the last hour, by an earlier run on this machine.
    private let unreachableBefore: [String: (time: Int, reason: String)]
    private let memoFile: String?
    static let unreachableFor: TimeInterval = 3600

    /// - Parameters:
    ///   - nixInstantiate: the path of nix-instantiate, or nil to hash texts.
    ///   - cacheDirectory: where derivations are remembered between runs (`<cache>/nix`), or nil.
    public init(nixInstantiate: String?, engine: DockerEngine?, cacheDirectory: String? = nil) {
        self.nixInstantiate = nixInstantiate
        self.engine = engine
        memoFile = cacheDirectory.map { $0 + "/derivations-v1.tsv" }
        var known: [String: String] = [:]
        var failed: [String: (time: Int, reason: String)] = [:]
        if let memoFile, let text = try? FileOperations.readText(memoFile, limit: 64 << 20) {
            let now = Date().timeIntervalSince1970
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if fields.count == 2, fields[1].hasPrefix("/nix/store/") { known[fields[0]] = fields[1] }
                // `unreachable <archive location> <time> <reason>`: trusted for an hour.
                if fields.count == 4, fields[0] == "unreachable", let time = Double(fields[2]), now - time < Self.unreachableFor {
                    failed[fields[1]] = (Int(time), fields[3])
                }
            }
        }
        remembered = Mutex(known)
        unreachableBefore = failed
    }

    /// Writes the derivations found in this run to the machine's memo (best effort).
    public func save() {
        let new = found.withLock { $0 }
        let failures = unreachable.withLock { $0 }.filter { unreachableBefore[$0.key] == nil }
        guard let memoFile, !new.isEmpty || !failures.isEmpty else { return }
        let now = Int(Date().timeIntervalSince1970)
        let allFailures = unreachableBefore.merging(failures.mapValues { (time: now, reason: $0) }) { _, latest in latest }
        let all = remembered.withLock { $0 }.merging(new) { _, latest in latest }
        var text = all.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }.joined()
        for (archive, failure) in allFailures.sorted(by: { $0.key < $1.key }) {
            text += "unreachable\t\(archive)\t\(failure.time)\t\(failure.reason.replacingOccurrences(of: "\t", with: " "))\n"
        }
        try? FileOperations.createIgnoredDirectory(String(memoFile[..<memoFile.lastIndex(of: "/")!]))
        try? FileOperations.write(Array(text.utf8), to: memoFile)
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
                let (identity, failure) = try derivation(of: expression, location: archiveURL.replacingOccurrences(of: "{archive}", with: expression.archive))
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

    /// Whether every URL in a Nix expression names a 40-hex commit (a local `file://` archive
    /// can be replaced under the same name, so it never counts as pinned).
    static func fetchesOnlyPinned(_ text: String) -> Bool {
        if text.contains("file://") { return false }
        var rest = Substring(text)
        while let start = rest.range(of: "https://") ?? rest.range(of: "http://") {
            let url = rest[start.lowerBound...].prefix { !$0.isWhitespace && $0 != "\"" && $0 != ";" }
            if !isPinned(String(url)) { return false }
            rest = rest[start.upperBound...]
        }
        return true
    }

    /// A commit-pinned URL names a 40-hex commit.
    static func isPinned(_ url: String) -> Bool {
        url.range(of: #"[0-9a-f]{40}"#, options: .regularExpression) != nil
    }

    /// The derivation path, or the text hash and why nix-instantiate could not be used (the nixpkgs
    /// archive is unreachable from this machine, say): the build goes on, and the key says it is
    /// not the derivation.
    private func derivation(of expression: NixExpression, location: String) throws -> (String, String?) {
        let textHash = SHA256.hash(data: Data(expression.text.utf8)).hexString
        if let known = memo.withLock({ $0[textHash] }) { return known }
        var identity = "sha256:\(textHash)"
        var failure: String?
        if nixInstantiate != nil, let path = remembered.withLock({ $0[textHash] }) {
            memo.withLock { $0[textHash] = (path, nil) }
            return (path, nil)
        }
        if nixInstantiate != nil, let reason = unreachable.withLock({ $0[location] }) ?? unreachableBefore[location]?.reason {
            failure = "nix-instantiate could not evaluate \(expression.fileName) (\(reason)); its text is hashed instead"
        } else if let nixInstantiate {
            let directory = try FileOperations.temporaryDirectory(prefix: "nixpacks-ci-nix")
            defer { try? FileOperations.removeTree(directory) }
            let file = directory + "/\(expression.fileName)"
            try FileOperations.write(expression.text, to: file)
            // Nix's database answers "busy" to concurrent writers: retry a few times.
            // Two download attempts: an unreachable archive fails in seconds, not after Nix's five
            // attempts with back-off (the key then says the text was hashed).
            let arguments = ["--option", "download-attempts", "2", file]
            var output = try ProcessRunner().run(nixInstantiate, arguments)
            var attempts = 1
            while !output.succeeded, output.standardError.contains("is busy"), attempts < 10 {
                Thread.sleep(forTimeInterval: 0.2 * Double(attempts))
                output = try ProcessRunner().run(nixInstantiate, arguments)
                attempts += 1
            }
            if output.succeeded, let path = output.standardOutput.split(separator: "\n").last.map(String.init), path.hasPrefix("/nix/store/") {
                identity = path
                // Remembered only when everything it fetches is pinned: a branch's tarball
                // (an unpinned overlay) may give another derivation tomorrow.
                if Self.fetchesOnlyPinned(expression.text) { found.withLock { $0[textHash] = path } }
            } else {
                let reason = output.standardError.split(separator: "\n").last { $0.hasPrefix("error:") }.map(String.init) ?? "exit \(output.status)"
                failure = "nix-instantiate could not evaluate \(expression.fileName) (\(reason)); its text is hashed instead"
                // An archive that cannot be downloaded fails every text that uses it, in this run.
                if reason.contains("unable to download") { unreachable.withLock { $0[location] = reason } }
            }
        }
        memo.withLock { $0[textHash] = (identity, failure) }
        return (identity, failure)
    }

    /// `image@id` as a key's environment names a base image, or `image` when its id is unknown.
    func baseImageIdentity(_ image: String) -> String {
        imageID(image).map { "\(image)@\($0)" } ?? image
    }

    private func imageID(_ image: String) -> String? {
        if let known = imageIDs.withLock({ $0[image] }) { return known }
        let id = engine?.imageID(image)
        imageIDs.withLock { $0[image] = id }
        return id
    }
}

