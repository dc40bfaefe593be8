#!/usr/bin/python3
"""Hostile tests of jukeboxd: the standard library only.

Usage: hostile_suite.py JUKEBOXD_BINARY GROUP...
GROUP: protocol, poison, labels, bombs, connections, primer-race, cancel-leak, signals,
two-daemons, full-disk, damaged-state, kill-soak, or all.

Each group makes a temporary folder with the tiny random-weights model ("tiny"), starts its own
daemons there, attacks them through the socket, signals and their files, and kills and removes
everything at the end, even when a check fails. Output: one line per check,
    ok   [group] what
    FAIL [group] what: details (with the tail of the daemon log)
    skip [group] what: why        (checks that need root, when not root)
plus "info" lines with figures, and last "N passed, N failed". Exit status 0 only when nothing
failed. Every wait has a time limit.

Environment: HOSTILE_SOAK_CYCLES (kill-soak restarts, default 20); HOSTILE_KEEP=1 keeps the
temporary folders; HOSTILE_CACHE names the folder where the large sox-made bomb files are kept
between runs (default: jukebox-hostile-cache in the temporary folder).
"""

import os
import signal
import sys
import time
import traceback

# Run from the repository, the suite must not leave __pycache__ folders in it.
sys.dont_write_bytecode = True

# sys.path[0] is this script's folder, which holds the hostile package.
from hostile import shared  # noqa: E402
from hostile import (group_bombs, group_cancel_leak, group_connections, group_damaged_state,  # noqa: E402
                     group_full_disk, group_kill_soak, group_labels, group_poison, group_primer_race,
                     group_protocol, group_signals, group_two_daemons)
from hostile.audio import start_bomb_files  # noqa: E402
from hostile.group import Group  # noqa: E402
from hostile.processes import kill_process, unmount  # noqa: E402
from hostile.report import Problem, out  # noqa: E402

# The groups in the order "all" runs them, each with the module of its checks.
GROUP_MODULES = {"protocol": group_protocol, "poison": group_poison, "labels": group_labels, "bombs": group_bombs,
                 "connections": group_connections, "primer-race": group_primer_race,
                 "cancel-leak": group_cancel_leak, "signals": group_signals, "two-daemons": group_two_daemons,
                 "full-disk": group_full_disk, "damaged-state": group_damaged_state, "kill-soak": group_kill_soak}
GROUPS = list(GROUP_MODULES)


def main():
    if len(sys.argv) < 3:
        out("usage: hostile_suite.py JUKEBOXD_BINARY GROUP...   (GROUP: %s, or all)" % ", ".join(GROUPS))
        sys.exit(2)
    shared.JUKEBOXD = os.path.abspath(sys.argv[1])
    names = []
    for name in sys.argv[2:]:
        if name == "all":
            names += GROUPS
        elif name in GROUPS:
            names.append(name)
        else:
            out("unknown group %r; groups: %s, all" % (name, ", ".join(GROUPS)))
            sys.exit(2)
    if not os.access(shared.JUKEBOXD, os.X_OK):
        out("not an executable: %s" % shared.JUKEBOXD)
        sys.exit(2)
    # A SIGTERM or SIGINT (a test runner giving up) still runs the cleanup below.
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: sys.exit(128 + number))
    if "bombs" in names:
        start_bomb_files()
    started = time.monotonic()
    try:
        for name in names:
            group = Group(name)
            group_start = time.monotonic()
            try:
                group.make_tiny()
                GROUP_MODULES[name].run(group)
            except Problem as problem:
                group.fail(group.doing, str(problem))
            except Exception:
                group.fail(group.doing, "harness error:\n" + traceback.format_exc(limit=4))
            finally:
                group.cleanup()
                group.info("%.1f s" % (time.monotonic() - group_start))
    finally:
        for process in shared.CHILDREN:
            kill_process(process)
        for mount in list(shared.MOUNTS):
            unmount(mount)
    out("info [all] %.1f s in all" % (time.monotonic() - started))
    out("%d passed, %d failed" % (shared.TOTALS["passed"], shared.TOTALS["failed"]))
    sys.exit(0 if shared.TOTALS["failed"] == 0 else 1)


if __name__ == "__main__":
    main()
