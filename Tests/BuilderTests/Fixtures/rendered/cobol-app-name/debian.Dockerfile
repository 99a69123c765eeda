FROM debian:bookworm-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=fixtures-cobol-app-name-apt,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gnucobol3 gcc libc6-dev bash ca-certificates && rm -rf /var/lib/apt/lists/*

ARG NIXPACKS_COBOL_APP_NAME NIXPACKS_COBOL_COMPILE_ARGS NIXPACKS_METADATA
ENV NIXPACKS_COBOL_APP_NAME=$NIXPACKS_COBOL_APP_NAME NIXPACKS_COBOL_COMPILE_ARGS=$NIXPACKS_COBOL_COMPILE_ARGS NIXPACKS_METADATA=$NIXPACKS_METADATA

# setup phase
# noop

# build phase
COPY . /app/.
RUN  cobc -x -free -o payroll payroll/payroll.cbl




# start
COPY . /app

CMD ["./payroll"]

