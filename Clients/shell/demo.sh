#!/usr/bin/env bash
# The main job (README, "Run it"): build jukeboxd, make the bundled primer and prepare it
# the way a job does. Results go to ./jukebox-out/.
#
# Today this runs the first steps of the generation pipeline with the bundled default model
# (a tiny bundle of random weights made here, untrained: its audio is noise): decode the
# primer, mix it to mono, resample to 44.1 kHz, cut it to whole top-level tokens, encode it
# to VQ-VAE codes and decode the top level's codes back (the rough preview a job gives).
# As the priors, the engine and the daemon land, this same command grows into: start the
# daemon, continue the primer with the bundled default model through `jukebox continue`,
# and write the takes.
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
echo "==> done: results in $out/" >&2
