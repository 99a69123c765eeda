import Foundation

/// Where the plan's packages come from.
public enum PackageSource: String, Sendable, Codable, CaseIterable {
    /// Nixpacks-compatible: a base image with Nix, then `nix-env -if` of the generated environment.
    case nix
    /// No Nix: a Debian base image and the plan's packages mapped to Debian packages.
    case debian
}

/// Everything needed to build one app's image.
public struct BuildRequest: Sendable {
    public var appDirectory: URL
    public var plan: BuildPlan
    public var packageSource: PackageSource = .nix
    /// The language versions the app asked for (the planner's `versionRequests`): the debian
    /// source chooses its release and versions by them.
    public var versionRequests: [VersionRequest] = []
    /// The Debian release to build on; nil chooses (`DebianEnvironment`).
    public var debianRelease: DebianRelease?
    /// The image name (`--name`); tags are added as more references.
    public var imageName: String
    public var tags: [String] = []
    public var labels: [String: String] = [:]
    public var platforms: [String] = []
    /// No cache mounts and `docker build --no-cache`.
    public var noCache = false
    public var cacheFrom: [String] = []
    /// Write BuildKit's inline cache metadata into the image (`BUILDKIT_INLINE_CACHE=1`), so a
    /// later build on any machine can use its layers with `--cache-from`.
    public var exportsInlineCache = false
    /// Registry caches to import layers from (`--cache-from type=registry,ref=…`), where the
    /// builder can use them (`ImageBuilding.exportsRegistryCache`).
    public var registryCacheFrom: [String] = []
    /// A registry cache to export every layer to, of every stage (`--cache-to
    /// type=registry,ref=…,mode=max`); nil exports none.
    public var registryCacheTo: String?
    public var push = false
    /// The key of the cache mount ids (from the repository-relative service path).
    public var cacheMountKey: String
    /// Variable names whose values reach the build through BuildKit secret mounts only.
    public var secrets: [String] = []
    /// App-relative paths of local dependencies outside the app (`../../libs/greeting`), copied into
    /// the image where that path points from /app.
    public var localDependencies: [String] = []
    /// Extra CA certificates (PEM) trusted during the build, for networks behind TLS-inspecting proxies.
    public var caCertificates: [URL] = []
    /// Where nixpkgs archives come from (`{archive}` is the commit).
    public var nixpkgsArchiveURL = NixExpression.defaultArchiveURL
    /// Run in the built image's build stage; a failure fails the build.
    public var testCommand: String?

    public init(appDirectory: URL, plan: BuildPlan, imageName: String, cacheMountKey: String) {
        self.appDirectory = appDirectory
        self.plan = plan
        self.imageName = imageName
        self.cacheMountKey = cacheMountKey
    }

    /// Plan variables that become build arguments: all but the secrets.
    public var buildArguments: [String: String] {
        (plan.variables ?? [:]).filter { !secrets.contains($0.key) }
    }
}
