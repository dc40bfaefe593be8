#!/usr/bin/env bash
# A real job at the official shapes through the daemon, measured: peak resident memory against
# the job's memory plan, the time of each phase, and the time after the last token.
#
#   bash Tests/bench/fullsize-job.sh MODELS_DIR MODEL [PRIMER_S NEW_S TAKES LEVELS]
#
# MODELS_DIR/MODEL is a bundle, e.g. one made by
#   jukeboxd init-bundle --preset 5b_lyrics --half bf16 --out MODELS_DIR/5b_lyrics   (about 15 GB)
# The primer is PRIMER_S seconds of plucked strings made with sox; the job continues it by NEW_S
# seconds, TAKES takes at LEVELS (default 1 s, 1 s, 3 takes, 2,1,0). The daemon runs alone with a
# fresh state folder; its resident memory (VmRSS) and peak (VmHWM) are sampled every 0.2 s, and the
# client's progress lines are timestamped. Prints a summary; everything stays in the work folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
models=$(realpath "$1")
model=$2
primer_s=${3:-1}
new_s=${4:-1}
takes=${5:-3}
levels=${6:-2,1,0}
bin=${BIN:-$(swift build -c release --show-bin-path)}
work=$(mktemp -d /tmp/fullsize-job.XXXXXX)
socket="$work/jukeboxd.sock"
export JUKEBOX_SOCKET="$socket"
sox -n -r 44100 -c 1 -b 16 "$work/primer.wav" synth "$primer_s" pluck 220 pluck 330 remix - gain -6

"$bin/jukeboxd" serve --no-config --socket "$socket" --models "$models" --state "$work/state" \
    2>"$work/jukeboxd.log" &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null || true' EXIT
for _ in $(seq 300); do
    [ -S "$socket" ] && "$bin/jukebox" status >/dev/null 2>&1 && break
    sleep 0.1
done
(
    while kill -0 "$daemon" 2>/dev/null; do
        awk -v t="$(date +%s.%N)" '/^VmRSS|^VmHWM/ { printf "%s %s %s\n", t, $1, $2 }' "/proc/$daemon/status" \
            2>/dev/null || true
        sleep 0.2
    done
) >"$work/memory.log" &
sampler=$!

started=$(date +%s.%N)
"$bin/jukebox" continue "$work/primer.wav" --model "$model" --seconds "$new_s" --takes "$takes" --seed 1 \
    --levels "$levels" -o "$work/take.wav" 2>&1 |
    while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$work/client.log"
finished=$(date +%s.%N)
peak_kb=$(awk '$2 == "VmHWM:" { if ($3 > m) m = $3 } END { print m + 0 }' "$work/memory.log")
kill "$sampler" 2>/dev/null || true

echo "work folder: $work"
uptime
grep -o 'memory plan .*' "$work/jukeboxd.log" | head -1
plan_mib=$(grep -o 'memory plan [0-9]*' "$work/jukeboxd.log" | head -1 | awk '{ print $3 }')
awk -v peak="$peak_kb" -v plan="$plan_mib" 'BEGIN {
    printf "peak resident: %.0f MiB (%.2f GiB); plan %d MiB; peak / plan = %.2f\n",
        peak / 1024, peak / 1048576, plan, (peak / 1024) / plan }'
awk -v s="$started" -v e="$finished" 'BEGIN { printf "job time (submit to written): %.1f s\n", e - s }'
# The client's progress lines with seconds since submit.
awk -v s="$started" '{ t = $1; $1 = ""; printf "%8.1f s %s\n", t - s, $0 }' "$work/client.log" | tail -40
