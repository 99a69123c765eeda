{ }:

let pkgs = import (fetchTarball "https://github.com/NixOS/nixpkgs/archive/9957cd48326fe8dbd52fdc50dd2502307f188b0d.tar.gz") { overlays = [  ]; };
in with pkgs;
  let
    APPEND_LIBRARY_PATH = "${lib.makeLibraryPath [  ] }";
    myLibraries = writeText "libraries" ''
      export LD_LIBRARY_PATH="${APPEND_LIBRARY_PATH}:$LD_LIBRARY_PATH"
      
    '';
  in
    buildEnv {
      name = "9957cd48326fe8dbd52fdc50dd2502307f188b0d-env";
      paths = [
        (runCommand "9957cd48326fe8dbd52fdc50dd2502307f188b0d-env" { } ''
          mkdir -p $out/etc/profile.d
          cp ${myLibraries} $out/etc/profile.d/9957cd48326fe8dbd52fdc50dd2502307f188b0d-env.sh
        '')
        clang coreutils swift zlib zlib.dev
      ];
    }
