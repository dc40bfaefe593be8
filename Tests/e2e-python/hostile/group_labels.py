"""The labels group: long artist, genre and lyrics strings."""

import random
import time

from hostile.connection import Conn, code_of, is_error
from hostile.daemon import Daemon
from hostile.report import short


def run(g):
    g.doing = "start the daemon"
    daemon = Daemon(g, "d")
    daemon.start()
    conn = Conn(daemon.socket, timeout=30)
    submit = {"op": "submit", "id": "s", "model": "tiny", "mode": "ancestral", "seconds": 0.1, "takes": 1, "levels": [2]}

    def refused(request, field):
        reply = conn.request(request, 30)
        return None if is_error(reply, "out_of_range", field) else "got %s" % short(reply)

    def allowed(request):
        reply = conn.request(request, 30)
        return "got %s" % short(reply) if code_of(reply) == "out_of_range" else None

    g.attempt("submit artist of 257 bytes: out_of_range (artist)", lambda: refused(dict(submit, artist="a" * 257), "artist"))
    g.attempt("submit artist of 129 two-byte characters (258 bytes): out_of_range (artist)",
              lambda: refused(dict(submit, artist="\u00e9" * 129), "artist"))
    g.attempt("submit artist of 256 bytes is not out_of_range", lambda: allowed(dict(submit, artist="a" * 256)))
    long_genre = "g" * 300
    g.attempt("submit genres entry of 300 bytes: out_of_range (genres[1])",
              lambda: refused(dict(submit, genres=["pop", long_genre]), "genres[1]"))
    g.attempt("submit genres entry of 1 MiB: out_of_range (genres[0])",
              lambda: refused(dict(submit, genres=["g" * (1 << 20)]), "genres[0]"))
    labels = {"op": "labels", "id": "l", "model": "tiny"}
    g.attempt("labels artist query of 257 bytes: out_of_range (artist)", lambda: refused(dict(labels, artist="a" * 257), "artist"))
    g.attempt("labels genre query of 257 bytes: out_of_range (genre)", lambda: refused(dict(labels, genre="b" * 257), "genre"))
    g.attempt("labels artist query of 256 bytes is answered", lambda: allowed(dict(labels, artist="a" * 256)))

    rng = random.Random(7)
    for field in ("artist", "genre"):
        query = "".join(rng.choice("abcdefghij klmnop_-\u00e9\u4e2d") for _ in range(1 << 20)).encode()[:1 << 20].decode(errors="ignore")
        start = time.monotonic()
        reply = conn.request(dict(labels, **{field: query}), 30)
        took = time.monotonic() - start
        g.check("labels %s query of 1 MiB: out_of_range (%s) within a second (%.2f s)" % (field, field, took),
                is_error(reply, "out_of_range", field) and took < 1.0, "%.2f s: %s" % (took, short(reply)))
    g.attempt("submit lyrics of 262145 bytes: out_of_range (lyrics)",
              lambda: refused(dict(submit, lyrics="la " * 87381 + "la"), "lyrics"))
    g.check("the daemon still serves", daemon.serves())
    conn.close()
