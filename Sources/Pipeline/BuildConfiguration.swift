import Builder
import Foundation
import Monorepo

/// Everything `MonorepoBuild` needs, typed, filled in one place (the CLI maps its options here).
public struct BuildConfiguration: Sendable {
    /// What to build.
    public enum Target: Sendable {
        /// The monorepo's services: all of them, or (with a query) those a change affects and
        /// their dependents; `services` narrows either to these names (a fan-out shard).
        case monorepo(since: ChangeQuery?, services: [String])
        /// One app directory (`build PATH`): the service at that path when it is one of a git
        /// repository's, else the directory as it is on disk.
        case app(path: String)
    }

    /// A path inside the git repository (`--repo`).
    public var repository: String = "."
    /// The monorepo root, when not the repository's top directory (`--root`).
    public var root: String?
    public var target: Target = .monorepo(since: nil, services: [])

    // Planning and rendering: the same for every service of a run.
    public var planOptions = PlanOptions()
    public var packageSource: PackageSource = .nix
    /// The debian source's release; nil chooses per service (the newest that meets the app's requests).
    public var debianRelease: DebianRelease?
    public var nixpkgsArchiveURL = NixExpression.defaultArchiveURL
    /// Names of variables passed as BuildKit secrets (never in the image or the key).
    public var secrets: [String] = []
    public var caCertificates: [URL] = []
    /// No cache mounts, `docker build --no-cache`, and no cache lookup.
    public var noCache = false
    public var testCommand: String?
    /// Identify Nix environments by their derivation (nix-instantiate, when installed); false
    /// hashes the expressions' text.
    public var useNixInstantiate = true

    // Naming.
    /// `build PATH --name`: the image name (default: the service name, or the directory's).
    public var imageName: String?
    /// `build PATH --tag`: more references.
    public var tags: [String] = []
    /// Extra tags for every image.
    public var extraTags: [String] = []
    /// Tags made from the commit or branch being built (`--tag-with sha|branch`).
    public var derivedTags: [DerivedTag] = []
    public var labels: [String: String] = [:]
    public var platforms: [String] = []
    public var cacheFrom: [String] = []
    public var push = false

    // Caching.
    public var cacheDirectory: String?
    /// An OCI registry (`host[:port][/namespace]`) used as the shared cache; images are named below it.
    public var registry: String?
    /// Read the caches, never write them (untrusted pull-request builds).
    public var cacheReadOnly = false
    public var useGraphCache = true
    /// The branch being built, for the registry's moving layer-cache tag (the CLI takes it from
    /// the CI system's variables); nil uses HEAD's branch.
    public var cacheBranch: String?
    /// The base branch whose layer-cache tag is imported too, when `--since` names none (a commit
    /// id): the CI system's target or default branch.
    public var cacheBaseBranch: String?
    /// Reuse services' keys from earlier runs whose inputs they still have (PreparationCache):
    /// the CLI turns it on; library callers that inspect every prepared job leave it off.
    public var usePlanCache = false

    // Execution.
    public var jobs = 1
    public var failFast = false
    /// Prepare, look up and record what would be built; build nothing.
    public var dryRun = false
    /// Where each service's full log goes; nil keeps logs in the events and the report only.
    public var logDirectory: String?

    // `build PATH` only.
    /// Commands run on the host, in the app directory, before the context is read and after a
    /// successful build (or cache hit).
    public var preBuildCommands: [String] = []
    public var postBuildCommands: [String] = []

    public init() {}

    public enum DerivedTag: String, Sendable, CaseIterable {
        /// The commit's first 12 hex digits.
        case commit = "sha"
        /// The branch, as a valid tag.
        case branch

        /// A branch as a Docker tag: [A-Za-z0-9_.-], at most 128 characters, not starting with . or -.
        public static func tag(fromBranch branch: String) -> String {
            var tag = String(branch.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) ? $0 : "-" }.prefix(128))
            while tag.hasPrefix(".") || tag.hasPrefix("-") { tag.removeFirst() }
            return tag.isEmpty ? "branch" : tag
        }
    }
}
