/// `pin(use_debian)` (spec §1.5): fixes the build image and nixpkgs archives, removes the markers.
extension BuildPlan {
    public mutating func pin(useDebian: Bool) {
        providers = []
        if buildImage == nil {
            buildImage = useDebian ? NixpacksImages.debian : NixpacksImages.ubuntu
        }
        resolvePhaseNames()
        for key in phases!.keys {
            var phase = phases![key]!
            if phase.usesNix, phase.nixpkgsArchive == nil {
                phase.nixpkgsArchive = useDebian ? NixpkgsArchive.legacyOpenSSL : NixpkgsArchive.default
            }
            phase.dependsOn = phase.dependsOn.map(Self.withoutMarkers)
            phase.nixPkgs = phase.nixPkgs.map(Self.withoutMarkers)
            phase.nixLibs = phase.nixLibs.map(Self.withoutMarkers)
            phase.nixOverlays = phase.nixOverlays.map(Self.withoutMarkers)
            phase.aptPkgs = phase.aptPkgs.map(Self.withoutMarkers)
            phase.cmds = phase.cmds.map(Self.withoutMarkers)
            phase.onlyIncludeFiles = phase.onlyIncludeFiles.map(Self.withoutMarkers)
            phase.cacheDirectories = phase.cacheDirectories.map(Self.withoutMarkers)
            phase.paths = phase.paths.map(Self.withoutMarkers)
            phases![key] = phase
        }
        if var pinned = start {
            pinned.onlyIncludeFiles = pinned.onlyIncludeFiles.map(Self.withoutMarkers)
            start = pinned
        }
    }

    static func withoutMarkers(_ values: [String]) -> [String] {
        values.filter { $0 != "..." && $0 != "@auto" }
    }

    /// Prefixes every phase name and every dependency with `prefix:` (later providers, spec §3.1).
    public mutating func prefixPhases(_ prefix: String) {
        guard let current = phases else { return }
        var renamed: [String: Phase] = [:]
        for (name, var phase) in current {
            phase.name = "\(prefix):\(name)"
            phase.dependsOn = phase.dependsOn?.map { "\(prefix):\($0)" }
            renamed["\(prefix):\(name)"] = phase
        }
        phases = renamed
    }
}

/// The images of Nixpacks at the specified commit (`src/nixpacks/images.rs`).
public enum NixpacksImages {
    public static let ubuntu = "ghcr.io/railwayapp/nixpacks:ubuntu-1745885067"
    public static let debian = "ghcr.io/railwayapp/nixpacks:debian-1745885067"
}

/// nixpkgs commits used by Nixpacks (spec §5).
public enum NixpkgsArchive {
    public static let `default` = "5148520bfab61f99fd25fb9ff7bfbb50dad3c9db"
    public static let legacyOpenSSL = "a0b7e70db7a55088d3de0cc370a59f9fbcc906c3"
}
