# A small stand-in for nixpkgs, for tests where nixpkgs cannot be downloaded.
#
# It offers what nixpacks-ci's generated environments use (buildEnv, runCommand, writeText,
# lib.makeLibraryPath) and a few packages built from the host's tools. Builders get no PATH and
# no sandbox, so they call /bin and /usr/bin tools by absolute path.
{ overlays ? [ ], ... }:
let
  system = builtins.currentSystem;
  shell = script: env: name: derivation ({
    inherit name system;
    builder = "/bin/sh";
    args = [ "-c" script ];
    PATH = "/usr/bin:/bin";
  } // env);
  base = rec {
    lib = {
      makeLibraryPath = packages: builtins.concatStringsSep ":" (map (p: "${p}/lib") packages);
    };
    writeText = name: text: builtins.toFile name text;
    runCommand = name: env: script: shell script env name;
    buildEnv = { name, paths }: shell ''
      mkdir -p $out
      for p in $paths; do
        if [ -d "$p" ]; then cp -rs --no-preserve=mode "$p"/. $out/; fi
      done
    '' { inherit paths; } name;
    # Packages: small scripts standing in for the real ones.
    hello = runCommand "hello-standin" { } ''
      mkdir -p $out/bin
      printf '#!/bin/sh\necho "hello from nix"\n' > $out/bin/hello
      chmod +x $out/bin/hello
    '';
    cowsay = runCommand "cowsay-standin" { } ''
      mkdir -p $out/bin
      printf '#!/bin/sh\necho "< $* >"\n' > $out/bin/cowsay
      chmod +x $out/bin/cowsay
    '';
    zlib = runCommand "zlib-standin" { } "mkdir -p $out/lib";
  };
in
  builtins.foldl' (pkgs: overlay: pkgs // overlay pkgs base) base overlays
