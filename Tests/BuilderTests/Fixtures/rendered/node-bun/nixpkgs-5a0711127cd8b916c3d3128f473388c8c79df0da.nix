{ }:

let pkgs = import (fetchTarball "https://github.com/NixOS/nixpkgs/archive/5a0711127cd8b916c3d3128f473388c8c79df0da.tar.gz") { overlays = [ (import (builtins.fetchTarball "https://github.com/railwayapp/nix-npm-overlay/archive/main.tar.gz")) ]; };
in with pkgs;
  let
    APPEND_LIBRARY_PATH = "${lib.makeLibraryPath [  ] }";
    myLibraries = writeText "libraries" ''
      export LD_LIBRARY_PATH="${APPEND_LIBRARY_PATH}:$LD_LIBRARY_PATH"
      
    '';
  in
    buildEnv {
      name = "5a0711127cd8b916c3d3128f473388c8c79df0da-env";
      paths = [
        (runCommand "5a0711127cd8b916c3d3128f473388c8c79df0da-env" { } ''
          mkdir -p $out/etc/profile.d
          cp ${myLibraries} $out/etc/profile.d/5a0711127cd8b916c3d3128f473388c8c79df0da-env.sh
        '')
        bun nodejs_18
      ];
    }
