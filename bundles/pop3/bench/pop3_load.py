#!/usr/bin/env python3
"""pop3_load.py - POP3 load client and helpers for pop3-bench.sh.

  pop3_load.py load --port P --users U1,U2,... --password PW --messages M --size BYTES
                    [--timeout 60] [--deadline 600] [--errors-out FILE]
      One process per user (multiprocessing, fork), all released together by a barrier. Each:
      connect 127.0.0.1:P, greeting, USER, PASS, LIST (parsed), then RETR i and DELE i for every
      message listed, QUIT (+OK expected). Raw sockets with a buffered reader: a multi-line answer
      ends at CRLF.CRLF, found by searching the buffer (no line-by-line parsing). Each RETR must
      return at least BYTES bytes of message. Prints one JSON line:
        wall_s (barrier released -> last client's QUIT answered), sessions (completed with +OK to
        QUIT), messages (RETR answered +OK with enough bytes), bytes (message bytes received),
        listed (messages in the LIST answers), errors, client_cpu_s (os.times of the children:
        user+system), error_samples.

  pop3_load.py maildirs --root HOMES --users U1,U2,... --messages M --size BYTES
      Empties Maildir/{new,cur,tmp} of each user (message files only; other files, such as a
      server's index files, stay) and writes M messages of exactly BYTES bytes into Maildir/new/
      (LF line ends, mtime one hour ago), owned by the user's uid/gid. One process for all.

  pop3_load.py count --root HOMES --users U1,U2,...
      Prints the number of files left in Maildir/{new,cur,tmp} over all users.

  pop3_load.py quiet [--max-busy 0.10] [--hold 2] [--timeout 90]
      Waits until the whole machine (/proc/stat) has been at most max-busy busy (fraction of all
      cores) for hold seconds in a row, at most timeout seconds. Prints waited seconds, the last
      busy fraction and "quiet" or "busy".

  pop3_load.py memsample --cgroup DIR --stop-file F --out F [--interval 0.5] [--max-seconds 900]
      Every interval until F exists (at most max-seconds): RSS and PSS (smaps_rollup) summed over
      the processes of the cgroup (cgroup.procs, this cgroup and those below it). Writes the peak
      sum of RSS, the peak sum of PSS (KiB), the peak process count and the sample count.

Every socket has a timeout; the whole load run is bounded by --deadline.
"""
import argparse
import json
import multiprocessing as mp
import os
import pwd
import random
import socket
import sys
import time


# ------------------------------------------------------------------------------------------------
# load
# ------------------------------------------------------------------------------------------------
class Pop3Error(Exception):
    pass


class Conn:
    """A POP3 client connection with a receive buffer."""

    def __init__(self, port, timeout):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.buf = bytearray()

    def _fill(self):
        data = self.sock.recv(262144)
        if not data:
            raise Pop3Error("connection closed by server")
        self.buf += data

    def line(self):
        """One status line (without CRLF)."""
        start = 0
        while True:
            i = self.buf.find(b"\r\n", start)
            if i >= 0:
                out = bytes(self.buf[:i])
                del self.buf[:i + 2]
                return out
            start = max(0, len(self.buf) - 1)
            self._fill()

    def multi(self):
        """A status line and, after +OK, the data up to CRLF.CRLF: (status, data-bytes)."""
        status = self.line()
        if not status.startswith(b"+OK"):
            return status, None
        while len(self.buf) < 3:
            self._fill()
        if self.buf[:3] == b".\r\n":  # no data lines
            del self.buf[:3]
            return status, b""
        start = 0
        while True:
            i = self.buf.find(b"\r\n.\r\n", start)
            if i >= 0:
                data = bytes(self.buf[:i + 2])
                del self.buf[:i + 5]
                return status, data
            start = max(0, len(self.buf) - 4)
            self._fill()

    def cmd(self, text):
        self.sock.sendall(text.encode("ascii") + b"\r\n")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def session(user, password, port, size, timeout):
    """One POP3 session; returns a result dict."""
    res = {"user": user, "messages": 0, "bytes": 0, "listed": 0, "ok": False, "errors": [],
           "t_end": None}
    c = None
    try:
        c = Conn(port, timeout)
        g = c.line()
        if not g.startswith(b"+OK"):
            raise Pop3Error("greeting: %r" % g[:200])
        c.cmd("USER " + user)
        r = c.line()
        if not r.startswith(b"+OK"):
            raise Pop3Error("USER: %r" % r[:200])
        c.cmd("PASS " + password)
        r = c.line()
        if not r.startswith(b"+OK"):
            raise Pop3Error("PASS: %r" % r[:200])
        c.cmd("LIST")
        st, data = c.multi()
        if data is None:
            raise Pop3Error("LIST: %r" % st[:200])
        nums = []
        for ln in data.split(b"\r\n"):
            if not ln:
                continue
            parts = ln.split()
            nums.append(int(parts[0]))
        res["listed"] = len(nums)
        for n in nums:
            c.cmd("RETR %d" % n)
            st, msg = c.multi()
            if msg is None:
                res["errors"].append("RETR %d: %r" % (n, st[:200]))
            elif len(msg) < size:
                res["errors"].append("RETR %d: %d bytes, fewer than %d" % (n, len(msg), size))
                res["bytes"] += len(msg)
            else:
                res["messages"] += 1
                res["bytes"] += len(msg)
            c.cmd("DELE %d" % n)
            r = c.line()
            if not r.startswith(b"+OK"):
                res["errors"].append("DELE %d: %r" % (n, r[:200]))
        c.cmd("QUIT")
        r = c.line()
        if not r.startswith(b"+OK"):
            raise Pop3Error("QUIT: %r" % r[:200])
        res["ok"] = True
    except (OSError, Pop3Error, ValueError, IndexError) as e:
        res["errors"].append("%s: %s" % (type(e).__name__, e))
    finally:
        if c is not None:
            c.close()
    res["t_end"] = time.monotonic()
    return res


def child(user, args, barrier, q):
    try:
        barrier.wait(timeout=120)
    except Exception as e:  # BrokenBarrierError and the like
        q.put({"user": user, "messages": 0, "bytes": 0, "listed": 0, "ok": False,
               "errors": ["barrier: %r" % e], "t_end": time.monotonic()})
        return
    q.put(session(user, args.password, args.port, args.size, args.timeout))


def cmd_load(args):
    users = [u for u in args.users.split(",") if u]
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(len(users) + 1)
    q = ctx.Queue()
    procs = [ctx.Process(target=child, args=(u, args, barrier, q), daemon=True) for u in users]
    for p in procs:
        p.start()
    barrier.wait(timeout=120)
    t0 = time.monotonic()
    hard_end = t0 + args.deadline
    results = []
    errors_extra = []
    while len(results) < len(users):
        left = hard_end - time.monotonic()
        if left <= 0:
            errors_extra.append("deadline of %ds reached with %d sessions unfinished"
                                % (args.deadline, len(users) - len(results)))
            break
        try:
            results.append(q.get(timeout=min(left, 5)))
        except Exception:  # queue.Empty
            if not any(p.is_alive() for p in procs) and q.empty():
                errors_extra.append("%d client processes ended without a result"
                                    % (len(users) - len(results)))
                break
    for p in procs:
        p.join(timeout=max(0.1, hard_end - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.terminate()
            p.join(5)
    t_ends = [r["t_end"] for r in results if r.get("t_end")]
    t1 = max(t_ends) if t_ends else time.monotonic()
    ct = os.times()
    errs = errors_extra + ["%s: %s" % (r["user"], e) for r in results for e in r["errors"]]
    out = {
        "wall_s": round(t1 - t0, 4),
        "clients": len(users),
        "sessions": sum(1 for r in results if r["ok"]),
        "messages": sum(r["messages"] for r in results),
        "bytes": sum(r["bytes"] for r in results),
        "listed": sum(r["listed"] for r in results),
        "errors": len(errs),
        "client_cpu_s": round(ct.children_user + ct.children_system, 3),
        "client_user_s": round(ct.children_user, 3),
        "client_sys_s": round(ct.children_system, 3),
        "error_samples": errs[:20],
    }
    if args.errors_out and errs:
        with open(args.errors_out, "w") as f:
            f.write("\n".join(errs) + "\n")
    print(json.dumps(out), flush=True)
    return 0


# ------------------------------------------------------------------------------------------------
# maildirs
# ------------------------------------------------------------------------------------------------
WORDS = ("the of and to in is that for it as was with be by on not he this are or his from at "
         "which but have an they you were her she there been one all we their has would when if "
         "so no will can more other about some what only into them time could these two may then "
         "first any like now my such make over our even most after also made many before must "
         "through back years where much your way well down should because each just those people "
         "invoice meeting schedule report server mailbox quarterly review attached please regards "
         "budget project delivery customer support account update release planning notes").split()
NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
DOMAINS = ["example.org", "example.net", "example.com", "mail.test"]


def text_lines(rng, n):
    out = []
    for _ in range(n):
        k = rng.randint(8, 13)
        out.append(" ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + ".")
    return out


def make_header(rng, user, n, now):
    sender = "%s@%s" % (rng.choice(NAMES), rng.choice(DOMAINS))
    date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(now - 3600 - n))
    hdr = [
        "Return-Path: <%s>" % sender,
        "Delivered-To: %s@bench.test" % user,
        "Received: (qmail %d invoked by uid 1000); %s" % (10000 + n, date),
        "Received: from mx%d.%s (mx%d.%s [192.0.2.%d])" % (n % 7, DOMAINS[n % 4], n % 7,
                                                          DOMAINS[n % 4], 1 + n % 250),
        "\tby bench.test with ESMTPS id %08X; %s" % (rng.getrandbits(32), date),
        "Date: %s" % date,
        "From: %s <%s>" % (sender.split("@")[0].capitalize(), sender),
        "To: %s <%s@bench.test>" % (user, user),
        "Subject: %s" % " ".join(rng.choice(WORDS) for _ in range(5)).capitalize(),
        "Message-ID: <%d.%d.%08x@%s>" % (now, n, rng.getrandbits(32), sender.split("@")[1]),
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "Content-Transfer-Encoding: 7bit",
        "",
    ]
    return ("\n".join(hdr) + "\n").encode("ascii")


def make_body(rng, size):
    body = bytearray()
    while len(body) < size:
        for ln in text_lines(rng, rng.randint(2, 6)):
            body += ln.encode("ascii") + b"\n"
        body += b"\n"
    return bytes(body)


def make_message(header, body, size):
    """header + body cut to exactly size bytes, ending with LF."""
    need = size - len(header)
    if need <= 0:
        return header[:size]
    msg = bytearray(header + body[:need])
    msg[-1:] = b"\n"
    return bytes(msg)


def cmd_maildirs(args):
    users = [u for u in args.users.split(",") if u]
    rng = random.Random(args.seed)
    now = int(time.time())
    past = now - 3600
    pid = os.getpid()
    # Bodies come from a pool of distinct texts (keeps generation fast); headers are per message.
    pool = [make_body(rng, args.size) for _ in range(64)]
    total = 0
    for u in users:
        pw = pwd.getpwnam(u)
        md = os.path.join(args.root, u, "Maildir")
        for sub in ("new", "cur", "tmp"):
            d = os.path.join(md, sub)
            for name in os.listdir(d):
                p = os.path.join(d, name)
                if os.path.isfile(p) or os.path.islink(p):
                    os.unlink(p)
        newd = os.path.join(md, "new")
        for i in range(args.messages):
            name = "%d.M%dP%d.benchhost" % (past + i // 50, total, pid)
            path = os.path.join(newd, name)
            data = make_message(make_header(rng, u, i, now), pool[total % len(pool)], args.size)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, data)
                os.fchown(fd, pw.pw_uid, pw.pw_gid)
            finally:
                os.close(fd)
            t = past - (args.messages - i)
            os.utime(path, (t, t))
            total += 1
    print(total)
    return 0


def cmd_count(args):
    users = [u for u in args.users.split(",") if u]
    left = 0
    for u in users:
        for sub in ("new", "cur", "tmp"):
            d = os.path.join(args.root, u, "Maildir", sub)
            left += sum(1 for n in os.listdir(d) if os.path.isfile(os.path.join(d, n)))
    print(left)
    return 0


# ------------------------------------------------------------------------------------------------
# memsample
# ------------------------------------------------------------------------------------------------
def cgroup_pids(cg):
    pids = set()
    for dirpath, _dirs, files in os.walk(cg):
        if "cgroup.procs" in files:
            try:
                with open(os.path.join(dirpath, "cgroup.procs")) as f:
                    pids.update(int(x) for x in f.read().split())
            except OSError:
                pass
    return pids


def mem_of(pid):
    rss = pss = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for ln in f:
                if ln.startswith("Rss:"):
                    rss = int(ln.split()[1])
                elif ln.startswith("Pss:"):
                    pss = int(ln.split()[1])
    except OSError:
        return None
    return rss, pss


def sample_once(cg):
    rss = pss = n = 0
    for pid in cgroup_pids(cg):
        m = mem_of(pid)
        if m is None:
            continue
        n += 1
        rss += m[0]
        pss += m[1]
    return rss, pss, n


def cmd_memsample(args):
    end = time.monotonic() + args.max_seconds
    peak_rss = peak_pss = peak_n = samples = 0
    while time.monotonic() < end:
        rss, pss, n = sample_once(args.cgroup)
        peak_rss, peak_pss, peak_n = max(peak_rss, rss), max(peak_pss, pss), max(peak_n, n)
        samples += 1
        if os.path.exists(args.stop_file):
            break
        time.sleep(args.interval)
    with open(args.out, "w") as f:
        f.write("%d\t%d\t%d\t%d\n" % (peak_rss, peak_pss, peak_n, samples))
    return 0


def cpu_times():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    return sum(v[:8]), idle


def cmd_quiet(args):
    """Waits until the machine was at most max-busy busy (fraction of all cores) for `hold`
    seconds in a row, at most `timeout` seconds. Prints: waited seconds, last busy fraction, ok."""
    t0 = time.monotonic()
    quiet_since = None
    busy = 1.0
    tot0, idle0 = cpu_times()
    while True:
        time.sleep(0.5)
        tot1, idle1 = cpu_times()
        d = tot1 - tot0
        busy = 1.0 - (idle1 - idle0) / d if d > 0 else 0.0
        tot0, idle0 = tot1, idle1
        now = time.monotonic()
        if busy <= args.max_busy:
            quiet_since = quiet_since or now - 0.5
            if now - quiet_since >= args.hold:
                print("%.1f\t%.3f\tquiet" % (now - t0, busy))
                return 0
        else:
            quiet_since = None
        if now - t0 >= args.timeout:
            print("%.1f\t%.3f\tbusy" % (now - t0, busy))
            return 0


def cmd_memonce(args):
    rss, pss, n = sample_once(args.cgroup)
    print("%d\t%d\t%d" % (rss, pss, n))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sp = ap.add_subparsers(dest="cmd", required=True)
    a = sp.add_parser("load")
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--users", required=True)
    a.add_argument("--password", required=True)
    a.add_argument("--size", type=int, required=True, help="minimum bytes per RETR")
    a.add_argument("--timeout", type=float, default=60.0)
    a.add_argument("--deadline", type=float, default=600.0)
    a.add_argument("--errors-out")
    m = sp.add_parser("maildirs")
    m.add_argument("--root", required=True)
    m.add_argument("--users", required=True)
    m.add_argument("--messages", type=int, required=True)
    m.add_argument("--size", type=int, required=True)
    m.add_argument("--seed", type=int, default=1)
    c = sp.add_parser("count")
    c.add_argument("--root", required=True)
    c.add_argument("--users", required=True)
    s = sp.add_parser("memsample")
    s.add_argument("--cgroup", required=True)
    s.add_argument("--stop-file", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--interval", type=float, default=0.5)
    s.add_argument("--max-seconds", type=float, default=900)
    o = sp.add_parser("memonce")
    o.add_argument("--cgroup", required=True)
    w = sp.add_parser("quiet")
    w.add_argument("--max-busy", type=float, default=0.10)
    w.add_argument("--hold", type=float, default=2.0)
    w.add_argument("--timeout", type=float, default=90.0)
    args = ap.parse_args()
    return {"load": cmd_load, "maildirs": cmd_maildirs, "count": cmd_count,
            "memsample": cmd_memsample, "memonce": cmd_memonce, "quiet": cmd_quiet}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
