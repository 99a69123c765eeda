/// Everything a service's image depends on, in a canonical, versioned form. Its SHA-256 is the
/// service's `CacheKey`. Only names of secrets go in, never their values.
public struct CacheKeyInputs: Sendable, Hashable, Codable {
    /// Bumped whenever the encoding or the meaning of a field changes.
    public static let currentFormat = "nixpacks-ci-cache-key/4"

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
    /// The plan as built, as canonical JSON.
    public var plan: String
    /// The rendered Dockerfile (also in `context`; kept as text so `explain` can show its lines).
    public var dockerfile: String
    /// Every file Docker receives, by its path in the build context: `<kind> <id>`, where the
    /// kind is `regular`, `executable` or `symlink` and the id is the git blob id of a source
    /// file or `sha256:<hex>` of a file nixpacks-ci wrote (`.nixpacks/...`).
    public var context: [String: String]
    /// Build arguments (plan variables without secrets), sorted by the encoder.
    public var buildArguments: [String: String]
    /// Names of build secrets.
    public var secretNames: [String]
    /// Build options that change the image or whether it is accepted: `platforms`, `test`.
    public var options: [String: String]
    /// Keys of the services this one depends on (a Merkle tree), by name.
    public var dependencies: [String: String]

    public init(service: String, environment: Environment, plan: String, dockerfile: String, context: [String: String],
                buildArguments: [String: String], secretNames: [String], options: [String: String] = [:],
                dependencies: [String: String]) {
        format = Self.currentFormat
        self.service = service
        self.environment = environment
        self.plan = plan
        self.dockerfile = dockerfile
        self.context = context
        self.buildArguments = buildArguments
        self.secretNames = secretNames.sorted()
        self.options = options
        self.dependencies = dependencies
    }

    public var isUnstable: Bool { !environment.unstableBecause.isEmpty }
}
