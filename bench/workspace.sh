#!/usr/bin/env bash
# Benchmark for workspace members (issue 15): the build context of one member of a synthetic npm
# workspace (12 apps, 8 libraries, 40 external packages from a loopback registry) against the whole
# repository, in files and bytes, and `npm ci` in the member's pruned context against `npm ci` in the
# whole workspace. Results go to docs/benchmarks.md by hand.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${BENCH_WORK:-/tmp/nixpacks-ci-bench-workspace}
runs=${BENCH_RUNS:-5}
rm -rf "$work" && mkdir -p "$work"
(cd "$here/.." && swift build -c release --product nixpacks-ci >/dev/null)
tool="$here/../.build/release/nixpacks-ci"
port=$((20000 + RANDOM % 10000))
python3 "$here/make_workspace.py" "$work/repo" "$work/registry" "http://127.0.0.1:$port/"
python3 "$here/../scripts/npm-registry.py" "$work/registry" 127.0.0.1 "$port" >/dev/null 2>&1 &
registry=$!
trap 'kill $registry 2>/dev/null || true' EXIT
sleep 1
cd "$work/repo"
npm install --package-lock-only --no-audit --no-fund >/dev/null
git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -qm workspace

"$tool" build apps/app-00 --out "$work/context" --package-source debian >/dev/null
member_files=$(find "$work/context" -type f | wc -l)
member_bytes=$(du -sb "$work/context" | cut -f1)
repo_files=$(git ls-files | wc -l)
repo_bytes=$(git ls-files -z | xargs -0 cat | wc -c)
echo "context of apps/app-00: $member_files files, $member_bytes bytes"
echo "whole repository:       $repo_files files, $repo_bytes bytes"
echo "lockfile: $(wc -c < package-lock.json) bytes whole, $(wc -c < "$work/context/package-lock.json") bytes pruned"

# npm ci in each, node_modules removed before every run (npm's cache stays warm for both).
npm ci --no-audit --no-fund >/dev/null && (cd "$work/context" && npm ci --no-audit --no-fund >/dev/null)
echo "installed: $(find node_modules -maxdepth 2 -name package.json | wc -l) packages whole, $(find "$work/context/node_modules" -maxdepth 2 -name package.json | wc -l) pruned"
source "$(dirname "$0")/pairs.sh"
pairs "$runs" "cd $work/context && rm -rf node_modules && npm ci --no-audit --no-fund --prefer-offline >/dev/null" \
    "cd $work/repo && rm -rf node_modules && npm ci --no-audit --no-fund --prefer-offline >/dev/null"
