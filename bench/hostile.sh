#!/usr/bin/env bash
# Benchmark for hostile repositories (issue 20): the two large shapes the fuzz campaign found
# hanging (past 20 s), made by bench/make_hostile.py, and the discovering commands timed on them
# against git on the same repository:
#   deep-3000: 3,000 nested directories with a package.json at the bottom (the path is longer than
#              PATH_MAX, so nothing that opens it by its path can read it);
#   deep-1900: the same at 1,900 levels (3,800 bytes, within PATH_MAX, as in
#              HostileRepositoryTests), so the package is found and planned;
#   chain:     10,000 services declared in nixpacks-ci.toml, each dependsOn the one before, and a
#              last commit that changes the first (all 10,000 affected); `explain` of the last
#              service keys its 9,999 dependencies.
# "cold" runs get an empty --cache-dir each (an untimed rm before every run); "warm" runs share one,
# filled by the untimed warm-up run. Each row: median, min and max wall time of BENCH_RUNS runs
# (default 5) after one warm-up, the peak RSS of the last run, its exit status and how many lines
# it printed. Results go to docs/benchmarks.md by hand.
#
# NIXPACKS_CI=path/to/nixpacks-ci skips the release build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${BENCH_WORK:-/tmp/nixpacks-ci-bench-hostile}
runs=${BENCH_RUNS:-5}
tool=${NIXPACKS_CI:-}
if [ -z "$tool" ]; then
    scratch=${BENCH_SCRATCH:-/tmp/nixpacks-ci-bench-hostile-scratch}
    (cd "$here/.." && swift build -c release --product nixpacks-ci --scratch-path "$scratch" >/dev/null)
    tool="$scratch/release/nixpacks-ci"
fi

mkdir -p "$work"
[ -d "$work/deep-3000" ] || python3 "$here/make_hostile.py" deep "$work/deep-3000" --depth 3000
[ -d "$work/deep-1900" ] || python3 "$here/make_hostile.py" deep "$work/deep-1900" --depth 1900
[ -d "$work/chain" ] || python3 "$here/make_hostile.py" chain "$work/chain" --services 10000
cold="$work/cache-cold"
warm="$work/cache-warm"

# Long runs of "d/" shortened, so a 6,000-byte path does not fill the table.
shorten() { sed -E 's#(d/){8,}#d/…/#g' | cut -c1-140; }

clear_cold() { rm -rf "$cold"; }
clear_nothing() { :; }

# measure SHAPE LABEL SETUP COMMAND [ARG ...]: SETUP is a function run untimed before every run.
measure() {
    local shape=$1 label=$2 setup=$3
    shift 3
    local times=() status=0 start end
    for ((round = 0; round <= runs; round++)); do
        "$setup"
        start=$EPOCHREALTIME
        status=0
        /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/stdout" 2>"$work/stderr" || status=$?
        end=$EPOCHREALTIME
        if ((round > 0)); then times+=($((${end/./} - ${start/./}))); fi
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    local median min max
    median=$(sed -n "$(((runs + 1) / 2))p" <<<"$sorted")
    min=$(head -1 <<<"$sorted")
    max=$(tail -1 <<<"$sorted")
    local rss lines note
    rss=$(tail -1 "$work/rss")
    lines=$(wc -l <"$work/stdout")
    note=$(grep -m1 -E '^(error|warning|note)' "$work/stderr" | shorten || true)
    printf '| %s | `%s` | %s | %s | %s | %d MB | %d | %d | %s |\n' "$shape" "$label" \
        "$(seconds "$median")" "$(seconds "$min")" "$(seconds "$max")" $((rss / 1024)) "$status" "$lines" "$note"
}

# Microseconds as seconds with two decimals.
seconds() { awk -v us="$1" 'BEGIN { printf "%.2f s", us / 1e6 }'; }

echo "nixpacks-ci: $tool"
echo "$(date -u +%F), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $runs runs after 1 warm-up"
echo
echo '| shape | command | median | min | max | peak RSS | exit | stdout lines | first error, warning or note |'
echo '|---|---|---:|---:|---:|---:|---:|---:|---|'
for shape in deep-3000 deep-1900; do
    cd "$work/$shape"
    depth=${shape#deep-}
    deep_path=$(printf 'd/%.0s' $(seq "$depth"))
    measure "$shape" "git ls-files" clear_nothing git ls-files
    measure "$shape" "git status --porcelain" clear_nothing git status --porcelain
    for command in services graph "affected --since HEAD" "build --dry-run --package-source debian"; do
        read -ra arguments <<<"$command"
        measure "$shape" "$command (cold)" clear_cold "$tool" "${arguments[@]}" --cache-dir "$cold"
        measure "$shape" "$command (warm)" clear_nothing "$tool" "${arguments[@]}" --cache-dir "$warm"
    done
    measure "$shape" "detect d/…/d" clear_nothing "$tool" detect "$deep_path"
    measure "$shape" "plan d/…/d" clear_nothing "$tool" plan "$deep_path"
    rm -rf "$warm"
done

cd "$work/chain"
measure chain "git ls-files" clear_nothing git ls-files
measure chain "git status --porcelain" clear_nothing git status --porcelain
for command in services "build --dry-run --package-source debian" "affected --since HEAD~1" "explain s09999"; do
    read -ra arguments <<<"$command"
    measure chain "$command (cold)" clear_cold "$tool" "${arguments[@]}" --cache-dir "$cold"
    measure chain "$command (warm)" clear_nothing "$tool" "${arguments[@]}" --cache-dir "$warm"
done
rm -rf "$warm" "$cold"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
