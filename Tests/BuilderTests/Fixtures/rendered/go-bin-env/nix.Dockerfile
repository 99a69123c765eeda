FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6.nix .nixpacks/nixpkgs-1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6.nix
RUN nix-env -if .nixpacks/nixpkgs-1f13eabcd6f5b00fe9de9575ac52c66a0e887ce6.nix && nix-collect-garbage -d


ARG CGO_ENABLED NIXPACKS_GO_BIN NIXPACKS_METADATA
ENV CGO_ENABLED=$CGO_ENABLED NIXPACKS_GO_BIN=$NIXPACKS_GO_BIN NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# install phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cache/go-build,target=/root/.cache/go-build go mod download

# build phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cache/go-build,target=/root/.cache/go-build go build -o out ./cmd/worker





# start
FROM ubuntu:noble
ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/
COPY --from=0 /etc/ssl/certs /etc/ssl/certs
RUN true
COPY --from=0 /app/ /app/

CMD ["./out"]

