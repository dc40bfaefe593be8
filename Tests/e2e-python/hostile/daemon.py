"""One jukeboxd serve process under test (the Daemon class)."""

import json
import os
import signal
import subprocess
import time

from hostile import shared
from hostile.connection import Conn
from hostile.processes import kill_process, proc_status_kb, spawn
from hostile.report import Problem, short


class Daemon:
    """One `jukeboxd serve` with its own socket, state folder and log (appended over restarts)."""

    def __init__(self, group, name, flags=(), state=None, sock=None, models=None):
        self.group = group
        self.name = name
        self.socket = sock or os.path.join(group.folder, name + ".sock")
        self.state = state or os.path.join(group.folder, name + "-state")
        self.models = models or group.models
        self.flags = list(flags)
        self.log = os.path.join(group.folder, name + ".log")
        self.process = None
        group.daemons.append(self)

    def command(self):
        return [shared.JUKEBOXD, "serve", "--no-config", "--socket", self.socket, "--models", self.models,
                "--state", self.state] + self.flags

    def launch(self, umask=None):
        """Starts the process without waiting for it to serve."""
        with open(self.log, "ab") as log:
            log.write(b"--- hostile_suite: start %s\n" % " ".join(self.command()).encode())
            log.flush()
            extra = {} if umask is None else {"umask": umask}
            self.process = spawn(self.command(), stdout=log, stderr=log, start_new_session=True, **extra)
        self.group.last_daemon = self

    def start(self, timeout=30, umask=None):
        """Starts the daemon and waits until a connection gets the greeting. Raises Problem when
        the daemon exits first or never greets."""
        self.launch(umask)
        if not self.wait_serving(timeout):
            raise Problem("%s exited with status %s before serving" % (self.name, self.process.returncode))

    def wait_serving(self, timeout=30):
        """True once the socket greets; False when the process exited first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                Conn(self.socket, timeout=2).close()
                return True
            except (Problem, OSError):
                time.sleep(0.05)
        raise Problem("%s did not greet within %d s" % (self.name, timeout))

    def start_with_optional(self, optional, timeout=30, umask=None):
        """Starts with self.flags plus `optional` flags; if the daemon refuses one as an unknown
        option, starts again without it. Returns the optional flags left out."""
        dropped = []
        while True:
            saved = self.flags
            self.flags = saved + [x for pair in optional for x in pair]
            try:
                self.launch(umask)
                if self.wait_serving(timeout):
                    return dropped
            finally:
                self.flags = saved
            text = self.log_text()[-400:]
            unknown = [pair for pair in optional if pair[0] in text and "unknown" in text]
            if not unknown:
                raise Problem("%s exited with status %s before serving" % (self.name, self.process.returncode))
            optional = [pair for pair in optional if pair not in unknown]
            dropped += unknown

    def alive(self):
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self):
        return self.process.pid

    def signal(self, sig):
        if self.alive():
            self.process.send_signal(sig)

    def kill(self):
        """SIGKILL, as a crash."""
        kill_process(self.process)

    def stop(self, timeout=20):
        """SIGTERM and wait; SIGKILL if it does not exit in time. Returns the exit status."""
        if self.process is None:
            return None
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                kill_process(self.process)
        return self.process.returncode

    def rss_mb(self):
        kb = proc_status_kb(self.pid, "VmRSS") if self.alive() else None
        return None if kb is None else kb / 1024.0

    def hwm_mb(self):
        kb = proc_status_kb(self.pid, "VmHWM") if self.alive() else None
        return None if kb is None else kb / 1024.0

    def log_text(self):
        try:
            with open(self.log, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def tail(self, lines=12):
        text = self.log_text().rstrip("\n").split("\n")[-lines:]
        return "\n    | ".join(short(line, 240) for line in text)

    def serves(self, timeout=10):
        """`status` is answered on a new connection."""
        try:
            reply = Conn(self.socket, timeout=timeout).request({"op": "status", "id": "alive?"}, timeout, close=True)
            return reply.get("type") == "status"
        except (Problem, OSError):
            return False

    def request(self, obj, timeout=30):
        """One request on a new connection; its reply."""
        return Conn(self.socket, timeout=timeout).request(obj, timeout, close=True)

    def jobs(self, timeout=10):
        reply = self.request({"op": "jobs", "id": "jobs?"}, timeout)
        if reply.get("type") != "jobs":
            raise Problem("jobs answered %s" % short(reply))
        return {entry.get("job"): entry for entry in reply.get("jobs", [])}

    def watch(self, job, timeout=60):
        """The events of `job` until its end (watch op); the list, last one final."""
        conn = Conn(self.socket, timeout=timeout)
        try:
            conn.send({"op": "watch", "id": "w", "job": job})
            return conn.events("w", timeout)
        finally:
            conn.close()

    def final_event(self, job, timeout=60):
        return self.watch(job, timeout)[-1]

    def submit_and_watch(self, fields, timeout=60):
        """Submits with watch and returns every event until the job's end."""
        conn = Conn(self.socket, timeout=timeout)
        try:
            request = dict(fields, op="submit", id="sw", watch=True)
            conn.send(request)
            return conn.events("sw", timeout)
        finally:
            conn.close()

    def job_folder(self, job):
        return os.path.join(self.state, "jobs", job)

    def job_record(self, job):
        with open(os.path.join(self.job_folder(job), "job.json"), "rb") as f:
            return json.loads(f.read())
