#!/usr/bin/env python3
"""submission-driver.py - the client side of submission-bench.sh.

  submission-driver.py --port P --sessions N --concurrency C --mode full|handshake
                       [--user bench --password benchpass --auth plain|login]
                       [--sender bench@submission.test --rcpt sink@example.test --size 4096]
                       [--procs K] [--timeout 30] [--deadline 600]

Runs N sessions against 127.0.0.1:P with C of them in flight at any time, then prints one JSON line.
One session is one TCP connection:

  full:      banner, EHLO, STARTTLS, TLS 1.3 handshake, EHLO, AUTH PLAIN (initial response; or
             AUTH LOGIN in three steps), MAIL, RCPT, DATA, the message (exactly --size bytes with
             its headers, CRLF lines, dot-terminated), QUIT
  handshake: banner, EHLO, STARTTLS, TLS 1.3 handshake, EHLO, QUIT

Every reply is read in full and its code checked (220, 250, 220, -, 250, 235, 250, 250, 354, 250,
221); a command is sent only after the reply to the one before (no pipelining). TLS: 1.3 only, the
server's certificate is not verified (self-signed), no SNI, no session resumption (each session a
full handshake with its own key exchange).

Concurrency: K worker processes (default: the number of CPUs, at most C), each with its share of
the C threads; a thread runs one session after the other, taking session numbers from a counter
shared by all processes until N are taken. Python's ssl module releases the GIL while OpenSSL
works (handshake, reads, writes) and socket calls release it while they wait, so the GIL is held
only for the little Python work per command; K processes spread that over the cores. All threads
are released together once every process is ready.

Output (stdout, one JSON line):
  sessions (attempted), ok (ended with 221 to QUIT), errors, wall_s (release -> end of the last
  session, CLOCK_MONOTONIC), rate (ok / wall_s), lat_ms_p50/p90/p99 (per session, connect to
  close), driver_cpu_s (user+system of the worker processes and of this parent, from getrusage),
  error_samples (up to 10 distinct "step: reason" strings with counts).
Exit status: 0 when every session ended well, 2 when any failed, 1 on a usage error.
Only loopback: the host is always 127.0.0.1. Every socket operation has --timeout; no session
starts after --deadline seconds from the release.
"""
import argparse
import base64
import collections
import json
import multiprocessing as mp
import os
import resource
import socket
import ssl
import sys
import threading
import time


class SessionError(Exception):
    def __init__(self, step, reason):
        super().__init__("%s: %s" % (step, reason))
        self.step = step
        self.reason = reason


class Conn:
    """One SMTP client connection: a socket (plain, then TLS) and a receive buffer."""

    def __init__(self, port, timeout):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def reply(self, step, want):
        """Reads one whole reply (all its lines); raises unless its code is want."""
        while True:
            end = 0
            while True:
                i = self.buf.find(b"\r\n", end)
                if i < 0:
                    break
                line = self.buf[end:i]
                end = i + 2
                if len(line) < 3:
                    raise SessionError(step, "malformed reply line %r" % line[:80])
                if len(line) == 3 or line[3:4] == b" ":
                    self.buf = self.buf[end:]
                    code = line[:3]
                    if code != want:
                        raise SessionError(step, "got %r" % line[:120].decode("latin-1"))
                    return line
            data = self.sock.recv(65536)
            if not data:
                raise SessionError(step, "connection closed by the server")
            self.buf += data
            if len(self.buf) > 1 << 20:
                raise SessionError(step, "reply longer than 1 MiB")

    def send(self, data):
        self.sock.sendall(data)

    def cmd(self, step, line, want):
        self.sock.sendall(line)
        return self.reply(step, want)

    def starttls(self, ctx):
        if self.buf:
            raise SessionError("starttls", "data after the 220 to STARTTLS")
        self.sock = ctx.wrap_socket(self.sock, do_handshake_on_connect=False)
        self.sock.do_handshake()
        if self.sock.version() != "TLSv1.3":
            raise SessionError("tls", "negotiated %s" % self.sock.version())

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def make_message(size, sender, rcpt, seq):
    """A message of exactly size bytes (headers included), CRLF lines of at most 78 characters,
    no line starting with a dot."""
    head = ("From: <%s>\r\nTo: <%s>\r\nSubject: submission benchmark %d\r\n"
            "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nMessage-ID: <%d.%d@submission.test>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            % (sender, rcpt, seq, seq, os.getpid())).encode()
    left = size - len(head)
    line = b"The quick brown fox jumps over the lazy dog, 0123456789 abcdefghijklmnopqrst\r\n"
    body = b""
    while left - len(body) >= len(line) + 2:
        body += line
    body += b"x" * (left - len(body) - 2) + b"\r\n"
    return head + body


def session(args, ctx, seq, auth_plain, auth_login):
    c = Conn(args.port, args.timeout)
    try:
        c.reply("banner", b"220")
        c.cmd("ehlo", b"EHLO client.submission.test\r\n", b"250")
        c.cmd("starttls", b"STARTTLS\r\n", b"220")
        try:
            c.starttls(ctx)
        except (ssl.SSLError, OSError) as e:
            raise SessionError("tls", str(e)[:120])
        c.cmd("ehlo2", b"EHLO client.submission.test\r\n", b"250")
        if args.mode == "full":
            if args.auth == "plain":
                c.cmd("auth", auth_plain, b"235")
            else:
                c.cmd("auth", b"AUTH LOGIN\r\n", b"334")
                c.cmd("auth-user", auth_login[0], b"334")
                c.cmd("auth", auth_login[1], b"235")
            c.cmd("mail", b"MAIL FROM:<%s>\r\n" % args.sender.encode(), b"250")
            c.cmd("rcpt", b"RCPT TO:<%s>\r\n" % args.rcpt.encode(), b"250")
            c.cmd("data", b"DATA\r\n", b"354")
            c.send(make_message(args.size, args.sender, args.rcpt, seq) + b".\r\n")
            c.reply("dot", b"250")
        c.cmd("quit", b"QUIT\r\n", b"221")
    finally:
        c.close()


def worker(args, nthreads, counter, lock, ready, go, results):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.maximum_version = ssl.TLSVersion.TLSv1_3
    auth_plain = b"AUTH PLAIN " + base64.b64encode(
        b"\0" + args.user.encode() + b"\0" + args.password.encode()) + b"\r\n"
    auth_login = (base64.b64encode(args.user.encode()) + b"\r\n",
                  base64.b64encode(args.password.encode()) + b"\r\n")
    mine = collections.Counter()
    lat = []
    ok = [0]
    ends = [0.0]
    guard = threading.Lock()
    start = [0.0]

    def take():
        with lock:
            n = counter.value
            if n >= args.sessions:
                return -1
            counter.value = n + 1
            return n

    def run():
        while time.monotonic() - start[0] < args.deadline:
            seq = take()
            if seq < 0:
                return
            t0 = time.monotonic()
            err = None
            try:
                session(args, ctx, seq, auth_plain, auth_login)
            except SessionError as e:
                err = "%s: %s" % (e.step, e.reason)
            except socket.timeout:
                err = "timeout after %ss" % args.timeout
            except (OSError, ssl.SSLError) as e:
                err = "socket: %s" % str(e)[:120]
            t1 = time.monotonic()
            with guard:
                if err is None:
                    ok[0] += 1
                    lat.append(t1 - t0)
                else:
                    mine[err] += 1
                if t1 > ends[0]:
                    ends[0] = t1

    threads = [threading.Thread(target=run, daemon=True) for _ in range(nthreads)]
    ready.release()
    go.wait()
    start[0] = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ru = resource.getrusage(resource.RUSAGE_SELF)
    results.put({"ok": ok[0], "errors": dict(mine), "lat": lat, "end": ends[0],
                 "cpu": ru.ru_utime + ru.ru_stime})


def pct(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    i = min(len(sorted_vals) - 1, max(0, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[i]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sessions", type=int, required=True)
    ap.add_argument("--concurrency", type=int, required=True)
    ap.add_argument("--mode", choices=("full", "handshake"), required=True)
    ap.add_argument("--user", default="bench")
    ap.add_argument("--password", default="benchpass")
    ap.add_argument("--auth", choices=("plain", "login"), default="plain")
    ap.add_argument("--sender", default="bench@submission.test")
    ap.add_argument("--rcpt", default="sink@example.test")
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--procs", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--deadline", type=float, default=600.0)
    args = ap.parse_args()
    if args.sessions < 1 or args.concurrency < 1 or args.size < 512:
        ap.error("sessions and concurrency must be positive, size at least 512")
    procs = args.procs or os.cpu_count() or 1
    procs = max(1, min(procs, args.concurrency))
    shares = [args.concurrency // procs + (1 if i < args.concurrency % procs else 0) for i in range(procs)]

    mpc = mp.get_context("fork")
    counter = mpc.Value("l", 0, lock=False)
    lock = mpc.Lock()
    ready = mpc.Semaphore(0)
    go = mpc.Event()
    results = mpc.Queue()
    ps = [mpc.Process(target=worker, args=(args, n, counter, lock, ready, go, results), daemon=True)
          for n in shares]
    for p in ps:
        p.start()
    for _ in ps:
        if not ready.acquire(timeout=60):
            print(json.dumps({"errors": 1, "error_samples": {"driver": "workers did not start"}}))
            sys.exit(2)
    t0 = time.monotonic()
    go.set()
    got = []
    limit = t0 + args.deadline + 3 * args.timeout + 30
    while len(got) < len(ps) and time.monotonic() < limit:
        try:
            got.append(results.get(timeout=1.0))
        except Exception:
            if not any(p.is_alive() for p in ps) and results.empty():
                break
    for p in ps:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
    errs = collections.Counter()
    lat = []
    ok = 0
    end = t0
    cpu = 0.0
    for r in got:
        ok += r["ok"]
        errs.update(r["errors"])
        lat.extend(r["lat"])
        end = max(end, r["end"])
        cpu += r["cpu"]
    if len(got) < len(ps):
        errs["driver: %d of %d worker processes gave no result" % (len(ps) - len(got), len(ps))] += 1
    attempted = counter.value
    if attempted < args.sessions:
        errs["driver: only %d of %d sessions started before the deadline" % (attempted, args.sessions)] += 1
    me = resource.getrusage(resource.RUSAGE_SELF)
    cpu += me.ru_utime + me.ru_stime
    lat.sort()
    wall = end - t0
    nerr = sum(errs.values())
    print(json.dumps({
        "mode": args.mode, "concurrency": args.concurrency, "procs": procs,
        "sessions": attempted, "ok": ok, "errors": nerr, "wall_s": round(wall, 4),
        "rate": round(ok / wall, 2) if wall > 0 else 0.0,
        "lat_ms_p50": round(1000 * pct(lat, 50), 2), "lat_ms_p90": round(1000 * pct(lat, 90), 2),
        "lat_ms_p99": round(1000 * pct(lat, 99), 2),
        "driver_cpu_s": round(cpu, 3),
        "error_samples": dict(errs.most_common(10)),
    }))
    sys.exit(0 if nerr == 0 and ok == args.sessions else 2)


if __name__ == "__main__":
    main()
