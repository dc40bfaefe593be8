"""The signals group: SIGHUP, SIGUSR1 and SIGUSR2 do not stop the daemon or its job."""

import os
import signal
import time

from hostile.connection import Conn
from hostile.daemon import Daemon
from hostile.jobs import long_job, wait_running
from hostile.report import Problem, short


def run(g):
    g.doing = "start a job"
    daemon = Daemon(g, "d")
    daemon.start()
    watcher = Conn(daemon.socket, timeout=60)
    watcher.send(dict(long_job(seconds=1.2), op="submit", id="job", watch=True))
    job = watcher.read(30).get("job")
    if not job or not wait_running(daemon, job, 30):
        raise Problem("the job did not run")
    for sig in (signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
        name = signal.Signals(sig).name
        g.doing = name
        daemon.signal(sig)
        time.sleep(0.3)
        g.check("%s: the daemon stays up, its socket file stays and status answers" % name,
                daemon.alive() and os.path.exists(daemon.socket) and daemon.serves(),
                "alive %s, socket exists %s" % (daemon.alive(), os.path.exists(daemon.socket)))
    if daemon.alive():
        g.info("after the signals the job is %s" % daemon.jobs().get(job, {}).get("state"))
    g.doing = "the job's end"
    try:
        last = watcher.events("job", 90)[-1]
    except Problem as problem:
        last = {"problem": str(problem)}
    g.check("the job running through the signals finishes done", last.get("type") == "done", short(last))
    watcher.close()
