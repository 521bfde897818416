#!/usr/bin/env bash
# Do two pbn binaries write the same bytes? Builds the bundled examples with each and compares every output.
#
#   scripts/same-outputs.sh OLD_BIN NEW_BIN      # e.g. a release of the previous commit and target/debug/pbn
#
# A refactoring must leave the outputs byte-identical (output is deterministic: same sources, same bytes); a
# change that alters them on purpose shows here which file differs. Exit 0 when all are identical, 1 otherwise.
set -euo pipefail
if [[ $# -ne 2 ]]; then
    echo "usage: $0 OLD_BIN NEW_BIN" >&2
    exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for example in ch-val-exemple en-sample; do
    for side in old new; do
        bin=$old
        [[ $side == new ]] && bin=$new
        "$bin" build "$root/examples/$example" --out "$tmp/$side/$example" >/dev/null 2>"$tmp/$side-$example.err" || {
            echo "$side binary failed on $example:" >&2
            cat "$tmp/$side-$example.err" >&2
            exit 2
        }
    done
    for f in $(cd "$tmp/old/$example" && ls); do
        a=$(sha256sum <"$tmp/old/$example/$f" | cut -d' ' -f1)
        b=$(sha256sum <"$tmp/new/$example/$f" 2>/dev/null | cut -d' ' -f1 || true)
        if [[ "$a" == "$b" ]]; then
            echo "same      $example/$f  $a"
        else
            echo "DIFFERENT $example/$f  $a → ${b:-missing}"
            status=1
        fi
    done
    extra=$(comm -13 <(cd "$tmp/old/$example" && ls) <(cd "$tmp/new/$example" && ls))
    for f in $extra; do
        echo "DIFFERENT $example/$f  only written by the new binary"
        status=1
    done
done
exit $status
