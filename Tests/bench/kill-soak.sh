#!/usr/bin/env bash
# Kill soak: one job on the tiny model is killed with SIGKILL and restarted CYCLES times, about
# once a window, and its tokens must equal those of the same job run without interruption.
# Runs the kill-soak group of Tests/e2e-python/hostile_suite.py with more cycles than the test
# suite's 20 and prints the figures: cycles, tokens compared and time.
# Usage: Tests/bench/kill-soak.sh [CYCLES]   (default 100; JUKEBOXD=path picks the daemon binary,
# default .build/debug/jukeboxd, which must already be built)
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles="${1:-100}"
jukeboxd="${JUKEBOXD:-.build/debug/jukeboxd}"
[ -x "$jukeboxd" ] || { echo "no daemon binary at $jukeboxd (build it first)" >&2; exit 2; }
output=$(mktemp "${TMPDIR:-/tmp}/jukebox-kill-soak.XXXXXX")
trap 'rm -f "$output"' EXIT

status=0
HOSTILE_SOAK_CYCLES="$cycles" /usr/bin/python3 Tests/e2e-python/hostile_suite.py "$jukeboxd" kill-soak \
    | tee "$output" || status=$?
# The suite prints "info [kill-soak] kill-soak figures: cycles=N windows=N tokens=N elapsed_s=S".
figures=$(grep -o 'cycles=.*' "$output" || true)
if [ -n "$figures" ]; then
    figure() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$figures"; }
    echo "kill soak: $(figure cycles) of $cycles cycles done, $(figure tokens) tokens compared," \
        "$(figure windows) windows, $(figure elapsed_s) s"
fi
exit "$status"
