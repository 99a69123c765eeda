#!/usr/bin/env bash
# Benchmark for `nixpacks-ci affected` (issue 3): a synthetic monorepo of 2,000 services and about
# 80,000 files, a feature branch off main, timed against the git command line doing the minimum
# (merge-base, diff --name-only main...HEAD, ls-files) and against `git status` for the working-tree
# scan. Needs hyperfine (apt-get install hyperfine). Results go to docs/benchmarks.md by hand.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${BENCH_REPO:-/tmp/nixpacks-ci-bench-monorepo}
runs=${BENCH_RUNS:-10}
command -v hyperfine >/dev/null || { echo "install hyperfine: apt-get install -y hyperfine" >&2; exit 1; }
if [ ! -d "$repo/.git" ]; then
    python3 "$here/make_monorepo.py" "$repo"
fi
# The release build as shipped: the Swift runtime and Foundation linked statically (dynamic linking
# of ~36 shared libraries costs about 10 ms at every start).
(cd "$here/.." && swift build -c release --product nixpacks-ci --static-swift-stdlib --build-path .build-static >/dev/null)
tool="$here/../.build-static/release/nixpacks-ci"
cd "$repo"
git status --porcelain >/dev/null   # warm the index stat cache for both sides

# Warm: the warm-up runs cache the graph of this tree. Cold: --no-graph-cache discovers every time
# (the first run on a tree nobody ran before, e.g. a fresh CI machine without the cache directory).
export NIXPACKS_CI_CACHE_DIR=${NIXPACKS_CI_CACHE_DIR:-$(mktemp -d)}
json=$(mktemp)
hyperfine --runs "$runs" --warmup 2 --export-json "$json" --export-markdown "${BENCH_OUT:-/dev/stdout}" \
    -n "nixpacks-ci affected --since main (warm)" "$tool affected --since main --format names" \
    -n "nixpacks-ci affected --since main --committed-only (warm)" "$tool affected --since main --committed-only --format names" \
    -n "nixpacks-ci affected --since main --committed-only --no-graph-cache (cold)" "$tool affected --since main --committed-only --no-graph-cache --format names" \
    -n "nixpacks-ci affected --since main --no-graph-cache (cold)" "$tool affected --since main --no-graph-cache --format names" \
    -n "git merge-base + diff main...HEAD + ls-files" "git merge-base main HEAD >/dev/null && git diff --name-only main...HEAD >/dev/null && git ls-files >/dev/null" \
    -n "git status --porcelain" "git status --porcelain >/dev/null" \
    -n "nixpacks-ci services" "$tool services >/dev/null"
# Medians: this kind of machine (a 2-vCPU VM) has slow phases that move means by 20% or more.
python3 - "$json" <<'PY'
import json, statistics, sys
print("\n| command | median | min |\n|---|---:|---:|")
for result in json.load(open(sys.argv[1]))["results"]:
    times = result["times"]
    print(f"| {result['command']} | {statistics.median(times) * 1000:.1f} ms | {min(times) * 1000:.1f} ms |")
PY
rm -f "$json"
