FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix
RUN nix-env -if .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix && nix-collect-garbage -d

COPY .nixpacks/assets /assets/
ARG NIXPACKS_METADATA
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# install phase
COPY gleam.toml /app/gleam.toml
COPY manifest.toml /app/manifest.toml
RUN  sh /assets/get-gleam.sh 0.34.0
RUN  gleam deps download

# build phase
COPY . /app/.
RUN  gleam export erlang-shipment





# start
COPY . /app

CMD ["./build/erlang-shipment/entrypoint.sh run"]

