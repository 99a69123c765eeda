FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-9957cd48326fe8dbd52fdc50dd2502307f188b0d.nix .nixpacks/nixpkgs-9957cd48326fe8dbd52fdc50dd2502307f188b0d.nix
RUN nix-env -if .nixpacks/nixpkgs-9957cd48326fe8dbd52fdc50dd2502307f188b0d.nix && nix-collect-garbage -d


ARG NIXPACKS_METADATA
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# install phase
COPY Package.swift /app/Package.swift
RUN  swift package resolve

# build phase
COPY . /app/.
RUN  CC=clang++ swift build -c release --static-swift-stdlib
RUN  cp ./.build/release/Server ./Server && rm -rf ./.build





# start
COPY . /app

CMD ["./Server"]

