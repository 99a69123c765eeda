# the debian source cannot render this app:
# the debian package source cannot meet the versions the app asks for:
  - Elixir 1.12.3 (from .elixir-version): no Debian release ships it; Debian 13 (trixie) ships 1.18.3; Debian 12 (bookworm) ships 1.14.0
Ask for a version Debian ships (or drop the request to get the release's own), choose the release with --debian-release, or use --package-source nix.
