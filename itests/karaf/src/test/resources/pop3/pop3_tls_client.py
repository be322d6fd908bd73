#!/usr/bin/env python3
"""POP3 in TLS with Python's poplib and ssl, for Pop3TlsIT: pop3_tls_client.py SCENARIO PORT CAFILE [ARGS].

CAFILE, the home's certificate, is the only one trusted, and its name is checked: mx.tessera.test (the
test home's control/me, for which the server made it), while the connection goes to 127.0.0.1. Each step
prints one line: its name, then "OK " and the answer or "ERR " and the server's error, byte strings as
text, multi-line answers as their lines joined by "|".

  pop3s PORT CAFILE USER PASSWORD    POP3_SSL: CAPA, STLS, USER, PASS, STAT, RETR 1, QUIT
  stls PORT CAFILE USER PASSWORD     POP3 in clear: CAPA, USER (refused), STLS, CAPA, USER, PASS, STAT, QUIT
  pipelined PORT CAFILE              "STLS\\r\\nUSER joe\\r\\n" in one packet, TLS, then PASS and NOOP
  auth PORT CAFILE USER PASSWORD     POP3_SSL: AUTH refusals, then AUTH PLAIN and AUTH LOGIN
  lockout PORT CAFILE USER PASSWORD  POP3_SSL: three wrong passwords (each one's wait in ms), then the right one
"""
import base64
import poplib
import socket
import ssl
import sys
import time

from poplib_client import show

HOST_NAME = "mx.tessera.test"


def step(name, call):
    try:
        print(name + " OK " + show(call()), flush=True)
    except poplib.error_proto as e:
        print(name + " ERR " + show(e.args[0]), flush=True)


def context(cafile):
    tls = ssl.create_default_context(cafile=cafile)
    tls.check_hostname = True
    return tls


def capabilities(client):
    return " ".join(sorted(name + ("=" + ",".join(args) if args else "") for name, args in client.capa().items()))


def b64(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def readline(sock):
    """One line, read a byte at a time: nothing after it is taken from the socket."""
    line = b""
    while not line.endswith(b"\n"):
        byte = sock.recv(1)
        if not byte:
            return (line + b"<EOF>").decode("latin-1")
        line += byte
    return line.decode("latin-1").rstrip("\r\n")


class NamedPop3Ssl(poplib.POP3_SSL):
    """POP3_SSL that checks the certificate against the server's name while connecting to an address."""

    def _create_socket(self, timeout):
        sock = poplib.POP3._create_socket(self, timeout)
        return self.context.wrap_socket(sock, server_hostname=HOST_NAME)


def main():
    scenario, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    tls = context(cafile)
    if scenario == "pop3s":
        user, password = sys.argv[4:6]
        client = NamedPop3Ssl("127.0.0.1", port, timeout=30, context=tls)
        print("GREETING " + show(client.getwelcome()), flush=True)
        step("CAPA", lambda: capabilities(client))
        step("STLS", lambda: client._shortcmd("STLS"))
        step("USER", lambda: client.user(user))
        step("PASS", lambda: client.pass_(password))
        step("STAT", client.stat)
        step("RETR", lambda: client.retr(1)[1])
        step("QUIT", client.quit)
    elif scenario == "stls":
        user, password = sys.argv[4:6]
        client = poplib.POP3("127.0.0.1", port, timeout=30)
        # poplib's stls() (which asks CAPA for STLS first) checks the certificate against client.host.
        client.host = HOST_NAME
        print("GREETING " + show(client.getwelcome()), flush=True)
        step("CAPA", lambda: capabilities(client))
        step("USER", lambda: client.user(user))
        step("STLS", lambda: client.stls(tls))
        print("CIPHER " + client.sock.version(), flush=True)
        step("CAPA", lambda: capabilities(client))
        step("USER", lambda: client.user(user))
        step("PASS", lambda: client.pass_(password))
        step("STAT", client.stat)
        step("QUIT", client.quit)
    elif scenario == "pipelined":
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            print("GREETING " + readline(raw), flush=True)
            raw.sendall(b"STLS\r\nUSER joe\r\n")
            print("STLS " + readline(raw), flush=True)
            secured = tls.wrap_socket(raw, server_hostname=HOST_NAME)
            secured.sendall(b"PASS joe-secret\r\n")
            print("PASS " + readline(secured), flush=True)
            secured.sendall(b"NOOP\r\n")
            print("NOOP " + readline(secured), flush=True)
    elif scenario == "auth":
        user, password = sys.argv[4:6]
        client = NamedPop3Ssl("127.0.0.1", port, timeout=30, context=tls)
        step("AUTH", lambda: client._longcmd("AUTH")[1])
        step("BAD", lambda: client._shortcmd("AUTH PLAIN not!base64"))
        step("PLAIN", lambda: client._shortcmd("AUTH PLAIN"))
        step("CANCEL", lambda: client._shortcmd("*"))
        step("OTHER", lambda: client._shortcmd("AUTH PLAIN " + b64("root\0" + user + "\0" + password)))
        step("WRONG", lambda: client._shortcmd("AUTH PLAIN " + b64("\0" + user + "\0not-" + password)))
        step("LOGIN", lambda: client._shortcmd("AUTH LOGIN"))
        step("LOGIN_USER", lambda: client._shortcmd(b64(user)))
        step("LOGIN_PASS", lambda: client._shortcmd(b64(password)))
        step("STAT", client.stat)
        step("QUIT", client.quit)
        again = NamedPop3Ssl("127.0.0.1", port, timeout=30, context=tls)
        step("PLAIN_INITIAL", lambda: again._shortcmd("AUTH PLAIN " + b64("\0" + user + "\0" + password)))
        step("QUIT", again.quit)
    elif scenario == "lockout":
        user, password = sys.argv[4:6]
        client = NamedPop3Ssl("127.0.0.1", port, timeout=30, context=tls)
        for attempt in (1, 2, 3):
            client.user(user)
            started = time.monotonic()
            step("FAIL%d" % attempt, lambda: client.pass_("wrong-" + password))
            print("WAITED%d %d" % (attempt, (time.monotonic() - started) * 1000), flush=True)
        step("USER", lambda: client.user(user))
        step("LOCKED", lambda: client.pass_(password))
        step("NOOP", client.noop)
        step("QUIT", client.quit)
    else:
        sys.exit("unknown scenario " + scenario)


main()
