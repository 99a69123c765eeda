FROM debian:trixie-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=nixpacks-ci-apt-trixie,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends coreutils swiftlang clang zlib1g-dev bash ca-certificates && rm -rf /var/lib/apt/lists/*
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true
RUN ln -sf /usr/libexec/swift/bin/swift /usr/local/bin/swift

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

