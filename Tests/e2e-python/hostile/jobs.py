"""Submit requests that the groups share, and the state of a job as jobs and job.json tell it."""

from hostile.report import Problem
from hostile.waiting import wait_until


def cheap_job(**extra):
    """A short ancestral job at the top level only: a second or two on the tiny model."""
    job = {"model": "tiny", "mode": "ancestral", "seconds": 0.1, "takes": 1, "levels": [2], "seed": 1}
    job.update(extra)
    return job


def long_job(**extra):
    """A job of many windows (about 0.3 s each on this machine) at the top level."""
    job = {"model": "tiny", "mode": "ancestral", "seconds": 3, "takes": 1, "levels": [2], "seed": 7,
           "hop_fractions": [0.25, 0.5, 0.5]}
    job.update(extra)
    return job


def wait_running(daemon, job, timeout=30):
    """Polls `jobs` until `job` is running; True when it is."""
    def running():
        try:
            return daemon.jobs(5).get(job, {}).get("state") == "running"
        except Problem:
            return False
    return wait_until(running, timeout, 0.02)


def starts_without_progress(daemon, job):
    """The starts_without_progress count in the job.json of `job`, or None when it cannot be read."""
    try:
        return daemon.job_record(job).get("starts_without_progress")
    except (OSError, ValueError):
        return None
