import ArgumentParser
import Builder
import Pipeline

/// Where packages come from: `--package-source`, `--debian-release`, `--nixpkgs-archive-url`.
struct PackageSourceOptions: ParsableArguments {
    enum ReleaseChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, bookworm, trixie
    }

    @Option(help: ArgumentHelp("""
        Where packages come from: nix (Nixpacks-compatible: Nix in the image) or debian (no Nix: \
        Debian packages mapped from the plan; docs/building.md).
        """))
    var packageSource: PackageSource = .nix

    @Option(help: ArgumentHelp("""
        With --package-source debian: the Debian release to build on. auto: Debian 13 (trixie), or \
        Debian 12 (bookworm) where only it ships a version the app asks for.
        """, valueName: "auto|bookworm|trixie"))
    var debianRelease: ReleaseChoice = .auto

    @Option(help: ArgumentHelp("The nixpkgs archive location; {archive} is the commit.", valueName: "url"))
    var nixpkgsArchiveUrl: String = NixExpression.defaultArchiveURL

    /// These options in `configuration`.
    func apply(to configuration: inout BuildConfiguration) {
        configuration.packageSource = packageSource
        configuration.debianRelease = DebianRelease(rawValue: debianRelease.rawValue)
        configuration.nixpkgsArchiveURL = nixpkgsArchiveUrl
    }

    func validate() throws {
        if debianRelease != .auto, packageSource != .debian {
            throw ValidationError("--debian-release \(debianRelease.rawValue) applies to --package-source debian only; add --package-source debian.")
        }
    }
}

extension PackageSource: ExpressibleByArgument {}
