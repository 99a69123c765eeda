FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix
RUN nix-env -if .nixpacks/nixpkgs-5148520bfab61f99fd25fb9ff7bfbb50dad3c9db.nix && nix-collect-garbage -d
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends libgmp-dev gcc binutils make zlib1g-dev

ARG NIXPACKS_METADATA
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# install phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/stack,target=/root/.stack stack setup

# build phase
COPY . /app/.
RUN --mount=type=cache,id=fixtures-haskell-stack-work,target=/app/.stack-work --mount=type=cache,id=nixpacks-ci-/root/stack,target=/root/.stack stack install





# start
COPY . /app

CMD ["/root/.local/bin/admin-exe"]

