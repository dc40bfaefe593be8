"""Helper processes: spawning and killing them, sampling their memory, and tmpfs mounts."""

import os
import signal
import subprocess
import threading
import time

from hostile import shared


IS_ROOT = os.geteuid() == 0


def spawn(args, **kwargs):
    """Starts a helper process and remembers it, so the cleanup kills it."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    process = subprocess.Popen(args, **kwargs)
    shared.CHILDREN.append(process)
    return process


def kill_process(process, sig=signal.SIGKILL, timeout=10):
    if process is None or process.poll() is not None:
        return
    try:
        process.send_signal(sig)
        process.wait(timeout)
    except (OSError, subprocess.TimeoutExpired):
        try:
            process.kill()
            process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass


def proc_status_kb(pid, key):
    """VmRSS or VmHWM of a process in KiB, or None when it is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


class MemoryWatch:
    """Samples a daemon's VmRSS every 20 ms in a thread; kills the daemon past `kill_mb` so a
    memory bomb cannot take the machine down."""

    def __init__(self, daemon, kill_mb=3000):
        self.daemon = daemon
        self.kill_mb = kill_mb
        self.peak_mb = 0.0
        self.killed = False
        self.running = True
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while self.running:
            rss = self.daemon.rss_mb()
            if rss is not None:
                self.peak_mb = max(self.peak_mb, rss)
                if rss > self.kill_mb:
                    self.killed = True
                    self.daemon.kill()
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.thread.join(2)
        return self.peak_mb


def unmount(path):
    for args in (["umount", path], ["umount", "-l", path]):
        if subprocess.run(args, capture_output=True).returncode == 0:
            break
    if path in shared.MOUNTS:
        shared.MOUNTS.remove(path)
