FROM debian:bookworm-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=fixtures-rust-openssl-apt,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends binutils gcc libc6-dev rustc cargo libssl3 libssl-dev bash ca-certificates && rm -rf /var/lib/apt/lists/*

ARG NIXPACKS_METADATA ROCKET_ADDRESS
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA ROCKET_ADDRESS=$ROCKET_ADDRESS

# setup phase
# noop

# build phase
COPY . /app/.
RUN --mount=type=cache,id=fixtures-rust-openssl-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=fixtures-rust-openssl-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-openssl-target,target=/app/target mkdir -p bin
RUN --mount=type=cache,id=fixtures-rust-openssl-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=fixtures-rust-openssl-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-openssl-target,target=/app/target cargo build --release
RUN --mount=type=cache,id=fixtures-rust-openssl-/root/cargo/git,target=/root/.cargo/git --mount=type=cache,id=fixtures-rust-openssl-/root/cargo/registry,target=/root/.cargo/registry --mount=type=cache,id=fixtures-rust-openssl-target,target=/app/target cp target/release/web bin




# start
COPY . /app

CMD ["./bin/web"]

