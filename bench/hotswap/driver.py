#!/usr/bin/env python3
"""driver.py - hotswap-bench's load: SMTP messages at a steady rate, every session's outcome recorded.

  driver.py PORT RCPT TAG RATE SECONDS OUT [--threads K] [--size BYTES]
            [--pop3 PORT USER PASSWORD RATE POP_OUT]
  driver.py --probe-until PORT RCPT SUBJECT CODE T0 TIMEOUT

Sends RATE * SECONDS messages (bounded: never more) to 127.0.0.1:PORT, message i not before
start + i / RATE (a shared schedule over K threads, default 16; a late message is sent as soon as a
thread is free). Each message is one SMTP session (connect, EHLO, MAIL, RCPT, DATA, QUIT), sent once:
no retries, so every count is exact. Message i carries the header field "X-Hotswap: TAG-i", by which
hotswap-bench finds it in the Maildir. The driver gives up sending when SECONDS + 30 s have passed
(what is left is recorded as not_sent).

OUT gets one tab-separated line per message:
  i  t_start  t_end  outcome  stage  code  text
t_* are epoch seconds; outcome is one of
  ok        250 after the final dot (QUIT's own outcome is in stage: "quit" when it was clean,
            "quit-error" when the connection failed after the 250, which does not change the message's fate)
  temp      a 4xx reply (at stage connect, ehlo, mail, rcpt, data, dot), 421 included
  perm      a 5xx reply
  refused   connection refused
  reset     the connection closed or was reset with no 4xx/5xx reply first
  timeout   no reply within 30 s
  error     anything else (text says what)
  not_sent  the time bound ran out first

With --pop3, one more thread logs in over POP3 (USER, PASS, STAT, QUIT) RATE times a second for the
same SECONDS, and writes "t_start t_end outcome text" lines to POP_OUT (outcome ok, err for a -ERR
reply, refused, reset, timeout, error).
"""
import argparse
import poplib
import smtplib
import socket
import sys
import threading
import time


def classify(exc):
    if isinstance(exc, ConnectionRefusedError):
        return "refused", "", str(exc)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timeout", "", str(exc)
    if isinstance(exc, (smtplib.SMTPServerDisconnected, ConnectionResetError, BrokenPipeError, EOFError)):
        return "reset", "", str(exc) or type(exc).__name__
    code = getattr(exc, "smtp_code", None)
    if code is None and isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = next(iter(exc.recipients.values()))[0]
    if code is not None:
        text = getattr(exc, "smtp_error", b"")
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return ("temp" if 400 <= code < 500 else "perm" if 500 <= code < 600 else "error"), str(code), text
    if isinstance(exc, OSError):
        return "reset", "", f"{type(exc).__name__}: {exc}"
    return "error", "", f"{type(exc).__name__}: {exc}"


def reply_outcome(code, msg):
    text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
    if 400 <= code < 500:
        return "temp", str(code), text
    if 500 <= code < 600:
        return "perm", str(code), text
    if code == -1:   # smtplib: the connection closed where a reply was due
        return "reset", "", text
    return "error", str(code), text


def send_one(port, rcpt, tag, i, size, subject=None):
    """One session, one message; returns (outcome, stage, code, text)."""
    subject = subject or f"hotswap {tag} {i}"
    head = (f"From: hotswap@driver.test\r\nTo: {rcpt}\r\nSubject: {subject}\r\n"
            f"Message-ID: <{tag}.{i}@driver.test>\r\nX-Hotswap: {tag}-{i}\r\n\r\n")
    body = head + ("x" * 76 + "\r\n") * max(0, (size - len(head)) // 78)
    stage = "connect"
    s = smtplib.SMTP(timeout=30)
    try:
        code, msg = s.connect("127.0.0.1", port)
        if code != 220:
            o = reply_outcome(code, msg)
            return o[0], stage, o[1], o[2]
        stage = "ehlo"
        code, msg = s.ehlo("driver.test")
        if code != 250:
            o = reply_outcome(code, msg)
            return o[0], stage, o[1], o[2]
        stage = "mail"
        code, msg = s.mail("hotswap@driver.test")
        if code != 250:
            o = reply_outcome(code, msg)
            return o[0], stage, o[1], o[2]
        stage = "rcpt"
        code, msg = s.rcpt(rcpt)
        if code not in (250, 251):
            o = reply_outcome(code, msg)
            return o[0], stage, o[1], o[2]
        stage = "data"
        code, msg = s.docmd("DATA")
        if code != 354:
            o = reply_outcome(code, msg)
            return o[0], stage, o[1], o[2]
        stage = "dot"
        s.send(smtplib.quotedata(body).encode("ascii") + b"\r\n.\r\n")
        code, msg = s.getreply()
        if code != 250:
            o = reply_outcome(code, msg)
            return o[0], stage, o[1], o[2]
        text = msg.decode("utf-8", "replace")
        try:
            s.quit()
            return "ok", "quit", "250", text
        except (smtplib.SMTPException, OSError) as e:
            return "ok", "quit-error", "250", f"{text} / QUIT: {type(e).__name__}: {e}"
    except Exception as e:  # noqa: BLE001 - every failure is classified and recorded
        o = classify(e)
        return o[0], stage, o[1], o[2]
    finally:
        try:
            s.close()
        except OSError:
            pass


def pop_login(port, user, password):
    try:
        p = poplib.POP3("127.0.0.1", port, timeout=30)
        try:
            p.user(user)
            p.pass_(password)
            n, _ = p.stat()
            p.quit()
            return "ok", f"{n} messages"
        finally:
            try:
                p.close()
            except OSError:
                pass
    except poplib.error_proto as e:
        text = e.args[0].decode("utf-8", "replace") if e.args and isinstance(e.args[0], bytes) else str(e)
        return ("err" if "-ERR" in text else "error"), text
    except Exception as e:  # noqa: BLE001
        o = classify(e)
        return o[0], o[2]


def probe_until(argv):
    """--probe-until PORT RCPT SUBJECT CODE T0 TIMEOUT: one message with SUBJECT every 50 ms until the
    reply to it (at whatever stage) has CODE; prints "SECONDS_SINCE_T0 PROBES LAST_CODE LAST_TEXT"."""
    port, rcpt, subject, want, t0, timeout = int(argv[0]), argv[1], argv[2], argv[3], float(argv[4]), float(argv[5])
    probes, code, text = 0, "", ""
    while True:
        t = time.time()
        outcome, stage, code, text = send_one(port, rcpt, "probe", probes, 512, subject=subject)
        probes += 1
        if code == want:
            print("%.3f %d %s %s" % (t - t0, probes, code, text.replace("\n", " ")))
            return 0
        if time.time() - t0 > timeout:
            print("timeout %d %s %s" % (probes, code or outcome, text.replace("\n", " ")))
            return 1
        time.sleep(max(0.0, 0.05 - (time.time() - t)))


def main():
    if len(sys.argv) == 8 and sys.argv[1] == "--probe-until":
        return probe_until(sys.argv[2:])
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("rcpt")
    ap.add_argument("tag")
    ap.add_argument("rate", type=float)
    ap.add_argument("seconds", type=float)
    ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--size", type=int, default=2048)
    ap.add_argument("--pop3", nargs=5, metavar=("PORT", "USER", "PASSWORD", "RATE", "POP_OUT"))
    a = ap.parse_args()

    n = int(a.rate * a.seconds)
    lock = threading.Lock()
    state = {"next": 0}
    start = time.time()
    give_up = start + a.seconds + 30
    rows = [None] * n

    def worker():
        while True:
            with lock:
                i = state["next"]
                if i >= n:
                    return
                state["next"] += 1
            delay = start + i / a.rate - time.time()
            if delay > 0:
                time.sleep(delay)
            t0 = time.time()
            if t0 > give_up:
                rows[i] = (i, t0, t0, "not_sent", "", "", "")
                continue
            outcome, stage, code, text = send_one(a.port, a.rcpt, a.tag, i, a.size)
            rows[i] = (i, t0, time.time(), outcome, stage, code, text)

    pop_rows = []

    def popper(port, user, password, rate):
        k = 0
        while True:
            due = start + k / rate
            if due >= start + a.seconds or time.time() >= start + a.seconds:
                return
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            t0 = time.time()
            outcome, text = pop_login(port, user, password)
            pop_rows.append((t0, time.time(), outcome, text))
            k += 1

    threads = [threading.Thread(target=worker) for _ in range(a.threads)]
    if a.pop3:
        threads.append(threading.Thread(target=popper, args=(int(a.pop3[0]), a.pop3[1], a.pop3[2], float(a.pop3[3]))))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    clean = lambda s: str(s).replace("\t", " ").replace("\n", " ").replace("\r", " ")  # noqa: E731
    with open(a.out, "w") as f:
        for r in rows:
            f.write("%d\t%.6f\t%.6f\t%s\t%s\t%s\t%s\n" % (r[0], r[1], r[2], r[3], r[4], r[5], clean(r[6])))
    if a.pop3:
        with open(a.pop3[4], "w") as f:
            for r in pop_rows:
                f.write("%.6f\t%.6f\t%s\t%s\n" % (r[0], r[1], r[2], clean(r[3])))
    ok = sum(1 for r in rows if r[3] == "ok")
    print(f"driver: {a.tag}: {n} messages in {time.time() - start:.1f} s, {ok} accepted", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
