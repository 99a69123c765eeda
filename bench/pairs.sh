#!/usr/bin/env bash
# Times two shell commands in turn (A B A B ...), RUNS pairs, and prints each pair's wall times and
# ratio A/B, then the medians: pairing keeps the ratio meaningful when the machine's speed drifts.
# Usage: bench/pairs.sh RUNS 'COMMAND A' 'COMMAND B'   (sourced by the other benchmarks as `pairs`)
pairs() {
    local runs=$1 a=$2 b=$3 t0 t1 t2 ta tb
    local as=() bs=() ratios=()
    sh -c "$a" >/dev/null 2>&1; sh -c "$b" >/dev/null 2>&1   # one warm-up each, not counted
    for _ in $(seq "$runs"); do
        t0=$(date +%s.%N); sh -c "$a" >/dev/null 2>&1; t1=$(date +%s.%N); sh -c "$b" >/dev/null 2>&1; t2=$(date +%s.%N)
        ta=$(echo "$t1 - $t0" | bc); tb=$(echo "$t2 - $t1" | bc)
        as+=("$ta"); bs+=("$tb"); ratios+=("$(echo "scale=3; $ta / $tb" | bc)")
        printf '  A %6.3f s   B %6.3f s   A/B %s\n' "$ta" "$tb" "${ratios[-1]}"
    done
    printf '  median: A %s s, B %s s, A/B %s\n' "$(printf '%s\n' "${as[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
        "$(printf '%s\n' "${bs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
        "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}
if [ "${BASH_SOURCE[0]}" = "$0" ]; then pairs "$@"; fi
