"""The run folder's bookkeeping: state.json (stages done, progress), metrics.json, and the log."""
import json
import os
import sys
import time
from pathlib import Path


def write_json(path, value):
    """Write JSON atomically (temporary file, then rename)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, indent=1, sort_keys=False) + "\n")
    os.replace(tmp, path)


def read_json(path, default):
    """The JSON at path, or `default` when the file does not exist."""
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else default


class RunState:
    """state.json and metrics.json of an output folder; every change is written at once."""

    def __init__(self, out):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.state = read_json(self.out / "state.json", {"stages": {}, "runs": []})
        self.metrics = read_json(self.out / "metrics.json", {})

    def done(self, stage):
        """Whether `stage` has finished in this or an earlier run."""
        return bool(self.state["stages"].get(stage, {}).get("done"))

    def stage(self, stage):
        """The mutable record of `stage` (created empty)."""
        return self.state["stages"].setdefault(stage, {})

    def finish(self, stage, **facts):
        """Mark `stage` done with some facts, and save."""
        self.stage(stage).update(facts, done=True, finished=time.strftime("%Y-%m-%d %H:%M:%S"))
        self.save()

    def save(self):
        """Write state.json and metrics.json."""
        write_json(self.out / "state.json", self.state)
        write_json(self.out / "metrics.json", self.metrics)


class Log:
    """Lines with the seconds since start, to stdout and appended to train.log."""

    def __init__(self, path):
        self.started = time.monotonic()
        self.file = open(path, "a", buffering=1)

    def __call__(self, message):
        line = f"[{time.monotonic() - self.started:8.1f}s] {message}"
        print(line, flush=True, file=sys.stdout)
        self.file.write(line + "\n")

    @property
    def elapsed(self):
        """Seconds since this log was opened."""
        return time.monotonic() - self.started
