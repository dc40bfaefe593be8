"""The output: one ok, FAIL, skip or info line per check, counted in the totals; and Problem."""

import json

from hostile import shared


class Problem(Exception):
    """Something the daemon did (or did not do) that makes the current check fail."""


def out(line):
    print(line, flush=True)


def short(value, limit=300):
    text = value if isinstance(value, str) else json.dumps(value) if not isinstance(value, bytes) else repr(value)
    return text if len(text) <= limit else text[:limit] + "...(%d chars)" % len(text)


def ok(group, what):
    shared.TOTALS["passed"] += 1
    out("ok   [%s] %s" % (group, what))


def fail(group, what, details, log=""):
    """`log` is the tail of the daemon log, already indented, or nothing."""
    shared.TOTALS["failed"] += 1
    out("FAIL [%s] %s: %s%s" % (group, what, details, log))


def skip(group, what, why):
    shared.TOTALS["skipped"] += 1
    out("skip [%s] %s: %s" % (group, what, why))


def info(group, text):
    out("info [%s] %s" % (group, text))
