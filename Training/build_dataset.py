#!/usr/bin/env python3
"""Builds the training set, the evaluation primers and the demo primer (see Training/README.md).

    build_dataset.py --out DIR [--minutes 135] [--limit N] [--collections a,b] [--workers K]
    build_dataset.py --eval-out DIR [--out DIR] [--eval-source heldout|unseen|both]
    build_dataset.py --demo-primer FILE

The three can be combined; the training set is built (or resumed) first. Needs music21, numpy, the `fluidsynth`
command and /usr/share/sounds/sf2/FluidR3_GM.sf2 (Debian packages fluidsynth and fluid-soundfont-gm).
"""
import argparse
import json
import os
import sys
import time

from jukebox_train.data import build, heldout
from jukebox_train.data.collections import LicenceError


def parse_args(argv):
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="training set folder: audio/, manifest.json, labels/")
    parser.add_argument("--minutes", type=float, default=build.DEFAULT_MINUTES, help="about this much audio")
    parser.add_argument("--limit", type=int, help="at most this many pieces (for tests)")
    parser.add_argument("--collections", help="comma-separated corpus collections (default: all training ones)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="render processes")
    parser.add_argument("--eval-out", help="folder for NAME_primer.wav / NAME_real.wav pairs and heldout.json")
    parser.add_argument("--eval-source", choices=("heldout", "unseen", "both"),
                        help="held-out split of --out, never-used collections, or both (default: both with --out, "
                             "else unseen)")
    parser.add_argument("--demo-primer", help="write the demo folk primer (16-bit mono WAV) here")
    args = parser.parse_args(argv)
    if not (args.out or args.eval_out or args.demo_primer):
        parser.error("nothing to do: give --out, --eval-out or --demo-primer")
    return args


def main(argv=None):
    """Runs what the command line asks for; returns the exit status."""
    args = parse_args(argv)
    started = time.time()
    try:
        if args.out:
            options = build.Options(out=args.out, minutes=args.minutes, limit=args.limit, workers=args.workers)
            if args.collections:
                options.collections = tuple(name.strip() for name in args.collections.split(",") if name.strip())
            totals = build.build(options)["totals"]
            print(json.dumps({"training_set": args.out, "seconds": round(time.time() - started), **totals}))
        if args.eval_out:
            source = args.eval_source or ("both" if args.out else "unseen")
            pairs = heldout.build_eval_set(args.eval_out, data_dir=args.out, source=source)["pairs"]
            print(json.dumps({"eval_set": args.eval_out, "pairs": [pair["name"] for pair in pairs]}))
        if args.demo_primer:
            print(json.dumps({"demo_primer": heldout.write_demo_primer(args.demo_primer)}))
    except (LicenceError, ValueError) as error:
        print(f"build_dataset.py: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
