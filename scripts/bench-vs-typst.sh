#!/usr/bin/env bash
# pbn against Typst on the same synthetic plan, in one run: median times, the ratio, peak memory, page counts.
#
#   scripts/bench-vs-typst.sh            # N = 100 (100 reflex sheets, 50 procedures, 500 contacts)
#   scripts/bench-vs-typst.sh 1000 5     # N = 1000, 5 timed runs of each (default 10)
#   KEEP=/tmp/cmp scripts/bench-vs-typst.sh   # keep the plan, the outputs and hyperfine's JSON there
#   PBN_BASE=/path/to/old/pbn scripts/bench-vs-typst.sh 100   # also time a previous pbn binary, runs alternated
#
# With PBN_BASE, both pbn binaries build the same plan in the same run, one after the other in turn (the machine's
# load then weighs on both alike); both medians (wall and CPU time) and their ratio are printed, before the Typst
# figures.
#
# pbn side: `pbn build PLAN --out DIR` (plan.pdf + cards.pdf + plan.html + manifest.json), built here in release.
# Typst side: scripts/bench-vs-typst.typ, which reads the same YAML files and typesets the same binder (reflex
# sheets, procedures by function, applications, the 5N-contact directory, provenance, role cards) with the same
# page geometry and fonts, as one PDF. The `typst` CLI is used when it is on PATH, else the Python binding
# (`pip install typst`); with the binding, the interpreter's start-up and `import typst` are timed separately and
# shown, since they are not Typst's work.
#
# Needs: cargo, python3, hyperfine (else plain repeated runs), GNU time (/usr/bin/time) for peak memory,
# pdfinfo (poppler-utils) for page counts. Exit status: 0 done; 3 Typst is not installed (pbn figures printed);
# 2 something else is missing or failed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

n=${1:-100}
runs=${2:-10}
[[ "$n" =~ ^[0-9]+$ && "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 ]] || {
    echo "usage: scripts/bench-vs-typst.sh [N] [RUNS]" >&2
    exit 2
}
have() { command -v "$1" >/dev/null 2>&1; }
have python3 || { echo "bench-vs-typst: python3 is needed (it reads the timings)" >&2; exit 2; }

echo "== building pbn and the plan generator (cargo build --release)" >&2
cargo build --release --quiet --bin pbn --example gen-plan
pbn=$repo/target/release/pbn
gen=$repo/target/release/examples/gen-plan

if [[ -n "${KEEP:-}" ]]; then
    work=$KEEP
    rm -rf "$work"
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/pbn-vs-typst.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi

echo "== generating the synthetic plan N=$n" >&2
"$gen" "$n" "$work/plan"
cp scripts/bench-vs-typst.typ "$work/binder.typ"   # Typst reads only files under its root: the work folder
fonts=$repo/crates/pbn-typeset/fonts                # the faces pbn embeds (Liberation Sans)

# ---- which Typst ----
typst_cmd=()
typst_what=""
import_cmd=""
if have typst; then
    typst_what="typst CLI ($(typst --version 2>/dev/null | head -n1))"
    typst_cmd=(typst compile --root "$work" --font-path "$fonts" --input plan=plan --input "n=$n"
        "$work/binder.typ" "$work/typst.pdf")
elif python3 -c 'import typst' 2>/dev/null; then
    ver=$(python3 -c 'import importlib.metadata as m; print(m.version("typst"))' 2>/dev/null || echo "?")
    : >"$work/empty.typ"
    compiler=$(python3 -c 'import sys, typst; print(typst.eval(sys.argv[1] + "/empty.typ", "str(sys.version)", root=sys.argv[1]).strip("\""))' \
        "$work" 2>/dev/null || echo "?")
    typst_what="Typst $compiler through its Python binding (typst $ver on PyPI, $(python3 --version))"
    cat >"$work/typst-compile.py" <<'EOF'
import sys
import typst

work, fonts, n = sys.argv[1:4]
typst.compile(f"{work}/binder.typ", output=f"{work}/typst.pdf", root=work, font_paths=[fonts],
              sys_inputs={"plan": "plan", "n": n})
EOF
    typst_cmd=(python3 "$work/typst-compile.py" "$work" "$fonts" "$n")
    import_cmd="python3 -c 'import typst'"
fi
pbn_cmd=("$pbn" build "$work/plan" --out "$work/pbn-out")
base=${PBN_BASE:-}
if [[ -n "$base" ]]; then
    [[ -x "$base" ]] || { echo "bench-vs-typst: PBN_BASE=$base is not an executable" >&2; exit 2; }
    "$base" build "$work/plan" --out "$work/base-out" >/dev/null 2>&1 ||
        { echo "bench-vs-typst: $base failed to build the plan" >&2; exit 2; }
fi

q() { printf '%q ' "$@"; }   # a command as one shell-quoted string, for hyperfine

# ---- one checked run of each (also the warm-up) ----
"${pbn_cmd[@]}" >/dev/null
if ((${#typst_cmd[@]})); then
    "${typst_cmd[@]}" || { echo "bench-vs-typst: Typst failed on $work/binder.typ" >&2; exit 2; }
fi

# ---- against the previous pbn: alternated runs, wall and CPU time of each ----
if [[ -n "$base" ]]; then
    echo "== timing this pbn against $base ($runs runs each, alternated)" >&2
    python3 - "$runs" "$pbn" "$base" "$work" <<'EOF'
import os, statistics, subprocess, sys, time

runs, new, old, work = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
wall = {new: [], old: []}
cpu = {new: [], old: []}
for _ in range(runs):
    for exe, out in ((old, "base-out"), (new, "pbn-out")):
        t0 = time.perf_counter()
        p = subprocess.Popen([exe, "build", f"{work}/plan", "--out", f"{work}/{out}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall[exe].append(time.perf_counter() - t0)
        cpu[exe].append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            sys.exit(f"bench-vs-typst: {exe} failed")
m = {e: (statistics.median(wall[e]), statistics.median(cpu[e])) for e in (old, new)}
print()
print(f"this pbn against the previous one, median of {runs} alternated runs")
print(f"  {'':24} {'wall':>10}  {'CPU (user+sys)':>15}")
print(f"  {'previous pbn':24} {m[old][0]:9.3f}s  {m[old][1]:14.3f}s   {old}")
print(f"  {'this pbn':24} {m[new][0]:9.3f}s  {m[new][1]:14.3f}s   {new}")
print(f"  ratio this / previous:   {m[new][0] / m[old][0]:9.2f}x  {m[new][1] / m[old][1]:14.2f}x")
EOF
fi

# ---- timings ----
echo "== timing ($runs runs each)" >&2
cmds=("$(q "${pbn_cmd[@]}")")
names=("pbn build")
if ((${#typst_cmd[@]})); then
    cmds+=("$(q "${typst_cmd[@]}")")
    names+=("typst")
    if [[ -n "$import_cmd" ]]; then
        cmds+=("$import_cmd")
        names+=("python3 + import typst")
    fi
fi
medians=()
if have hyperfine; then
    args=(--warmup 1 --runs "$runs" --style basic --export-json "$work/hyperfine.json")
    for i in "${!cmds[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
    hyperfine "${args[@]}" >&2
    mapfile -t medians < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['"'"'median'"'"']:.4f}")' "$work/hyperfine.json")
else
    echo "(hyperfine not found: plain repeated runs; apt-get install hyperfine for better statistics)" >&2
    for c in "${cmds[@]}"; do
        ts=()
        for ((r = 0; r < runs; r++)); do
            t0=$(date +%s%N)
            bash -c "$c" >/dev/null 2>&1
            t1=$(date +%s%N)
            ts+=($(((t1 - t0) / 1000)))
        done
        medians+=("$(printf '%s\n' "${ts[@]}" | python3 -c '
import statistics, sys
print(f"{statistics.median(int(x) for x in sys.stdin) / 1e6:.4f}")')")
    done
fi

# ---- peak memory (GNU time, max resident set size in KiB) ----
peak() {
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f %M -o "$work/time.out" "$@" >/dev/null 2>&1 && awk '{printf "%.1f MiB", $1 / 1024}' "$work/time.out"
    else
        echo "n/a (no GNU time: apt-get install time)"
    fi
}
pbn_mem=$(peak "${pbn_cmd[@]}")
typst_mem=""
((${#typst_cmd[@]})) && typst_mem=$(peak "${typst_cmd[@]}")

# ---- page counts ----
pages() {
    if have pdfinfo; then
        pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'
    else
        echo "?"
    fi
}
plan_pages=$(pages "$work/pbn-out/plan.pdf")
cards_pages=$(pages "$work/pbn-out/cards.pdf")

# ---- report ----
echo
echo "pbn against Typst, synthetic plan N=$n ($n reflex sheets, $((n / 2)) procedures, $((5 * n)) contacts;" \
    "$(du -sh "$work/plan" | cut -f1) of YAML), median of $runs runs, $(nproc) cores"
printf '  %-24s %10s  %12s  %s\n' "" "median" "peak memory" "pages"
printf '  %-24s %9.3fs  %12s  %s\n' "pbn build (4 outputs)" "${medians[0]}" "$pbn_mem" \
    "plan.pdf $plan_pages + cards.pdf $cards_pages (+ plan.html, manifest.json)"
if ((${#typst_cmd[@]} == 0)); then
    echo
    echo "Typst is not installed: no comparison. Install one of:"
    echo "  pip install typst                       # the Python binding (used through python3)"
    echo "  cargo install --locked typst-cli        # the typst command"
    echo "then run this script again."
    exit 3
fi
typst_pages=$(pages "$work/typst.pdf")
printf '  %-24s %9.3fs  %12s  %s\n' "typst (1 PDF)" "${medians[1]}" "$typst_mem" "$typst_pages"
if [[ -n "$import_cmd" ]]; then
    printf '  %-24s %9.3fs\n' "python3 + import typst" "${medians[2]}"
fi
python3 - "${medians[@]}" <<'EOF'
import sys
m = [float(x) for x in sys.argv[1:]]
print(f"  ratio Typst / pbn: {m[1] / m[0]:.1f}x", end="")
if len(m) > 2:
    print(f" (without the Python start-up and import: {(m[1] - m[2]) / m[0]:.1f}x)")
else:
    print()
EOF
echo "  Typst: $typst_what"
echo "  pbn:   $("$pbn" --version | head -n1), release build"
[[ -n "${KEEP:-}" ]] && echo "  files kept in $work"
exit 0
