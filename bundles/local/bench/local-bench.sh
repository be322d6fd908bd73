#!/bin/bash
# local-bench.sh - local deliveries/s into a Maildir, Tessera next to Postfix, same machine, same run:
# load.sh (bench/harness/ of this repository: $load below) pushes N messages of SIZE_KB
# with Postfix's smtp-source (one connection per message) and times acceptance and end-to-end
# delivery (inject -> file in Maildir/new), R rounds.
#
# usage: local-bench.sh [-n N] [-k SIZE_KB] [-c SESSIONS] [-r ROUNDS] [-p POSTFIX_HOST:PORT] [-u USER]
#   -n N         messages per run (default 5000)
#   -k SIZE_KB   body size (default 4)
#   -c SESSIONS  concurrent SMTP sessions (default 10)
#   -r ROUNDS    rounds; the table gives medians (default 3)
#   -p ADDR      the Postfix peer (default 127.0.0.1:2529: a Postfix already running on this machine,
#                its smtpd on that address; this script does not set it up)
#   -u USER      the system account both deliver to (default bench, whose ~/Maildir Postfix fills)
#
# Tessera: a fresh home, started from this checkout (./tessera start) with SMTP on 127.0.0.1:2626 and
# its defaults (concurrencylocal 10); users/assign sends bench@tessera.test to USER's uid and gid
# with a home of its own in a temporary directory. Run as root, as a provider runs it, so each
# delivery happens in USER's user process (setpriv), as Postfix's local(8) switches to USER.
set -u
N=5000 KB=4 C=10 ROUNDS=3 PEER=127.0.0.1:2529 USER_NAME=bench
while getopts "n:k:c:r:p:u:" o; do
    case $o in n) N=$OPTARG ;; k) KB=$OPTARG ;; c) C=$OPTARG ;; r) ROUNDS=$OPTARG ;; p) PEER=$OPTARG ;;
        u) USER_NAME=$OPTARG ;; *) exit 1 ;; esac
done
repo=$(cd "$(dirname "$0")/../../.." && pwd)
load=$repo/bench/harness/load.sh
[ -x "$load" ] || { echo "local-bench.sh: needs $load" >&2; exit 1; }
uid=$(id -u "$USER_NAME") gid=$(id -g "$USER_NAME") || exit 1
peer_maildir=$(getent passwd "$USER_NAME" | cut -d: -f6)/Maildir
work=$(mktemp -d /tmp/tessera-local-bench.XXXXXX)
chmod 755 "$work"
home=$work/home user_home=$work/user
export TESSERA_HOME=$home TESSERA_SMTP_PORT=2626 TESSERA_SSH_PORT=2926
trap '"$repo/tessera" stop >/dev/null 2>&1; rm -rf "$work"' EXIT
mkdir -p "$home/control" "$home/users" "$user_home/Maildir/new" "$user_home/Maildir/cur" "$user_home/Maildir/tmp"
chown -R "$uid:$gid" "$user_home"
chmod 700 "$user_home/Maildir"
echo mx.tessera.test > "$home/control/me"
echo tessera.test > "$home/control/locals"
echo tessera.test > "$home/control/rcpthosts"
printf '=bench:%s:%s:%s:%s:::\n.\n' "$USER_NAME" "$uid" "$gid" "$user_home" > "$home/users/assign"
"$repo/tessera" start >/dev/null || { echo "local-bench.sh: Tessera did not start" >&2; exit 1; }
"$repo/distribution/target/tessera-"*/bin/qmail-newu || exit 1
runs=$work/runs.tsv
echo "# local-bench.sh $(date -u '+%F %T UTC') $(nproc) CPUs, N=$N, ${KB} KiB, C=$C, $ROUNDS rounds; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
    p=$("$load" -q -n postfix -o "$runs" -m 'pgrep -u postfix; pgrep -f postfix/sbin/master; pgrep -x local' \
        "$PEER" "$USER_NAME@bench.test" "$peer_maildir" "$N" "$KB" "$C")
    t=$("$load" -q -n tessera -o "$runs" -m "cat $home/data/tessera.pid; pgrep -u $USER_NAME java" \
        127.0.0.1:2626 bench@tessera.test "$user_home/Maildir" "$N" "$KB" "$C")
    echo "# round $round: $p | $t"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$repo/bench/harness/summarize.py" "$runs"
