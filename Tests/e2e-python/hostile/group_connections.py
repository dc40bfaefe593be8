"""The connections group: per-user caps, slow and idle connections, the buffered-bytes budget."""

import json
import select
import signal
import time

from hostile.connection import Conn, is_error
from hostile.daemon import Daemon
from hostile.jobs import long_job
from hostile.nobody import open_to_nobody, run_as_nobody
from hostile.processes import IS_ROOT, kill_process
from hostile.report import Problem, short


# Run as nobody: opens N connections, reads the first line of each; of the last, everything until
# the daemon closes it. Prints the results as JSON, then holds the connections until stdin ends.
NOBODY_CONNECTIONS = r"""
import json, socket, sys, time
path, count = sys.argv[1], int(sys.argv[2])
results, held = [], []
for i in range(count):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(path)
    except OSError as e:
        results.append({"connect_error": str(e)})
        continue
    held.append(s)
    data, closed, start = b"", False, time.monotonic()
    try:
        while (i == count - 1 or b"\n" not in data) and time.monotonic() - start < 5:
            chunk = s.recv(65536)
            if not chunk:
                closed = True
                break
            data += chunk
    except (socket.timeout, OSError):
        pass
    results.append({"lines": data.decode("utf-8", "replace").splitlines(), "closed": closed})
print(json.dumps(results), flush=True)
sys.stdin.readline()
"""


def run(g):
    g.doing = "per-user connection cap"
    if not IS_ROOT:
        g.skip("a 9th connection of one non-root uid gets busy; root still gets status", "needs root")
    else:
        daemon = Daemon(g, "cap", ["--max-connections-per-user", "8"])
        open_to_nobody(g, daemon)
        child, line = run_as_nobody(NOBODY_CONNECTIONS, [daemon.socket, "9"], 40)
        try:
            results = json.loads(line)
            first_eight = results[:8]
            greeted = sum(1 for r in first_eight if r.get("lines") and json.loads(r["lines"][0]).get("type") == "hello")
            g.check("nobody's first 8 connections get the greeting", greeted == 8, short(first_eight))
            ninth = results[8] if len(results) > 8 else {}
            lines = [json.loads(x) for x in ninth.get("lines", []) if x.strip()]
            g.check("nobody's 9th connection gets one busy error line instead of the greeting, and is closed",
                    len(lines) == 1 and is_error(lines[0], "busy") and ninth.get("closed"), short(ninth), daemon)
            g.check("root can still connect and get status while nobody holds 8", daemon.serves(), "", daemon)
        finally:
            try:
                child.stdin.close()
            except OSError:
                pass
            kill_process(child, signal.SIGTERM, 5)
        daemon.kill()

    g.doing = "line timeout"
    daemon = Daemon(g, "line", ["--line-timeout", "2"])
    daemon.start()
    conn = Conn(daemon.socket)
    conn.send_raw(b'{"op":"status","id":')
    lines, took = conn.wait_closed(8)
    replies = [json.loads(x) for x in lines if x.strip()]
    g.check("half a line, then nothing: a timeout error, and closed after 1.5-5.5 s (%s s)"
            % (None if took is None else "%.1f" % took),
            took is not None and 1.5 <= took <= 5.5 and len(replies) == 1 and is_error(replies[0], "timeout"),
            "lines %s, closed after %s s" % (short(replies), took), daemon)
    conn.close()
    conn = Conn(daemon.socket)
    start = time.monotonic()
    closed_at = None
    # A byte every 0.1 s: the limit runs from the line's first byte, however it trickles in.
    for byte in b'{"op":"status","id":"drip","x":"' + b"z" * 100:
        try:
            conn.sock.send(bytes([byte]))
        except OSError:  # the daemon closed it
            closed_at = time.monotonic() - start
            break
        readable, _, _ = select.select([conn.sock], [], [], 0.1)
        if readable:
            lines, took = conn.wait_closed(1)
            if took is not None:
                closed_at = time.monotonic() - start
                break
        if time.monotonic() - start > 8:
            break
    g.check("a line dripped a byte every 0.1 s is cut off after 1.5-5.5 s (%s s)"
            % (None if closed_at is None else "%.1f" % closed_at),
            closed_at is not None and 1.5 <= closed_at <= 5.5,
            "closed after %.1f s" % closed_at if closed_at else "still open after %.1f s of dripping"
            % (time.monotonic() - start), daemon)
    conn.close()
    g.check("the daemon with --line-timeout 2 still serves", daemon.serves(), "", daemon)
    daemon.kill()

    g.doing = "idle timeout"
    daemon = Daemon(g, "idle", ["--idle-timeout", "2"])
    daemon.start()
    watcher = Conn(daemon.socket, timeout=30)
    watcher.send(dict(long_job(seconds=4), op="submit", id="watched", watch=True))
    accepted = watcher.read(30)
    job = accepted.get("job")
    idle = Conn(daemon.socket)
    lines, took = idle.wait_closed(8)
    replies = [json.loads(x) for x in lines if x.strip()]
    g.check("a connection that says nothing is closed after 1.5-5.5 s (%s s), at most with a timeout error"
            % (None if took is None else "%.1f" % took),
            took is not None and 1.5 <= took <= 5.5 and all(is_error(r, "timeout") for r in replies) and len(replies) <= 1,
            "lines %s, closed after %s s" % (short(replies), took), daemon)
    idle.close()
    time.sleep(max(0.0, 5 - took if took else 0))
    try:
        reply = watcher.request({"op": "status", "id": "still-there"}, 10)
        watched_ok = reply.get("type") == "status"
    except Problem as problem:
        watched_ok, reply = False, str(problem)
    g.check("a connection watching a running job for 5 s is not closed for idleness", watched_ok and job, short(reply), daemon)
    watcher.close()
    if job:
        daemon.request({"op": "cancel", "id": "c", "job": job})
    daemon.kill()

    g.doing = "buffered bytes budget"
    daemon = Daemon(g, "budget", ["--max-buffered-bytes", "1M", "--max-line-bytes", "1M"])
    daemon.start()
    conns = [Conn(daemon.socket) for _ in range(3)]
    stalled = []
    for index, conn in enumerate(conns):
        try:
            conn.send_raw(b'{"op":"status","id":"big","x":"' + b"a" * 600000, timeout=5)
        except Problem as problem:
            stalled.append("connection %d: %s" % (index, problem))
    outcomes = []
    for conn in conns:
        lines, took = conn.wait_closed(5)
        outcomes.append(([json.loads(x) for x in lines if x.strip()], took))
        conn.close()
    busy = [o for o in outcomes if o[1] is not None and any(is_error(r, "busy") for r in o[0])]
    g.check("three connections with 600 KB unfinished lines against 1M: at least one gets busy and is closed",
            busy, "outcomes (lines, closed after s): %s; %s" % (short(outcomes), stalled), daemon)
    g.check("the daemon stays up and serves status after that", daemon.serves(), "", daemon)
    daemon.kill()
