"""The two-daemons group: one state folder, one socket."""

import os
import re
import subprocess

from hostile.daemon import Daemon
from hostile.report import short
from hostile.waiting import wait_until


def run(g):
    g.doing = "the first daemon"
    first = Daemon(g, "first")
    first.start()
    second = Daemon(g, "second", state=first.state)
    second.launch()
    try:
        status = second.process.wait(10)
    except subprocess.TimeoutExpired:
        status = None
    text = second.log_text().split("--- hostile_suite: start")[-1]
    g.check("a second daemon on the same state folder exits non-zero within 10 s (status %s)" % status,
            status not in (None, 0), "it is still running" if status is None else "exit 0", second)
    g.check("its message says the state folder is in use",
            re.search(r"in use|already", text, re.I) is not None, short(text.strip()), second)
    g.check("the first daemon still serves", first.serves(), "", first)
    second.kill()

    g.doing = "a second daemon on the same socket"
    inode = os.stat(first.socket).st_ino
    third = Daemon(g, "third", sock=first.socket)
    third.launch()
    exited = wait_until(lambda: third.process.poll() is not None, 5, 0.1)
    if exited:
        g.check("a daemon on another state but the same socket refuses (exit %s); the first still serves on it"
                % third.process.returncode,
                third.process.returncode != 0 and first.serves() and os.stat(first.socket).st_ino == inode,
                "exit %s, first serves %s" % (third.process.returncode, first.serves()), third)
        # Make it take over: with the first one's socket file gone, the path is free to bind.
        os.unlink(first.socket)
        third = Daemon(g, "fourth", sock=first.socket)
        third.start()
    # It took the socket over: when the first one stops, the socket must stay the new one's.
    taken = os.stat(first.socket).st_ino
    g.info("another daemon took the socket path over (inode %d -> %d)" % (inode, taken))
    stopped = first.stop()
    exists = os.path.exists(third.socket)
    same = exists and os.stat(third.socket).st_ino == taken
    g.check("after the first daemon stops (exit %s), the socket file still exists and is the other's" % stopped,
            same and third.serves(), "exists %s, same inode %s" % (exists, same), first)
