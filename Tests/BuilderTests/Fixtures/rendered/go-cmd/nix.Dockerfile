FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-05bbf675397d5366259409139039af8077d695ce.nix .nixpacks/nixpkgs-05bbf675397d5366259409139039af8077d695ce.nix
RUN nix-env -if .nixpacks/nixpkgs-05bbf675397d5366259409139039af8077d695ce.nix && nix-collect-garbage -d


ARG CGO_ENABLED NIXPACKS_METADATA
ENV CGO_ENABLED=$CGO_ENABLED NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# install phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cache/go-build,target=/root/.cache/go-build go mod download

# build phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cache/go-build,target=/root/.cache/go-build go build -o out ./cmd/server





# start
FROM ubuntu:noble
ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/
COPY --from=0 /etc/ssl/certs /etc/ssl/certs
RUN true
COPY --from=0 /app/ /app/

CMD ["./out"]

