FROM debian:bookworm-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=fixtures-no-provider-apt,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bash ca-certificates && rm -rf /var/lib/apt/lists/*





# start
COPY . /app



