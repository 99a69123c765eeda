# the debian source cannot render this app:
# the debian package source has no Debian 12 package for: deno. Use --package-source nix, pick versions Debian ships (Node 18, Python 3.11, Go 1.19; e.g. --env NIXPACKS_NODE_VERSION=18), or install them with aptPkgs in nixpacks.toml.
