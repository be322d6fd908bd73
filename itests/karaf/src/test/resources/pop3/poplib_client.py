#!/usr/bin/env python3
"""Drives Python's poplib against a POP3 server: pop3_client.py PORT, commands on stdin.

One command a line: a poplib method name and its arguments (user, pass_, apop, stat, list, uidl,
retr, top, dele, rset, noop, quit, and "raw TEXT" for a command poplib has no method for). For each
command one line is printed: "OK " and the answer, or "ERR " and the server's error, with byte
strings shown as text and each multi-line answer as its lines joined by "|".
"""
import poplib
import sys


def show(value):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (list, tuple)):
        return "|".join(show(v) for v in value)
    return str(value)


def main():
    client = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=30)
    print("GREETING " + show(client.getwelcome()), flush=True)
    for line in sys.stdin:
        words = line.rstrip("\n").split(" ")
        name, args = words[0], words[1:]
        try:
            if name == "raw":
                answer = client._shortcmd(" ".join(args))
            elif name in ("list", "uidl", "retr", "top"):
                answer = getattr(client, name)(*args)
                answer = answer if isinstance(answer, bytes) else (answer[0], answer[1])
            else:
                answer = getattr(client, name)(*args)
            print("OK " + show(answer), flush=True)
        except poplib.error_proto as e:
            print("ERR " + show(e.args[0]), flush=True)
        except (EOFError, OSError) as e:
            print("CLOSED " + type(e).__name__, flush=True)
            return


if __name__ == "__main__":
    main()
