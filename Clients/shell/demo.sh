#!/usr/bin/env bash
# The main job (README, "Run it"): build jukeboxd and jukebox, make the bundled primer and
# the bundled default model, start the daemon on a private socket, continue the primer
# through `jukebox continue` and write the result. Results go to ./jukebox-out/.
#
# The default model is a tiny bundle of random weights made here: untrained, so its audio
# is noise. The daemon runs unprivileged as the calling user, with its socket, models and
# job state under jukebox-out/, and is stopped with SIGTERM at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/install-deps

echo "==> building (release)" >&2
swift build -c release --product jukeboxd
swift build -c release --product jukebox
bin=$(swift build -c release --show-bin-path)

out=jukebox-out
mkdir -p "$out"
echo "==> making the bundled primer: $out/primer.wav" >&2
bash Clients/shell/make-primer.sh "$out/primer.wav"
"$bin/jukeboxd" audio-info "$out/primer.wav"

model="$out/models/tiny"
if [ ! -d "$model" ]; then
    echo "==> making the bundled default model (untrained, random weights): $model" >&2
    "$bin/jukeboxd" init-bundle --preset tiny --seed 0 --out "$model"
fi

socket="$PWD/$out/jukeboxd.sock"
export JUKEBOX_SOCKET="$socket"  # where jukebox finds the daemon
echo "==> starting the daemon on $socket (log: $out/jukeboxd.log)" >&2
"$bin/jukeboxd" serve --no-config --socket "$socket" --models "$PWD/$out/models" --state "$PWD/$out/state" \
    2>"$out/jukeboxd.log" &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    [ -S "$socket" ] && "$bin/jukebox" status >/dev/null 2>&1 && break
    kill -0 "$daemon" 2>/dev/null || { cat "$out/jukeboxd.log" >&2; exit 1; }
    sleep 0.1
done
"$bin/jukebox" status

echo "==> continuing the primer by 4 seconds with the default model: $out/continuation.wav" >&2
"$bin/jukebox" continue "$out/primer.wav" --model tiny --artist demo_band --genre pop \
    --lyrics Clients/shell/demo-lyrics.txt --seconds 4 --takes 1 --seed 0 -o "$out/continuation.wav"
"$bin/jukeboxd" audio-info "$out/continuation.wav"
echo "==> done: results in $out/ (the daemon is stopped now)" >&2
