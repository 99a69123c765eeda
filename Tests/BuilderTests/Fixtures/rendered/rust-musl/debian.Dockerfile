FROM debian:trixie-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=nixpacks-ci-apt-trixie,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends binutils gcc libc6-dev rustc cargo bash ca-certificates && rm -rf /var/lib/apt/lists/*
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true

ARG NIXPACKS_METADATA ROCKET_ADDRESS
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA ROCKET_ADDRESS=$ROCKET_ADDRESS

# setup phase
# noop

# build phase
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-musl-target,target=/app/target mkdir -p bin
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-musl-target,target=/app/target cargo build --release
RUN --mount=type=cache,id=nixpacks-ci-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=nixpacks-ci-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-musl-target,target=/app/target cp target/release/hello bin




# start
FROM debian:trixie-slim
ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/
COPY --from=0 /etc/ssl/certs /etc/ssl/certs
RUN true
COPY --from=0 /app/./bin/hello /app/./bin/hello

CMD ["./bin/hello"]

