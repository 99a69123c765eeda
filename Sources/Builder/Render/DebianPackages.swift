/// The `debian` package source: the plan's Nix packages and libraries mapped to Debian 12 packages.
///
/// Only exact equivalents are mapped: Debian 12 ships Node 18, Python 3.11, Go 1.19 and Rust 1.63,
/// so `nodejs_20` or `go_1_22` have no mapping and are reported, never silently downgraded.
public enum DebianPackages {
    public static let baseImage = "debian:bookworm-slim"

    static let packages: [String: [String]] = [
        "nodejs_18": ["nodejs"],
        "npm-9_x": ["npm"], "npm-8_x": ["npm"], "npm-6_x": ["npm"],
        "yarn-1_x": ["yarnpkg"],
        "python3": ["python3", "python3-venv", "python-is-python3"],
        "python311": ["python3", "python3-venv", "python-is-python3"],
        "pipenv": ["pipenv"],
        "postgresql_16.dev": ["libpq-dev"],
        "libmysqlclient.dev": ["default-libmysqlclient-dev"], "libmysqlclient": ["default-libmysqlclient-dev"],
        "ffmpeg-headless": ["ffmpeg"], "poppler_utils": ["poppler-utils"],
        "go_1_19": ["golang-go", "ca-certificates"],
        "gcc": ["gcc", "libc6-dev"], "binutils": ["binutils"],
        "rust-bin.stable.latest.default": ["rustc", "cargo"],
        "musl": ["musl-tools"], "musl.dev": ["musl-dev"],
        "nginx": ["nginx"], "caddy": ["caddy"], "openssl": ["openssl", "libssl-dev"],
        "jdk17": ["openjdk-17-jdk-headless"], "maven": ["maven"], "gradle": ["gradle"],
        "imagemagick": ["imagemagick"],
        "gnu-cobol": ["gnucobol3"], "guile": ["guile-3.0"], "wget": ["wget"], "coreutils": ["coreutils"],
    ]

    static let libraries: [String: [String]] = [
        "zlib": ["zlib1g"], "stdenv.cc.cc.lib": ["libstdc++6"], "openssl": ["libssl3"], "openssl.dev": ["libssl-dev"],
        "cairo": ["libcairo2"], "gcc-unwrapped": [], "libuuid": ["libuuid1"], "libGL": ["libgl1"],
    ]

    /// Debian packages for every Nix package and library of the plan, in plan order without repeats;
    /// throws `unmappedPackages` naming every package that has none.
    public static func map(_ plan: BuildPlan) throws(BuilderError) -> [String] {
        var result: [String] = []
        var missing: [String] = []
        for (_, phase) in (plan.phases ?? [:]).sorted(by: { $0.key < $1.key }) {
            for package in phase.nixPkgs ?? [] {
                if let mapped = packages[package] { result += mapped } else { missing.append(package) }
            }
            for library in phase.nixLibs ?? [] {
                if let mapped = libraries[library] { result += mapped } else { missing.append("\(library) (library)") }
            }
        }
        guard missing.isEmpty else { throw BuilderError.unmappedPackages(missing.uniqued()) }
        return result.uniqued()
    }
}
