{ }:

let pkgs = import (fetchTarball "https://github.com/NixOS/nixpkgs/archive/c82b46413401efa740a0b994f52e9903a4f6dcd5.tar.gz") { overlays = [  ]; };
in with pkgs;
  let
    APPEND_LIBRARY_PATH = "${lib.makeLibraryPath [  ] }";
    myLibraries = writeText "libraries" ''
      export LD_LIBRARY_PATH="${APPEND_LIBRARY_PATH}:$LD_LIBRARY_PATH"
      
    '';
  in
    buildEnv {
      name = "c82b46413401efa740a0b994f52e9903a4f6dcd5-env";
      paths = [
        (runCommand "c82b46413401efa740a0b994f52e9903a4f6dcd5-env" { } ''
          mkdir -p $out/etc/profile.d
          cp ${myLibraries} $out/etc/profile.d/c82b46413401efa740a0b994f52e9903a4f6dcd5-env.sh
        '')
        clang coreutils swift zlib zlib.dev
      ];
    }
