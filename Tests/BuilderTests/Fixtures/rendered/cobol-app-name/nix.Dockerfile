FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix
RUN nix-env -if .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix && nix-collect-garbage -d


ARG NIXPACKS_COBOL_APP_NAME NIXPACKS_COBOL_COMPILE_ARGS NIXPACKS_METADATA
ENV NIXPACKS_COBOL_APP_NAME=$NIXPACKS_COBOL_APP_NAME NIXPACKS_COBOL_COMPILE_ARGS=$NIXPACKS_COBOL_COMPILE_ARGS NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# build phase
COPY . /app/.
RUN  cobc -x -free -o payroll payroll/payroll.cbl




# start
COPY . /app

CMD ["./payroll"]

