#!/usr/bin/env bash
# nixpacks-ci engine harness.
#
# Prepares a Debian machine (as root) for the demo and the test suite:
#   1. installs the Debian packages the tests use (libgit2-dev and the static archives the release
#      links, docker.io, nix-bin, ...),
#   2. starts a Docker engine (dockerd) in the background when none answers,
#   3. makes the base images the generated Dockerfiles use with debootstrap + `docker import`,
#      because no registry can be pulled from; the host's extra CA certificates
#      (/usr/local/share/ca-certificates/*.crt) are trusted inside them.
#
# Idempotent: a second run only checks, and takes seconds.
# Environment:
#   NIXPACKS_CI_DOCKER   docker client to use (default: /usr/bin/docker, Debian's, which has BuildKit built in)
#   HARNESS_SKIP_IMAGES  set to 1 to skip the base images
set -euo pipefail

log() { printf '\033[1m[harness]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[harness] error:\033[0m %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: it installs Debian packages and starts dockerd"
[ -r /etc/debian_version ] || die "this harness is for Debian (found no /etc/debian_version)"

# Bump when the way base images are made changes: images with another value are rebuilt.
HARNESS_IMAGE_VERSION=2
DOCKER=${NIXPACKS_CI_DOCKER:-/usr/bin/docker}

# --- 1. Debian packages ------------------------------------------------------
# libgit2-dev brings the static archives of libgit2's dependencies too; libgpg-error-dev and binutils
# complete what scripts/release.sh links statically (the release tests run it). Watchman, and perl for
# git's fsmonitor hook, are the file-system monitor of FileSystemMonitorTests.
packages=(git pkg-config libgit2-dev docker.io debootstrap nix-bin docker-registry apache2-utils
          ca-certificates curl python3 python3-venv libxml2-utils jq iproute2 yarnpkg
          libgpg-error-dev binutils watchman perl)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || die "apt-get update failed"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/harness-apt.log 2>&1 \
        || { tail -30 /tmp/harness-apt.log >&2; die "apt-get install failed (log: /tmp/harness-apt.log)"; }
else
    log "Debian packages present"
fi

# npm writes the lockfiles of the workspace tests (the machine's Node usually brings it; Debian's
# otherwise).
if ! command -v npm >/dev/null 2>&1; then
    log "installing Debian's nodejs and npm"
    apt-get install -y -q --no-install-recommends nodejs npm >/tmp/harness-apt.log 2>&1 \
        || { tail -30 /tmp/harness-apt.log >&2; die "apt-get install npm failed (log: /tmp/harness-apt.log)"; }
fi

# From PyPI: a JUnit consumer for the report tests; zizmor and check-jsonschema for the CI templates.
tools=/opt/nixpacks-ci-tools
if [ ! -x "$tools/bin/python" ] || ! "$tools/bin/python" -c "import junitparser" 2>/dev/null \
    || [ ! -x "$tools/bin/zizmor" ] || [ ! -x "$tools/bin/check-jsonschema" ]; then
    log "installing junitparser, zizmor and check-jsonschema into $tools"
    python3 -m venv "$tools"
    "$tools/bin/pip" install -q junitparser==5.0.3 zizmor==1.32.0 check-jsonschema==0.39.0 >/tmp/harness-pip.log 2>&1 \
        || { tail -20 /tmp/harness-pip.log >&2; die "pip install of the test tools failed"; }
fi

# --- 2. Docker engine --------------------------------------------------------
[ -x "$DOCKER" ] || die "docker client $DOCKER not found (Debian's docker.io provides /usr/bin/docker)"
if "$DOCKER" info >/dev/null 2>&1; then
    log "Docker engine answers"
else
    log "starting dockerd in the background (log: /var/log/nixpacks-ci-dockerd.log)"
    # containerd comes with docker.io; dockerd starts its own when none runs.
    nohup dockerd >/var/log/nixpacks-ci-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do
        "$DOCKER" info >/dev/null 2>&1 && break
        sleep 1
    done
    "$DOCKER" info >/dev/null 2>&1 || { tail -20 /var/log/nixpacks-ci-dockerd.log >&2; die "dockerd did not answer within 60 s"; }
    log "Docker engine started"
fi

# --- 3. Base images ----------------------------------------------------------
# The Debian mirror is read from apt's own sources, never written down here.
debian_mirror() {
    local url=""
    if [ -r /etc/apt/sources.list.d/debian.sources ]; then
        url=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    fi
    if [ -z "$url" ] && [ -r /etc/apt/sources.list ]; then
        url=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)
    fi
    [ -n "$url" ] || die "could not read a Debian mirror URL from /etc/apt/sources.list[.d]"
    printf '%s\n' "$url"
}

image_current() {
    local v
    v=$("$DOCKER" image inspect -f '{{index .Config.Labels "org.nixpacks-ci.harness"}}' "$1" 2>/dev/null) || return 1
    [ "$v" = "$HARNESS_IMAGE_VERSION" ]
}

# make_image NAME SUITE EXTRA_PACKAGES
make_image() {
    local name=$1 suite=$2 include=$3
    if image_current "$name"; then
        log "image $name present"
        return
    fi
    local mirror root
    mirror=$(debian_mirror)
    root=$(mktemp -d /var/tmp/nixpacks-ci-rootfs.XXXXXX)
    log "building $name from $mirror ($suite) with debootstrap; this takes a few minutes once"
    debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" >/tmp/harness-debootstrap.log 2>&1 \
        || { tail -20 /tmp/harness-debootstrap.log >&2; rm -rf "$root"; die "debootstrap $suite failed (log: /tmp/harness-debootstrap.log)"; }
    # Trust the host's extra CA certificates (corporate or egress proxies) inside the image.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
        chroot "$root" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in $name"
    fi
    # Slim the image as the official -slim images do.
    chroot "$root" apt-get clean
    rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
    tar -C "$root" -c . | "$DOCKER" import \
        --change "LABEL org.nixpacks-ci.harness=$HARNESS_IMAGE_VERSION" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' \
        - "$name" >/dev/null || die "docker import of $name failed"
    rm -rf "$root"
    log "image $name ready"
}

# An image with Debian's nix-bin set up for single-user, offline use, and the nixpkgs stand-in
# (scripts/nixpkgs-standin) at /opt/nixpkgs-standin.tar.gz: for builds with the nix package source
# where nixpkgs cannot be downloaded (pass --nixpkgs-archive-url file:///opt/nixpkgs-standin.tar.gz).
make_nix_base_image() {
    local name=nixpacks-ci/nix-base:bookworm here context
    here=$(cd "$(dirname "$0")" && pwd)
    local standin_version
    standin_version=$(sha256sum "$here/nixpkgs-standin/default.nix" | cut -c1-12)
    if image_current "$name" && [ "$("$DOCKER" image inspect -f '{{index .Config.Labels "org.nixpacks-ci.standin"}}' "$name")" = "$standin_version" ]; then
        log "image $name present"
        return
    fi
    log "building $name (Debian's nix-bin and the nixpkgs stand-in)"
    context=$(mktemp -d)
    mkdir -p "$context/nixpkgs"
    cp "$here/nixpkgs-standin/default.nix" "$context/nixpkgs/default.nix"
    tar -C "$context" -czf "$context/nixpkgs-standin.tar.gz" nixpkgs
    cat > "$context/Dockerfile" <<DOCKERFILE
FROM debian:bookworm-slim
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nix-bin ca-certificates && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /etc/nix && printf 'build-users-group =\nsandbox = false\nsubstituters =\n' > /etc/nix/nix.conf
COPY nixpkgs-standin.tar.gz /opt/nixpkgs-standin.tar.gz
ENV PATH=/root/.nix-profile/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN printf '\nPATH=/root/.nix-profile/bin:\$PATH\n' >> /root/.profile
LABEL org.nixpacks-ci.harness=$HARNESS_IMAGE_VERSION org.nixpacks-ci.standin=$standin_version
DOCKERFILE
    DOCKER_BUILDKIT=1 "$DOCKER" build -q -t "$name" "$context" >/tmp/harness-nix-base.log 2>&1 \
        || { tail -20 /tmp/harness-nix-base.log >&2; rm -rf "$context"; die "building $name failed"; }
    rm -rf "$context"
    log "image $name ready"
}

if [ "${HARNESS_SKIP_IMAGES:-}" != 1 ]; then
    make_image debian:bookworm-slim bookworm ca-certificates
    make_image debian:trixie-slim trixie ca-certificates
    make_nix_base_image
fi

log "ready"
