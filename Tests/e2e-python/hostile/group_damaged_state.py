"""The damaged-state group: job folders the daemon did not write, and the modes of those it writes."""

import os

from hostile.daemon import Daemon
from hostile.jobs import cheap_job
from hostile.report import Problem, short


def dead_pid():
    """A pid no process has now."""
    for pid in range(12345, 4000000, 7919):
        if not os.path.exists("/proc/%d" % pid):
            return pid
    return 4194000


def jobs_or_problem(daemon):
    """The daemon's `jobs` list, or what went wrong asking for it."""
    try:
        return daemon.jobs()
    except Problem as problem:
        return {"problem": str(problem)}


def run(g):
    g.doing = "a real job, with umask 000"
    daemon = Daemon(g, "d")
    daemon.start(umask=0)
    events = daemon.submit_and_watch(cheap_job(), 90)
    job = events[0].get("job")
    if events[-1].get("type") != "done" or not job:
        raise Problem("the job did not end done: %s" % short(events[-1]))
    folder = daemon.job_folder(job)
    mode = os.stat(folder).st_mode & 0o7777
    g.check("a job folder made under umask 000 is 0750 or tighter (%04o)" % mode, mode & ~0o750 == 0, "%04o" % mode)
    loose = ["%s %04o" % (name, os.stat(os.path.join(folder, name)).st_mode & 0o7777) for name in sorted(os.listdir(folder))
             if os.stat(os.path.join(folder, name)).st_mode & 0o7777 & ~0o640]
    g.check("every file in it is 0640 or tighter", not loose, "looser: %s" % loose)
    status = daemon.stop()
    if status != 0:
        raise Problem("the daemon did not stop cleanly (exit %s)" % status)

    g.doing = "damage the state folder"
    jobs = os.path.join(daemon.state, "jobs")
    with open(os.path.join(folder, "job.json"), "rb") as f:
        record = f.read()
    # Linux allows 255 bytes in a name, so the longest invalid id here is 255 characters.
    bad = {"not a valid id!": record, "..x": record, "d" * 255: record, "garbage1": b"\x00{{{ not json \xff",
           "mismatch1": record}
    for name, data in bad.items():
        os.makedirs(os.path.join(jobs, name))
        with open(os.path.join(jobs, name, "job.json"), "wb") as f:
            f.write(data)
    # What an atomic write that died leaves (NAME.tmp-PID), and the bare form.
    leftovers = [os.path.join(folder, "checkpoint.json.tmp-%d" % dead_pid()), os.path.join(folder, ".tmp-%d" % dead_pid())]
    for leftover in leftovers:
        with open(leftover, "wb") as f:
            f.write(b"{half a checkpoint")

    g.doing = "start on the damaged state"
    daemon.start()
    listed = jobs_or_problem(daemon)
    g.check("the daemon starts and jobs answers with the real job only", list(listed) == [job], short(listed))
    remaining = [name for name in bad if os.path.exists(os.path.join(jobs, name))]
    g.check("the damaged folders are moved out of state/jobs", not remaining, "still there: %s" % [x[:20] for x in remaining])
    quarantine = os.path.join(daemon.state, "quarantine")
    held = os.listdir(quarantine) if os.path.isdir(quarantine) else []
    g.check("state/quarantine holds them (%d entries)" % len(held), len(held) >= len(bad), short(held))
    g.check("the log says quarantine", "quarantine" in daemon.log_text().lower(), "no such line")
    kept = [os.path.basename(path) for path in leftovers if os.path.exists(path)]
    g.check("the .tmp-PID leftovers of a dead writer are removed", not kept, "kept: %s" % kept)
    g.doing = "restart again"
    daemon.stop()
    daemon.start()
    listed = jobs_or_problem(daemon)
    g.check("a second restart works and jobs still lists the real job", list(listed) == [job], short(listed))
    daemon.kill()
