#!/usr/bin/env bash
# Benchmark for the registry cache buildx exports (issue 17, `mode=max`), on the nested engine of
# scripts/buildx-engine.sh (Docker 26 with the containerd image store, buildx 0.13) and the debian
# source. The service is multi-stage (Go: toolchain and build in the first stage, the binary on a
# slim run image), where inline cache metadata (the final stage's layers only) cannot help.
#
# Each run, in a new repository with its own image name:
#   cold    an empty registry repository and an empty engine (builder pruned, images removed);
#   max     a source-only change, on an empty engine, with the registry cache of the cold run;
#   inline  another source-only change, on an empty engine, NIXPACKS_CI_REGISTRY_CACHE=inline
#           (inline metadata only, as on an engine that cannot export a cache).
# Usage: bench/buildx.sh [RUNS]   (default 3; BENCH_TOOL overrides the binary)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}
eval "$(bash "$here/../scripts/buildx-engine.sh")"
export DOCKER_HOST=$NIXPACKS_CI_BUILDX_HOST DOCKER_CONFIG=$NIXPACKS_CI_BUILDX_CONFIG NIXPACKS_CI_DOCKER=/usr/bin/docker
registry=$NIXPACKS_CI_BUILDX_REGISTRY
if [ -z "${BENCH_TOOL:-}" ]; then
    (cd "$here/.." && swift build -c release --product nixpacks-ci >/dev/null)
    BENCH_TOOL="$here/../.build/release/nixpacks-ci"
fi
tool=$BENCH_TOOL
work=$(mktemp -d)
[ -n "${BENCH_KEEP:-}" ] && echo "work: $work" >&2 || trap 'rm -rf "$work"' EXIT
certs=()
for crt in /usr/local/share/ca-certificates/*.crt; do [ -e "$crt" ] && certs+=(--ca-cert "$crt"); done

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
forget() {
    /usr/bin/docker image ls --format '{{.Repository}}:{{.Tag}}' | { grep "^$registry/" || true; } | xargs -r /usr/bin/docker rmi -f >/dev/null
    /usr/bin/docker builder prune -af >/dev/null
}
git_() { git -C "$repo" -c user.email=bench@nixpacks-ci -c user.name=bench "$@"; }
build() { # name, extra arguments...: prints the seconds
    local name=$1 start
    shift
    start=$(now)
    "$tool" build --repo "$repo" --package-source debian --registry "$registry" --cache-dir "$work/cache-$name" \
        --log-dir "$work/logs-$name" "${certs[@]}" "$@" >"$work/$name.out" 2>&1 \
        || { tail -20 "$work/$name.out" >&2; exit 1; }
    echo "$(now) - $start" | bc
}

colds=() maxes=() inlines=()
for run in $(seq "$runs"); do
    repo=$work/repo-$run
    mkdir -p "$repo/services/goapi"
    git init -q "$repo"
    printf 'module example.com/goapi\n\ngo 1.19\n' > "$repo/services/goapi/go.mod"
    printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("goapi v1") }\n' > "$repo/services/goapi/main.go"
    printf '[services.goapi]\npath = "services/goapi"\nimage = "bench-goapi-%s"\n' "$run-$RANDOM" > "$repo/nixpacks-ci.toml"
    git_ add -A && git_ commit -qm base && git_ branch -M main
    forget
    cold=$(build "cold-$run" --cache-branch main)
    git_ checkout -q -b feature
    sed -i 's/goapi v1/goapi v2/' "$repo/services/goapi/main.go" && git_ commit -qam v2
    forget
    max=$(build "max-$run" --since main --cache-branch feature)
    git_ checkout -q -b other main
    sed -i 's/goapi v1/goapi v3/' "$repo/services/goapi/main.go" && git_ commit -qam v3
    forget
    inline=$(NIXPACKS_CI_REGISTRY_CACHE=inline build "inline-$run" --since main --cache-branch other)
    printf '  run %s: cold %6.1f s   max %6.1f s (%.2f)   inline %6.1f s (%.2f)\n' "$run" "$cold" "$max" \
        "$(echo "$max / $cold" | bc -l)" "$inline" "$(echo "$inline / $cold" | bc -l)"
    colds+=("$cold") maxes+=("$max") inlines+=("$inline")
done
c=$(printf '%s\n' "${colds[@]}" | median)
m=$(printf '%s\n' "${maxes[@]}" | median)
i=$(printf '%s\n' "${inlines[@]}" | median)
printf 'median: cold %.1f s, max %.1f s (%.2f of cold), inline %.1f s (%.2f of cold)\n' "$c" "$m" "$(echo "$m / $c" | bc -l)" "$i" "$(echo "$i / $c" | bc -l)"
forget
