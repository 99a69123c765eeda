#!/usr/bin/env bash
# Installs nixpacks-ci into BIN_DIR the way the CI templates do (docs/ci.md, "Installing
# nixpacks-ci"): the release tarball for this machine, NIXPACKS_CI_RELEASES/VERSION/
# nixpacks-ci-VERSION-linux-ARCH.tar.gz, after checking it against that release's SHA256SUMS (a
# mismatch fails); when the version has no release, or none for this architecture, a build from
# NIXPACKS_CI_SOURCE at VERSION. Nothing is installed when nixpacks-ci is on PATH or in BIN_DIR.
#
# Usage: ci-templates/install.sh BIN_DIR
# Environment:
#   NIXPACKS_CI_VERSION    the release tag, e.g. v0.1.0 (a tag or branch without a release is built from source)
#   NIXPACKS_CI_SOURCE     the repository built from (default: https://github.com/nixpacks-ci/nixpacks-ci)
#   NIXPACKS_CI_RELEASES   where releases are downloaded from (default: NIXPACKS_CI_SOURCE/releases/download);
#                          http(s):// or file://
#
# The templates (ci-templates/github/*.yml, ci-templates/gitlab/*.yml) inline the lines from >>> to
# <<< below as they are, so that a copied template needs nothing else; Tests/EndToEndTests checks
# that they match this file.
set -euo pipefail

# >>> nixpacks_ci_install: ci-templates/install.sh (keep every copy identical)
# nixpacks_ci_fetch URL FILE: 0 when downloaded; 1 when nothing is there (HTTP 404, or no such file
# for file://); 2, with a message, for any other failure.
nixpacks_ci_fetch() {
  local code status=0
  code=$(curl -sSL --retry 3 --connect-timeout 30 -o "$2" -w '%{http_code}' "$1") || status=$?
  if [ "$status" = 0 ] && { [ "$code" = 200 ] || [ "$code" = 000 ]; }; then return 0; fi
  if [ "$code" = 404 ] || [ "$status" = 37 ]; then return 1; fi
  echo "nixpacks-ci: error: downloading $1 failed (curl exit $status, HTTP $code)" >&2
  return 2
}
# nixpacks_ci_install BIN_DIR: the release for NIXPACKS_CI_VERSION, checked against its SHA256SUMS,
# else a build from source; nothing when nixpacks-ci is on PATH or in BIN_DIR already.
nixpacks_ci_install() {
  local bin=$1 version=${NIXPACKS_CI_VERSION:?set NIXPACKS_CI_VERSION to a release tag such as v0.1.0}
  local source=${NIXPACKS_CI_SOURCE:-https://github.com/nixpacks-ci/nixpacks-ci}
  local releases=${NIXPACKS_CI_RELEASES:-${source%.git}/releases/download}
  local name work found=0 as_root=()
  name="nixpacks-ci-${version#v}-linux-$(uname -m).tar.gz"
  if [ "$(id -u)" != 0 ]; then as_root=(sudo); fi
  if ! command -v nixpacks-ci >/dev/null 2>&1 && [ ! -x "$bin/nixpacks-ci" ]; then
    command -v curl >/dev/null 2>&1 || { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq curl ca-certificates; }
    work=$(mktemp -d)
    nixpacks_ci_fetch "$releases/$version/SHA256SUMS" "$work/SHA256SUMS" || found=$?
    if [ "$found" = 2 ]; then return 1; fi
    if [ "$found" = 0 ] && awk -v f="$name" '$2 == f || $2 == "*" f' "$work/SHA256SUMS" > "$work/expected" && [ -s "$work/expected" ]; then
      nixpacks_ci_fetch "$releases/$version/$name" "$work/$name" \
        || { echo "nixpacks-ci: error: $releases/$version/SHA256SUMS lists $name, which could not be downloaded" >&2; return 1; }
      if ! (cd "$work" && sha256sum --check --strict expected); then
        echo "nixpacks-ci: error: $name does not match its checksum in $releases/$version/SHA256SUMS; not installing it" >&2
        return 1
      fi
      tar -xzf "$work/$name" -C "$work"
      install -D -m 0755 "$work/${name%.tar.gz}/nixpacks-ci" "$bin/nixpacks-ci"
      echo "nixpacks-ci: installed release $version ($name, checksum verified)"
    else
      echo "nixpacks-ci: no release $version for linux-$(uname -m) at $releases; building it from $source"
      dpkg -s libgit2-dev pkg-config >/dev/null 2>&1 \
        || { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq libgit2-dev pkg-config; }
      git -c advice.detachedHead=false clone --quiet --depth 1 --branch "$version" "$source" "$work/src"
      swift build -c release --static-swift-stdlib --package-path "$work/src"
      install -D -m 0755 "$work/src/.build/release/nixpacks-ci" "$bin/nixpacks-ci"
    fi
    rm -rf "$work"
  fi
  # A binary built from source links the system's libgit2 (a release needs nothing but glibc).
  if [ -x "$bin/nixpacks-ci" ] && ldd "$bin/nixpacks-ci" 2>/dev/null | grep 'not found' >/dev/null; then
    "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq libgit2-dev
  fi
}
# <<< nixpacks_ci_install

[ $# = 1 ] || { echo "usage: ci-templates/install.sh BIN_DIR" >&2; exit 2; }
nixpacks_ci_install "$1"
