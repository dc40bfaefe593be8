#!/usr/bin/env bash
# The main job (README, "Run it"): build jukeboxd, make the bundled primer and prepare it
# the way a job does. Results go to ./jukebox-out/.
#
# Today this runs the generation pipeline in one process with the bundled default model (a
# tiny bundle of random weights made here, untrained: its audio is noise): prepare the
# primer, encode it to VQ-VAE codes, preview the top level, and continue it by four seconds
# through all three levels (`jukeboxd continue`). When the daemon lands, this same command
# starts it and continues the primer through `jukebox continue` instead.
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

echo "==> preparing the primer as a job does: $out/primer-prepared.wav" >&2
"$bin/jukeboxd" prepare-primer "$out/primer.wav" -o "$out/primer-prepared.wav"

model="$out/models/tiny"
if [ ! -d "$model" ]; then
    echo "==> making the bundled default model (untrained, random weights): $model" >&2
    "$bin/jukeboxd" init-bundle --preset tiny --seed 0 --out "$model"
fi
echo "==> encoding the primer to codes and decoding the top level: $out/primer-level2.wav" >&2
"$bin/jukeboxd" codec --bundle "$model" --level 2 "$out/primer.wav" -o "$out/primer-level2.wav"
echo "==> continuing the primer by 4 seconds with the default model: $out/continuation.wav" >&2
"$bin/jukeboxd" continue "$out/primer.wav" --bundle "$model" --artist demo_band --genre pop \
    --lyrics Clients/shell/demo-lyrics.txt --seconds 4 --seed 0 -o "$out/continuation.wav"
echo "==> done: results in $out/" >&2
