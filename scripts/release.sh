#!/usr/bin/env bash
# Builds a nixpacks-ci release for this machine's architecture (docs/releasing.md):
#
#   DIST/nixpacks-ci-VERSION-linux-ARCH.tar.gz   nixpacks-ci-VERSION-linux-ARCH/nixpacks-ci, with the
#                                                Swift runtime, libgit2 and libgit2's own dependencies
#                                                linked in, and licenses/ for what is linked in
#   DIST/SHA256SUMS                              the tarball's checksum (lines for other architectures
#                                                already there are kept)
#
# and with --image the image nixpacks-ci:VERSION, made from that tarball by scripts/release-image.sh.
#
# Usage: scripts/release.sh [--dist DIR] [--scratch-path DIR] [--image] VERSION
#   VERSION              e.g. 0.1.0 (a leading v, as in the tag v0.1.0, is dropped). It must be the
#                        version the binary prints (Sources/nixpacks-ci/NixpacksCIVersion.swift).
#   --dist DIR           where the tarball and SHA256SUMS go (default: dist/)
#   --scratch-path DIR   SwiftPM's build directory (default: .build-release/); never the developer
#                        build's .build/, whose libgit2 stays dynamic
#   --image              also build the image (scripts/release-image.sh --dist DIR VERSION)
#
# Build it on Debian 12: the binary needs the glibc it was linked against (2.36) or a newer one, and
# nothing else. The -dev packages whose static archives are linked in are installed when missing
# (as root, or through sudo).
#
# How libgit2 is linked statically without touching Package.swift: SwiftPM asks pkg-config how to
# link the CLibgit2 system library, and Debian's libgit2.pc puts the system library directory, where
# libgit2.so is, first. This script puts a libgit2.pc of its own first on PKG_CONFIG_PATH that says
# only -lgit2, and passes the linker a directory holding nothing but static archives (libgit2's, those
# `pkg-config --static` names for libgit2 and libssh2, the C++ runtime's) with those libraries after
# it. Every -l then resolves to an archive there; glibc's libraries stay shared.
set -euo pipefail

log() { printf '\033[1m[release]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[release] error:\033[0m %s\n' "$*" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/dist
scratch=$root/.build-release
image=false
version=""
while [ $# -gt 0 ]; do
    case $1 in
        --dist) [ $# -ge 2 ] || die "--dist needs a directory"; dist=$2; shift 2 ;;
        --scratch-path) [ $# -ge 2 ] || die "--scratch-path needs a directory"; scratch=$2; shift 2 ;;
        --image) image=true; shift ;;
        -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [ -z "$version" ] || die "one VERSION only (got $version and $1)"; version=${1#v}; shift ;;
    esac
done
[ -n "$version" ] || die "usage: scripts/release.sh [--dist DIR] [--scratch-path DIR] [--image] VERSION"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || die "VERSION must look like 1.2.3 or 1.2.3-rc.1, not '$version'"
source_version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$root/Sources/nixpacks-ci/NixpacksCIVersion.swift")
[ "$version" = "$source_version" ] || die "the sources print version $source_version, not $version: set it in Sources/nixpacks-ci/NixpacksCIVersion.swift first"
mkdir -p "$dist" "$scratch"
dist=$(cd "$dist" && pwd)
scratch=$(cd "$scratch" && pwd)
arch=$(uname -m)
name=nixpacks-ci-$version-linux-$arch
started=$SECONDS

# --- 1. Debian packages with the static archives ----------------------------------------------
packages=(pkg-config binutils libgit2-dev libmbedtls-dev libssh2-1-dev libhttp-parser-dev libpcre2-dev
          zlib1g-dev libssl-dev libgpg-error-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    as_root=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "missing Debian packages ${missing[*]}: install them (as root)"
        as_root=(sudo)
    fi
    log "installing Debian packages: ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]} failed"
fi

# --- 2. A directory of static archives, and a libgit2.pc that links them ----------------------
static=$scratch/static-libs
rm -rf "$static"
mkdir -p "$static/pkgconfig" "$static/licenses"
libdir=$(pkg-config --variable=libdir libgit2)
libs=()
for flag in $(pkg-config --static --libs-only-l libgit2 libssh2); do
    lib=${flag#-l}
    case $lib in c|m|rt|dl|pthread) continue ;; esac # glibc's own, which stay shared
    case " ${libs[*]} " in *" -l$lib "*) continue ;; esac
    libs+=("-l$lib")
done
# The Swift runtime asks for -lstdc++ itself; finding the archive here links the C++ runtime in too.
for lib in "${libs[@]#-l}" stdc++; do
    archive=$libdir/lib$lib.a
    [ -f "$archive" ] || archive=$(clang -print-file-name="lib$lib.a")
    [ -f "$archive" ] || die "no static archive lib$lib.a: install the -dev package that ships it"
    cp -L "$archive" "$static/"
    # The licence of every archive linked in travels with the binary.
    package=$(dpkg -S "$(readlink -f "$archive")" 2>/dev/null | head -1 | cut -d: -f1) || true
    if [ -n "$package" ] && [ -r "/usr/share/doc/$package/copyright" ]; then
        cp -L "/usr/share/doc/$package/copyright" "$static/licenses/$package.copyright"
    fi
done
# Debian's libgit2 is built with GSS-API (Kerberos "Negotiate" HTTP authentication), of which
# Debian ships no static archive; nixpacks-ci never uses libgit2's transports (its fetches run git),
# so stand-ins that answer "unavailable" take its place (scripts/release/gssapi-unavailable.c).
if nm -u "$static/libgit2.a" 2>/dev/null | grep ' gss_' >/dev/null; then
    clang -O2 -c "$root/scripts/release/gssapi-unavailable.c" -o "$static/gssapi-unavailable.o"
    ar rcs "$static/libgssapi-unavailable.a" "$static/gssapi-unavailable.o"
    libs+=(-lgssapi-unavailable)
fi
# The same text every time: SwiftPM keeps a build plan while its command line is unchanged, so the
# link flags, which can change, are on the command line below.
cat > "$static/pkgconfig/libgit2.pc" <<PC
Name: libgit2
Description: libgit2, linked from the static archives scripts/release.sh passes to the linker
Version: $(pkg-config --modversion libgit2)
Libs: -lgit2
Cflags: $(pkg-config --cflags libgit2)
PC
log "libgit2 $(pkg-config --modversion libgit2) linked statically with: ${libs[*]}"

# --- 3. The build -----------------------------------------------------------------------------
log "swift build -c release --static-swift-stdlib (scratch: $scratch)"
build=(swift build -c release --product nixpacks-ci --package-path "$root" --scratch-path "$scratch" --static-swift-stdlib
       -Xlinker "-L$static")
for lib in "${libs[@]}" -lrt -ldl -lpthread; do build+=(-Xlinker "$lib"); done
binary=$(PKG_CONFIG_PATH="$static/pkgconfig" "${build[@]}" --show-bin-path)/nixpacks-ci
rm -f "$binary" # linked again each time: the archives may have changed, which SwiftPM does not track
PKG_CONFIG_PATH="$static/pkgconfig" "${build[@]}" >&2 || die "swift build failed"

# Nothing but glibc (and libgcc_s, which glibc itself needs) may be loaded at run time.
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
for lib in $needed; do
    case $lib in
        libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|libgcc_s.so.1|ld-linux-*.so.*) ;;
        *) die "$binary needs $lib at run time; the release must need nothing but glibc (NEEDED: $needed)" ;;
    esac
done
glibc=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
printed=$("$binary" --version)
[ "$printed" = "$version" ] || die "the binary prints version '$printed', not $version"
log "NEEDED: $needed; newest glibc symbol: $glibc"

# --- 4. The tarball and SHA256SUMS ------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$name/licenses"
strip -o "$work/$name/nixpacks-ci" "$binary"
cp "$static/licenses/"* "$work/$name/licenses/"
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
if [ -f "$toolchain/share/swift/LICENSE.txt" ]; then cp "$toolchain/share/swift/LICENSE.txt" "$work/$name/licenses/swift.LICENSE"; fi
for checkout in "$scratch"/checkouts/*/; do
    for license in "$checkout"LICENSE* "$checkout"NOTICE*; do
        if [ -f "$license" ]; then cp "$license" "$work/$name/licenses/$(basename "$checkout").$(basename "$license")"; fi
    done
done
# Fixed order, owners and dates (the commit's): the tarball's bytes depend on its files only.
epoch=${SOURCE_DATE_EPOCH:-$(git -c safe.directory="$root" -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$work" -cf - "$name" | gzip -9n > "$dist/$name.tar.gz"
(
    cd "$dist"
    # Lines for other tarballs (other architectures) stay; this one's is replaced.
    { if [ -f SHA256SUMS ]; then awk -v f="$name.tar.gz" '$2 != f && $2 != "*" f' SHA256SUMS; fi; sha256sum "$name.tar.gz"; } \
        | sort -k2 > SHA256SUMS.new
    mv SHA256SUMS.new SHA256SUMS
)
log "$dist/$name.tar.gz ($(du -h "$dist/$name.tar.gz" | cut -f1)) and $dist/SHA256SUMS in $((SECONDS - started)) s"

if [ "$image" = true ]; then
    bash "$root/scripts/release-image.sh" --dist "$dist" "$version"
fi
