"""Run-wide values that the modules share and change: the binary under test, the totals, processes, mounts."""

JUKEBOXD = None  # the absolute path of the daemon binary under test, set by the entry point
TOTALS = {"passed": 0, "failed": 0, "skipped": 0}
CHILDREN = []  # every process we started; killed at the end whatever happens
MOUNTS = []    # tmpfs mounts to undo at the end
