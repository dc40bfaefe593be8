"""The bombs group: small files that decode to gigabytes."""

import base64
import os
import shutil
import threading
import time

from hostile.audio import BOMB_MAKERS, BOMBS, bomb_file, start_bomb_files
from hostile.connection import FINAL_EVENTS, Conn, code_of, is_error
from hostile.daemon import Daemon
from hostile.processes import MemoryWatch
from hostile.report import Problem, short


def job_past_primer(daemon, job, timeout=30):
    """Waits (at most `timeout`) until an accepted bomb job has read its primer (it samples, or
    it ended), since the primer may be decoded when the job runs; then cancels it. Returns what
    was seen."""
    if not job:
        return None
    conn = Conn(daemon.socket, timeout=timeout)
    try:
        conn.send({"op": "watch", "id": "w", "job": job})
        deadline = time.monotonic() + timeout
        while True:
            event = conn.read(max(0.1, deadline - time.monotonic()))
            if event.get("type") in FINAL_EVENTS:
                return event.get("type") if code_of(event) is None else "%s %s" % (event.get("type"), code_of(event))
            if event.get("type") == "progress" and event.get("stage") == "sample":
                daemon.request({"op": "cancel", "id": "c", "job": job}, 10)
                return "sampling (then cancelled)"
    except Problem as problem:
        return str(problem)
    finally:
        conn.close()


def run(g):
    g.doing = "make the bomb files"
    if not shutil.which("sox"):
        raise Problem("sox is not installed")
    if not BOMB_MAKERS:
        start_bomb_files()
    files = {}
    for name in BOMBS:
        files[name] = bomb_file(name)
        g.info("%s: %d bytes" % (name, os.path.getsize(files[name])))
    g.check("the Ogg bomb is small (under 1 MB)", os.path.getsize(files["bomb-192k-64ch-59s.ogg"]) < 1 << 20,
            "%d bytes" % os.path.getsize(files["bomb-192k-64ch-59s.ogg"]))

    def submit_line(path):
        with open(path, "rb") as f:
            primer = base64.b64encode(f.read()).decode()
        return {"op": "submit", "id": "bomb", "model": "tiny", "mode": "primed", "primer_base64": primer,
                "prompt_seconds": 1, "seconds": 0.1, "takes": 1, "levels": [2]}

    for name, path in files.items():
        g.doing = "submit " + name
        daemon = Daemon(g, name.split("-")[0])
        daemon.start()
        memory = MemoryWatch(daemon)
        start = time.monotonic()
        try:
            reply = daemon.request(submit_line(path), 10)
        except Problem as problem:
            reply = {"problem": str(problem)}
        took = time.monotonic() - start
        g.check("%s: the reply (accepted or bad_audio) comes within 10 s (%.1f s: %s)"
                % (name, took, reply.get("type") if code_of(reply) is None else code_of(reply)),
                took < 10 and (reply.get("type") == "accepted" or is_error(reply, "bad_audio")), short(reply), daemon)
        ended = job_past_primer(daemon, reply.get("job"))
        hwm = daemon.hwm_mb()
        peak = memory.stop()
        if hwm is None:
            hwm = peak
        if reply.get("job"):
            g.info("%s: the job: %s" % (name, ended))
        g.check("%s: peak RSS (VmHWM) stays under 600 MB (%.0f MB)" % (name, hwm),
                hwm < 600 and not memory.killed, "VmHWM %.0f MB%s" % (hwm, ", killed past 3 GB" if memory.killed else ""),
                daemon)
        g.check("%s: the daemon still serves" % name, daemon.serves(), "", daemon)
        daemon.kill()

    g.doing = "parallel bombs"
    daemon = Daemon(g, "parallel")
    daemon.start()
    memory = MemoryWatch(daemon)
    request = submit_line(files["bomb-192k-64ch-59s.ogg"])
    replies = [None] * 4

    def send(index):
        try:
            replies[index] = daemon.request(dict(request, id=index), 30)
        except Problem as problem:
            replies[index] = {"problem": str(problem)}

    threads = [threading.Thread(target=send, args=(i,), daemon=True) for i in range(len(replies))]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(40)
    took = time.monotonic() - start
    # The jobs run one at a time, each like the single bomb above: only the submits overlap.
    hwm = daemon.hwm_mb() or memory.peak_mb
    memory.stop()
    answers = [r.get("type") if code_of(r) is None else code_of(r) for r in replies if r]
    g.check("4 Ogg bombs on parallel connections are answered within 30 s (%.1f s: %s)" % (took, answers),
            len(answers) == 4 and all(a in ("accepted", "bad_audio", "busy") for a in answers) and took < 30,
            short(replies), daemon)
    g.check("4 Ogg bombs on parallel connections: peak RSS stays under 600 MB (%.0f MB)" % hwm,
            hwm < 600 and not memory.killed, "VmHWM %.0f MB" % hwm, daemon)
    g.check("the daemon still serves after the parallel bombs", daemon.serves(), "", daemon)
