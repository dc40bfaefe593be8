"""MODEL_CARD.md of a run: recipe (every setting), data with licences, measured figures, machine and wall time."""
import json
import platform
import sys

import torch


def _table(header, rows):
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _fmt(value):
    """Compact text of a setting."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in value.items())
    return "—" if value is None else str(value)


def _recipe(cfg, vq_hps, priors_hps, metrics):
    """The recipe section: training settings, VQ-VAE and prior hyper-parameters."""
    vq = dict(vq_hps.to_dict(), bandwidth=metrics.get("vqvae", {}).get("bandwidth"))
    priors = [hp.to_dict() for hp in reversed(priors_hps)]
    keys = sorted({k for p in priors for k in p})
    return "\n\n".join([
        "## Recipe",
        "Training settings (`train.py`; batches in windows, lr of Adam):",
        _table(["setting", "value"], [(k, _fmt(v)) for k, v in cfg.to_dict().items()]),
        "VQ-VAE hyper-parameters (reference names; `bandwidth` measured on the training audio):",
        _table(["hps", "value"], [(k, _fmt(v)) for k, v in vq.items()]),
        "Prior hyper-parameters (reference names), top prior first:",
        _table(["hps", "level 2", "level 1", "level 0"], [[k] + [_fmt(p.get(k)) for p in priors] for k in keys]),
    ])


def _data(data):
    """The data section: pieces, minutes, collections with licences, labels."""
    summary = data.summary()
    rows = [(name, c["pieces"], f"{c['minutes']:.1f}", c["licence"])
            for name, c in sorted(summary["collections"].items())]
    extra = {k: v for k, v in data.manifest.items() if k != "pieces"}
    parts = ["## Data",
             f"{summary['pieces']} pieces from `{summary['folder']}`; minutes per split: {_fmt(summary['minutes'])}.",
             _table(["collection", "pieces", "minutes", "licence"], rows),
             f"Artists ({len(summary['artists'])}): {', '.join(summary['artists'])}. "
             f"Genres ({len(summary['genres'])}): {', '.join(summary['genres'])}."]
    if extra:
        parts.append("Manifest facts: " + "; ".join(f"{k}: {_fmt(v)}" for k, v in extra.items()))
    return "\n\n".join(parts)


def _measured(metrics):
    """The measured section: VQ-VAE held-out figures, prior bits, and `jukeboxd evaluate`'s report."""
    parts = ["## Measured"]
    recon = metrics.get("vqvae", {}).get("heldout_recon")
    if recon:
        rows = [(level, v["snr_db"], v["mr_sc"], v["codes_used"]) for level, v in sorted(recon.items())]
        parts += ["VQ-VAE on held-out audio (`evaluate_vqvae`):",
                  _table(["level", "SNR dB", "spectral convergence", "codes used"], rows)]
    priors = metrics.get("priors")
    if priors:
        rows = [(f"level {level}", p["step"], p["best_bits"], p["best_step"], p["unigram_bits"], p["params_m"])
                for level, p in sorted(priors.items(), reverse=True)]
        parts += ["Priors: held-out bits per token (best weights, exported) and the held-out codes' unigram entropy:",
                  _table(["prior", "steps", "best bits/token", "at step", "unigram bits", "M params"], rows)]
    if "evaluate" in metrics:
        parts += ["`jukeboxd evaluate` on the bundle (its JSON report):",
                  "```json\n" + json.dumps(metrics["evaluate"], indent=1)[:20000] + "\n```"]
    return "\n\n".join(parts)


def _machine(run):
    """The machine section: devices, versions and wall time of every run."""
    rows = [(r["started"], r["host"], r["device"], r["torch"], f"{r['seconds']:.0f}") for r in run.state["runs"]]
    stages = {s: v.get("seconds") for s, v in run.state["stages"].items() if v.get("seconds") is not None}
    return "\n\n".join(["## Machine and time",
                        f"Python {sys.version.split()[0]} on {platform.platform()}; torch {torch.__version__}.",
                        _table(["run started", "host", "device", "torch", "wall s"], rows),
                        f"Training seconds per stage: {_fmt(stages)}; wall time of all runs: "
                        f"{sum(r['seconds'] for r in run.state['runs']):.0f} s."])


def write_model_card(run, data, cfg, vq_hps, priors_hps, name):
    """Write OUTDIR/MODEL_CARD.md from state.json, metrics.json and the data's manifest."""
    summary = run.state["stages"].get("convert", {}).get("summary") or f"jukeboxd-trained {name}"
    files = ("`export/` holds the official-format checkpoints (best prior weights) and `labels/`"
             + ("; `bundle/` the jukeboxd bundle (`--dtype keep`, float32)" if run.done("convert") else "")
             + "; `metrics.json` every figure; `train.log` the log; `state.json` the run's progress.")
    text = "\n\n".join([f"# Model `{name}` (preset `{cfg.preset}`, {vq_hps.sr:,} Hz)", summary, files,
                        _recipe(cfg, vq_hps, priors_hps, run.metrics), _data(data), _measured(run.metrics),
                        _machine(run)])
    (run.out / "MODEL_CARD.md").write_text(text + "\n")
