"""One connection to a daemon (the Conn class), and helpers that read its replies."""

import json
import socket
import time

from hostile.report import Problem, short


# The line types that end a job's stream of events, and those of the events themselves.
FINAL_EVENTS = ("done", "failed", "cancelled", "error")
EVENT_TYPES = ("progress", "level-done", "preview", "done", "failed", "paused")


class Conn:
    """One connection: raw bytes out, lines (and JSON objects) in, every read with a deadline."""

    def __init__(self, path, hello=True, timeout=10):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.buffer = b""
        self.eof = False
        try:
            self.sock.connect(path)
        except OSError as error:
            self.sock.close()
            raise Problem("cannot connect to %s: %s" % (path, error))
        self.hello = None
        if hello:
            self.hello = self.read(timeout)
            if self.hello.get("type") != "hello":
                self.close()
                raise Problem("the first line is not the greeting: %s" % short(self.hello))

    def send_raw(self, data, timeout=30):
        self.sock.settimeout(timeout)
        try:
            self.sock.sendall(data)
        except socket.timeout:
            raise Problem("sending %d bytes stalled for %d s" % (len(data), timeout))
        except OSError as error:
            raise Problem("sending: %s" % error)

    def send(self, obj, timeout=30):
        self.send_raw(json.dumps(obj, separators=(",", ":")).encode() + b"\n", timeout)

    def read_line(self, timeout=10):
        """The next line without its LF; None when the daemon closed the connection."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            if self.eof:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                raise Problem("no line from the daemon within %.1f s" % timeout)
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                continue
            except OSError:  # reset by the daemon: the same as a close here
                chunk = b""
            if chunk:
                self.buffer += chunk
            else:
                self.eof = True
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def read(self, timeout=10):
        line = self.read_line(timeout)
        if line is None:
            raise Problem("the daemon closed the connection")
        try:
            obj = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Problem("the daemon sent a line that is not JSON: %s" % short(line))
        if not isinstance(obj, dict) or "type" not in obj:
            raise Problem("a line without type: %s" % short(line))
        return obj

    def request(self, obj, timeout=30, close=False):
        """Sends a request and returns the first line that carries its id."""
        try:
            self.send(obj, timeout)
            deadline = time.monotonic() + timeout
            while True:
                reply = self.read(max(0.1, deadline - time.monotonic()))
                if reply.get("id") == obj.get("id") and reply.get("type") not in EVENT_TYPES:
                    return reply
        finally:
            if close:
                self.close()

    def events(self, request_id, timeout=60):
        """Lines of `request_id` until a final one."""
        deadline = time.monotonic() + timeout
        events = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Problem("no final event within %d s; last: %s" % (timeout, short(events[-3:])))
            event = self.read(left)
            if event.get("id") != request_id:
                continue
            events.append(event)
            if event["type"] in FINAL_EVENTS:
                return events

    def wait_closed(self, timeout):
        """Reads until the daemon closes; returns (lines read, seconds taken) or (lines, None)."""
        start = time.monotonic()
        lines = []
        try:
            while True:
                line = self.read_line(max(0.05, timeout - (time.monotonic() - start)))
                if line is None:
                    return lines, time.monotonic() - start
                lines.append(line)
        except Problem:
            return lines, None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def code_of(reply):
    error = reply.get("error") if isinstance(reply, dict) else None
    return error.get("code") if isinstance(error, dict) else None


def field_of(reply):
    error = reply.get("error") if isinstance(reply, dict) else None
    return error.get("field") if isinstance(error, dict) else None


def is_error(reply, code, field=None):
    if not isinstance(reply, dict) or reply.get("type") != "error" or code_of(reply) != code:
        return False
    message = reply["error"].get("message")
    if not isinstance(message, str) or not message:
        return False
    return field is None or field_of(reply) == field
