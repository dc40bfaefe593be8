"""What previews and dropped takes cost and save, measured on a running jukeboxd.

Usage: preview-drop-bench.py JUKEBOXD MODELS_DIR OUT_DIR [MODEL:ARTIST:GENRE:SECONDS ...]
(THREADS=n in the environment gives the daemon `--threads n`; 1 keeps spinning compute
threads out of the CPU figures on a busy machine. ROUNDS=n runs each job n times, default 2.)

Starts `JUKEBOXD serve` on MODELS_DIR with a fresh state folder under OUT_DIR and, for each
model, runs the same job (levels 2,1,0, seed 0) three ways, twice over in turn (the machine's
noise shows in the spread): three takes to the end; three takes with take 2 dropped right
after the first preview; two takes from the start. It prints each job's time and the part
of it spent writing previews, as the daemon's `running -> done` log line gives them, and the
CPU seconds the daemon used for it (from /proc; on a shared machine a steadier measure than
the wall clock). Use a release build: `swift build -c release`. Default jobs: classical (the trained default
bundle) for 6 s and tiny (`jukeboxd init-bundle`) for 1 s.
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Clients", "python"))
from jukebox_client import Jukebox  # noqa: E402

jukeboxd, models, out = sys.argv[1:4]
jobs = sys.argv[4:] or ["classical:airds:folk:6", "tiny:unknown:unknown:1"]
state = os.path.join(out, "state")
socket_path = os.path.join(out, "s.sock")
log_path = os.path.join(out, "jukeboxd.log")
os.makedirs(state, exist_ok=True)
log = open(log_path, "w")
daemon = subprocess.Popen([jukeboxd, "serve", "--no-config", "--socket", socket_path, "--models", models,
                           "--state", state] + (["--threads", os.environ["THREADS"]] if "THREADS" in os.environ
                                                else []), stderr=log)
try:
    for _ in range(300):
        if os.path.exists(socket_path):
            break
        time.sleep(0.1)

    def cpu_seconds():
        with open("/proc/%d/stat" % daemon.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def run(model, artist, genre, seconds, drop, takes=3):
        cpu = cpu_seconds()
        with Jukebox(socket_path, timeout=3600) as jukebox, Jukebox(socket_path, timeout=3600) as other:
            settings = dict(mode="ancestral", seconds=seconds, takes=takes, seed=0, levels=[2, 1, 0])
            if artist != "unknown":
                settings.update(artist=artist, genres=[genre])
            job, previews = None, 0
            for event in jukebox.submit(model, **settings):
                job = event.get("job", job)
                if event["type"] == "preview":
                    previews += 1
                    if drop and previews == 1:
                        other.drop_take(job, 1)
        cpu = cpu_seconds() - cpu
        time.sleep(0.5)
        with open(log_path) as f:
            line = [l for l in f if "job %s: running -> done" % job in l][-1]
        ran, spent = map(float, re.search(r"ran ([0-9.]+) s, of which previews ([0-9.]+) s", line).groups())
        return ran, spent, previews, cpu

    for spec in jobs:
        model, artist, genre, seconds = spec.split(":")
        run(model, artist, genre, 0.5, False)  # loads the model and warms the caches
        for _ in range(int(os.environ.get("ROUNDS", "2"))):
            ran3, previews3, count3, cpu3 = run(model, artist, genre, float(seconds), False)
            ran_drop, previews_drop, _, cpu_drop = run(model, artist, genre, float(seconds), True)
            ran2, previews2, _, cpu2 = run(model, artist, genre, float(seconds), False, takes=2)
            print("%s, %s s, levels 2,1,0: 3 takes %.1f s, %.1f CPU s (previews %.2f s = %.1f%%, %d writes);"
                  " take 2 dropped at the first preview %.1f s, %.1f CPU s (%.0f%% of 3 takes' CPU; previews"
                  " %.1f%%); 2 takes %.1f s, %.1f CPU s (%.0f%%; previews %.1f%%)"
                  % (model, seconds, ran3, cpu3, previews3, 100 * previews3 / ran3, count3, ran_drop, cpu_drop,
                     100 * cpu_drop / cpu3, 100 * previews_drop / ran_drop, ran2, cpu2, 100 * cpu2 / cpu3,
                     100 * previews2 / ran2))
            sys.stdout.flush()
finally:
    daemon.terminate()
    daemon.wait()
