#!/usr/bin/env bash
# The main job (README, "Run it"): build jukeboxd and jukebox, start the daemon on a private
# socket with the bundled default model, continue the bundled primer through
# `jukebox continue` and write the result. Results go to ./jukebox-out/.
#
# The default model is Training/models/classical (trained; see its MODEL_CARD.md) and the
# primer Clients/shell/demo-primer.wav, a folk air in the model's domain (4 s). The daemon
# runs unprivileged as the calling user, with its socket and job state under jukebox-out/,
# and is stopped with SIGTERM at the end. DEMO_LEVELS=2,1 stops at level 1 (faster, muffled).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/install-deps

echo "==> building (release)" >&2
swift build -c release --product jukeboxd
swift build -c release --product jukebox
bin=$(swift build -c release --show-bin-path)

out=jukebox-out
mkdir -p "$out"
primer=Clients/shell/demo-primer.wav
"$bin/jukeboxd" audio-info "$primer"

socket="$PWD/$out/jukeboxd.sock"
export JUKEBOX_SOCKET="$socket"  # where jukebox finds the daemon
echo "==> starting the daemon on $socket with the models in Training/models (log: $out/jukeboxd.log)" >&2
"$bin/jukeboxd" serve --no-config --socket "$socket" --models "$PWD/Training/models" --state "$PWD/$out/state" \
    2>"$out/jukeboxd.log" &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    [ -S "$socket" ] && "$bin/jukebox" status >/dev/null 2>&1 && break
    kill -0 "$daemon" 2>/dev/null || { cat "$out/jukeboxd.log" >&2; exit 1; }
    sleep 0.1
done
"$bin/jukebox" status
"$bin/jukebox" models

levels=${DEMO_LEVELS:-2,1,0}
echo "==> continuing the primer by 6 seconds with the default model (levels $levels): $out/continuation.wav" >&2
"$bin/jukebox" continue "$primer" --model classical --artist airds --genre folk --seconds 6 --takes 1 --seed 0 \
    --levels "$levels" -o "$out/continuation.wav"
"$bin/jukeboxd" audio-info "$out/continuation.wav"
echo "==> done: results in $out/ (the daemon is stopped now)" >&2
