{ }:

let pkgs = import (fetchTarball "https://github.com/NixOS/nixpkgs/archive/8cad3dbe48029cb9def5cdb2409a6c80d3acfe2e.tar.gz") { overlays = [  ]; };
in with pkgs;
  let
    APPEND_LIBRARY_PATH = "${lib.makeLibraryPath [  ] }";
    myLibraries = writeText "libraries" ''
      export LD_LIBRARY_PATH="${APPEND_LIBRARY_PATH}:$LD_LIBRARY_PATH"
      
    '';
  in
    buildEnv {
      name = "8cad3dbe48029cb9def5cdb2409a6c80d3acfe2e-env";
      paths = [
        (runCommand "8cad3dbe48029cb9def5cdb2409a6c80d3acfe2e-env" { } ''
          mkdir -p $out/etc/profile.d
          cp ${myLibraries} $out/etc/profile.d/8cad3dbe48029cb9def5cdb2409a6c80d3acfe2e-env.sh
        '')
        clang coreutils swift zlib zlib.dev
      ];
    }
