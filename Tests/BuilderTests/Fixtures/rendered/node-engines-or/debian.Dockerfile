# the debian source cannot render this app:
# the debian package source cannot meet the versions the app asks for:
  - Node 1.2.3 || 14.10.3 (from package.json engines.node): no Debian release ships it; Debian 13 (trixie) ships 20.19.2; Debian 12 (bookworm) ships 18.20.4
Ask for a version Debian ships (or drop the request to get the release's own), choose the release with --debian-release, or use --package-source nix.
