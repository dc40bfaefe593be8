#!/usr/bin/env bash
# CPU smoke test of the trainer: tiny data set, tiny model, every stage, a bundle that jukeboxd continues a
# primer with, and a kill + rerun that resumes. Usage: bash Training/smoke-test.sh JUKEBOXD_BIN
set -euo pipefail

jukeboxd="$(realpath "${1:?usage: smoke-test.sh JUKEBOXD_BIN}")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup-env.sh"
python="$here/.venv/bin/python"
work="$(mktemp -d)"
trainer=""
cleanup() {
    [ -n "$trainer" ] && kill "$trainer" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "training smoke test: FAILED: $*" >&2; exit 1; }
started=$SECONDS

cd "$here"
"$python" build_dataset.py --out "$work/data" --collections oneills1850 --limit 2 >"$work/data.log" 2>&1 \
    || { cat "$work/data.log" >&2; fail "build_dataset.py"; }
echo "smoke: data set built in $((SECONDS - started)) s"

train=("$python" train.py --data "$work/data" --out "$work/run" --preset tiny --device cpu --prior-steps 24
       --jukeboxd "$jukeboxd" --name smoke)

# First run: killed once the priors have saved a checkpoint (logged after each evaluation from step 3 on).
"${train[@]}" >"$work/run1.log" 2>&1 &
trainer=$!
until grep -q "priors L2 step" "$work/run/train.log" 2>/dev/null; do
    kill -0 "$trainer" 2>/dev/null || { cat "$work/run1.log" >&2; fail "training ended before it was killed"; }
    sleep 0.2
done
kill "$trainer"
wait "$trainer" 2>/dev/null || true
trainer=""
echo "smoke: first run killed during the prior stage after $((SECONDS - started)) s"

# Second run: resumes.
"${train[@]}" >"$work/run2.log" 2>&1 || { cat "$work/run2.log" >&2; fail "resumed training"; }
grep -q "vqvae: done in an earlier run, skipped" "$work/run2.log" || fail "the VQ-VAE was not skipped on resume"
resumed=$(sed -n 's/.*prior level 2: .*start step \([0-9]*\)$/\1/p' "$work/run2.log")
[ "${resumed:-0}" -ge 3 ] || fail "priors restarted (start step ${resumed:-none}) instead of resuming"
"$python" - "$work/run/state.json" <<'PY' || fail "prior steps after the resume"
import json, sys
levels = json.load(open(sys.argv[1]))["stages"]["priors"]["levels"]
steps = {k: v["step"] for k, v in levels.items()}
assert all(s == 24 for s in steps.values()), steps
assert all(sum(h["step"] == 0 for h in v["history"]) == 1 for v in levels.values()), "init evaluated twice"
PY
echo "smoke: rerun resumed the priors at step $resumed and finished at step 24 ($((SECONDS - started)) s)"

bundle="$work/run/bundle"
for f in MODEL_CARD.md metrics.json export/vqvae.pth.tar export/prior_level_{0,1,2}.pth.tar \
         export/labels/v2_artist_ids.txt; do
    [ -s "$work/run/$f" ] || fail "missing $f"
done
"$python" - "$bundle/config.json" <<'PY' || fail "bundle config.json"
import json, sys
config = json.load(open(sys.argv[1]))
assert config["trained"] is True, config["trained"]
assert config["summary"].startswith("jukeboxd-trained smoke: "), config["summary"]
print("smoke: bundle summary:", config["summary"])
import os
import torch
from jukebox_train import safetensors_io
def dtypes(name):
    return {t.dtype for t in safetensors_io.load(os.path.join(os.path.dirname(sys.argv[1]), name)).values()}
assert dtypes("vqvae.safetensors") == {torch.float32}, dtypes("vqvae.safetensors")
assert all(dtypes(f"prior_level_{level}.safetensors") == {torch.float16} for level in range(3))
PY

# A primer from the data set: 1 s prompt, 0.5 s new music.
primer=$(ls "$work/data/audio/"*.wav | head -1)
read -r artist genre < <("$python" - "$work/data/manifest.json" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
rows = manifest["pieces"]
print(rows[0]["artist"], rows[0]["genre"])
PY
)
"$jukeboxd" continue "$primer" --bundle "$bundle" --artist "$artist" --genre "$genre" --prompt-seconds 1 \
    --seconds 0.5 --threads 2 -o "$work/continued.wav" >"$work/continue.log" 2>&1 \
    || { cat "$work/continue.log" >&2; fail "jukeboxd continue"; }
info=$("$jukeboxd" audio-info "$work/continued.wav")
rate=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['vqvae']['sr'])" "$bundle/config.json")
frames=$(sed -n 's/.* \([0-9]*\) Hz, \([0-9]*\) frames.*/\1 \2/p' <<<"$info")
read -r got_rate got_frames <<<"$frames"
[ "$got_rate" = "$rate" ] || fail "continuation at ${got_rate:-?} Hz, bundle at $rate Hz ($info)"
expected=$((rate * 3 / 2))
[ $((got_frames - expected)) -ge -128 ] && [ $((got_frames - expected)) -le 128 ] \
    || fail "continuation has $got_frames frames, expected $expected +- 128"
echo "smoke: continuation $got_frames frames at $got_rate Hz"

echo "training smoke test: passed ($((SECONDS - started)) s)"
