#!/usr/bin/env bash
# Builds the nixpacks-ci image from the release tarball for this machine's architecture
# (scripts/release.sh makes it), after checking it against SHA256SUMS beside it: Debian 13 slim with
# the binary, git and the docker CLI (scripts/release/Dockerfile).
#
# Usage: scripts/release-image.sh [--dist DIR] [--tag IMAGE] VERSION
#   --dist DIR    where the tarball and SHA256SUMS are (default: dist/)
#   --tag IMAGE   the image to make (default: nixpacks-ci:VERSION)
# Environment:
#   NIXPACKS_CI_DOCKER    docker client (default: docker on PATH)
#   RELEASE_SOURCE_URL    the repository's URL, for the org.opencontainers.image.source label (GHCR
#                         links the package to that repository)
set -euo pipefail

log() { printf '\033[1m[release-image]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[release-image] error:\033[0m %s\n' "$*" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/dist
tag=""
version=""
while [ $# -gt 0 ]; do
    case $1 in
        --dist) [ $# -ge 2 ] || die "--dist needs a directory"; dist=$2; shift 2 ;;
        --tag) [ $# -ge 2 ] || die "--tag needs an image name"; tag=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [ -z "$version" ] || die "one VERSION only (got $version and $1)"; version=${1#v}; shift ;;
    esac
done
[ -n "$version" ] || die "usage: scripts/release-image.sh [--dist DIR] [--tag IMAGE] VERSION"
tag=${tag:-nixpacks-ci:$version}
docker=${NIXPACKS_CI_DOCKER:-docker}
name=nixpacks-ci-$version-linux-$(uname -m)
[ -f "$dist/$name.tar.gz" ] || die "no $dist/$name.tar.gz: run scripts/release.sh $version first"
[ -f "$dist/SHA256SUMS" ] || die "no $dist/SHA256SUMS beside the tarball"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v f="$name.tar.gz" '$2 == f || $2 == "*" f' "$dist/SHA256SUMS" > "$work/SHA256SUMS"
[ -s "$work/SHA256SUMS" ] || die "$dist/SHA256SUMS has no line for $name.tar.gz"
(cd "$dist" && sha256sum --check --strict --quiet "$work/SHA256SUMS") || die "$dist/$name.tar.gz does not match $dist/SHA256SUMS"
tar -xzf "$dist/$name.tar.gz" -C "$work"
cp "$root/scripts/release/Dockerfile" "$work/$name/Dockerfile"

labels=(--label "org.opencontainers.image.title=nixpacks-ci" --label "org.opencontainers.image.version=$version"
        --label "org.opencontainers.image.description=Builds the services of a monorepo that a change affects as images")
if revision=$(git -c safe.directory="$root" -C "$root" rev-parse HEAD 2>/dev/null); then
    labels+=(--label "org.opencontainers.image.revision=$revision")
fi
if [ -n "${RELEASE_SOURCE_URL:-}" ]; then labels+=(--label "org.opencontainers.image.source=$RELEASE_SOURCE_URL"); fi
# BuildKit when the client has it (the buildx plugin, or built in before Docker 23); the Dockerfile
# needs nothing the classic builder lacks.
buildkit=0
if "$docker" buildx version >/dev/null 2>&1; then
    buildkit=1
elif major=$("$docker" version --format '{{.Client.Version}}' 2>/dev/null) && [ "${major%%.*}" -lt 23 ] 2>/dev/null; then
    buildkit=1
fi
log "building $tag from $name.tar.gz"
DOCKER_BUILDKIT=$buildkit "$docker" build -q -t "$tag" "${labels[@]}" "$work/$name" >&2 || die "docker build of $tag failed"
log "$tag ready ($("$docker" image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1 / 1e6}'))"
