{ }:

let pkgs = import (fetchTarball "https://github.com/NixOS/nixpkgs/archive/1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6.tar.gz") { overlays = [  ]; };
in with pkgs;
  let
    APPEND_LIBRARY_PATH = "${lib.makeLibraryPath [  ] }";
    myLibraries = writeText "libraries" ''
      export LD_LIBRARY_PATH="${APPEND_LIBRARY_PATH}:$LD_LIBRARY_PATH"
      
    '';
  in
    buildEnv {
      name = "1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6-env";
      paths = [
        (runCommand "1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6-env" { } ''
          mkdir -p $out/etc/profile.d
          cp ${myLibraries} $out/etc/profile.d/1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6-env.sh
        '')
        go_1_20
      ];
    }
