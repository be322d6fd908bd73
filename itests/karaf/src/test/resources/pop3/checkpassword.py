#!/usr/bin/env python3
"""A checkpassword program as DJB's interface describes it, for the POP3 tests.

checkpassword.py TABLE prog...: reads login\\0password\\0timestamp\\0 from descriptor 3 (at most
512 bytes), looks the login up in TABLE (lines "login:password:uid:gid:home"), exits 1 on a wrong or
unknown login and 2 on misuse; otherwise sets the groups, gid and uid of the account (when root),
changes to its home, sets USER and HOME and execs prog. A login "slow" sleeps 60 s first (a checker
that hangs).
"""
import os
import sys
import time

if len(sys.argv) < 3:
    sys.exit(2)
data = b""
while len(data) <= 512:
    chunk = os.read(3, 513 - len(data))
    if not chunk:
        break
    data += chunk
if len(data) > 512:
    sys.exit(1)
parts = data.split(b"\0")
if len(parts) < 3:
    sys.exit(2)
login, password = parts[0].decode("latin-1"), parts[1].decode("latin-1")
if login == "slow":
    time.sleep(60)
for line in open(sys.argv[1]):
    name, secret, uid, gid, home = line.rstrip("\n").split(":")
    if name == login and secret == password and secret:
        if os.getuid() == 0:
            os.setgroups([int(gid)])
            os.setgid(int(gid))
            os.setuid(int(uid))
        os.chdir(home)
        os.environ["USER"] = name
        os.environ["HOME"] = home
        os.execvp(sys.argv[2], sys.argv[2:])
sys.exit(1)
