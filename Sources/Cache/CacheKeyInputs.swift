/// Everything a service's image depends on, in a canonical, versioned form. Its SHA-256 is the
/// service's `CacheKey`. Only names of secrets go in, never their values.
public struct CacheKeyInputs: Sendable, Hashable, Codable {
    /// Bumped whenever the encoding or the meaning of a field changes.
    public static let currentFormat = "nixpacks-ci-cache-key/1"

    /// How the build environment is identified.
    public struct Environment: Sendable, Hashable, Codable {
        /// `nix` or `debian`.
        public var packageSource: String
        /// nix: each environment file's derivation (`/nix/store/<hash>-<name>.drv` from nix-instantiate),
        /// or `sha256:<hex>` of its text with the pinned commit when nix-instantiate is not available.
        /// debian: the Debian packages, sorted.
        public var identities: [String]
        /// The base image and its id (`sha256:...`) where known.
        public var baseImages: [String]
        /// Why the environment may change without any input changing (unpinned overlays, unknown
        /// image ids); empty when it is fully pinned.
        public var unstableBecause: [String]

        public init(packageSource: String, identities: [String], baseImages: [String], unstableBecause: [String]) {
            self.packageSource = packageSource
            self.identities = identities
            self.baseImages = baseImages
            self.unstableBecause = unstableBecause
        }
    }

    public var format: String
    public var service: String
    public var environment: Environment
    /// The rendered Dockerfile.
    public var dockerfile: String
    /// Build arguments (plan variables without secrets), sorted by the encoder.
    public var buildArguments: [String: String]
    /// Names of build secrets.
    public var secretNames: [String]
    /// Source fingerprint entries: `tree:<path>` → tree id, `file:<path>` → blob id or `deleted`.
    public var source: [String: String]
    /// Keys of the services this one depends on (a Merkle tree), by name.
    public var dependencies: [String: String]

    public init(service: String, environment: Environment, dockerfile: String, buildArguments: [String: String],
                secretNames: [String], source: [String: String], dependencies: [String: String]) {
        format = Self.currentFormat
        self.service = service
        self.environment = environment
        self.dockerfile = dockerfile
        self.buildArguments = buildArguments
        self.secretNames = secretNames.sorted()
        self.source = source
        self.dependencies = dependencies
    }

    public var isUnstable: Bool { !environment.unstableBecause.isEmpty }
}
