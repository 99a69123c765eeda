# the debian source cannot render this app:
# the debian package source has no Debian package for: (sbt.override { jre = jdk11; }) (sbt is not packaged in Debian). Use --package-source nix, or install the tool with aptPkgs or a setup command in nixpacks.toml (docs/building.md lists every mapping).
