#!/bin/bash
# plot.sh - a picture of Tessera under load, drawn from its own /metrics: a fresh server started from
# this checkout (./tessera start, ports 37xx: server.sh), Postfix's smtp-source pushing N messages of
# SIZE_KB to postmaster@tessera.test (the alias user's Maildir), /metrics sampled every second from
# before the first message until the last is delivered, then three panels over time: messages in the
# queue, local deliveries per second, and the arrival-to-delivery latency's p50 and p99 computed from
# tessera_delivery_latency_seconds_bucket as Grafana's histogram_quantile does.
#
# usage: plot.sh [-n N] [-k SIZE_KB] [-c SESSIONS] [-p AT:LENGTH] [-o OUT.png]
#   -n N         messages (default 20000)
#   -k SIZE_KB   body size (default 4)
#   -c SESSIONS  concurrent SMTP sessions (default 10)
#   -p AT:LENGTH AT seconds into the load, pause the queue (qmail:pause) for LENGTH seconds, then let it
#                go (qmail:cont): a delivery outage, its backlog and its draining (default: none)
#   -o OUT.png   the picture (default docs/metrics-run.png of this checkout); the samples are kept beside
#                it as OUT.jsonl
#
# Needs: root or not (as root deliveries run in the alias user's process, as a provider's server
# does), Postfix's /usr/sbin/smtp-source (apt-get install postfix), and matplotlib for Debian's python3
# (apt-get install python3-matplotlib; the plot runs with /usr/bin/python3, or $PYTHON). Loopback only.
set -u
N=20000 KB=4 C=10 PAUSE= OUT=
while getopts "n:k:c:p:o:h" o; do
    case $o in n) N=$OPTARG ;; k) KB=$OPTARG ;; c) C=$OPTARG ;; p) PAUSE=$OPTARG ;; o) OUT=$OPTARG ;;
        *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1 ;; esac
done
[ -z "$PAUSE" ] || [[ $PAUSE =~ ^[0-9]+:[0-9]+$ ]] || { echo "plot.sh: -p takes AT:LENGTH in seconds" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server.sh"
OUT=${OUT:-$repo/docs/metrics-run.png}
PYTHON=${PYTHON:-/usr/bin/python3}
SMTP_SOURCE=${SMTP_SOURCE:-/usr/sbin/smtp-source}
[ -x "$SMTP_SOURCE" ] || { echo "plot.sh: needs $SMTP_SOURCE (apt-get install postfix)" >&2; exit 1; }
"$PYTHON" -c 'import matplotlib' 2>/dev/null \
    || { echo "plot.sh: $PYTHON has no matplotlib (apt-get install python3-matplotlib)" >&2; exit 1; }

work=$(mktemp -d /tmp/tessera-metrics-plot.XXXXXX)
chmod 755 "$work"
sampler=
trap '[ -n "$sampler" ] && kill "$sampler" 2>/dev/null; stop_server; rm -rf "$work"' EXIT
start_server "$work/home" || exit 1
samples=${OUT%.png}.jsonl
rm -f "$samples"
# The sampler needs no more than the standard library: any python3 will do.
"$PYTHON" "$here/metrics-plot.py" sample "$METRICS_URL" "$samples" &
sampler=$!
sleep 3
t0=$SECONDS
"$SMTP_SOURCE" -s "$C" -l $((KB * 1024)) -m "$N" -f sender@x.test -t "$RCPT" "inet:127.0.0.1:$TESSERA_SMTP_PORT" &
source_pid=$!
if [ -n "$PAUSE" ]; then
    sleep "${PAUSE%:*}"
    "$repo/tessera" ctl pause >/dev/null
    sleep "${PAUSE#*:}"
    "$repo/tessera" ctl cont >/dev/null
fi
wait "$source_pid" || { echo "plot.sh: smtp-source failed" >&2; exit 1; }
accepted_s=$((SECONDS - t0))
await_delivered "$N" 600 || exit 1
delivered_s=$((SECONDS - t0))
sleep 3
kill "$sampler"; wait "$sampler" 2>/dev/null; sampler=
title="Tessera $(git -C "$repo" rev-parse --short HEAD), $N messages of $KB KiB by $C SMTP sessions into a Maildir"
[ -n "$PAUSE" ] && title="$title, the queue paused ${PAUSE%:*} s into the load for ${PAUSE#*:} s"
title="$title; $(nproc) CPUs, $(date -u +%F)"
"$PYTHON" "$here/metrics-plot.py" plot "$samples" "$OUT" "$title" || exit 1
echo "plot.sh: $N accepted in ${accepted_s}s, delivered in ${delivered_s}s; $(wc -l < "$samples") samples in $samples; picture $OUT"
