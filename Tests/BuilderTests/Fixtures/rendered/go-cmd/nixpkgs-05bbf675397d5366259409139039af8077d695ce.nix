{ }:

let pkgs = import (fetchTarball "https://github.com/NixOS/nixpkgs/archive/05bbf675397d5366259409139039af8077d695ce.tar.gz") { overlays = [  ]; };
in with pkgs;
  let
    APPEND_LIBRARY_PATH = "${lib.makeLibraryPath [  ] }";
    myLibraries = writeText "libraries" ''
      export LD_LIBRARY_PATH="${APPEND_LIBRARY_PATH}:$LD_LIBRARY_PATH"
      
    '';
  in
    buildEnv {
      name = "05bbf675397d5366259409139039af8077d695ce-env";
      paths = [
        (runCommand "05bbf675397d5366259409139039af8077d695ce-env" { } ''
          mkdir -p $out/etc/profile.d
          cp ${myLibraries} $out/etc/profile.d/05bbf675397d5366259409139039af8077d695ce-env.sh
        '')
        go_1_23
      ];
    }
