FROM debian:trixie-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=nixpacks-ci-apt-trixie,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haskell-stack libgmp-dev gcc binutils make zlib1g-dev bash ca-certificates && rm -rf /var/lib/apt/lists/*
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true

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

