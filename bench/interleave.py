#!/usr/bin/env python3
"""Times shell commands in interleaved rounds and prints a Markdown table of medians.

hyperfine runs all rounds of one command, then the next; on a VM whose speed drifts by 20-30%
over minutes that favours whichever command ran in a fast phase. Interleaving gives every command
the same phases. Usage: interleave.py RUNS WARMUP NAME COMMAND [NAME COMMAND ...]
(each COMMAND runs with bash -c in the current directory).
"""
import statistics
import subprocess
import sys
import time

runs, warmup = int(sys.argv[1]), int(sys.argv[2])
pairs = list(zip(sys.argv[3::2], sys.argv[4::2]))
times = {name: [] for name, _ in pairs}
for round_index in range(warmup + runs):
    for name, command in pairs:
        start = time.perf_counter()
        subprocess.run(["bash", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        if round_index >= warmup:
            times[name].append((time.perf_counter() - start) * 1000)
print(f"\n{runs} interleaved rounds ({warmup} warm-up):\n")
print("| command | median | min | mean |\n|---|---:|---:|---:|")
for name, _ in pairs:
    values = times[name]
    print(f"| {name} | {statistics.median(values):.1f} ms | {min(values):.1f} ms | {statistics.mean(values):.1f} ms |")
