#!/usr/bin/env python3
"""sendmail_load.py - run a sendmail-like command N times from P parallel callers and time it.

usage:
  sendmail_load.py message --size-kib K --to ADDR [--from ADDR] OUT
      write a test message of exactly K KiB (header + body) to OUT: From, To (the
      recipient of sendmail -t), Subject, X-Sendmail-Bench header, body of 72-column lines

  sendmail_load.py run -n N -p P --message FILE [--env NAME=VALUE]... [--timeout SEC]
                       [--deadline SEC] [--raw FILE] [--fields] -- COMMAND [ARG...]
      run COMMAND N times, at most P at once (one worker thread per caller, each starting
      its next invocation when the last one exited). Each invocation is a child process
      with FILE piped to its standard input (written in full, then closed), standard
      output to /dev/null, standard error to a scratch file (kept for failures).
        wall  = from just before the fork to the return of wait4() for the child
        cpu   = ru_utime + ru_stime of the child as wait4() reports it: the child and every
                descendant it waited for (sh -> java for Tessera; sendmail -> postdrop for
                Postfix)
      An invocation that has not exited after --timeout seconds (default 120) is killed
      (its process group, SIGKILL) and counts as failed; no new invocation starts after
      --deadline seconds (default 900) from the start.
      stdout: one tab-separated line of the fields below (--fields prints their names
      first); a human summary goes to stderr. --raw FILE writes one line per invocation:
      index, start offset ms, wall ms, cpu user ms, cpu sys ms, exit status.
      Exit status: 0 when every invocation exited 0, 2 otherwise, 1 on usage errors.

  sendmail_load.py summarize [--markdown] TSV
      medians over the rounds of each side of the rows sendmail-bench.sh wrote
      (rows whose status is not ok are left out and counted), as a Markdown table with
      the ratio of each side to Postfix.
"""
import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

FIELDS = ["n", "parallel", "ok", "failures", "batch_wall_s", "inv_per_s",
          "wall_med_ms", "wall_p90_ms", "wall_p99_ms", "wall_max_ms", "wall_min_ms",
          "cpu_ms_per_inv", "cpu_user_ms_per_inv", "cpu_sys_ms_per_inv", "cpu_med_ms",
          "harness_cpu_s", "first_error"]


def pct(sorted_values, p):
    """Nearest-rank percentile (p in 0..100) of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = max(1, -(-len(sorted_values) * p // 100))  # ceil(n * p / 100), at least 1
    return sorted_values[int(k) - 1]


def make_message(args):
    size = args.size_kib * 1024
    head = ("From: sendmail-bench <bench@{frm}>\n"
            "To: {to}\n"
            "Subject: sendmail-bench {kib} KiB\n"
            "X-Sendmail-Bench: yes\n"
            "\n").format(frm=args.from_domain, to=args.to, kib=args.size_kib).encode()
    if len(head) + 2 > size:
        sys.exit("sendmail_load.py: header alone exceeds %d bytes" % size)
    body = bytearray()
    line = b"The quick brown fox jumps over the lazy dog, line %06d of the test body.\n"
    i = 0
    while len(head) + len(body) < size:
        body += line % i
        i += 1
    body = body[:size - len(head)]
    body[-1:] = b"\n"
    with open(args.out, "wb") as f:
        f.write(head + bytes(body))
    return 0


class Runner:
    def __init__(self, args, message, env):
        self.args = args
        self.message = message
        self.env = env
        self.lock = threading.Lock()
        self.next_index = 0
        self.results = []          # (index, start_ns, wall_ns, utime, stime, status)
        self.errors = []
        self.t0 = 0
        self.deadline_hit = False

    def take(self):
        with self.lock:
            if self.next_index >= self.args.n:
                return None
            if time.monotonic_ns() - self.t0 > self.args.deadline * 1e9:
                self.deadline_hit = True
                return None
            i = self.next_index
            self.next_index += 1
            return i

    def one(self, index, errfile):
        errfile.seek(0)
        errfile.truncate()
        start = time.monotonic_ns()
        try:
            proc = subprocess.Popen(self.args.command, stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stderr=errfile,
                                    env=self.env, start_new_session=True)
        except OSError as e:
            return (index, start - self.t0, 0, 0.0, 0.0, 127), "spawn: %s" % e
        killed = []

        def kill():
            killed.append(True)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        timer = threading.Timer(self.args.timeout, kill)
        timer.start()
        try:
            try:
                proc.stdin.write(self.message)
            except (BrokenPipeError, OSError):
                pass
            try:
                proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        end = time.monotonic_ns()
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        rc = proc.returncode
        if killed:
            rc = 124
        err = None
        if rc != 0:
            errfile.seek(0)
            text = errfile.read(2000).decode("utf-8", "replace").strip().replace("\n", " | ")
            err = "exit %d%s: %s" % (rc, " (killed after timeout)" if killed else "", text)
        return (index, start - self.t0, end - start, ru.ru_utime, ru.ru_stime, rc), err

    def worker(self):
        with tempfile.TemporaryFile(prefix="sendmail_load.err.") as errfile:
            while True:
                i = self.take()
                if i is None:
                    return
                res, err = self.one(i, errfile)
                with self.lock:
                    self.results.append(res)
                    if err is not None:
                        self.errors.append(err)

    def run(self):
        threads = [threading.Thread(target=self.worker, daemon=True)
                   for _ in range(self.args.parallel)]
        self_before = resource.getrusage(resource.RUSAGE_SELF)
        self.t0 = time.monotonic_ns()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        t1 = time.monotonic_ns()
        self_after = resource.getrusage(resource.RUSAGE_SELF)
        harness = (self_after.ru_utime - self_before.ru_utime) + (self_after.ru_stime - self_before.ru_stime)
        return (t1 - self.t0) / 1e9, harness


def run(args):
    if not args.command:
        sys.exit("sendmail_load.py: no command given")
    if args.fields:
        print("\t".join(FIELDS))
    with open(args.message, "rb") as f:
        message = f.read()
    env = dict(os.environ)
    for kv in args.env:
        if "=" not in kv:
            sys.exit("sendmail_load.py: --env takes NAME=VALUE")
        k, v = kv.split("=", 1)
        env[k] = v
    r = Runner(args, message, env)
    batch_s, harness_s = r.run()
    res = sorted(r.results)
    walls = sorted(x[2] / 1e6 for x in res)
    cpus = [(x[3] + x[4]) * 1000 for x in res]
    ok = sum(1 for x in res if x[5] == 0)
    fails = len(res) - ok + (args.n - len(res))   # never started (deadline) count as failed
    n_done = len(res)
    out = {
        "n": args.n, "parallel": args.parallel, "ok": ok, "failures": fails,
        "batch_wall_s": "%.3f" % batch_s,
        "inv_per_s": "%.1f" % (n_done / batch_s if batch_s > 0 else 0),
        "wall_med_ms": "%.1f" % statistics.median(walls) if walls else "NA",
        "wall_p90_ms": "%.1f" % pct(walls, 90) if walls else "NA",
        "wall_p99_ms": "%.1f" % pct(walls, 99) if walls else "NA",
        "wall_max_ms": "%.1f" % walls[-1] if walls else "NA",
        "wall_min_ms": "%.1f" % walls[0] if walls else "NA",
        "cpu_ms_per_inv": "%.2f" % (sum(cpus) / n_done) if n_done else "NA",
        "cpu_user_ms_per_inv": "%.2f" % (sum(x[3] for x in res) * 1000 / n_done) if n_done else "NA",
        "cpu_sys_ms_per_inv": "%.2f" % (sum(x[4] for x in res) * 1000 / n_done) if n_done else "NA",
        "cpu_med_ms": "%.1f" % statistics.median(cpus) if cpus else "NA",
        "harness_cpu_s": "%.2f" % harness_s,
        "first_error": (r.errors[0][:300].replace("\t", " ") if r.errors else "-"),
    }
    if args.raw:
        with open(args.raw, "w") as f:
            f.write("index\tstart_ms\twall_ms\tcpu_user_ms\tcpu_sys_ms\tstatus\n")
            for x in res:
                f.write("%d\t%.1f\t%.2f\t%.1f\t%.1f\t%d\n" % (x[0], x[1] / 1e6, x[2] / 1e6,
                                                           x[3] * 1000, x[4] * 1000, x[5]))
    print("\t".join(str(out[k]) for k in FIELDS))
    sys.stdout.flush()
    print("sendmail_load.py: %d/%d ok in %.2f s (%s/s); wall ms median %s p90 %s p99 %s max %s; "
          "cpu ms/inv %s (user %s, sys %s); harness cpu %.2f s%s"
          % (ok, args.n, batch_s, out["inv_per_s"], out["wall_med_ms"], out["wall_p90_ms"],
             out["wall_p99_ms"], out["wall_max_ms"], out["cpu_ms_per_inv"],
             out["cpu_user_ms_per_inv"], out["cpu_sys_ms_per_inv"], harness_s,
             " (deadline reached)" if r.deadline_hit else ""), file=sys.stderr)
    for e in r.errors[:5]:
        print("sendmail_load.py: failure: " + e[:500], file=sys.stderr)
    if len(r.errors) > 5:
        print("sendmail_load.py: ... %d failures in all" % len(r.errors), file=sys.stderr)
    return 0 if fails == 0 else 2


def fnum(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def med(rows, key):
    vals = [v for v in (fnum(r.get(key)) for r in rows) if v is not None]
    return (statistics.median(vals), min(vals), max(vals), len(vals)) if vals else None


def summarize(args):
    with open(args.tsv) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    if not lines:
        sys.exit("sendmail_load.py: empty " + args.tsv)
    head = lines[0]
    rows = [dict(zip(head, l)) for l in lines[1:] if l != head]
    if args.run_id:
        rows = [r for r in rows if r.get("run_id") == args.run_id]
    sides = []
    for r in rows:
        if r["side"] not in sides:
            sides.append(r["side"])
    metrics = [("inv_per_s", "invocations/s", "%.1f", True),
               ("wall_med_ms", "wall median ms", "%.1f", False),
               ("wall_p99_ms", "wall p99 ms", "%.1f", False),
               ("cpu_ms_per_inv", "CPU ms / invocation (the invocation: its process tree)", "%.2f", False),
               ("server_cpu_ms_per_inv", "CPU ms / invocation (the server's cgroup)", "%.2f", False),
               ("total_cpu_ms_per_inv", "CPU ms / invocation (invocation + server)", "%.2f", False)]
    stats = {}
    for s in sides:
        good = [r for r in rows if r["side"] == s and r.get("status") == "ok"]
        allr = [r for r in rows if r["side"] == s]
        for r in good:
            a, b = fnum(r.get("cpu_ms_per_inv")), fnum(r.get("server_cpu_ms_per_inv"))
            r["total_cpu_ms_per_inv"] = (a + b) if a is not None and b is not None else None
        stats[s] = ({k: med(good, k) for k, _, _, _ in metrics}, len(good), len(allr),
                    sum(int(r.get("failures") or 0) for r in allr),
                    sum(1 for r in allr if r.get("noisy") == "yes"))
    ref = "postfix" if "postfix" in stats else None
    cols = sides + (["%s / postfix" % s for s in sides if s != ref] if ref else [])
    out = ["| measure (median of the rounds; min–max) | " + " | ".join(cols) + " |",
           "|---|" + "---|" * len(cols)]
    for key, label, fmt, higher_better in metrics:
        cells = []
        for s in sides:
            m = stats[s][0][key]
            if m is None:
                cells.append("–")
            elif m[3] > 1:
                cells.append((fmt + " (" + fmt + "–" + fmt + ")") % (m[0], m[1], m[2]))
            else:
                cells.append(fmt % m[0])
        if ref:
            r0 = stats[ref][0][key]
            for s in sides:
                if s == ref:
                    continue
                m = stats[s][0][key]
                if m is None or r0 is None or r0[0] == 0:
                    cells.append("–")
                else:
                    cells.append("%.2f×" % (m[0] / r0[0]))
        out.append("| %s | %s |" % (label, " | ".join(cells)))
    out.append("| points ok / run; failed invocations; noisy points | " + " | ".join(
        "%d/%d; %d; %d" % (stats[s][1], stats[s][2], stats[s][3], stats[s][4]) for s in sides)
        + (" |" + " |" * (len(cols) - len(sides)) if ref else " |"))
    print("\n".join(out))
    return 0


def main():
    ap = argparse.ArgumentParser(description="sendmail invocation load generator (see the module doc)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("message")
    m.add_argument("--size-kib", type=int, default=4)
    m.add_argument("--to", required=True)
    m.add_argument("--from-domain", default="bench.test")
    m.add_argument("out")
    r = sub.add_parser("run")
    r.add_argument("-n", type=int, default=1000)
    r.add_argument("-p", "--parallel", type=int, default=4)
    r.add_argument("--message", required=True)
    r.add_argument("--env", action="append", default=[])
    r.add_argument("--timeout", type=float, default=120)
    r.add_argument("--deadline", type=float, default=900)
    r.add_argument("--raw")
    r.add_argument("--fields", action="store_true")
    r.add_argument("command", nargs=argparse.REMAINDER)
    s = sub.add_parser("summarize")
    s.add_argument("--run-id")
    s.add_argument("tsv")
    args = ap.parse_args()
    if args.cmd == "message":
        return make_message(args)
    if args.cmd == "run":
        if args.command and args.command[0] == "--":
            args.command = args.command[1:]
        if args.n < 1 or args.parallel < 1 or args.n > 1000000 or args.parallel > 256:
            sys.exit("sendmail_load.py: -n must be 1..1000000, -p 1..256")
        return run(args)
    return summarize(args)


if __name__ == "__main__":
    sys.exit(main())
