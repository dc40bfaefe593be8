"""The cancel-leak group: primed jobs cancelled while queued leave neither files nor memory behind."""

import base64
import os
import time

from hostile.audio import wav_bytes
from hostile.connection import Conn
from hostile.daemon import Daemon
from hostile.jobs import long_job, wait_running
from hostile.report import Problem, short
from hostile.waiting import wait_until


def primer_files(folder):
    try:
        return sorted(name for name in os.listdir(folder) if name.startswith("primer"))
    except OSError:
        return []


def run(g):
    g.doing = "block the queue"
    daemon = Daemon(g, "d")
    daemon.start()
    blocker = daemon.request(dict(long_job(seconds=60), op="submit", id="blocker")).get("job")
    if not blocker or not wait_running(daemon, blocker, 30):
        raise Problem("the blocking job did not run")
    # 1 s of stereo 44.1 kHz 16-bit audio (176 KB: larger lines cost the debug build about
    # 0.7 s a megabyte to parse).
    primer = wav_bytes(1.0, rate=44100, channels=2, freq=330.0)
    request = {"op": "submit", "id": "p", "model": "tiny", "mode": "primed",
               "primer_base64": base64.b64encode(primer).decode(), "seconds": 0.1, "takes": 1, "levels": [2]}
    conn = Conn(daemon.socket, timeout=30)
    kept, first_files, baseline, refused = [], None, None, []
    start = time.monotonic()
    for cycle in range(50):
        g.doing = "cycle %d" % cycle
        reply = conn.request(request, 30)
        job = reply.get("job")
        if reply.get("type") != "accepted":
            refused.append(short(reply, 150))
            continue
        if first_files is None:
            first_files = primer_files(daemon.job_folder(job))
        reply = conn.request({"op": "cancel", "id": "c", "job": job}, 30)
        if reply.get("type") != "cancelled":
            refused.append(short(reply, 150))
        left = wait_until(lambda: not primer_files(daemon.job_folder(job)), 2, 0.02)
        if not left:
            kept.append("%s: %s" % (job, primer_files(daemon.job_folder(job))))
        if cycle == 4:
            baseline = daemon.rss_mb()
    took = time.monotonic() - start
    final = daemon.rss_mb()
    conn.close()
    g.info("50 cycles in %.1f s; RSS after 5 cycles %s MB, after 50 %s MB" % (took, baseline, final))
    g.check("a queued primed job's folder holds its primer (%s)" % first_files, first_files, "no primer* file in a queued job's folder")
    g.check("50 submits and cancels of queued primed jobs are accepted and cancelled", not refused, short(refused))
    g.check("every cancelled job's folder no longer holds its primer", not kept, "%d kept: %s" % (len(kept), kept[:3]))
    g.check("the daemon's RSS grew by under 50 MB over the cycles (%s)"
            % ("%.0f MB" % (final - baseline) if final and baseline else "?"),
            final is not None and baseline is not None and final - baseline < 50, "RSS %s -> %s MB" % (baseline, final))
    daemon.request({"op": "cancel", "id": "c", "job": blocker})
    g.check("the daemon still serves", daemon.serves())
