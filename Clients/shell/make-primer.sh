#!/usr/bin/env bash
# Synthesises the bundled primer: eight seconds of a plucked I-V-vi-IV progression in
# C major at 96 bpm, stereo, 48 kHz, made by sox from nothing (no third-party recording).
# Usage: make-primer.sh OUT.wav
set -euo pipefail
out=${1:?usage: make-primer.sh OUT.wav}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

chord() {  # chord NAME NOTE... : two seconds of plucked notes, strummed 30 ms apart
    local name=$1; shift
    local parts=() delay=0
    for note in "$@"; do
        sox -n -r 48000 -c 1 "$tmp/$name-$note.wav" synth 2 pluck "$note" fade 0 2 0.3 delay "$delay" trim 0 2
        parts+=("$tmp/$name-$note.wav")
        delay=$(awk -v d="$delay" 'BEGIN { print d + 0.03 }')
    done
    sox -m "${parts[@]}" "$tmp/$name.wav" gain -n -3
}
chord c C3 E3 G3 C4
chord g G2 D3 G3 B3
chord am A2 E3 A3 C4
chord f F2 C3 F3 A3
sox "$tmp/c.wav" "$tmp/g.wav" "$tmp/am.wav" "$tmp/f.wav" "$tmp/mono.wav"
# A little width: the right channel is delayed by 12 ms.
sox "$tmp/mono.wav" "$tmp/right.wav" delay 0.012 trim 0 8
sox -M "$tmp/mono.wav" "$tmp/right.wav" -b 16 "$out" gain -n -1
