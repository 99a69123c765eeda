# the debian source cannot render this app:
# the debian package source cannot meet the versions the app asks for:
  - Python 3.9.18 (from .python-version): no Debian release ships it; Debian 13 (trixie) ships 3.13.5; Debian 12 (bookworm) ships 3.11.2
Ask for a version Debian ships (or drop the request to get the release's own), choose the release with --debian-release, or use --package-source nix.
