"""A checkpassword for the tests, to the interface of cr.yp.to/checkpwd (login, password, timestamp on descriptor 3).

    python3 checkpassword.py TABLE prog [args...]

TABLE has one account a line, login:password:uid:gid:home. The password is right when it is the stored one,
or, when a timestamp came, the hex MD5 of the timestamp followed by the stored one (APOP, as checkapoppw).
On success, as DJB's checkpassword: the groups set to the gid alone, setgid, setuid (when running as root),
chdir to home, USER and HOME set, the rest of the environment kept, then exec prog. Exit status: 1 rejected
(also for more than 512 bytes of input), 2 misuse, 111 temporary.
"""

import hashlib
import hmac
import os
import sys

LIMIT = 512


def read_descriptor_3():
    data = b""
    while len(data) <= LIMIT:
        chunk = os.read(3, LIMIT + 1 - len(data))
        if not chunk:
            break
        data += chunk
    os.close(3)
    return data


def account(table, login):
    with open(table, "rb") as lines:
        for line in lines:
            fields = line.rstrip(b"\n").split(b":")
            if len(fields) == 5 and fields[0] == login:
                return fields
    return None


def right(password, stored, timestamp):
    if not stored:
        return False
    if hmac.compare_digest(password, stored):
        return True
    if not timestamp:
        return False
    digest = hashlib.md5(timestamp + stored).hexdigest().encode("ascii")
    return hmac.compare_digest(password, digest)


def main(argv):
    if len(argv) < 3:
        return 2
    table, prog = argv[1], argv[2:]
    try:
        data = read_descriptor_3()
    except OSError:
        return 111
    if len(data) > LIMIT:
        return 1
    fields = data.split(b"\0")
    if len(fields) < 3:
        return 2
    login, password, timestamp = fields[0], fields[1], fields[2]
    try:
        found = account(table, login)
    except OSError:
        return 111
    if found is None or not right(password, found[1], timestamp):
        return 1
    uid, gid, home = int(found[2]), int(found[3]), found[4]
    try:
        if os.getuid() == 0:
            os.setgroups([gid])
            os.setgid(gid)
            os.setuid(uid)
    except OSError:
        return 1
    try:
        os.chdir(home)
    except OSError:
        return 111
    os.environ["USER"] = os.fsdecode(login)
    os.environ["HOME"] = os.fsdecode(home)
    try:
        os.execvp(prog[0], prog)
    except OSError:
        return 111


if __name__ == "__main__":
    sys.exit(main(sys.argv))
