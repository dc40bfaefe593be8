#!/usr/bin/env bash
# Benchmark of `jukeboxd convert` on large legacy checkpoints (release build).
# Makes synthetic top priors of growing size (make-synthetic-checkpoint.py), converts each
# with the small golden VQ-VAE and upsamplers, and prints the throughput and the peak
# resident memory, to show memory stays bounded while the file grows.
# Usage: Tests/bench/convert-bench.sh [DEPTH...]   (default: 24 72, 0.73 and 1.94 GB)
set -euo pipefail
cd "$(dirname "$0")/../.."
golden=$(cd ../shared/golden && pwd)
depths=("${@:-24 72}")
work=$(mktemp -d "${TMPDIR:-/tmp}/jukebox-convert-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
pip show numpy >/dev/null 2>&1 || pip install -q numpy
swift build -c release --product jukeboxd >/dev/null
bin=$(swift build -c release --show-bin-path)/jukeboxd

for depth in ${depths[*]}; do
    python3 Tests/bench/make-synthetic-checkpoint.py "$work/prior_level_2.pth.tar" \
        --depth "$depth" --l-bins 64 --hparams-out "$work/top.json" >&2
    python3 - "$golden/pipeline_models/models.json" "$work/top.json" "$work/hparams.json" <<'PY'
import json, sys
models = json.load(open(sys.argv[1]))["models"]
json.dump({"vqvae": models["vqvae"]["preset"], "prior_level_0": models["upsampler_level_0"]["preset"],
           "prior_level_1": models["upsampler_level_1"]["preset"], "prior_level_2": json.load(open(sys.argv[2]))},
          open(sys.argv[3], "w"))
PY
    bytes=$(stat -c %s "$work/prior_level_2.pth.tar")
    sync
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" convert --out "$work/bundle" --hparams "$work/hparams.json" \
        --labels "$golden/pipeline_models/ids" --untrained \
        "$golden/pipeline_models/5b/vqvae.pth.tar" "$golden/pipeline_models/5b/prior_level_0.pth.tar" \
        "$golden/pipeline_models/5b/prior_level_1.pth.tar" "$work/prior_level_2.pth.tar" 2>/dev/null >/dev/null
    read -r seconds kilobytes < "$work/time"
    awk -v b="$bytes" -v s="$seconds" -v k="$kilobytes" -v d="$depth" 'BEGIN {
        printf "convert depth %d: input %.2f GB, %.1f s, %.0f MB/s, peak RSS %.0f MiB\n", d, b / 1e9, s, b / 1e6 / s, k / 1024 }'
    rm -rf "$work/bundle" "$work/prior_level_2.pth.tar"
done
