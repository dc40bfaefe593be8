"""The error codes that jukebox-protocol(7) documents."""

import os
import re


# This folder is Tests/e2e-python/hostile: the repository is three folders up.
HERE = os.path.dirname(os.path.abspath(__file__))
# Error codes from jukebox-protocol(7) ERROR CODES, used when the page cannot be read.
KNOWN_CODES = ["bad_json", "line_too_long", "too_deep", "bad_request", "unknown_op", "unknown_field",
               "missing_field", "invalid_field", "out_of_range", "unknown_model", "unknown_artist",
               "unknown_genre", "bad_audio", "busy", "not_found", "not_ready", "forbidden", "cancelled",
               "shutting_down", "internal", "numeric_error", "crashed", "disk_full", "timeout", "no_space",
               "job_active", "last_take", "job_ended"]


def error_codes_from_manual():
    """The codes listed in the ERROR CODES section of man/jukebox-protocol.7."""
    path = os.path.join(HERE, "..", "..", "..", "man", "jukebox-protocol.7")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return set(KNOWN_CODES)
    section = text.split(".Sh ERROR CODES", 1)[-1].split("\n.Sh ", 1)[0]
    codes = set(re.findall(r"^\.It Cm ([a-z_]+)\s*$", section, re.M))
    return codes or set(KNOWN_CODES)
