#!/bin/bash
# metrics-cost.sh - what Tessera's metrics cost: (1) the server's CPU per message on the SMTP -> Maildir
# path with the metrics on and off, alternating point by point, and (2) the time of one scrape of
# /metrics with a big queue. Both on a fresh server started from this checkout (server.sh: ports 37xx,
# postmaster@tessera.test delivered into the alias user's Maildir).
#
# usage: metrics-cost.sh [-n N] [-c SESSIONS] [-r ROUNDS] [-q QUEUED] [-s SCRAPES] [-w WARMUP]
#   -n N        messages per point of (1), 4 KiB each, one connection per message (default 10000: at
#               3000 a point lasts 2 s and the rounds differed by up to 45 %)
#   -c SESSIONS concurrent SMTP sessions of smtp-source in (1) (default 10)
#   -r ROUNDS   rounds of (1): each round is one point on and one point off, the order swapped each round
#               so that a drift of the machine does not favour one side (default 3)
#   -q QUEUED   messages queued, the queue paused, before the scrapes of (2) (default 100000; 0: no (2))
#   -s SCRAPES  scrapes timed in (2), before and after the filling (default 20)
#   -w WARMUP   messages sent before the first point of (1), not measured: the JIT's both tiers (default 30000)
#
# (1) "on" is the metrics bundle running with its endpoint, scraped every 15 s as Prometheus would;
# "off" is the bundle stopped (./tessera ctl bundle:stop org.tessera.metrics): every bundle then counts
# into common's NoMetrics, which records nothing. TESSERA_METRICS_PORT=0 is not "off": it closes the
# endpoint, and the meters go on counting. A point is N messages through SMTP (smtp-source, 4 KiB, one
# connection each) until the N are in the Maildir, plus 1 s for the queue's cleanup; its figure is the
# CPU time (utime+stime of /proc/PID/stat) of the server's JVM and of the user process it delivers in
# (as root), divided by N.
# (2) curl's time_total of GET /metrics (connect, request, the whole answer read), SCRAPES in a row,
# 0.2 s apart: with the queue empty, then with QUEUED messages in it (paused with qmail:pause, filled
# by smtp-source with 40 sessions, one connection per message, 300-byte bodies).
#
# stdout: one line per point and a summary. Needs root (as a provider runs the server), Postfix's
# smtp-source, curl. Loopback only.
set -u
N=10000 C=10 ROUNDS=3 QUEUED=100000 SCRAPES=20 WARMUP=30000
while getopts "n:c:r:q:s:w:h" o; do
    case $o in n) N=$OPTARG ;; c) C=$OPTARG ;; r) ROUNDS=$OPTARG ;; q) QUEUED=$OPTARG ;; s) SCRAPES=$OPTARG ;;
        w) WARMUP=$OPTARG ;; *) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1 ;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server.sh"
SMTP_SOURCE=${SMTP_SOURCE:-/usr/sbin/smtp-source}
[ -x "$SMTP_SOURCE" ] || { echo "metrics-cost.sh: needs $SMTP_SOURCE (apt-get install postfix)" >&2; exit 1; }
HZ=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/tessera-metrics-cost.XXXXXX)
chmod 755 "$work"
scraper=
trap '[ -n "$scraper" ] && kill "$scraper" 2>/dev/null; stop_server; rm -rf "$work"' EXIT

send() { # messages sessions body_bytes
    "$SMTP_SOURCE" -s "$2" -l "$3" -m "$1" -f sender@x.test -t "$RCPT" "inet:127.0.0.1:$TESSERA_SMTP_PORT"
}

endpoint_answers() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$METRICS_URL" 2>/dev/null | grep -q 200; }

# metrics on|off, and a check that it is so: the endpoint answers exactly when the bundle runs.
metrics() {
    local want=$1 i
    if [ "$want" = on ]; then
        "$repo/tessera" ctl bundle:start org.tessera.metrics >/dev/null || return 1
        for i in $(seq 100); do endpoint_answers && return 0; sleep 0.2; done
    else
        "$repo/tessera" ctl bundle:stop org.tessera.metrics >/dev/null || return 1
        for i in $(seq 100); do endpoint_answers || return 0; sleep 0.2; done
    fi
    echo "metrics-cost.sh: the metrics did not turn $want" >&2
    return 1
}

empty_maildir() { find "$(maildir)/new" "$(maildir)/cur" -maxdepth 1 -type f -delete 2>/dev/null; return 0; }

# point on|off -> "cpu_ms_per_msg wall_s"
point() {
    local state=$1 ticks0 ticks1 t0 t1
    metrics "$state" || return 1
    empty_maildir
    sleep 2
    if [ "$state" = on ]; then
        (while sleep 15; do curl -s -o /dev/null "$METRICS_URL"; done) &
        scraper=$!
    fi
    ticks0=$(cpu_ticks); t0=$EPOCHREALTIME
    send "$N" "$C" 4096 >/dev/null || return 1
    await_delivered "$N" 900 || return 1
    t1=$EPOCHREALTIME
    sleep 1
    ticks1=$(cpu_ticks)
    if [ -n "$scraper" ]; then kill "$scraper"; wait "$scraper" 2>/dev/null; scraper=; fi
    awk -v t="$((ticks1 - ticks0))" -v hz="$HZ" -v n="$N" -v a="$t0" -v b="$t1" \
        'BEGIN{printf "%.3f %.1f\n", t * 1000 / hz / n, b - a}'
}

echo "# metrics-cost.sh $(date -u '+%F %T UTC'), $(git -C "$repo" rev-parse --short HEAD), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# (1) CPU ms per message, SMTP -> Maildir, N=$N, 4 KiB, $C sessions, $ROUNDS rounds"
start_server "$work/cpu" || exit 1
send "$WARMUP" "$C" 4096 >/dev/null && await_delivered "$WARMUP" 900 || exit 1
results=$work/cpu.tsv
for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
    for state in $order; do
        r=$(point "$state") || exit 1
        echo "$round $state $r" >> "$results"
        echo "round $round metrics $state: $r (cpu_ms_per_msg wall_s)"
    done
done
awk '{ms[$1, $2] = $3}
     END {
       for (r = 1; ms[r, "on"] != ""; r++) {
         pct = (ms[r, "on"] - ms[r, "off"]) / ms[r, "off"] * 100; p[r] = pct; n = r
         printf "round %d: on %.3f ms, off %.3f ms: metrics cost %+.1f %%\n", r, ms[r, "on"], ms[r, "off"], pct
       }
       # The median of the rounds'"'"' differences, and their range.
       for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (p[j] < p[i]) { x = p[i]; p[i] = p[j]; p[j] = x }
       printf "cost of metrics: median %+.1f %% of the CPU per message (rounds from %+.1f to %+.1f %%)\n",
         (n % 2 ? p[(n + 1) / 2] : (p[n / 2] + p[n / 2 + 1]) / 2), p[1], p[n]
     }' "$results"
stop_server
[ "$QUEUED" -gt 0 ] || exit 0

echo "# (2) one scrape of /metrics (curl time_total), $SCRAPES in a row, the queue empty, then $QUEUED messages queued"
start_server "$work/scrape" || exit 1
"$repo/tessera" ctl pause >/dev/null || exit 1
scrapes() { # label
    local i times=()
    for i in $(seq "$SCRAPES"); do
        times+=("$(curl -s -o /dev/null -w '%{time_total}' "$METRICS_URL")")
        sleep 0.2
    done
    local bytes samples
    bytes=$(curl -s "$METRICS_URL" | wc -c); samples=$(curl -s "$METRICS_URL" | grep -vc '^#')
    printf '%s\n' "${times[@]}" | sort -g | awk -v label="$1" -v bytes="$bytes" -v samples="$samples" \
        '{t[NR] = $1 * 1000} END {printf "%s: median %.1f ms (min %.1f, p90 %.1f, max %.1f) over %d scrapes; %d bytes, %d samples\n",
            label, (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2), t[1], t[int(NR * 0.9 + 0.5)], t[NR], NR, bytes, samples}'
}
queued() {
    curl -s "$METRICS_URL" | awk '/^tessera_queue_messages\{/ {n += $2} END {printf "%d\n", n}'
}
# The server has just started: a few scrapes to warm the endpoint's code, as Prometheus's first would.
for i in 1 2 3 4 5; do curl -s -o /dev/null "$METRICS_URL"; done
scrapes "queue empty"
t0=$EPOCHREALTIME
send "$QUEUED" 40 300 > "$work/fill.out" 2> "$work/fill.err" || { tail -3 "$work/fill.err" >&2; exit 1; }
t1=$EPOCHREALTIME
in_queue=$(queued)
awk -v n="$QUEUED" -v a="$t0" -v b="$t1" -v q="$in_queue" \
    'BEGIN{printf "filling: %d messages accepted in %.0f s (%.0f/s) by smtp-source, 40 sessions; tessera_queue_messages sums to %d\n", n, b - a, n / (b - a), q}'
scrapes "$in_queue queued"
