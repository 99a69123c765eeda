#!/usr/bin/env bash
# A second Docker engine for the tests of registry cache export (`--cache-to type=registry,mode=max`,
# issue 17): Debian trixie's docker.io (26.x) with the containerd image store, containerd (1.7) and
# docker-buildx (0.13), nested in a container of the harness's engine, whose Debian 12 engine
# (20.10) can only write inline cache metadata. A docker-registry runs beside it, reached as
# 127.0.0.1:$PORT by the nested engine (loopback needs no TLS) and by the host (a published port).
#
# Idempotent: a second run reuses the image, container, binaries and loaded images (about 1 s).
# stdout: `export` lines only (eval "$(bash scripts/buildx-engine.sh)"); progress on stderr.
#   --stop   remove the container and its volume (the nested engine's state and the registry's)
#
# Environment:
#   NIXPACKS_CI_BUILDX_DIR            working directory (default /tmp/nixpacks-ci-buildx)
#   NIXPACKS_CI_BUILDX_REGISTRY_PORT  registry port, the same inside and outside (default 5055)
#   NIXPACKS_CI_BUILDX_IMAGES         host images copied into the nested engine
#                                     (default "debian:trixie-slim debian:bookworm-slim")
#   NIXPACKS_CI_DOCKER                the docker client (default /usr/bin/docker)
set -euo pipefail

DIR=${NIXPACKS_CI_BUILDX_DIR:-/tmp/nixpacks-ci-buildx}
PORT=${NIXPACKS_CI_BUILDX_REGISTRY_PORT:-5055}
LOAD_IMAGES=${NIXPACKS_CI_BUILDX_IMAGES-debian:trixie-slim debian:bookworm-slim}
HOST_DOCKER=${NIXPACKS_CI_DOCKER:-/usr/bin/docker}
IMAGE=nixpacks-ci/buildx-engine:trixie
CONTAINER=nixpacks-ci-buildx-engine
VOLUME=nixpacks-ci-buildx-docker
NESTED_HOST=unix://$DIR/run/docker.sock

log() { printf '\033[1m[buildx-engine]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[buildx-engine] error:\033[0m %s\n' "$*" >&2; exit 1; }
host() { DOCKER_HOST=unix:///var/run/docker.sock "$HOST_DOCKER" "$@"; }
nested() { DOCKER_HOST=$NESTED_HOST DOCKER_CONFIG=$DIR/config "$HOST_DOCKER" "$@"; }
now() { date +%s%N; }
since() { local ms=$(( ($(now) - $1) / 1000000 )); printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100)); }
t_start=$(now)
elapsed() { since "$t_start"; }

[ "$(id -u)" = 0 ] || die "run as root"
if [ "${1:-}" = --stop ]; then
    host rm -f "$CONTAINER" >/dev/null 2>&1 || true
    host volume rm "$VOLUME" >/dev/null 2>&1 || true
    rm -f "$DIR/run/docker.sock" "$DIR"/run/loaded-*
    log "stopped; removed $CONTAINER and its volume"
    exit 0
fi
host info >/dev/null 2>&1 || die "the host Docker engine does not answer (run scripts/harness.sh)"
host image inspect debian:trixie-slim >/dev/null 2>&1 \
    || die "host image debian:trixie-slim missing (made by scripts/harness.sh)"
mkdir -p "$DIR/image" "$DIR/run" "$DIR/bin" "$DIR/config/cli-plugins"

# Debian mirror, from the host's apt sources (as the harness does).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    mirror=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' "$f")
    [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || die "could not read a Debian mirror URL from /etc/apt/sources.list[.d]"

# --- 1. image ----------------------------------------------------------------
cat > "$DIR/image/Dockerfile" <<'EOF'
# Nested engine: Debian trixie's docker.io (26.x) + docker-cli + docker-buildx (0.13) + containerd
# (1.7), with the containerd image store, and docker-registry. The base image already trusts the
# host's extra CA certificates (made by the harness).
FROM debian:trixie-slim
ARG MIRROR
RUN printf 'deb %s trixie main\n' "$MIRROR" > /etc/apt/sources.list \
 && rm -f /etc/apt/sources.list.d/debian.sources \
 && apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      docker.io docker-cli docker-buildx docker-registry containerd runc iptables iproute2 \
      ca-certificates procps curl git \
 && rm -rf /var/lib/apt/lists/*
COPY daemon.json /etc/docker/daemon.json
COPY entrypoint.sh /usr/local/bin/entrypoint.sh
VOLUME /var/lib/docker
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
EOF
cat > "$DIR/image/daemon.json" <<'EOF'
{
  "features": { "containerd-snapshotter": true },
  "bip": "10.213.0.1/24",
  "default-address-pools": [ { "base": "10.214.0.0/16", "size": 24 } ],
  "hosts": [ "unix:///run/dind/docker.sock", "unix:///var/run/docker.sock" ]
}
EOF
cat > "$DIR/image/entrypoint.sh" <<'EOF'
#!/bin/sh
# Entry point of the nested engine container.
set -eu
: "${REGISTRY_PORT:=5055}"
# The container is not --privileged: this machine's capability bounding set lacks CAP_SYS_RESOURCE,
# so runc refuses --privileged ("unable to apply caps: operation not permitted"). It runs with
# --cap-add ALL --cap-drop SYS_RESOURCE, unconfined seccomp/apparmor/system paths and a private
# cgroup namespace instead; make /sys and the cgroup hierarchies writable as --privileged would.
mount -o remount,rw /sys 2>/dev/null || true
for m in $(awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/mounts); do
    mount -o remount,bind,rw "$m" || echo "warning: could not make $m writable" >&2
done
# As moby's hack/dind: securityfs for AppArmor/seccomp probes.
if [ -d /sys/kernel/security ] && ! mountpoint -q /sys/kernel/security; then
    mount -t securityfs none /sys/kernel/security || true
fi
mkdir -p /run/dind /var/lib/registry
rm -f /run/dind/docker.sock /var/run/docker.sock /var/run/docker.pid
cat > /etc/docker/registry.yml <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: 0.0.0.0:${REGISTRY_PORT}
YML
docker-registry serve /etc/docker/registry.yml >/run/dind/registry.log 2>&1 &
exec dockerd "$@" >/run/dind/dockerd.log 2>&1
EOF
chmod +x "$DIR/image/entrypoint.sh"
# The image is tagged with a hash of its recipe (and mirror): a changed recipe rebuilds it.
recipe=$( (cat "$DIR/image/Dockerfile" "$DIR/image/daemon.json" "$DIR/image/entrypoint.sh"; echo "$mirror";
           host image inspect -f '{{.Id}}' debian:trixie-slim) | sha256sum | cut -c1-16)
have=$(host image inspect -f '{{index .Config.Labels "org.nixpacks-ci.buildx-engine"}}' "$IMAGE" 2>/dev/null || true)
if [ "$have" != "$recipe" ]; then
    old_id=$(host image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
    log "building $IMAGE (trixie docker.io, docker-buildx, containerd, docker-registry from $mirror)"
    DOCKER_BUILDKIT=1 host build -q --build-arg MIRROR="$mirror" --label "org.nixpacks-ci.buildx-engine=$recipe" \
        -t "$IMAGE" "$DIR/image" >"$DIR/image-build.log" 2>&1 \
        || { tail -20 "$DIR/image-build.log" >&2; die "building $IMAGE failed (log: $DIR/image-build.log)"; }
    log "image built ($(elapsed))"
    # Drop the previous build (now untagged) unless a container still uses it.
    if [ -n "$old_id" ] && [ "$old_id" != "$(host image inspect -f '{{.Id}}' "$IMAGE")" ]; then
        host rm -f "$CONTAINER" >/dev/null 2>&1 || true
        host image rm "$old_id" >/dev/null 2>&1 || true
    fi
else
    log "image $IMAGE present"
fi

# --- 2. client binaries (trixie's docker CLI 26.1 and the buildx 0.13 plugin) -------------------
stamp="$DIR/bin/.recipe"
if [ "$(cat "$stamp" 2>/dev/null)" != "$recipe" ] || [ ! -x "$DIR/bin/docker-buildx" ] || [ ! -x "$DIR/bin/docker" ]; then
    c=$(host create "$IMAGE")
    host cp "$c:/usr/libexec/docker/cli-plugins/docker-buildx" "$DIR/bin/docker-buildx"
    host cp -L "$c:/usr/bin/docker" "$DIR/bin/docker"
    host rm -v "$c" >/dev/null
    echo "$recipe" > "$stamp"
    log "copied docker-buildx and the trixie docker CLI to $DIR/bin"
fi
# DOCKER_CONFIG=$DIR/config makes any docker CLI find the plugin without touching ~/.docker.
ln -sfn "$DIR/bin/docker-buildx" "$DIR/config/cli-plugins/docker-buildx"

# --- 3. container ------------------------------------------------------------
running_image=$(host inspect -f '{{if .State.Running}}{{.Config.Image}}@{{.Image}}{{end}}' "$CONTAINER" 2>/dev/null || true)
want="$IMAGE@$(host image inspect -f '{{.Id}}' "$IMAGE")"
if [ "$running_image" = "$want" ] && nested info >/dev/null 2>&1; then
    log "container $CONTAINER running"
else
    host rm -f "$CONTAINER" >/dev/null 2>&1 || true
    if ss -Hltn "sport = :$PORT" | grep -q .; then
        die "port 127.0.0.1:$PORT is taken (set NIXPACKS_CI_BUILDX_REGISTRY_PORT)"
    fi
    rm -f "$DIR/run/docker.sock"
    log "starting $CONTAINER"
    t_run=$(now)
    host run -d --name "$CONTAINER" --init \
        --cap-add ALL --cap-drop SYS_RESOURCE \
        --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
        --security-opt systempaths=unconfined --cgroupns private \
        -e REGISTRY_PORT="$PORT" -p "127.0.0.1:$PORT:$PORT" \
        -v "$DIR/run:/run/dind" -v "$VOLUME:/var/lib/docker" \
        --label org.nixpacks-ci.buildx-engine=1 \
        "$IMAGE" >/dev/null
    for _ in $(seq 1 240); do
        nested info >/dev/null 2>&1 && break
        [ "$(host inspect -f '{{.State.Running}}' "$CONTAINER")" = true ] || break
        sleep 0.25
    done
    if ! nested info >/dev/null 2>&1; then
        host logs "$CONTAINER" 2>&1 | tail -10 >&2
        tail -20 "$DIR/run/dockerd.log" >&2 2>/dev/null || true
        die "the nested dockerd did not answer on $NESTED_HOST"
    fi
    log "nested dockerd answers after $(since "$t_run")"
fi
for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v2/")" = 200 ] && break
    sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v2/")" = 200 ] \
    || die "docker-registry does not answer on 127.0.0.1:$PORT (log: $DIR/run/registry.log)"
nested info -f '{{json .DriverStatus}}' | grep -q io.containerd.snapshotter.v1 \
    || die "the nested engine does not use the containerd image store"

# --- 4. base images ------------------------------------------------------------
for img in $LOAD_IMAGES; do
    host image inspect "$img" >/dev/null 2>&1 || { log "host has no $img; skipped"; continue; }
    # Reload when the host's image changed (the harness rebuilds base images).
    src=$(host image inspect -f '{{.Id}}' "$img")
    stamp_file="$DIR/run/loaded-$(echo "$img" | tr '/:' '__')"
    if [ "$(cat "$stamp_file" 2>/dev/null)" = "$src" ] && nested image inspect "$img" >/dev/null 2>&1; then
        continue
    fi
    t_load=$(now)
    host save "$img" | nested load -q >/dev/null || die "loading $img into the nested engine failed"
    echo "$src" > "$stamp_file"
    log "loaded $img into the nested engine ($(since "$t_load"))"
done

log "ready ($(elapsed)); registry: 127.0.0.1:$PORT (same address from the host and the nested engine)"
cat <<EOF
export NIXPACKS_CI_BUILDX_HOST=$NESTED_HOST
export NIXPACKS_CI_BUILDX_CONFIG=$DIR/config
export NIXPACKS_CI_BUILDX_REGISTRY=127.0.0.1:$PORT
EOF
