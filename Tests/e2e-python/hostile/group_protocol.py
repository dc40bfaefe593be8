"""The protocol group: a seeded corpus of malformed, odd and oversized lines."""

import json
import random
import threading
import time

from hostile.connection import EVENT_TYPES, Conn, code_of, is_error
from hostile.daemon import Daemon
from hostile.manual import error_codes_from_manual
from hostile.processes import MemoryWatch
from hostile.protocol_corpus import answered_line_count, protocol_corpus
from hostile.report import Problem, short
from hostile.waiting import wait_until


def run(g):
    g.doing = "start the daemon with --max-line-bytes 64K"
    daemon = Daemon(g, "d", ["--max-line-bytes", "64K"])
    daemon.start()
    codes = error_codes_from_manual()
    conn = Conn(daemon.socket)
    max_line = conn.hello.get("limits", {}).get("max_line_bytes")
    g.check("the greeting announces max_line_bytes 65536", max_line == 65536, short(conn.hello))
    max_line = max_line or 65536
    second = Conn(daemon.socket)  # opened now, used after the corpus

    rng = random.Random(20261204)
    lines = protocol_corpus(rng, max_line)
    replies = []
    reader_error = []

    def reader():
        try:
            while True:
                line = conn.read_line(30)
                if line is None:
                    return
                replies.append(line)
                if b'"sentinel"' in line:
                    return
        except Problem as problem:
            reader_error.append(str(problem))

    g.doing = "send the corpus"
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    memory = MemoryWatch(daemon)
    start = time.monotonic()
    sent = 0
    index = 0
    while index < len(lines):
        # Mostly many lines in one write; now and then one line alone, or a line split byte by byte.
        count = rng.choice([1, 1, 5, 20, 100])
        batch = lines[index:index + count]
        index += count
        data = b"".join(line + b"\n" for line in batch)
        if count == 1 and len(data) < 200 and rng.random() < 0.1:
            for byte in range(len(data)):
                conn.send_raw(data[byte:byte + 1])
        else:
            conn.send_raw(data, timeout=60)
        sent += len(batch)
    # Lines split byte by byte, and a CR LF ending, checked by their ids.
    for byte in b'{"op":"status","id":"slow"}\r\n':
        conn.send_raw(bytes([byte]))
        time.sleep(0.001)
    conn.send_raw(b"\n\r\n\n")  # empty lines: ignored
    conn.send_raw(b'{"op":"status","id":"sentinel"}\n')
    thread.join(60)
    elapsed = time.monotonic() - start
    peak = memory.stop()
    g.info("%d lines (%d bytes) sent in %.1f s; %d lines back; peak RSS %.0f MB"
           % (len(lines), sum(len(x) + 1 for x in lines), elapsed, len(replies), peak))

    g.doing = "check the replies"
    g.check("the corpus was read to its end (the sentinel was answered)",
            not thread.is_alive() and replies and b'"sentinel"' in replies[-1],
            "reader: %s; %d lines back; daemon alive: %s" % (reader_error, len(replies), daemon.alive()))
    bad = []
    answered = 0
    kinds = {}
    for line in replies:
        try:
            reply = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            bad.append("not JSON: " + short(line, 120))
            continue
        kind = reply.get("type") if isinstance(reply, dict) else None
        if kind not in EVENT_TYPES:
            answered += 1
        if kind == "error":
            code = code_of(reply)
            kinds[code] = kinds.get(code, 0) + 1
            if code not in codes or not isinstance(reply["error"].get("message"), str):
                bad.append("error not in jukebox-protocol(7): " + short(reply, 160))
        elif kind in ("status", "models", "labels", "jobs", "accepted", "cancelled", "audio", "tokens") + EVENT_TYPES:
            kinds[kind] = kinds.get(kind, 0) + 1
        else:
            bad.append("unexpected line: " + short(line, 160))
    g.info("replies by kind: %s" % json.dumps(kinds, sort_keys=True))
    g.check("every reply is a documented error or a legitimate reply", not bad,
            "%d bad, first: %s" % (len(bad), bad[:5]))
    expected = answered_line_count(lines) + 2  # the slow status and the sentinel
    g.check("every non-empty line got exactly one reply", answered == expected,
            "%d non-empty lines sent, %d replies" % (expected, answered))
    by_id = {}
    for line in replies:
        try:
            reply = json.loads(line)
            by_id.setdefault(json.dumps(reply.get("id")), []).append(reply)
        except (ValueError, AttributeError):
            pass
    slow = by_id.get('"slow"', [])
    g.check("a request sent byte by byte with CR LF is answered with status",
            len(slow) == 1 and slow[0].get("type") == "status", short(slow))

    g.doing = "boundary lines"
    for size, code in [(max_line, "bad_json"), (max_line + 1, "line_too_long")]:
        conn2 = Conn(daemon.socket)
        try:
            conn2.send_raw(b"x" * size + b"\n")
            reply = conn2.read(30)
        finally:
            conn2.close()
        g.check("a line of %d bytes gets %s%s" % (size, code, " with a null id" if code == "line_too_long" else ""),
                is_error(reply, code) and (code != "line_too_long" or reply.get("id") is None), short(reply))

    g.doing = "after the corpus"
    g.attempt("the same connection still answers status",
              lambda: None if conn.request({"op": "status", "id": "after"}, 30).get("type") == "status" else "no status")
    g.attempt("a second connection opened before the corpus answers status",
              lambda: None if second.request({"op": "status", "id": "second"}, 30).get("type") == "status" else "no status")
    g.check("a new connection answers status", daemon.serves())
    # Measured: about 60 MB at the peak for this corpus (debug build, the tiny model loaded by
    # the jobs it accepted); the 64K lines are never held more than once.
    g.check("the daemon's RSS stayed under 250 MB (peak %.0f MB)" % peak, 0 < peak < 250 and not memory.killed,
            "peak %.0f MB" % peak)
    conn.close()
    second.close()
    # The jobs the corpus got accepted (odd but valid values: -0, 5e-324, 1E+2...) all end,
    # and none of them takes the daemon down.
    g.doing = "wait for the accepted jobs"
    pending = wait_until(lambda: not [j for j in daemon.jobs().values() if j.get("state") in ("queued", "running")],
                         60, 0.5)
    states = {}
    for entry in daemon.jobs().values():
        states[entry.get("state")] = states.get(entry.get("state"), 0) + 1
    g.check("the %d jobs the corpus got accepted all ended and the daemon serves (%s)"
            % (sum(states.values()), json.dumps(states, sort_keys=True)),
            pending and daemon.serves(), "states %s, daemon alive: %s" % (states, daemon.alive()))
