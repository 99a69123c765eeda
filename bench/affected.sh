#!/usr/bin/env bash
# Benchmark for `nixpacks-ci affected` (issue 3): a synthetic monorepo of 2,000 services and about
# 80,000 files, a feature branch off main, timed against the git command line doing the minimum
# (merge-base, diff --name-only main...HEAD, ls-files) and against `git status` for the working-tree
# scan, on the repository and on a fresh clone of it. Results go to docs/benchmarks.md by hand.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${BENCH_REPO:-/tmp/nixpacks-ci-bench-monorepo}
runs=${BENCH_RUNS:-10}
if [ ! -d "$repo/.git" ]; then
    python3 "$here/make_monorepo.py" "$repo"
fi
# The release build as shipped: the Swift runtime and Foundation linked statically (dynamic linking
# of ~36 shared libraries costs about 10 ms at every start).
(cd "$here/.." && swift build -c release --product nixpacks-ci --static-swift-stdlib --build-path .build-static >/dev/null)
tool="$here/../.build-static/release/nixpacks-ci"
cd "$repo"
git status --porcelain >/dev/null   # warm the index stat cache for both sides

# Warm: the warm-up rounds cache the graph of this tree. Cold: --no-graph-cache discovers every time
# (the first run on a tree nobody ran before, e.g. a fresh CI machine without the cache directory).
export NIXPACKS_CI_CACHE_DIR=${NIXPACKS_CI_CACHE_DIR:-$(mktemp -d)}

# A fresh clone, as CI has: its index was written in the same second as thousands of files, which
# are then "racily clean" and must be hashed. --no-optional-locks keeps git status from rewriting
# the index, so every run sees the same clone.
clone=${BENCH_CLONE:-/tmp/nixpacks-ci-bench-clone}
if [ ! -d "$clone/.git" ]; then
    git clone --quiet --no-local "$repo" "$clone"
    git -C "$clone" checkout --quiet -B feature origin/feature
fi
# The same clone with git's untracked cache on (as feature.manyFiles sets it): nixpacks-ci then
# runs git status itself.
cached_clone=${BENCH_CACHED_CLONE:-/tmp/nixpacks-ci-bench-clone-untracked-cache}
if [ ! -d "$cached_clone/.git" ]; then
    git clone --quiet --no-local "$repo" "$cached_clone"
    git -C "$cached_clone" checkout --quiet -B feature origin/feature
    git -C "$cached_clone" config core.untrackedCache true
    git -C "$cached_clone" status --porcelain >/dev/null   # writes the cache into the index
fi

# Interleaved rounds (bench/interleave.py): this kind of machine (a 2-vCPU VM) drifts by 20-30%
# over minutes, which hyperfine's one-command-at-a-time order turns into false differences.
python3 "$here/interleave.py" "$runs" 2 \
    "nixpacks-ci affected --since main --committed-only (warm)" "$tool affected --since main --committed-only --format names" \
    "git merge-base + diff main...HEAD + ls-files" "git merge-base main HEAD >/dev/null && git diff --name-only main...HEAD >/dev/null && git ls-files >/dev/null" \
    "nixpacks-ci affected --since main (warm, working tree)" "$tool affected --since main --format names" \
    "git status --porcelain" "git status --porcelain >/dev/null" \
    "nixpacks-ci affected --since main --committed-only --no-graph-cache (cold)" "$tool affected --since main --committed-only --no-graph-cache --format names" \
    "nixpacks-ci affected --since main --no-graph-cache (cold, working tree)" "$tool affected --since main --no-graph-cache --format names" \
    "nixpacks-ci services" "$tool services >/dev/null" \
    "fresh clone: nixpacks-ci affected --since origin/main (warm)" "cd $clone && $tool affected --since origin/main --format names" \
    "fresh clone: git --no-optional-locks status --porcelain" "cd $clone && git --no-optional-locks status --porcelain >/dev/null" \
    "untracked cache: nixpacks-ci affected --since origin/main (warm)" "cd $cached_clone && $tool affected --since origin/main --format names" \
    "untracked cache: git --no-optional-locks status --porcelain" "cd $cached_clone && git --no-optional-locks status --porcelain >/dev/null"
