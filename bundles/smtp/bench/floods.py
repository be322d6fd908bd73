#!/usr/bin/env python3
"""floods.py - one client sends what no client should, and what that costs the server and the others.

  floods.py PORT --pid PID [--case CASE ...] [--data-mb MB]

CASE (default: all four, one after the other):
  longline   100 MB without a line end, then QUIT
  bigdata    a DATA of --data-mb MB (default 1024) to postmaster (databytes 0: no limit), then QUIT
  rcpts      MAIL, then a million RCPT TO:<postmaster> pipelined, reading the replies as they come
  pipeline   a million NOOPs pipelined, reading the replies as they come

For each case: how the flooding session ended (its last reply, or the connection closed), the
server's RSS before, at its peak (sampled every 0.2 s) and after, its heap in use after a full GC
(jcmd GC.run, GC.heap_info), and a legitimate client sending one message every 2 s meanwhile: how many
it sent and its slowest. Everything on 127.0.0.1; every loop is bounded by the case's size and a
600 s deadline per case.
"""
import argparse
import re
import smtplib
import socket
import subprocess
import sys
import threading
import time

DEADLINE = 600


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def heap_after_gc_mib(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    # the heap's generations (Serial: "def new generation", "tenured generation"; G1: "garbage-first
    # heap"), not Metaspace
    used = [int(k) for k in re.findall(r"(?:generation|heap)\s+total \d+K, used (\d+)K", info)]
    return sum(used) // 1024 if used else -1


class Replies(threading.Thread):
    """Reads a socket's replies to the end, keeping the count and the last line."""

    def __init__(self, sock):
        super().__init__(daemon=True)
        self.sock, self.count, self.last, self.codes = sock, 0, b"", {}

    def run(self):
        pending = b""
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    break
                pending += data
                *lines, pending = pending.split(b"\r\n")
                for line in lines:
                    if len(line) >= 4 and line[3:4] == b" ":
                        self.count += 1
                        self.codes[line[:3]] = self.codes.get(line[:3], 0) + 1
                    self.last = line
        except OSError:
            pass


def flood(port, case, data_mb):
    sock = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    sock.recv(4096)  # the greeting
    replies = Replies(sock)
    replies.start()
    started = time.monotonic()
    sent = 0
    try:
        if case == "longline":
            chunk = b"a" * 65536
            for _ in range(100 * 16):
                sock.sendall(chunk)
                sent += len(chunk)
            sock.sendall(b"\r\nQUIT\r\n")
        elif case == "bigdata":
            sock.sendall(b"EHLO flood.test\r\nMAIL FROM:<flood@flood.test>\r\nRCPT TO:<postmaster>\r\nDATA\r\n")
            time.sleep(0.5)
            line = b"x" * 998 + b"\r\n"
            chunk = b"Subject: big\r\n\r\n" + line * 64
            while sent < data_mb * 1024 * 1024:
                sock.sendall(chunk)
                sent += len(chunk)
                chunk = line * 64
            sock.sendall(b".\r\nQUIT\r\n")
        elif case in ("rcpts", "pipeline"):
            command = b"RCPT TO:<postmaster>\r\n" if case == "rcpts" else b"NOOP\r\n"
            if case == "rcpts":
                sock.sendall(b"EHLO flood.test\r\nMAIL FROM:<flood@flood.test>\r\n")
            batch = command * 1000
            for _ in range(1000):
                sock.sendall(batch)
                sent += 1000
            sock.sendall(b"QUIT\r\n")
    except OSError as e:
        ended = f"the server closed while we sent ({e.__class__.__name__}) after {sent:,} {'bytes' if case in ('longline', 'bigdata') else 'commands'}"
    else:
        ended = None
    replies.join(DEADLINE - (time.monotonic() - started))
    sock.close()
    codes = ", ".join(f"{k.decode()} x{v:,}" for k, v in sorted(replies.codes.items()))
    last = replies.last.decode("latin-1")[:80]
    return (ended or f"sent {sent:,} {'bytes' if case in ('longline', 'bigdata') else 'commands'}") + \
        f"; replies {codes}; last \"{last}\"; {time.monotonic() - started:.1f} s"


def legitimate(port, stop, results):
    while not stop.is_set():
        begun = time.monotonic()
        try:
            with smtplib.SMTP("127.0.0.1", port, local_hostname="mta.test", timeout=120) as s:
                s.sendmail("mta@mta.test", ["postmaster"], "Subject: legitimate\r\n\r\nhello\r\n")
            results.append(time.monotonic() - begun)
        except (smtplib.SMTPException, OSError) as e:
            results.append(None)
            print(f"  legitimate client: {e}", file=sys.stderr)
        stop.wait(2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--case", nargs="*", default=["longline", "bigdata", "rcpts", "pipeline"])
    parser.add_argument("--data-mb", type=int, default=1024)
    args = parser.parse_args()
    failed = 0
    for case in args.case:
        before = rss_mib(args.pid)
        peak = [before]
        done = threading.Event()

        def sample():
            while not done.wait(0.2):
                peak[0] = max(peak[0], rss_mib(args.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        legit = []
        stop = threading.Event()
        other = threading.Thread(target=legitimate, args=(args.port, stop, legit), daemon=True)
        other.start()
        ended = flood(args.port, case, args.data_mb)
        stop.set()
        other.join(130)
        done.set()
        sampler.join()
        after = rss_mib(args.pid)
        heap = heap_after_gc_mib(args.pid)
        served = [t for t in legit if t is not None]
        failed += len(legit) - len(served)
        print(f"{case}: {ended}; server RSS {before} -> peak {peak[0]} -> {after} MiB, heap after GC {heap} MiB;"
              f" legitimate client {len(served)} of {len(legit)} messages accepted meanwhile, slowest"
              f" {max(served):.2f} s" if served else f"{case}: {ended}; no legitimate message accepted", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
