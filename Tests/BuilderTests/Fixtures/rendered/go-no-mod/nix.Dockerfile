FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-e89cf1c932006531f454de7d652163a9a5c86668.nix .nixpacks/nixpkgs-e89cf1c932006531f454de7d652163a9a5c86668.nix
RUN nix-env -if .nixpacks/nixpkgs-e89cf1c932006531f454de7d652163a9a5c86668.nix && nix-collect-garbage -d


ARG CGO_ENABLED NIXPACKS_METADATA
ENV CGO_ENABLED=$CGO_ENABLED NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# build phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cache/go-build,target=/root/.cache/go-build go build -o out main.go




# start
FROM ubuntu:noble
ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/
COPY --from=0 /etc/ssl/certs /etc/ssl/certs
RUN true
COPY --from=0 /app/ /app/

CMD ["./out"]

