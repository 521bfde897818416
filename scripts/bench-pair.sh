#!/usr/bin/env bash
# Two pbn binaries on the same plan, runs alternated: does a change (a refactoring, an architecture step) slow the
# build? Prints each binary's median wall time, median CPU time (user + system) and peak memory, and the ratios.
#
#   scripts/bench-pair.sh OLD_BIN NEW_BIN PLAN_DIR [RUNS]     # RUNS timed runs of each (default 12), after 2 warm-ups
#
# A plan: `cargo run --release --example gen-plan -- 100 /tmp/n100`. Build both binaries with the same profile
# (the release profile, or `CARGO_PROFILE_RELEASE_LTO=false` for both when many commits are compared). This
# machine's load moves medians by several percent from one minute to the next; alternating the runs makes it weigh
# on both alike, and a difference that changes sign between two runs of this script is noise.
set -euo pipefail
if [[ $# -lt 3 ]]; then
    echo "usage: $0 OLD_BIN NEW_BIN PLAN_DIR [RUNS]" >&2
    exit 2
fi
exec python3 - "$@" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time
old, new, plan = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 12
out = tempfile.mkdtemp(prefix="pbn-bench-pair-")
wall = {old: [], new: []}; cpu = {old: [], new: []}; peak = {old: 0, new: 0}
try:
    for i in range(runs + 2):
        for b in (old, new):
            shutil.rmtree(os.path.join(out, "dist"), ignore_errors=True)
            start = time.perf_counter()
            p = subprocess.Popen([b, "build", plan, "--out", os.path.join(out, "dist")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"bench-pair: {b} build {plan} failed")
            if i >= 2:
                wall[b].append((time.perf_counter() - start) * 1e3)
                cpu[b].append((ru.ru_utime + ru.ru_stime) * 1e3)
                peak[b] = max(peak[b], ru.ru_maxrss // 1024)
finally:
    shutil.rmtree(out, ignore_errors=True)
for name, b in (("old", old), ("new", new)):
    print(f"{name}: wall {statistics.median(wall[b]):7.1f} ms (min {min(wall[b]):.1f})  "
          f"cpu {statistics.median(cpu[b]):7.1f} ms  peak {peak[b]} MiB  {b}")
print(f"new/old: wall {statistics.median(wall[new]) / statistics.median(wall[old]):.3f}  "
      f"cpu {statistics.median(cpu[new]) / statistics.median(cpu[old]):.3f}")
PY
