# the debian source cannot render this app:
# the debian package source cannot meet the versions the app asks for:
  - PHP 7.4.* (from composer.json require.php): no Debian release ships it; Debian 13 (trixie) ships 8.4.27; Debian 12 (bookworm) ships 8.2.32
Ask for a version Debian ships (or drop the request to get the release's own), choose the release with --debian-release, or use --package-source nix.
