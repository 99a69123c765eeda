FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-ef56e777fedaa4da8c66a150081523c5de1e0171.nix .nixpacks/nixpkgs-ef56e777fedaa4da8c66a150081523c5de1e0171.nix
RUN nix-env -if .nixpacks/nixpkgs-ef56e777fedaa4da8c66a150081523c5de1e0171.nix && nix-collect-garbage -d


ARG NIXPACKS_METADATA
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# build phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-lunatic-target,target=/app/target mkdir -p bin
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-lunatic-target,target=/app/target cargo build --release --target wasm32-wasi
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-lunatic-target,target=/app/target cp target/wasm32-wasi/release/actors.wasm bin




# start
COPY . /app

CMD ["lunatic ./bin/actors"]

