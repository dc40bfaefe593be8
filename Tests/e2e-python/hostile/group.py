"""One group's run: its temporary folder and tiny model, its check lines and its cleanup."""

import os
import shutil
import subprocess
import tempfile

from hostile import report, shared
from hostile.processes import kill_process, unmount
from hostile.report import Problem, short


class Group:
    """One group of checks: its temporary folder (models, daemons, logs) and its report lines."""

    def __init__(self, name):
        self.name = name
        self.folder = tempfile.mkdtemp(prefix="hostile-%s-" % name)
        self.models = os.path.join(self.folder, "models")
        self.daemons = []
        self.last_daemon = None
        self.doing = "setup"
        self.first_child = len(shared.CHILDREN)  # the processes this group starts come after

    def make_tiny(self):
        made = subprocess.run([shared.JUKEBOXD, "init-bundle", "--out", os.path.join(self.models, "tiny")],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        if made.returncode != 0:
            raise Problem("init-bundle failed: %s" % made.stderr.decode(errors="replace"))

    def ok(self, what):
        report.ok(self.name, what)

    def fail(self, what, details, daemon=None):
        """A FAIL line, with the tail of the log of `daemon` (by default the last one started)."""
        daemon = daemon or self.last_daemon
        log = "\n    | " + daemon.tail() if daemon is not None else ""
        report.fail(self.name, what, details, log)

    def skip(self, what, why):
        report.skip(self.name, what, why)

    def info(self, text):
        report.info(self.name, text)

    def check(self, what, condition, details="", daemon=None):
        if condition:
            self.ok(what)
        else:
            self.fail(what, details if isinstance(details, str) else short(details), daemon)
        return bool(condition)

    def attempt(self, what, function, daemon=None):
        """Runs one check that raises Problem (or returns a failure text) when it fails."""
        try:
            result = function()
        except Problem as problem:
            return self.check(what, False, str(problem), daemon)
        return self.check(what, not result, result or "", daemon)

    def cleanup(self):
        for daemon in self.daemons:
            kill_process(daemon.process)
        for process in shared.CHILDREN[self.first_child:]:
            kill_process(process)
        for mount in list(shared.MOUNTS):
            if mount.startswith(self.folder):
                unmount(mount)
        if os.environ.get("HOSTILE_KEEP") != "1":
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            self.info("kept %s" % self.folder)
