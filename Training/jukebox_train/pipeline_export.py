"""Stages e-f of a run: official-format checkpoints, the jukeboxd bundle, and `jukeboxd evaluate` on it."""
import json
import shutil
import subprocess

from .prior_checkpoint import load_prior, save_checkpoint
from .vqvae_train import export_inference_checkpoint, load_vqvae_checkpoint

PRIOR_FILES = [f"prior_level_{level}.pth.tar" for level in range(3)]


def export_stage(run, data, log):
    """export/: vqvae.pth.tar, prior_level_{0,1,2}.pth.tar (best weights, no optimizer) and labels/."""
    folder = run.out / "export"
    folder.mkdir(exist_ok=True)
    checkpoints = run.out / "checkpoints"
    vqvae = load_vqvae_checkpoint(checkpoints / "vqvae.pth.tar")
    export_inference_checkpoint(vqvae, vqvae.hps, folder / "vqvae.pth.tar", run.state["stages"]["vqvae"]["step"])
    for level, name in enumerate(PRIOR_FILES):
        best = run.state["stages"]["priors"]["levels"][str(level)]["best_step"]
        save_checkpoint(folder / name, load_prior(checkpoints / f"prior_level_{level}.best.pth.tar"), None, best)
    shutil.rmtree(folder / "labels", ignore_errors=True)
    shutil.copytree(data.labels_dir, folder / "labels")
    log(f"exported official-format checkpoints to {folder}")
    run.finish("export")


def _help_text(jukeboxd, *command):
    """The --help text of a jukeboxd subcommand ('' when it does not exist)."""
    done = subprocess.run([jukeboxd, *command, "--help"], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""


def summary_line(name, data, run):
    """The bundle's one-line summary."""
    minutes = sum(p.seconds for p in data.pieces) / 60
    collections = ", ".join(sorted({p.collection for p in data.pieces}))
    steps = run.state["stages"]["priors"]["levels"]
    prior_steps = "/".join(str(steps[str(level)]["step"]) for level in (2, 1, 0))
    return (f"jukeboxd-trained {name}: {minutes:.3g} min of {collections}, VQ-VAE "
            f"{run.state['stages']['vqvae']['step']} steps, priors {prior_steps} steps (see MODEL_CARD.md)")


def convert_stage(run, data, jukeboxd, name, log):
    """`jukeboxd convert` of export/ into bundle/: priors in float16 (as the shipped default), the VQ-VAE float32."""
    bundle, folder = run.out / "bundle", run.out / "export"
    shutil.rmtree(bundle, ignore_errors=True)
    summary = summary_line(name, data, run)
    command = [jukeboxd, "convert", "--out", str(bundle), "--labels", str(folder / "labels"), "--dtype", "f16",
               "--vqvae-dtype", "keep", "--name", name, "--summary", summary, str(folder / "vqvae.pth.tar")]
    command += [str(folder / f) for f in PRIOR_FILES]
    log("running " + " ".join(command))
    subprocess.run(command, check=True)
    run.finish("convert", bundle=str(bundle), summary=summary)


def evaluate_stage(run, jukeboxd, heldout_list, extra_args, log):
    """`jukeboxd evaluate --json` of the bundle on the held-out list; the report goes into metrics.json."""
    if not _help_text(jukeboxd, "evaluate"):
        log(f"warning: {jukeboxd} has no evaluate subcommand; skipping the bundle evaluation")
        return
    report = run.out / "evaluate.json"
    command = [jukeboxd, "evaluate", "--bundle", str(run.out / "bundle"), *extra_args, "--json", str(report),
               str(heldout_list)]
    log("running " + " ".join(command))
    subprocess.run(command, check=True)
    run.metrics["evaluate"] = json.loads(report.read_text())
    run.finish("evaluate", heldout=str(heldout_list))


def write_heldout_list(run, data, count=3, min_seconds=10.0):
    """heldout.json for `jukeboxd evaluate`: the first `count` held-out pieces of at least min_seconds."""
    pieces = [p for p in data.heldout if p.seconds >= min_seconds][:count] or data.heldout[:count]
    rows = [{"real": str(p.wav.resolve()), "artist": p.artist, "genre": p.genre, "name": p.id} for p in pieces]
    path = run.out / "heldout.json"
    path.write_text(json.dumps(rows, indent=1) + "\n")
    return path
