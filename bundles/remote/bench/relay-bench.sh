#!/bin/bash
# relay-bench.sh - remote deliveries/s of the whole server, Tessera next to Postfix, same machine, same
# run: N messages for a remote domain are queued while remote delivery is held, then let go; the
# time until each server's own smtp-sink has received all N gives deliveries/s. Tessera's JVM threads
# and RSS, and Postfix's processes' RSS, are sampled every 0.2 s while they deliver.
#
# usage: relay-bench.sh [-n N] [-k SIZE_KB] [-r ROUNDS] [-w SECONDS] [-p POSTFIX_HOST:PORT] [CONCURRENCY...]
#   -n N        messages per point (default 5000), -k body size (default 4), -r rounds (default 3)
#   -w SECONDS  pause between loading and letting go (default 65): threads the injection used and no
#               longer needs (the queue's workers end after 30 s idle, the console sessions of the
#               bench's ctl commands 60 s after each) are not counted as delivery's
#   -p ADDR     the Postfix peer (default 127.0.0.1:2529: a Postfix already running on this machine,
#               its smtpd on that address; this script does not set it up)
#   CONCURRENCY concurrencyremote of Tessera and the destination concurrency and process limit of
#               Postfix (default: 20 200)
#
# Tessera: a fresh home, started from this checkout, SMTP on 127.0.0.1:2626, RELAYCLIENT for 127.0.0.1
# (control/tcp.smtp), control/smtproutes sending everything to its sink on 127.0.0.1:2533, queue held
# with qmail:pause while loading, spawnLimit raised above 120 when CONCURRENCY asks for more. Postfix:
# relayhost [127.0.0.1]:2532 with defer_transports=smtp while loading, then postqueue -f; its
# main.cf is restored at the end. Both sinks are smtp-sink (Postfix's test server), one each.
set -u
N=5000 KB=4 ROUNDS=3 PEER=127.0.0.1:2529 WAIT=65
while getopts "n:k:r:w:p:" o; do
    case $o in n) N=$OPTARG ;; k) KB=$OPTARG ;; r) ROUNDS=$OPTARG ;; w) WAIT=$OPTARG ;; p) PEER=$OPTARG ;; *) exit 1 ;; esac
done
shift $((OPTIND - 1))
set -- ${@:-20 200}
SRC=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/tessera-relay-bench.XXXXXX)
home=$work/home
export TESSERA_HOME=$home TESSERA_SMTP_PORT=2626 TESSERA_SSH_PORT=2926
cp /etc/postfix/main.cf "$work/main.cf.saved"
sinks=()
cleanup() {
    "$repo/tessera" stop >/dev/null 2>&1
    for s in "${sinks[@]}"; do kill "$s" 2>/dev/null; done
    cp "$work/main.cf.saved" /etc/postfix/main.cf && postfix reload >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$home/control" "$home/etc"
echo mx.tessera.test > "$home/control/me"
echo tessera.test > "$home/control/locals"
echo tessera.test > "$home/control/rcpthosts"
echo ":127.0.0.1:2533" > "$home/control/smtproutes"
echo '127.0.0.1:allow,RELAYCLIENT=""' > "$home/control/tcp.smtp"
dist=$(ls -d "$repo"/distribution/target/tessera-*/ | head -1)
"$dist/bin/tcprules" "$home/control/tcp.smtp.cdb" "$home/control/tcp.smtp.tmp" < "$home/control/tcp.smtp" || exit 1
max=0; for c in "$@"; do [ "$c" -gt "$max" ] && max=$c; done
[ "$max" -gt 120 ] && echo "spawnLimit = $max" > "$home/etc/org.tessera.queue.cfg"
"$repo/tessera" start >/dev/null || { echo "relay-bench.sh: Tessera did not start" >&2; exit 1; }
jpid=$(cat "$home/data/tessera.pid")
"$repo/tessera" ctl pause >/dev/null

sink() {  # port -> counter file
    "$SINK" -u nobody -c "127.0.0.1:$1" 1000 > "$work/sink.$1" 2>&1 &
    sinks+=($!)
}
delivered() {  # port -> messages the sink has taken
    tr '\r' '\n' < "$work/sink.$1" | awk -F'mesg=' 'NF > 1 {n = $2} END {print n + 0}'
}
sample() {  # server -> "rss_KiB threads console_session_threads"
    if [ "$1" = tessera ]; then
        sessions=$(cat /proc/"$jpid"/task/*/comm 2>/dev/null | grep -c '^session-')
        awk -v s="$sessions" '/VmRSS/{r=$2} /Threads/{t=$2} END{print r, t, s}' "/proc/$jpid/status"
    else for p in $(pgrep -u postfix) $(pgrep -f postfix/sbin/master); do awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null; done | awk '{s+=$1} END{print s+0, 0, 0}'; fi
}
sink 2532; sink 2533
sleep 0.5

point() {  # server c -> "rate peak_rss_MiB peak_threads console_threads_then"
    local server=$1 c=$2 port before t0 t1
    if [ "$server" = postfix ]; then
        port=2532
        postconf -e "relayhost = [127.0.0.1]:2532" "defer_transports = smtp" "default_destination_concurrency_limit = $c" \
            "smtp_destination_concurrency_limit = $c" "default_process_limit = $((c + 50))"
        postfix reload >/dev/null 2>&1; sleep 1
        "$SRC" -s 50 -l $((KB * 1024)) -m "$N" -f sender@x.test -t rcpt@remote.test "$PEER" 2>>"$work/errors"
    else
        port=2533
        echo "$c" > "$home/control/concurrencyremote"
        "$repo/tessera" ctl reload >/dev/null
        "$SRC" -s 50 -l $((KB * 1024)) -m "$N" -f sender@x.test -t rcpt@remote.test 127.0.0.1:2626 2>>"$work/errors"
    fi
    sleep "$WAIT"
    before=$(delivered $port)
    ( while :; do sample "$server"; sleep 0.2; done ) > "$work/samples.$server" &
    local sampler=$!
    t0=$(date +%s.%N)
    if [ "$server" = postfix ]; then
        postconf -e "defer_transports =" && postfix reload >/dev/null 2>&1 && postqueue -f
    else
        "$repo/tessera" ctl cont >/dev/null
    fi
    while [ $(( $(delivered $port) - before )) -lt "$N" ]; do
        sleep 0.05
        if [ "$(echo "$(date +%s.%N) - $t0 > 600" | bc)" = 1 ]; then echo "relay-bench.sh: $server stalled" >&2; break; fi
    done
    t1=$(date +%s.%N)
    kill "$sampler"; wait "$sampler" 2>/dev/null
    [ "$server" = tessera ] && "$repo/tessera" ctl pause >/dev/null
    local got=$(( $(delivered $port) - before ))
    awk -v n="$got" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f ", n / (b - a)}'
    sort -n "$work/samples.$server" | tail -1 | awk '{printf "%.0f ", $1 / 1024}'
    sort -k2 -n "$work/samples.$server" | tail -1 | awk '{print $2, $3}'
}

echo "# relay-bench.sh $(date -u '+%F %T UTC') $(nproc) CPUs, N=$N, ${KB} KiB, $ROUNDS rounds; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=$work/results
for round in $(seq "$ROUNDS"); do
    for c in "$@"; do
        read -r pr pm pt ps < <(point postfix "$c")
        read -r tr tm tt ts < <(point tessera "$c")
        echo "$c $pr $pm $tr $tm $tt $ts" >> "$results"
        echo "# round $round C=$c: postfix $pr/s (RSS $pm MiB), tessera $tr/s (RSS $tm MiB, $tt threads, $ts of them the bench's console session)"
    done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg); smtp-source errors: $(wc -l < "$work/errors" 2>/dev/null || echo 0)"
echo
printf '%-12s | %-18s | %-18s | %-6s | %-10s | %-10s | %s\n' concurrency "Postfix deliv/s" "Tessera deliv/s" ratio "Postfix RSS" "Tessera RSS" "Tessera threads (console session)"
for c in "$@"; do
    awk -v c="$c" '$1==c' "$results" | python3 -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.stdin]
med = lambda i: st.median(r[i] for r in rows); lo = lambda i: min(r[i] for r in rows); hi = lambda i: max(r[i] for r in rows)
print("%-12d | %-18s | %-18s | %-6.2f | %-10.0f | %-10.0f | %.0f (%.0f)" % (rows[0][0], "%.0f (%.0f-%.0f)" % (med(1), lo(1), hi(1)),
      "%.0f (%.0f-%.0f)" % (med(3), lo(3), hi(3)), med(3) / med(1), hi(2), hi(4), hi(5), hi(6)))'
done
echo "(medians over rounds, min-max in brackets; RSS MiB and threads: highest sample while delivering;"
echo " the console session threads are those of the bench's own ctl cont, which ends 60 s later)"
