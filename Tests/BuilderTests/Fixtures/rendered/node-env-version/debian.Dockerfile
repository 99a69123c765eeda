# the debian source cannot render this app:
# the debian package source cannot meet the versions the app asks for:
  - Node 22 (from NIXPACKS_NODE_VERSION): no Debian release ships it; Debian 13 (trixie) ships 20.19.2; Debian 12 (bookworm) ships 18.20.4
Ask for a version Debian ships (or drop the request to get the release's own), choose the release with --debian-release, or use --package-source nix.
