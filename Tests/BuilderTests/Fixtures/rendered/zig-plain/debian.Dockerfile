# the debian source cannot render this app:
# the debian package source has no Debian package for: zig (Zig is not packaged in Debian 12 or 13). Use --package-source nix, or install the tool with aptPkgs or a setup command in nixpacks.toml (docs/building.md lists every mapping).
