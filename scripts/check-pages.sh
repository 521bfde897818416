#!/bin/sh
# Every glyph of plan.pdf and cards.pdf on its page, clear of the running header's and footer's bands, for a
# synthetic plan of N reflexes (the same check as tests/cli/pages.rs, which runs N=1000 only with --ignored).
#   scripts/check-pages.sh [N] [PBN]     N defaults to 1000, PBN to target/release/pbn (built when missing)
set -eu
n=${1:-1000}
pbn=${2:-target/release/pbn}
cd "$(dirname "$0")/.."
[ -x "$pbn" ] || cargo build --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet --release --example gen-plan -- "$n" "$tmp/plan"
"$pbn" build "$tmp/plan" --out "$tmp/out" >/dev/null
for pdf in "$tmp/out/plan.pdf" "$tmp/out/cards.pdf"; do
  pdftotext -bbox "$pdf" - | python3 -c '
import re, sys
name, bad, page, size = sys.argv[1], 0, 0, (0.0, 0.0)
for line in sys.stdin:
    if "<page " in line:
        page += 1
        size = tuple(float(v) for v in re.findall(r"(?:width|height)=\"([0-9.]+)\"", line))
    m = re.search(r"xMin=\"([-0-9.]+)\" yMin=\"([-0-9.]+)\" xMax=\"([-0-9.]+)\" yMax=\"([-0-9.]+)\">(.*)</word>", line)
    if not m:
        continue
    x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
    pw, ph = size
    outside = x0 < -0.5 or y0 < -0.5 or x1 > pw + 0.5 or y1 > ph + 0.5
    if outside or (y1 > 47 and y0 < 66) or (y1 > ph - 60 and y0 < ph - 46):
        bad += 1
        if bad <= 20:
            print(f"{name}: page {page} word {m.group(5)!r} at x {x0:.0}-{x1:.0}, y {y0:.0}-{y1:.0}")
print(f"{name}: {page} pages, {bad} misplaced words")
sys.exit(1 if bad else 0)
' "$(basename "$pdf")"
done
