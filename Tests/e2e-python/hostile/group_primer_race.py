"""The primer-race group: a path component swapped between a real folder and a symlink to a secret one."""

import json
import os
import shutil
import signal
import subprocess
import sys

from hostile.audio import wav_bytes
from hostile.daemon import Daemon
from hostile.nobody import open_to_nobody, run_as_nobody
from hostile.processes import IS_ROOT, kill_process, spawn
from hostile.report import short


# Run as root: swaps SWAP between the real folder STAGE (renamed in and out) and a symlink to
# SECRET, as fast as it can, until killed or after SECONDS.
SWAPPER = r"""
import os, sys, time
swap, stage, secret, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
end, swaps = time.monotonic() + seconds, 0
while time.monotonic() < end:
    for step in (lambda: os.rename(stage, swap), lambda: os.rename(swap, stage),
                 lambda: os.symlink(secret, swap), lambda: os.unlink(swap)):
        try:
            step()
        except OSError:
            pass
    swaps += 1
print(swaps, flush=True)
"""

# Run as nobody: submits primed jobs with PATH as primer_path for SECONDS (at most TRIES);
# prints the count of each answer and the accepted job ids as JSON.
RACER = r"""
import json, socket, sys, time
sock_path, primer, seconds, most = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sock_path)
f = s.makefile("rb")
f.readline()
answers, accepted, others = {}, [], []
end, tries = time.monotonic() + seconds, 0
while time.monotonic() < end and tries < most:
    tries += 1
    request = {"op": "submit", "id": tries, "model": "tiny", "mode": "primed", "primer_path": primer,
               "seconds": 0.1, "takes": 1, "levels": [2]}
    s.sendall((json.dumps(request) + "\n").encode())
    line = f.readline()
    if not line:
        answers["closed"] = answers.get("closed", 0) + 1
        break
    reply = json.loads(line)
    key = reply.get("type") if reply.get("type") != "error" else reply.get("error", {}).get("code")
    answers[key] = answers.get(key, 0) + 1
    if reply.get("type") == "accepted":
        accepted.append(reply.get("job"))
    elif key not in ("forbidden", "bad_audio") and len(others) < 5:
        others.append(reply)
print(json.dumps({"tries": tries, "answers": answers, "accepted": accepted, "others": others}), flush=True)
"""


def run(g):
    if not IS_ROOT:
        g.skip("primer_path raced through a swapped symlink never reads a secret", "needs root (setuid to nobody)")
        return
    g.doing = "set up the folders"
    secret_dir = os.path.join(g.folder, "secret")
    stage = os.path.join(g.folder, "pub", "stage")
    swap = os.path.join(g.folder, "pub", "swap")
    innocent_dir = os.path.join(g.folder, "innocent")
    for folder, mode in [(secret_dir, 0o700), (os.path.join(g.folder, "pub"), 0o755), (stage, 0o755), (innocent_dir, 0o755)]:
        os.makedirs(folder, exist_ok=True)
        os.chmod(folder, mode)
    secret = wav_bytes(0.7, freq=523.0)
    innocent = wav_bytes(0.3, freq=220.0)
    for path, data in [(os.path.join(secret_dir, "song.wav"), secret), (os.path.join(innocent_dir, "song.wav"), innocent)]:
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, 0o644)  # only the 0700 folder keeps nobody out of the secret

    daemon = Daemon(g, "d", ["--queue-limit", "10000"])
    open_to_nobody(g, daemon)

    def race(primer, seconds, most=5000):
        _, line = run_as_nobody(RACER, [daemon.socket, primer, str(seconds), str(most)], seconds + 30)
        return json.loads(line)

    g.doing = "baseline"
    plain = race(os.path.join(innocent_dir, "song.wav"), 10, 1)
    g.check("nobody's primer_path to a readable WAV is accepted", plain["answers"].get("accepted") == 1, short(plain))
    locked = race(os.path.join(secret_dir, "song.wav"), 10, 1)
    g.check("nobody's primer_path into the 0700 folder is forbidden", locked["answers"].get("forbidden") == 1, short(locked))

    def saved_primer(job):
        for name in sorted(os.listdir(daemon.job_folder(job))):
            if name.startswith("primer"):
                with open(os.path.join(daemon.job_folder(job), name), "rb") as f:
                    return f.read()
        return None

    for phase, holds_innocent in [("the real folder holds an innocuous WAV", True), ("the real folder is empty", False)]:
        g.doing = "race: " + phase
        if holds_innocent:
            shutil.copy(os.path.join(innocent_dir, "song.wav"), os.path.join(stage, "song.wav"))
        elif os.path.exists(os.path.join(stage, "song.wav")):
            os.unlink(os.path.join(stage, "song.wav"))
        swapper = spawn([sys.executable, "-c", SWAPPER, swap, stage, secret_dir, "6"], stdout=subprocess.PIPE)
        try:
            result = race(os.path.join(swap, "song.wav"), 3)
        finally:
            kill_process(swapper, signal.SIGTERM, 5)
        for path in (swap,):
            if os.path.islink(path):
                os.unlink(path)
            elif os.path.isdir(path):
                os.rename(path, stage)
        leaks, unchecked = [], []
        for job in result["accepted"]:
            try:
                data = saved_primer(job)
            except OSError:
                data = None
            if not holds_innocent or data == secret:
                leaks.append(job)
            elif data != innocent:
                unchecked.append(job)
        g.info("%s: %d tries, answers %s" % (phase, result["tries"], json.dumps(result["answers"], sort_keys=True)))
        g.check("%s: no accepted submit read the secret (%d accepted)" % (phase, len(result["accepted"])),
                not leaks, "%d accepted jobs read the secret or must not exist: %s" % (len(leaks), leaks[:5]), daemon)
        g.check("%s: every answer is forbidden, bad_audio or accepted with the innocuous primer" % phase,
                not result["others"] and not unchecked,
                "other answers %s; accepted jobs whose saved primer is neither file: %s"
                % (short(result["others"]), unchecked[:5]), daemon)
    g.check("the daemon still serves after the race", daemon.serves(), "", daemon)
