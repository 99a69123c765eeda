FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-c82b46413401efa740a0b994f52e9903a4f6dcd5.nix .nixpacks/nixpkgs-c82b46413401efa740a0b994f52e9903a4f6dcd5.nix
RUN nix-env -if .nixpacks/nixpkgs-c82b46413401efa740a0b994f52e9903a4f6dcd5.nix && nix-collect-garbage -d


ARG NIXPACKS_METADATA
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# install phase
COPY Package.swift /app/Package.swift
COPY Package.resolved /app/Package.resolved
RUN  swift package resolve

# build phase
COPY . /app/.
RUN  CC=clang++ swift build -c release --static-swift-stdlib
RUN  cp ./.build/release/Hello ./Hello && rm -rf ./.build





# start
COPY . /app

CMD ["./Hello"]

