FROM debian:trixie-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=nixpacks-ci-apt-trixie,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go bash ca-certificates && rm -rf /var/lib/apt/lists/*
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true

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
FROM debian:trixie-slim
ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/
COPY --from=0 /etc/ssl/certs /etc/ssl/certs
RUN true
COPY --from=0 /app/ /app/

CMD ["./out"]

