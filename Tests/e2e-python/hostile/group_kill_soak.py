"""The kill-soak group: SIGKILL the daemon after every window or so; the tokens come out the same."""

import os
import random
import time

from hostile.connection import FINAL_EVENTS, Conn
from hostile.daemon import Daemon
from hostile.jobs import starts_without_progress
from hostile.report import Problem, short
from hostile.waiting import wait_until


def fetch_tokens(daemon, job):
    reply = daemon.request({"op": "fetch", "id": "t", "job": job, "take": 0, "level": 2, "tokens": True}, 60)
    if reply.get("type") != "tokens" or not isinstance(reply.get("tokens"), list):
        raise Problem("fetch of the tokens answered %s" % short(reply))
    return reply["tokens"]


def wait_for_new_window(daemon, job, timeout):
    """Watches `job` until a progress event shows a later window than the first one seen (and,
    when job.json counts starts without progress, until that count is back to 0: the window is
    saved). Returns "window" when it did, "ended" when the job ended first."""
    conn = Conn(daemon.socket, timeout=timeout)
    try:
        conn.send({"op": "watch", "id": "w", "job": job})
        first = None
        deadline = time.monotonic() + timeout
        while True:
            event = conn.read(max(0.1, deadline - time.monotonic()))
            if event.get("type") in FINAL_EVENTS:
                return "ended"
            window = event.get("window") if event.get("type") == "progress" and event.get("stage") == "sample" else None
            if window is None:
                continue
            if first is None:
                first = window
            elif window > first:
                break
    finally:
        conn.close()
    wait_until(lambda: starts_without_progress(daemon, job) in (0, None), 5, 0.02)
    return "window"


def run(g):
    cycles = int(os.environ.get("HOSTILE_SOAK_CYCLES", "20"))
    # Windows of 32 new tokens (hop 0.5 of the tiny top prior's 64) take about half a second;
    # twice as many windows as cycles, so the job outlasts the kills.
    windows = 2 * cycles + 6
    seconds = round((64 + (windows - 1) * 32) * 128 / 44100.0, 4)
    job_fields = {"model": "tiny", "mode": "ancestral", "seconds": seconds, "takes": 1, "levels": [2], "seed": 4242,
                  "hop_fractions": [0.5, 0.5, 0.5]}
    g.doing = "start both daemons"
    # One compute thread each: the uninterrupted run (a) goes on beside the killed one (b).
    a = Daemon(g, "a", ["--threads", "1"])
    b = Daemon(g, "b", ["--threads", "1"])
    a.start()
    b.start()
    start = time.monotonic()
    job_a = a.request(dict(job_fields, op="submit", id="a")).get("job")
    job_b = b.request(dict(job_fields, op="submit", id="b")).get("job")
    if not job_a or not job_b:
        raise Problem("the job was not accepted")
    rng = random.Random(99)
    kills = 0
    ended_early = False
    for cycle in range(cycles):
        g.doing = "cycle %d" % (cycle + 1)
        if wait_for_new_window(b, job_b, 60) == "ended":
            ended_early = True
            break
        time.sleep(rng.uniform(0, 0.3))  # somewhere inside the next window, or in its save
        b.kill()
        kills += 1
        b.start()
    g.doing = "the ends of both runs"
    last_b = b.final_event(job_b, 300 + 3 * windows)
    last_a = a.final_event(job_a, 300 + 3 * windows)
    elapsed = time.monotonic() - start
    g.check("the killed job ends done (%d kills)" % kills, last_b.get("type") == "done", short(last_b), b)
    g.check("the uninterrupted job ends done", last_a.get("type") == "done", short(last_a), a)
    g.check("the job outlasted the %d kills" % cycles, kills == cycles and not ended_early,
            "only %d kills before it ended" % kills, b)
    tokens_a = fetch_tokens(a, job_a) if last_a.get("type") == "done" else []
    tokens_b = fetch_tokens(b, job_b) if last_b.get("type") == "done" else []
    differ = next((i for i, (x, y) in enumerate(zip(tokens_a, tokens_b)) if x != y), None)
    g.check("the tokens after %d kills equal the uninterrupted run's (%d tokens)" % (kills, len(tokens_a)),
            tokens_a and tokens_a == tokens_b,
            "lengths %d and %d, first difference at %s" % (len(tokens_a), len(tokens_b), differ), b)
    g.info("kill-soak figures: cycles=%d windows=%d tokens=%d elapsed_s=%.1f" % (kills, windows, len(tokens_a), elapsed))
