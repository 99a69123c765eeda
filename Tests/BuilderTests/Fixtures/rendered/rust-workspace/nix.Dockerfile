FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-ef56e777fedaa4da8c66a150081523c5de1e0171.nix .nixpacks/nixpkgs-ef56e777fedaa4da8c66a150081523c5de1e0171.nix
RUN nix-env -if .nixpacks/nixpkgs-ef56e777fedaa4da8c66a150081523c5de1e0171.nix && nix-collect-garbage -d


ARG NIXPACKS_METADATA NIXPACKS_NO_MUSL ROCKET_ADDRESS
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA NIXPACKS_NO_MUSL=$NIXPACKS_NO_MUSL ROCKET_ADDRESS=$ROCKET_ADDRESS

# setup phase
# noop

# build phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-workspace-target,target=/app/target mkdir -p bin
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-workspace-target,target=/app/target cargo build --release --package app
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-workspace-target,target=/app/target cp target/release/app bin




# start
COPY . /app

CMD ["./bin/app"]

