"""The poison group: tiny temperatures, NaN weights, and jobs that crash the daemon."""

import base64
import json
import os
import shutil
import struct
import time

from hostile.audio import wav_bytes
from hostile.connection import code_of, is_error
from hostile.daemon import Daemon
from hostile.jobs import cheap_job, long_job, starts_without_progress, wait_running
from hostile.report import Problem, short
from hostile.waiting import wait_until


NAN_BYTES = {"F32": b"\x00\x00\xc0\x7f", "F16": b"\x00\x7e", "BF16": b"\xc0\x7f", "F64": b"\x00" * 6 + b"\xf8\x7f"}


def poisoned_bundle(source, target, filename, wanted):
    """Copies bundle `source` to `target` and fills with NaN the data of every float tensor of
    `filename` (a safetensors file: 8-byte little-endian header length, JSON header giving each
    tensor's dtype and data_offsets after the header) whose name `wanted` accepts."""
    shutil.copytree(source, target)
    path = os.path.join(target, filename)
    with open(path, "rb") as f:
        data = bytearray(f.read())
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    poisoned = []
    for name, info in header.items():
        if name == "__metadata__" or not wanted(name) or info.get("dtype") not in NAN_BYTES:
            continue
        begin, end = info["data_offsets"]
        pattern = NAN_BYTES[info["dtype"]]
        data[8 + length + begin:8 + length + end] = pattern * ((end - begin) // len(pattern))
        poisoned.append(name)
    if not poisoned:
        raise Problem("no tensor of %s matched" % filename)
    with open(path, "wb") as f:
        f.write(data)
    return poisoned


def normal_job_finishes(g, daemon, what):
    g.attempt("after %s a normal job on tiny finishes done" % what,
              lambda: None if daemon.submit_and_watch(cheap_job(), 90)[-1].get("type") == "done"
              else "the job did not end done", daemon)


def run(g):
    g.doing = "make the NaN bundles"
    tiny = os.path.join(g.models, "tiny")
    poisoned_bundle(tiny, os.path.join(g.models, "nanprior"), "prior_level_2.safetensors",
                    lambda name: name == "prior.x_out.weight")
    poisoned_bundle(tiny, os.path.join(g.models, "nanvq"), "vqvae.safetensors", lambda name: name.startswith("decoders."))

    g.doing = "tiny temperatures"
    daemon = Daemon(g, "d")
    daemon.start()
    request = {"op": "submit", "id": 1, "model": "tiny", "mode": "ancestral", "seconds": 0.1, "takes": 1,
               "levels": [2], "temperature": 1e-40}
    reply = daemon.request(request)
    g.check("temperature 1e-40 is refused with out_of_range (field temperature)",
            is_error(reply, "out_of_range", "temperature"), short(reply))
    time.sleep(0.5)
    g.check("the daemon is still up after temperature 1e-40", daemon.serves())
    wrong = []
    for value in [0.000999, 0.0005, 1e-5, 1e-10, 1e-38, 1e-45, 5e-324]:
        reply = daemon.request(dict(request, temperature=value))
        if not is_error(reply, "out_of_range", "temperature"):
            wrong.append("temperature %g: %s" % (value, short(reply, 150)))
        for index in range(3):
            temperatures = [0.9, 0.9, 0.9]
            temperatures[index] = value
            submit = dict(request, temperatures=temperatures)
            del submit["temperature"]
            reply = daemon.request(submit)
            if not is_error(reply, "out_of_range", "temperatures[%d]" % index):
                wrong.append("temperatures %s: %s" % (temperatures, short(reply, 150)))
    g.check("every temperature below 0.001 is refused with out_of_range naming it (temperature, temperatures[i])",
            not wrong, "%d wrong, first: %s" % (len(wrong), wrong[:4]))
    time.sleep(0.5)
    g.check("the daemon is still up after the tiny temperatures", daemon.serves())
    if not daemon.alive():
        daemon.kill()
        daemon = Daemon(g, "d2")  # a fresh state folder: the poison job must not come back
        daemon.start()
    normal_job_finishes(g, daemon, "the tiny temperatures")

    for model, what in [("nanprior", "NaN in the top prior's weights"), ("nanvq", "NaN in the VQ-VAE decoder")]:
        g.doing = what
        events = []
        try:
            events = daemon.submit_and_watch(cheap_job(model=model, seconds=0.3), 90)
        except Problem as problem:
            events = [{"problem": str(problem)}]
        last = events[-1]
        g.check("%s: the job ends failed with numeric_error" % what,
                last.get("type") == "failed" and code_of(last) == "numeric_error", short(last))
        g.check("%s: status still answers" % what, daemon.serves())
        if not daemon.alive():
            daemon.kill()
            daemon = Daemon(g, "d-after-" + model)
            daemon.start()
        normal_job_finishes(g, daemon, what)
    daemon.kill()

    crash_accounting_by_kills(g)
    crash_accounting_by_edit(g)


def crash_accounting_by_kills(g):
    """A job running when the daemon is killed twice, before it saves a window either time,
    is failed with crashed at the next start."""
    g.doing = "crash accounting: kill twice while running"
    daemon = Daemon(g, "crash")
    daemon.start()
    # A primed job: encoding its 2 s primer takes seconds before the first window can be saved,
    # which leaves ample time to kill it after it starts.
    primer = base64.b64encode(wav_bytes(2.0, seed=5)).decode()
    job = daemon.request(dict(long_job(mode="primed", primer_base64=primer), op="submit", id="long")).get("job")
    if not job:
        raise Problem("the long job was not accepted")
    for kill in (1, 2):
        if not wait_running(daemon, job, 30):
            raise Problem("start %d: the job did not run within 30 s" % kill)
        # The counter is written when the job starts; give the write a moment.
        wait_until(lambda: (starts_without_progress(daemon, job) or 0) >= kill, 1, 0.01)
        counted = starts_without_progress(daemon, job)
        daemon.kill()
        g.check("kill %d: job.json counts starts_without_progress %d before any window" % (kill, kill),
                counted == kill, "job.json has starts_without_progress %r" % counted)
        daemon.start()
    failed = wait_until(lambda: daemon.jobs().get(job, {}).get("state") == "failed", 10, 0.1)
    g.check("after two kills without progress the job is failed (jobs)", failed,
            "jobs shows %s" % short(daemon.jobs().get(job)))
    last = daemon.final_event(job, 10) if failed else {}
    g.check("the watch of that job ends failed with code crashed", last.get("type") == "failed" and code_of(last) == "crashed",
            short(last))
    g.check("the daemon serves after failing the crashed job", daemon.serves())
    daemon.kill()


def crash_accounting_by_edit(g):
    """A job.json saying running with starts_without_progress 2 is failed with crashed."""
    g.doing = "crash accounting: edited job.json"
    daemon = Daemon(g, "edit")
    daemon.start()
    job = daemon.request(dict(long_job(), op="submit", id="long")).get("job")
    if not job or not wait_running(daemon, job, 30):
        raise Problem("the long job was not accepted or did not run")
    time.sleep(0.5)
    status = daemon.stop()
    record = daemon.job_record(job)
    g.check("a graceful stop exits 0 and leaves the job running with starts_without_progress 0",
            status == 0 and record.get("state") == "running" and record.get("starts_without_progress") == 0,
            "exit %s, state %r, starts_without_progress %r" % (status, record.get("state"),
                                                              record.get("starts_without_progress")))
    record["state"] = "running"
    record["starts_without_progress"] = 2
    with open(os.path.join(daemon.job_folder(job), "job.json"), "w") as f:
        json.dump(record, f)
    daemon.start()
    failed = wait_until(lambda: daemon.jobs().get(job, {}).get("state") == "failed", 10, 0.1)
    last = daemon.final_event(job, 10) if failed else daemon.jobs().get(job)
    g.check("a job.json with starts_without_progress 2 makes the job failed with crashed at start",
            failed and last.get("type") == "failed" and code_of(last) == "crashed", short(last))
    g.check("the daemon serves after that", daemon.serves())
    daemon.kill()
