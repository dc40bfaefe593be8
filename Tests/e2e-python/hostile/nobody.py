"""Children run as uid nobody, and daemons whose socket nobody can reach."""

import os
import select
import subprocess
import sys

from hostile.processes import kill_process, spawn
from hostile.report import Problem


NOBODY = 65534  # the uid and gid of nobody
# The interpreter a child running as nobody can execute (one under /root, as pyenv installs
# it, is out of nobody's reach).
NOBODY_PYTHON = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable


def run_as_nobody(code, args, timeout):
    """Starts `code` in a Python child as uid/gid nobody; returns (process, first stdout line)."""
    process = spawn([NOBODY_PYTHON, "-c", code] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, cwd="/", user=NOBODY, group=NOBODY, extra_groups=[])
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline() if ready else b""
    if not line:
        kill_process(process)
        raise Problem("the child running as nobody said nothing within %d s: %s"
                      % (timeout, process.stderr.read().decode(errors="replace")[-500:]))
    return process, line


def open_to_nobody(g, daemon, timeout=30):
    """Starts `daemon` so that uid nobody can reach its socket: the group folder 0755 and the
    socket 0666 (--socket-mode when the daemon has it, chmod otherwise)."""
    os.chmod(g.folder, 0o755)
    dropped = daemon.start_with_optional([("--socket-mode", "0666")], timeout)
    if dropped:
        os.chmod(daemon.socket, 0o666)
