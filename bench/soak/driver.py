#!/usr/bin/env python3
"""driver.py - the soak's sender: N messages over SMTP at a steady rate, to a mix of recipients.

  driver.py PORT N RATE PROGRESS_FILE [--connections K] [--size BYTES]

K connections (default 8), each sending one message after the other (MAIL, RCPT, DATA per message,
as an MTA with connection caching does), together never faster than RATE messages per second (a
shared schedule: message i is not sent before i / RATE seconds). Message i goes to recipient
MIX[i % 10]: three to a Maildir, two to an mbox, one to a program, three remote (to the sink), one
to an address that does not exist (a bounce to the sender, which is at the sink). Every message is
about SIZE bytes (default 4096), headers included. PROGRESS_FILE gets "sent accepted errors" every second;
the final line on stdout is JSON with the counts per recipient kind. As an MTA does, a temporary refusal
(4xx, e.g. the server's limit of commands per session) or a dropped connection means a new connection
and the same message again, up to 5 times (counted as retries); a permanent refusal, or the sixth
failure, is an error and the message is not sent again (the soak must show none).
"""
import argparse
import json
import smtplib
import sys
import threading
import time

MIX = ["box@soak.test", "box@soak.test", "box@soak.test", "mbox@soak.test", "mbox@soak.test",
       "prog@soak.test", "r@sink.test", "r@sink.test", "r@sink.test", "no-such-box@soak.test"]
KIND = {"box@soak.test": "maildir", "mbox@soak.test": "mbox", "prog@soak.test": "program",
        "r@sink.test": "remote", "no-such-box@soak.test": "bounce"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("n", type=int)
    parser.add_argument("rate", type=float)
    parser.add_argument("progress")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--size", type=int, default=4096)
    args = parser.parse_args()

    lock = threading.Lock()
    state = {"next": 0, "accepted": 0, "errors": 0, "retries": 0, "kinds": {k: 0 for k in KIND.values()},
             "samples": []}
    start = time.monotonic()

    def body(i):
        head = f"From: soak@sink.test\r\nTo: {MIX[i % 10]}\r\nSubject: soak {i}\r\nMessage-ID: <soak.{i}@sink.test>\r\n\r\n"
        return head + ("x" * 76 + "\r\n") * max(0, (args.size - len(head)) // 78)

    def worker():
        client = None
        while True:
            with lock:
                i = state["next"]
                if i >= args.n:
                    break
                state["next"] += 1
            delay = start + i / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            recipient = MIX[i % 10]
            for attempt in range(6):
                try:
                    if client is None:
                        client = smtplib.SMTP("127.0.0.1", args.port, local_hostname="soak.driver", timeout=120)
                    client.sendmail("soak@sink.test", [recipient], body(i))
                    with lock:
                        state["accepted"] += 1
                        state["kinds"][KIND[recipient]] += 1
                    break
                except (smtplib.SMTPException, OSError) as e:
                    code = getattr(e, "smtp_code", None)
                    if code is None and isinstance(e, smtplib.SMTPRecipientsRefused):
                        code = next(iter(e.recipients.values()))[0]
                    temporary = code is None or 400 <= code < 500
                    try:
                        if client is not None:
                            client.close()
                    except OSError:
                        pass
                    client = None
                    with lock:
                        if temporary and attempt < 5:
                            state["retries"] += 1
                            continue
                        state["errors"] += 1
                        if len(state["samples"]) < 10:
                            state["samples"].append(f"message {i}: {e}")
                    break
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                pass

    def report():
        while not done.is_set():
            with lock:
                line = f"{state['next']} {state['accepted']} {state['errors']}\n"
            with open(args.progress, "w") as out:
                out.write(line)
            done.wait(1)

    done = threading.Event()
    reporter = threading.Thread(target=report, daemon=True)
    reporter.start()
    workers = [threading.Thread(target=worker) for _ in range(args.connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    done.set()
    reporter.join()
    with open(args.progress, "w") as out:
        out.write(f"{state['next']} {state['accepted']} {state['errors']}\n")
    wall = time.monotonic() - start
    print(json.dumps({"sent": state["next"], "accepted": state["accepted"], "errors": state["errors"],
                      "retries": state["retries"],
                      "wall_s": round(wall, 1), "rate": round(state["accepted"] / wall, 1),
                      "kinds": state["kinds"], "error_samples": state["samples"]}))
    return 1 if state["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
