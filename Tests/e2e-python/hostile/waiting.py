"""Polling with a time limit."""

import time


def wait_until(condition, timeout, interval=0.05):
    """Polls `condition` until it returns a true value or `timeout` passes; returns the value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
