"""The full-disk group: the state folder on a small tmpfs that a job fills."""

import errno
import os
import subprocess
import time

from hostile import shared
from hostile.connection import FINAL_EVENTS, Conn, code_of
from hostile.daemon import Daemon
from hostile.jobs import long_job, wait_running
from hostile.processes import IS_ROOT
from hostile.report import Problem, short


def fill_up(path):
    """Writes `path` until the file system is full; returns the bytes written."""
    written = 0
    with open(path, "wb", buffering=0) as f:
        for size in (1 << 18, 1 << 12, 1):
            chunk = b"\0" * size
            while True:
                try:
                    written += f.write(chunk) or 0
                except OSError as error:
                    if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                        raise
                    break
    return written


def run(g):
    if not IS_ROOT:
        g.skip("a job on a full state file system pauses with disk_full and resumes", "needs root (tmpfs mount)")
        return
    g.doing = "mount a 4 MiB tmpfs as the state folder"
    state = os.path.join(g.folder, "state")
    os.makedirs(state)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4M,mode=0750", "tmpfs", state], capture_output=True)
    if mounted.returncode != 0:
        g.skip("a job on a full state file system pauses with disk_full and resumes",
               "cannot mount tmpfs: %s" % mounted.stderr.decode(errors="replace").strip())
        return
    shared.MOUNTS.append(state)
    daemon = Daemon(g, "d", state=state)
    dropped = daemon.start_with_optional([("--disk-full-retry", "1")])
    retry = 30 if dropped else 1
    if dropped:
        g.info("the daemon has no --disk-full-retry: waiting for the default retry of 30 s")

    g.doing = "fill the disk under a running job"
    watcher = Conn(daemon.socket, timeout=60)
    watcher.send(dict(long_job(seconds=1, hop_fractions=[0.125, 0.5, 0.5]), op="submit", id="j", watch=True))
    job = watcher.read(30).get("job")
    queued = daemon.request(dict(long_job(seconds=1), op="submit", id="k")).get("job")
    if not job or not queued or not wait_running(daemon, job, 30):
        raise Problem("the jobs were not accepted, or the first did not run")
    filler = os.path.join(state, "filler")
    written = fill_up(filler)
    g.info("filled the tmpfs with %d bytes" % written)

    paused, events = None, []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            event = watcher.read(max(0.1, deadline - time.monotonic()))
        except Problem as problem:
            events.append({"problem": str(problem)})
            break
        events.append(event)
        if event.get("type") == "paused" or event.get("type") in FINAL_EVENTS:
            paused = event
            break
    g.check("the job gets a paused event with error code disk_full and a retry_s",
            paused and paused.get("type") == "paused" and paused.get("job") == job and code_of(paused) == "disk_full"
            and isinstance(paused.get("retry_s"), (int, float)), short(events[-3:]), daemon)
    states = daemon.jobs()
    g.check("while paused, the job stays queued or running (%s)" % states.get(job, {}).get("state"),
            states.get(job, {}).get("state") in ("queued", "running"), short(states.get(job)), daemon)
    g.doing = "cancel while the disk is full"
    reply = daemon.request({"op": "cancel", "id": "c", "job": queued})
    g.check("while the disk is full, cancel of a queued job answers cancelled", reply.get("type") == "cancelled",
            short(reply), daemon)
    g.check("jobs shows it cancelled", daemon.jobs().get(queued, {}).get("state") == "cancelled",
            short(daemon.jobs().get(queued)), daemon)

    g.doing = "free the space"
    os.unlink(filler)
    last = paused if paused and paused.get("type") in FINAL_EVENTS else None
    try:
        while last is None:
            event = watcher.read(retry + 60)
            if event.get("type") in FINAL_EVENTS:
                last = event
    except Problem as problem:
        last = {"problem": str(problem)}
    g.check("once space is freed the job goes on and ends done", last.get("type") == "done", short(last), daemon)
    g.check("jobs shows it done and the daemon serves",
            daemon.jobs().get(job, {}).get("state") == "done" and daemon.serves(), short(daemon.jobs().get(job)), daemon)
    watcher.close()
    daemon.kill()
