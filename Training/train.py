#!/usr/bin/env python3
"""Train a whole jukeboxd model (VQ-VAE + three priors) end to end, resumably; see README.md."""
import argparse
import sys

from jukebox_train.pipeline import run_training


def parse_args(argv):
    """The command line."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", required=True, help="data folder written by build_dataset.py")
    p.add_argument("--out", required=True, help="run folder (created; rerun with the same folder to resume)")
    p.add_argument("--preset", default="classical", choices=["classical", "tiny"])
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--name", help="bundle name (default: the preset's)")
    p.add_argument("--jukeboxd", help="jukeboxd binary: convert the export into OUT/bundle")
    p.add_argument("--heldout", help="JSON list for `jukeboxd evaluate` ({real, artist, genre, name}), "
                                     "or `auto` for 3 held-out pieces of the data; needs --jukeboxd")
    p.add_argument("--seed", type=int)
    p.add_argument("--vq-steps", type=int)
    p.add_argument("--vq-batch", type=int, help="VQ-VAE segments per batch")
    p.add_argument("--prior-steps", type=int, help="most steps per prior")
    p.add_argument("--prior-batch", type=int, help="windows per batch, every prior")
    p.add_argument("--eval-every", type=int, help="held-out bits every N interleaved steps")
    p.add_argument("--eval-seconds", type=float, help="... or every S seconds, whichever comes first")
    p.add_argument("--patience", type=int, help="evaluations without improvement before a prior stops")
    p.add_argument("--time-budget", type=float, help="training seconds for VQ-VAE and priors together (all runs)")
    return p.parse_args(argv)


def main(argv=None):
    """Entry point."""
    args = parse_args(argv)
    overrides = {"seed": args.seed, "vq_steps": args.vq_steps, "vq_batch": args.vq_batch,
                 "prior_steps": args.prior_steps, "eval_every_steps": args.eval_every,
                 "eval_every_seconds": args.eval_seconds, "patience": args.patience,
                 "time_budget_s": args.time_budget,
                 "prior_batch": [args.prior_batch] * 3 if args.prior_batch else None}
    run_training(args.data, args.out, args.preset, args.device, args.name, args.jukeboxd, args.heldout, overrides)
    return 0


if __name__ == "__main__":
    sys.exit(main())
