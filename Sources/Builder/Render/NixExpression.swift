/// The Nix environment files of a plan (spec §5): one `.nixpacks/nixpkgs-<archive>.nix` per archive.
public struct NixExpression: Sendable, Hashable {
    /// Where nixpkgs archives are fetched from; `{archive}` is replaced by the commit. A mirror setting
    /// for firewalled networks (and for the tests' local stand-in).
    public static let defaultArchiveURL = "https://github.com/NixOS/nixpkgs/archive/{archive}.tar.gz"

    public var archive: String
    public var text: String

    /// `.nixpacks/nixpkgs-<archive>.nix`
    public var fileName: String { "nixpkgs-\(archive).nix" }

    /// One expression per distinct archive of the phases that use Nix, sorted by archive.
    public static func expressions(for plan: BuildPlan, archiveURL: String = defaultArchiveURL) -> [NixExpression] {
        let phases = (plan.phases ?? [:]).sorted { $0.key < $1.key }.map(\.value).filter(\.usesNix)
        let groups = Dictionary(grouping: phases) { $0.nixpkgsArchive ?? NixpkgsArchive.default }
        return groups.keys.sorted().map { archive in
            let group = groups[archive]!
            return NixExpression(
                archive: archive,
                text: render(archive: archive, url: archiveURL.replacingOccurrences(of: "{archive}", with: archive),
                             packages: group.flatMap { $0.nixPkgs ?? [] }, libraries: group.flatMap { $0.nixLibs ?? [] },
                             overlays: group.flatMap { $0.nixOverlays ?? [] }))
        }
    }

    static func render(archive: String, url: String, packages: [String], libraries: [String], overlays: [String]) -> String {
        let overlayText = overlays.map { "(import (builtins.fetchTarball \"\($0)\"))" }.joined(separator: "\n")
        var openssl = ""
        if let library = libraries.first(where: { $0.contains("openssl") }) {
            openssl = "export OPENSSL_DIR=\"${\(library).dev}\"\nexport OPENSSL_LIB_DIR=\"${\(library).out}/lib\"\n"
        }
        return """
        { }:

        let pkgs = import (fetchTarball "\(url)") { overlays = [ \(overlayText) ]; };
        in with pkgs;
          let
            APPEND_LIBRARY_PATH = "${lib.makeLibraryPath [ \(libraries.sorted().joined(separator: " ")) ] }";
            myLibraries = writeText "libraries" ''
              export LD_LIBRARY_PATH="${APPEND_LIBRARY_PATH}:$LD_LIBRARY_PATH"
              \(openssl)
            '';
          in
            buildEnv {
              name = "\(archive)-env";
              paths = [
                (runCommand "\(archive)-env" { } ''
                  mkdir -p $out/etc/profile.d
                  cp ${myLibraries} $out/etc/profile.d/\(archive)-env.sh
                '')
                \(packages.sorted().joined(separator: " "))
              ];
            }

        """
    }
}
