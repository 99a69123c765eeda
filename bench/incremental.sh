#!/usr/bin/env bash
# Benchmark for incremental planning (issue 17) on the 2,000-service benchmark monorepo: a cold
# `build --dry-run` (empty cache directory: discovery, planning, rendering and keys from scratch),
# a warm one (the graph and preparation caches of an earlier run), the warm one in a clone watched
# by Watchman, and a warm no-op `build` (every service a cache hit), each against the naive content
# key: reading and hashing every tracked file. Results go to docs/benchmarks.md by hand.
#
# Usage: bench/incremental.sh [RUNS]   (BENCH_REPO, BENCH_TOOL override the defaults)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${BENCH_REPO:-/tmp/nixpacks-ci-bench-monorepo}
runs=${1:-5}
if [ ! -d "$repo/.git" ]; then
    python3 "$here/make_monorepo.py" "$repo"
fi
if [ -z "${BENCH_TOOL:-}" ]; then
    (cd "$here/.." && swift build -c release --product nixpacks-ci >/dev/null)
    BENCH_TOOL="$here/../.build/release/nixpacks-ci"
fi
tool=$BENCH_TOOL
cd "$repo"
git status --porcelain >/dev/null   # the index's stat data current, for git and for nixpacks-ci

# The nixpkgs archive cannot be downloaded here: the debian source keys every service without it.
flags=(--package-source debian)
baseline="git ls-files -z | xargs -0 cat | sha256sum >/dev/null"
source "$here/pairs.sh"

time_pair() { # label, command A, baseline B (shell strings)
    echo "== $1 (A) against reading and hashing every tracked file (B)"
    pairs "$runs" "$2" "$3"
}

# Cold: a new cache directory each run (a fresh CI runner without a restored cache).
time_pair "cold build --dry-run" "d=\$(mktemp -d) && $tool build --dry-run ${flags[*]} --cache-dir \$d >/dev/null; rm -rf \$d" "$baseline"

# Warm: the same cache directory, primed once.
warm=$(mktemp -d)
"$tool" build --dry-run "${flags[@]}" --cache-dir "$warm" >/dev/null
time_pair "warm build --dry-run" "$tool build --dry-run ${flags[*]} --cache-dir $warm >/dev/null" "$baseline"

# Warm with a file-system monitor (docs/change-detection.md): a clone of the repository watched by
# Watchman through git's fsmonitor hook, with git's untracked cache. Skipped without watchman.
hook=/usr/share/git-core/templates/hooks/fsmonitor-watchman.sample
if command -v watchman >/dev/null && [ -f "$hook" ]; then
    watched=$(mktemp -d)/repo
    git clone -q --no-hardlinks "$repo" "$watched"
    cp "$hook" "$watched/.git/hooks/query-watchman"
    git -C "$watched" config core.fsmonitor .git/hooks/query-watchman
    git -C "$watched" config core.untrackedCache true
    git -C "$watched" status >/dev/null   # starts the watch, writes the token and the untracked cache
    git -C "$watched" status >/dev/null
    monitored=$(mktemp -d)
    (cd "$watched" && "$tool" build --dry-run "${flags[@]}" --cache-dir "$monitored" >/dev/null)
    time_pair "warm build --dry-run, watched by Watchman" \
        "cd $watched && $tool build --dry-run ${flags[*]} --cache-dir $monitored >/dev/null" "$baseline"
    watchman watch-del "$watched" >/dev/null || true
    rm -rf "$(dirname "$watched")" "$monitored"
else
    echo "== warm build --dry-run, watched by Watchman: skipped (no watchman, or no $hook)"
fi

# Warm no-op build: every service recorded as built (its real key) with a local image of its name.
# NoopSetup keys with the nix source and an unreachable nixpkgs archive: the build says the same.
offline=(--nixpkgs-archive-url 'file:///nonexistent/{archive}.tar.gz')
noop=$(mktemp -d)
(cd "$here/.." && swift run -c release NoopSetup "$repo" "$noop" debian:trixie-slim >/dev/null)
"$tool" build "${offline[@]}" --cache-dir "$noop" >/dev/null   # primes the graph and preparation caches
time_pair "warm no-op build" "$tool build --nixpkgs-archive-url 'file:///nonexistent/{archive}.tar.gz' --cache-dir $noop >/dev/null" "$baseline"
"$tool" build "${offline[@]}" --cache-dir "$noop" | tail -1
rm -rf "$warm" "$noop"
