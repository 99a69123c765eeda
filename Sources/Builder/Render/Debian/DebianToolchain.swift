/// One way a Debian release ships a language: the upstream version and the packages that give it.
struct DebianToolchain: Sendable, Hashable {
    var tool: VersionRequest.Tool
    /// major.minor.patch as Debian ships it (`apt-cache policy`).
    var version: [Int]
    var packages: [String]
    /// A directory to put first on PATH, for versioned packages that install beside the default
    /// (bookworm-backports' `golang-1.22` installs to /usr/lib/go-1.22/bin).
    var binDirectory: String?
    /// From `<release>-backports`, which the image adds to its apt sources.
    var backports = false

    var versionText: String { version.map(String.init).joined(separator: ".") }

    /// The Go, Node, ... each release ships, the release's own (default) version first.
    static func all(_ tool: VersionRequest.Tool, in release: DebianRelease) -> [DebianToolchain] {
        switch (tool, release) {
        case (.node, .bookworm): [DebianToolchain(tool: .node, version: [18, 20, 4], packages: ["nodejs"])]
        case (.node, .trixie): [DebianToolchain(tool: .node, version: [20, 19, 2], packages: ["nodejs"])]
        case (.python, .bookworm): [DebianToolchain(tool: .python, version: [3, 11, 2], packages: python)]
        case (.python, .trixie): [DebianToolchain(tool: .python, version: [3, 13, 5], packages: python)]
        case (.go, .bookworm):
            [DebianToolchain(tool: .go, version: [1, 19, 8], packages: ["golang-go"])]
                + [(21, 13), (22, 12), (23, 5)].map { minor, patch in
                    DebianToolchain(tool: .go, version: [1, minor, patch], packages: ["golang-1.\(minor)-go"],
                                    binDirectory: "/usr/lib/go-1.\(minor)/bin", backports: true)
                }
        case (.go, .trixie): [DebianToolchain(tool: .go, version: [1, 24, 4], packages: ["golang-go"])]
        case (.rust, .bookworm):
            // rustc-web is Debian 12's newer Rust (kept for Firefox), with rustc and cargo on PATH.
            [DebianToolchain(tool: .rust, version: [1, 63, 0], packages: ["rustc", "cargo"]),
             DebianToolchain(tool: .rust, version: [1, 85, 0], packages: ["rustc-web", "cargo-web"])]
        case (.rust, .trixie): [DebianToolchain(tool: .rust, version: [1, 85, 1], packages: ["rustc", "cargo"])]
        case (.php, .bookworm): [DebianToolchain(tool: .php, version: [8, 2, 32], packages: ["php8.2-cli", "php8.2-fpm"])]
        case (.php, .trixie): [DebianToolchain(tool: .php, version: [8, 4, 27], packages: ["php8.4-cli", "php8.4-fpm"])]
        case (.java, .bookworm): [DebianToolchain(tool: .java, version: [17, 0, 19], packages: ["openjdk-17-jdk-headless"])]
        case (.java, .trixie):
            [DebianToolchain(tool: .java, version: [21, 0, 13], packages: ["openjdk-21-jdk-headless"]),
             DebianToolchain(tool: .java, version: [25, 0, 5], packages: ["openjdk-25-jdk-headless"])]
        case (.elixir, .bookworm): [DebianToolchain(tool: .elixir, version: [1, 14, 0], packages: ["elixir", "erlang-dev"])]
        case (.poetry, _), (.pdm, _), (.uv, _): []
        case (.elixir, .trixie): [DebianToolchain(tool: .elixir, version: [1, 18, 3], packages: ["elixir", "erlang-dev"])]
        }
    }

    /// Python with venv (Nixpacks' plans make one), its headers for native wheels, and `python`.
    static let python = ["python3", "python3-venv", "python3-dev", "python-is-python3"]

    /// The PHP version prefix of Debian's package names (`8.2`).
    var phpPrefix: String { "php\(version[0]).\(version[1])" }
}
