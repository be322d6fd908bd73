#!/bin/bash
# smtp-bench.sh - accepted messages/s of Tessera's SMTP listener next to Postfix, same machine, same
# run: Postfix's smtp-source pushes N messages of SIZE_KB at 1, 10 and 50 sessions (one connection
# per message) into each; the server's RSS is sampled every 0.2 s.
#
# usage: smtp-bench.sh [-n N] [-k SIZE_KB] [-r ROUNDS] [-p POSTFIX_HOST:PORT]
#   -n N        messages per point (default 5000)
#   -k SIZE_KB  body size (default 4)
#   -r ROUNDS   rounds of the whole matrix; the table gives medians (default 3)
#   -p ADDR     the Postfix peer (default 127.0.0.1:2529: a Postfix already running on this machine,
#               its smtpd on that address; this script does not set it up)
#
# Tessera: a fresh home in a temporary directory, started from this checkout's distribution
# (./tessera start), SMTP on 127.0.0.1:2626; messages go to bench@<control/me>, which the queue keeps
# (durable, synced before each 250) as long as no local delivery channel takes them. Postfix:
# bench@bench.test, delivered to ~bench/Maildir by its own local(8) while it accepts. Both sync
# every message before their 250. RSS: Tessera's JVM; Postfix's processes summed (RSS counts their
# shared pages once per process, so it overstates Postfix; PSS would be fairer but needs smem).
set -u
N=5000 KB=4 ROUNDS=3 PEER=127.0.0.1:2529
while getopts "n:k:r:p:" o; do case $o in n) N=$OPTARG ;; k) KB=$OPTARG ;; r) ROUNDS=$OPTARG ;; p) PEER=$OPTARG ;; *) exit 1 ;; esac; done
SRC=$(command -v smtp-source || echo /usr/sbin/smtp-source)
[ -x "$SRC" ] || { echo "smtp-bench.sh: needs smtp-source (apt-get install postfix)" >&2; exit 1; }
repo=$(cd "$(dirname "$0")/../../.." && pwd)
home=$(mktemp -d /tmp/tessera-bench.XXXXXX)
export TESSERA_HOME=$home TESSERA_SMTP_PORT=2626 TESSERA_SSH_PORT=2926
trap '"$repo/tessera" stop >/dev/null 2>&1; rm -rf "$home"' EXIT
"$repo/tessera" start >/dev/null || { echo "smtp-bench.sh: Tessera did not start" >&2; exit 1; }
me=$(head -1 "$home/control/me")
jpid=$(cat "$home/data/tessera.pid" 2>/dev/null || pgrep -f "tessera.home=$home" | head -1)

rss_of() {  # server: prints KiB
    if [ "$1" = tessera ]; then awk '/VmRSS/{print $2}' "/proc/$jpid/status"
    else for p in $(pgrep -u postfix) $(pgrep -f postfix/sbin/master); do awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null; done | awk '{s+=$1} END{print s+0}'; fi
}

point() {  # server target rcpt C -> "rate peak_rss_MiB"
    local server=$1 target=$2 rcpt=$3 c=$4 peak=0 t0 t1
    ( while :; do rss_of "$server"; sleep 0.2; done ) > "$home/rss.$server" &
    local sampler=$!
    t0=$(date +%s.%N)
    "$SRC" -s "$c" -l $((KB * 1024)) -m "$N" -f sender@x.test -t "$rcpt" "$target" 2>>"$home/errors"
    t1=$(date +%s.%N)
    kill "$sampler"; wait "$sampler" 2>/dev/null
    peak=$(sort -n "$home/rss.$server" | tail -1)
    awk -v n="$N" -v a="$t0" -v b="$t1" -v r="$peak" 'BEGIN{printf "%.0f %.0f\n", n / (b - a), r / 1024}'
}

echo "# smtp-bench.sh $(date -u '+%F %T UTC') $(nproc) CPUs, N=$N, ${KB} KiB, $ROUNDS rounds; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=$home/results
for round in $(seq "$ROUNDS"); do
    for c in 1 10 50; do
        read -r pr pm < <(point postfix "$PEER" bench@bench.test "$c")
        read -r tr tm < <(point tessera 127.0.0.1:2626 "bench@$me" "$c")
        echo "$c $pr $pm $tr $tm" >> "$results"
        echo "# round $round C=$c: postfix $pr msg/s (RSS $pm MiB), tessera $tr msg/s (RSS $tm MiB)"
    done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg); smtp-source errors: $(wc -l < "$home/errors" 2>/dev/null || echo 0)"
echo
printf '%-8s | %-18s | %-18s | %-7s | %-16s | %s\n' sessions "Postfix msg/s" "Tessera msg/s" ratio "Postfix RSS MiB" "Tessera RSS MiB"
for c in 1 10 50; do
    awk -v c="$c" '$1==c' "$results" | python3 -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.stdin]
med = lambda i: st.median(r[i] for r in rows)
c, p, pm, t, tm = med(0), med(1), max(r[2] for r in rows), med(3), max(r[4] for r in rows)
lo = lambda i: min(r[i] for r in rows); hi = lambda i: max(r[i] for r in rows)
print("%-8d | %-18s | %-18s | %-7.2f | %-16.0f | %.0f" % (c, "%.0f (%.0f-%.0f)" % (p, lo(1), hi(1)),
      "%.0f (%.0f-%.0f)" % (t, lo(3), hi(3)), t / p, pm, tm))'
done
echo "(medians over rounds, min-max in brackets; RSS: highest sample)"
