#!/usr/bin/env bash
# Benchmarks for layer reuse (issue 17), on the real engine with the debian source:
#
# 1. registry: a Node service (a dependency from a lockfile) and a Python service (six from PyPI).
#    Cold: an empty registry and a pruned builder. Warm: after a source-only change, a "fresh
#    runner" (builder pruned, the services' images removed, an empty local store) with the
#    registry that the cold run filled. Target: warm ≤ 30 % of cold.
# 2. toolchain: 10 Node services built with --jobs 2 on a pruned builder, against one of them
#    alone on a pruned builder.
#
# Each is run RUNS times (default 3); the script prints every run and the medians. It prunes the
# engine's whole build cache: run it on a machine nothing else builds on.
# Usage: bench/layers.sh [RUNS] [registry|toolchain|both]   (BENCH_TOOL overrides the binary)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}
which=${2:-both}
export NIXPACKS_CI_DOCKER=${NIXPACKS_CI_DOCKER:-/usr/bin/docker}
docker=$NIXPACKS_CI_DOCKER
if [ -z "${BENCH_TOOL:-}" ]; then
    (cd "$here/.." && swift build -c release --product nixpacks-ci >/dev/null)
    BENCH_TOOL="$here/../.build/release/nixpacks-ci"
fi
tool=$BENCH_TOOL
work=$(mktemp -d)
trap 'kill "${registry_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
certs=()
for crt in /usr/local/share/ca-certificates/*.crt; do [ -e "$crt" ] && certs+=(--ca-cert "$crt"); done

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
forget() { # a fresh runner: no build cache, none of the registry's images
    "$docker" image ls --format '{{.Repository}}:{{.Tag}}' | { grep "^$1/" || true; } | xargs -r "$docker" rmi -f >/dev/null
    "$docker" builder prune -af >/dev/null
}
start_registry() {
    rm -rf "$work/registry" && mkdir -p "$work/registry"
    port=$((20000 + RANDOM % 20000))
    printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
        "$work/registry/data" "$port" > "$work/registry/config.yml"
    /usr/bin/docker-registry serve "$work/registry/config.yml" >/dev/null 2>&1 &
    registry_pid=$!
    for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
    host=127.0.0.1:$port
}

# --- 1. registry layer cache -------------------------------------------------------------
if [ "$which" != toolchain ]; then
# npm cannot reach a registry from here: the Node service has a lockfile and no dependency; the
# Python service installs from PyPI.
repo="$work/repo"
mkdir -p "$repo/services/web" "$repo/services/api" && cd "$repo" && git init -q -b main .
printf '{"name":"web","version":"1.0.0","private":true,"scripts":{"start":"node index.js"}}' > services/web/package.json
printf 'console.log("web v0")\n' > services/web/index.js
(cd services/web && npm install --package-lock-only --silent >/dev/null 2>&1)
printf 'six==1.16.0\nidna==3.7\n' > services/api/requirements.txt
printf 'import six\nprint("api v0", six.__version__)\n' > services/api/main.py
git add -A && git -c user.email=b@b -c user.name=bench commit -qm base
cd - >/dev/null

cold=() warm=()
for round in $(seq "$runs"); do
    start_registry
    git -C "$repo" checkout -q main
    git -C "$repo" branch -D "change-$round" >/dev/null 2>&1 || true
    forget "$host"
    t0=$(now)
    "$tool" build --repo "$repo" --package-source debian --registry "$host" --cache-branch main \
        --cache-dir "$work/cache-cold-$round" "${certs[@]}" --jobs 2 >/dev/null
    t1=$(now)
    git -C "$repo" checkout -q -b "change-$round"
    printf 'console.log("web v%s")\n' "$round" > "$work/repo/services/web/index.js"
    printf 'import six\nprint("api v%s", six.__version__)\n' "$round" > "$work/repo/services/api/main.py"
    git -C "$repo" -c user.email=b@b -c user.name=bench commit -qam "change $round"
    forget "$host"
    t2=$(now)
    "$tool" build --repo "$repo" --since main --package-source debian --registry "$host" --cache-branch "change-$round" \
        --cache-dir "$work/cache-warm-$round" "${certs[@]}" --jobs 2 >/dev/null
    t3=$(now)
    c=$(echo "$t1 - $t0" | bc) w=$(echo "$t3 - $t2" | bc)
    echo "registry round $round: cold ${c} s, fresh runner after a source change ${w} s, ratio $(echo "scale=3; $w / $c" | bc)"
    cold+=("$c") warm+=("$w")
    kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true
done
mc=$(printf '%s\n' "${cold[@]}" | median) mw=$(printf '%s\n' "${warm[@]}" | median)
echo "registry medians: cold $mc s, warm $mw s, ratio $(echo "scale=3; $mw / $mc" | bc)"
fi
[ "$which" = registry ] && exit 0

# --- 2. shared toolchain layers -------------------------------------------------------------
toolchain="$work/toolchain"
mkdir -p "$toolchain" && cd "$toolchain" && git init -q -b main .
for i in $(seq -w 1 10); do
    mkdir -p "services/node-$i"
    printf '{"name":"node-%s","version":"1.0.0","private":true,"scripts":{"start":"node index.js"}}' "$i" > "services/node-$i/package.json"
    printf 'console.log("node %s")\n' "$i" > "services/node-$i/index.js"
    (cd "services/node-$i" && npm install --package-lock-only --silent >/dev/null 2>&1)
done
git add -A && git -c user.email=b@b -c user.name=bench commit -qm services
cd - >/dev/null
# Cold means no image on the engine holds the toolchain layer either: BuildKit keeps the cache of
# layers that images still use, whatever `builder prune` says.
forget_toolchain() {
    "$docker" image ls --format '{{.Repository}}:{{.Tag}}' | { grep -E '^node-[0-9]+:' || true; } \
        | xargs -r "$docker" rmi -f >/dev/null
    "$docker" builder prune -af >/dev/null
    sleep 2   # BuildKit can still be releasing pruned records: a build right after may miss one
}
setup_ran() { # whether the apt-get install step ran (was not CACHED) in a build log
    ! grep -A3 "apt-get install" "$1" | grep -q " CACHED"
}
one=() ten=()
for round in $(seq "$runs"); do
    forget_toolchain
    t0=$(now)
    "$tool" build --repo "$toolchain" --service node-01 --package-source debian --cache-dir "$work/one-$round" \
        --log-dir "$work/one-$round/logs" >/dev/null
    t1=$(now)
    forget_toolchain
    t2=$(now)
    "$tool" build --repo "$toolchain" --package-source debian --cache-dir "$work/ten-$round" --log-dir "$work/ten-$round/logs" --jobs 2 >/dev/null
    t3=$(now)
    # BuildKit runs an identical step once for builds that reach it together; each of them then
    # shows its progress, so only CACHED counts tell reuse apart: builds that found it done.
    cached=0; for log in "$work/ten-$round"/logs/*.log; do setup_ran "$log" || cached=$((cached + 1)); done
    o=$(echo "$t1 - $t0" | bc) n=$(echo "$t3 - $t2" | bc)
    echo "toolchain round $round: one service ${o} s (setup ran: $(setup_ran "$work/one-$round/logs/node-01.log" && echo yes || echo no)), ten services (--jobs 2) ${n} s (setup CACHED in $cached of 10), ratio $(echo "scale=2; $n / $o" | bc)"
    one+=("$o") ten+=("$n")
done
mo=$(printf '%s\n' "${one[@]}" | median) mn=$(printf '%s\n' "${ten[@]}" | median)
echo "toolchain medians: one $mo s, ten $mn s, ratio $(echo "scale=2; $mn / $mo" | bc)"
