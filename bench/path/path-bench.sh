#!/bin/bash
# path-bench.sh - the whole delivery path, SMTP in to mailbox or next hop, Tessera next to Postfix,
# same machine, same run, both as a hosting provider runs them (root, deliveries as the user).
#
# usage: path-bench.sh [options]
#
#   Postfix's smtp-source sends N messages of SIZE_KB KiB per point, one connection per message,
#   C sessions at once, to each server in turn. Three paths:
#     local   every message to bench@path.test: the system account USER (default bench), delivered
#             into ~USER/Maildir by both servers (Postfix: local(8), home_mailbox = Maildir/;
#             Tessera: qmail-getpw's rules, control/defaultdelivery ./Maildir/, in USER's user
#             process). Timed by bench/harness/load.sh.
#     remote  every message to bench@sink.test, relayed to one smtp-sink on 127.0.0.1:SINK_PORT
#             (Tessera: control/smtproutes; Postfix: relayhost)
#     mixed   two smtp-source processes started together, max(1, C/2) sessions each, N/2 messages
#             to the local and N - N/2 to the remote recipient (so C=1 runs 1 + 1 sessions)
#   Every path is measured at every concurrency, ROUNDS times, the two servers alternating point by
#   point (Postfix first in odd rounds, Tessera first in even ones). A point ends when every message
#   has arrived where it goes; it is checked (N accepted, N delivered to the right places, nothing
#   bounced or deferred, no warning in the server's log) and a failed point is left out of the medians.
#
# options:
#   -n N         messages per point (default 5000)
#   -r ROUNDS    rounds of the whole matrix; the table gives medians (default 3)
#   -c "C..."    concurrencies (default "1 10 50")
#   -m "PATH..." paths (default "local remote mixed")
#   -k SIZE_KB   message size in KiB (smtp-source -l SIZE_KB*1024; default 4)
#   -w WARM      warm-up messages per server before the first round, on the mixed path at C=10, not
#                counted (default 10000: Tessera's JIT is still compiling after 1000, which a server
#                that has run for a while no longer does; the table's JIT column shows what is left)
#   -S "SERVER..." servers to measure: tessera and/or postfix (default "postfix tessera")
#   -u USER      the system account mail is delivered to (default bench; created with useradd -m when
#                missing)
#   -d DIR       work directory, kept and reused (default /tmp/tessera-path-bench): Postfix's
#                configuration, queue and log; Tessera's home (fresh each run); the results TSV
#                DIR/runs.tsv (one row per point, appended) and per-point files
#   -q PCT:SEC   before each point, wait up to SEC s until the whole machine has been at most PCT%
#                busy for 2 s in a row (default 15:60; 0:0 skips); what was seen is recorded
#   -t PORT      Tessera's SMTP port (TESSERA_SMTP_PORT; default 22525; its console is on 22822, its other
#                listeners are off)
#   -p PORT      Postfix's smtpd port (default 22526)
#   -s PORT      the smtp-sink's port (default 22599)
#   -R RUN_ID    print the table of an earlier run from DIR/runs.tsv and exit (nothing is started)
#   -h           this text
#
# environment: TESSERA_DIST (default: the assembled distribution of this checkout, built with
#   `mvn -o -q install -DskipTests` at the repository root), TESSERA_JAVA_OPTS (appended to the JVM's
#   options by bin/tessera), PYTHON (python3).
#
# Root, cgroup v1 cpuacct at /sys/fs/cgroup/cpuacct; Postfix 3.7 (postfix, smtp-source, smtp-sink)
# installed. Postfix runs as its own instance, config directory DIR/postfix/etc (postfix -c), queue
# DIR/postfix/spool: the system's /etc/postfix and any Postfix already running are not touched.
# USER's ~/Maildir is emptied before every point. Only 127.0.0.1 is used. Every process this script
# starts is stopped when it ends (also on Ctrl-C).
#
# Exit status: 0 when every measured point passed its checks, 1 on a setup error, 2 when a point
# failed: such a point is marked failed and left out of the medians.
set -u
export LC_ALL=C

N=5000 ROUNDS=3 CONCS="1 10 50" PATHS="local remote mixed" KB=4 WARM=10000 SERVERS="postfix tessera"
USER_NAME=bench DIR=/tmp/tessera-path-bench QUIET=15:60 T_PORT=22525 P_PORT=22526 SINK_PORT=22599
# the console's port: bin/tessera start checks the server through it, so it cannot be 0
T_SSH_PORT=22822
WARM_C=10
LOCAL_DOMAIN=path.test REMOTE_DOMAIN=sink.test SENDER=sender@x.test
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
LOAD=$REPO/bench/harness/load.sh
WATCH=$REPO/bench/harness/watch.py
PY=${PYTHON:-python3}
CGROOT=/sys/fs/cgroup/cpuacct
CG=$CGROOT/pathbench
# every other listener of Tessera off: only the SMTP port is measured, and nothing collides
T_PORTS="TESSERA_QMTP_PORT=0 TESSERA_QMQP_PORT=0 TESSERA_POP3_PORT=0 TESSERA_POP3S_PORT=0
 TESSERA_SENDMAIL_PORT=0 TESSERA_SUBMISSION_PORT=0 TESSERA_SUBMISSIONS_PORT=0 TESSERA_SSH_PORT=$T_SSH_PORT
 TESSERA_METRICS_PORT=0"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-1}"; }
exec 9>&2   # the script's own stderr, also from inside a redirected command (traps run there)
log() { echo "path-bench: $*" >&9; }
die() { echo "path-bench: error: $*" >&9; exit 1; }

SUMMARY_OF=
while getopts "n:r:c:m:k:w:S:u:d:q:t:p:s:R:h" opt; do
    case $opt in
        n) N=$OPTARG ;; r) ROUNDS=$OPTARG ;; c) CONCS=$OPTARG ;; m) PATHS=$OPTARG ;; k) KB=$OPTARG ;;
        w) WARM=$OPTARG ;; S) SERVERS=$OPTARG ;; u) USER_NAME=$OPTARG ;; d) DIR=$OPTARG ;; q) QUIET=$OPTARG ;;
        t) T_PORT=$OPTARG ;; p) P_PORT=$OPTARG ;; s) SINK_PORT=$OPTARG ;; R) SUMMARY_OF=$OPTARG ;;
        h) usage 0 ;; *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
for v in N ROUNDS KB T_PORT P_PORT SINK_PORT; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"; done
[[ $WARM =~ ^[0-9]+$ ]] || die "-w takes a whole number"
[ "$N" -ge 2 ] || die "-n: at least 2 (the mixed path halves it)"
for c in $CONCS; do [[ $c =~ ^[1-9][0-9]*$ && $c -le 500 ]] || die "concurrency $c: 1 to 500"; done
for m in $PATHS; do case $m in local|remote|mixed) ;; *) die "path $m: local, remote or mixed" ;; esac; done
for s in $SERVERS; do case $s in tessera|postfix) ;; *) die "server $s: tessera or postfix" ;; esac; done
[[ $USER_NAME =~ ^[a-z_][a-z0-9_-]*$ ]] || die "-u: not a user name"
[[ $QUIET =~ ^[0-9]+:[0-9]+$ ]] || die "-q takes PCT:SEC"
QUIET_PCT=${QUIET%%:*} QUIET_SEC=${QUIET##*:}
case $DIR in /tmp/?*) ;; *) die "-d must be a directory below /tmp" ;; esac
# ---- the table of medians of one run (RUN_ID) from the results TSV ------------------------------------
summary() { # run_id versions_line
"$PY" - "$OUT" "$1" <<EOF
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t") if r["run_id"] == sys.argv[2]]
meas = [r for r in rows if r["round"] != "warmup"]
def vals(path, c, s, k):
    return [float(r[k]) for r in meas if r["path"] == path and r["concurrency"] == c and r["server"] == s
            and r["status"] == "ok" and r[k] not in ("-", "")]
def med(path, c, s, k):
    v = vals(path, c, s, k)
    return statistics.median(v) if v else float("nan")
def m(path, c, s, k, fmt):
    v = med(path, c, s, k)
    return fmt % v if v == v else "-"
def ratio(path, c, k):
    p, t = med(path, c, "postfix", k), med(path, c, "tessera", k)
    return "%.2f" % (t / p) if p == p and t == t and p else "-"
def good(path, c, s):
    a = [r for r in meas if r["path"] == path and r["concurrency"] == c and r["server"] == s]
    ok = [r for r in a if r["status"] == "ok"]
    noisy = sum(1 for r in ok if "noisy" in r["note"] or "busy before" in r["note"])
    return "%d/%d" % (len(ok), len(a)) + (" (%d noisy)" % noisy if noisy else "")
print()
def order(k):
    seen = []
    for r in meas:
        if r[k] not in seen: seen.append(r[k])
    return seen
paths, concs = order("path"), sorted(order("concurrency"), key=int)
print("## Delivery path: %s messages of %s KiB per point, %s rounds, run %s" % (
    "/".join(order("n")), "$KB", max([int(r["round"]) for r in meas] or [0]), sys.argv[2]))
print()
print("""$2""")
print()
print("| path | C | accept/s P | accept/s T | T/P | e2e/s P | e2e/s T | T/P | CPU ms/msg P | CPU ms/msg T | PSS MiB P | PSS MiB T | JIT % T | good runs P / T |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for path in paths:
    for c in concs:
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |" % (
            path, c, m(path, c, "postfix", "accept_rate", "%.0f"), m(path, c, "tessera", "accept_rate", "%.0f"),
            ratio(path, c, "accept_rate"),
            m(path, c, "postfix", "e2e_rate", "%.0f"), m(path, c, "tessera", "e2e_rate", "%.0f"), ratio(path, c, "e2e_rate"),
            m(path, c, "postfix", "cpu_ms_per_msg", "%.2f"), m(path, c, "tessera", "cpu_ms_per_msg", "%.2f"),
            m(path, c, "postfix", "peak_pss_mib", "%.0f"), m(path, c, "tessera", "peak_pss_mib", "%.0f"),
            m(path, c, "tessera", "jit_pct", "%.1f"), good(path, c, "postfix"), good(path, c, "tessera")))
print()
print("P = Postfix, T = Tessera; medians over the good runs. accept/s: messages accepted / seconds until")
print("smtp-source ended; e2e/s: messages delivered / seconds until the last one arrived (Maildir: its")
print("rename into new/; sink: its count seen); CPU ms/msg: every process of the server (its cgroup) from")
print("the first connection until 1 s after the last delivery, per message; PSS: the peak sum over the")
print("server's processes during the point; JIT %: the share of the Tessera JVM's CPU in its C1/C2 compiler")
print("threads. Failed points are listed below and not counted; noisy: CPU used outside the servers,")
print("sink and harness during the point, or the machine busy before it.")
bad = [r for r in rows if r["status"] == "failed"]
if bad:
    print()
    print("FAILED points (not counted):")
    for r in bad:
        print("  round %s %s C=%s %s: %s" % (r["round"], r["path"], r["concurrency"], r["server"], r["note"]))
EOF
}
if [ -n "$SUMMARY_OF" ]; then
    [ -s "$DIR/runs.tsv" ] || die "no $DIR/runs.tsv"
    OUT=$DIR/runs.tsv
    summary "$SUMMARY_OF" "(table of run $SUMMARY_OF, printed again from $OUT)"
    exit 0
fi
[ "$(id -u)" -eq 0 ] || die "run as root (both servers deliver as the user; cgroups)"
[ -f "$CGROOT/cpuacct.usage" ] || die "no cgroup-v1 cpuacct hierarchy at $CGROOT"
command -v "$PY" >/dev/null || die "no $PY"
for b in postfix postconf smtp-sink smtp-source; do command -v "$b" >/dev/null || die "$b not found"; done
[ -x "$LOAD" ] && [ -x "$WATCH" ] || die "needs $LOAD and $WATCH"
want() { case " $SERVERS " in *" $1 "*) return 0 ;; esac; return 1; }
SIZE=$((KB * 1024))
HZ=$(getconf CLK_TCK)

# ---- the system account both servers deliver to -----------------------------------------------------
if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd -m "$USER_NAME" || die "useradd -m $USER_NAME failed"
    log "created the system account $USER_NAME"
fi
U_HOME=$(getent passwd "$USER_NAME" | cut -d: -f6)
[ "$(id -u "$USER_NAME")" -ne 0 ] || die "$USER_NAME has uid 0"
[ -d "$U_HOME" ] && [ "$(stat -c %u "$U_HOME")" = "$(id -u "$USER_NAME")" ] ||
    die "$USER_NAME's home $U_HOME must exist and belong to $USER_NAME (qmail-getpw's rule)"
MAILDIR=$U_HOME/Maildir
install -d -o "$USER_NAME" -g "$(id -g "$USER_NAME")" -m 0700 "$MAILDIR" "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"

mkdir -p "$DIR" && chmod 0755 "$DIR" || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd -P)
OUT=$DIR/runs.tsv
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
CHECKOUT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)
PTS=$DIR/points/$RUN_ID
mkdir -p "$PTS"
log "run $RUN_ID, work directory $DIR, rows appended to $OUT"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port seconds
    local i
    for i in $(seq 1 $(($2 * 10))); do port_open "$1" && return 0; sleep 0.1; done
    return 1
}

# ---- cgroups: one per server, one for the sink, one for this script and its smtp-sources -------------
mkdir -p "$CG/tessera" "$CG/postfix" "$CG/sink" "$CG/harness" || die "cannot create cgroups below $CG"
echo $$ >"$CG/harness/cgroup.procs" || die "cannot move into $CG/harness"
in_cgroup() { local g=$1; shift; sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$g" "$@" 9>&-; }
cpu_ns() { cat "$1/cpuacct.usage" 2>/dev/null || echo 0; }
cg_pids() { cat "$1/cgroup.procs" 2>/dev/null; }
# load.sh moves itself into this group: its CPU is the harness's, not "other"
LOAD_CG=$CGROOT/mtabench/load

# ---- everything started here is stopped at the end -------------------------------------------------
PF_ETC=$DIR/postfix/etc PF_SPOOL=$DIR/postfix/spool PF_LIB=$DIR/postfix/lib PF_LOG=$DIR/postfix/postfix.log
T_HOME=$DIR/tessera-home
DIST=${TESSERA_DIST:-$(ls -d "$REPO"/distribution/target/tessera-*/ 2>/dev/null | grep -v '\.zip' | head -n 1)}
DIST=${DIST%/}
tessera() { env TESSERA_HOME="$T_HOME" TESSERA_SMTP_PORT=$T_PORT $T_PORTS "$DIST/bin/tessera" "$@"; }
SINK_PID= SRC_PIDS= RUN_PID=
pf_running() { [ -s "$PF_SPOOL/pid/master.pid" ] && kill -0 "$(tr -dc 0-9 < "$PF_SPOOL/pid/master.pid")" 2>/dev/null; }
# a point's smtp-sources and watcher run in a background function (RUN_PID): their pids are in PIDFILE
PIDFILE=$DIR/pids
stop_sources() {
    local p
    [ -s "$PIDFILE" ] && for p in $(cat "$PIDFILE"); do kill "$p" 2>/dev/null; done
    for p in $SRC_PIDS; do wait "$p" 2>/dev/null; done
    SRC_PIDS=
    : >"$PIDFILE"
}
stop_all() {
    local i g
    if [ -n "$RUN_PID" ]; then   # a point under way (load.sh stops its smtp-source itself)
        log "stopping the point under way"
        kill "$RUN_PID" 2>/dev/null; wait "$RUN_PID" 2>/dev/null; RUN_PID=
    fi
    [ -s "$PIDFILE" ] && stop_sources
    if [ -x "${DIST:-/nonexistent}/bin/tessera" ] && [ -d "$T_HOME" ]; then
        tessera status >/dev/null 2>&1 && { log "stopping Tessera"; tessera stop >"$DIR/tessera-stop.log" 2>&1; }
    fi
    if pf_running; then log "stopping Postfix"; postfix -c "$PF_ETC" stop >/dev/null 2>&1; fi
    if [ -n "$SINK_PID" ]; then kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; SINK_PID=; fi
    for i in $(seq 1 100); do   # at most 10 s for their processes to leave the groups
        [ -z "$(cg_pids "$CG/postfix")$(cg_pids "$CG/tessera")$(cg_pids "$CG/sink")" ] && break
        sleep 0.1
    done
    for g in postfix tessera sink; do [ -z "$(cg_pids "$CG/$g")" ] || log "processes left in $CG/$g: $(cg_pids "$CG/$g" | tr '\n' ' ')"; done
}
trap stop_all EXIT
trap 'log "interrupted"; exit 130' INT TERM
stop_all   # leftovers of an earlier run in the same directory

for p in $SINK_PORT $(want postfix && echo "$P_PORT") $(want tessera && echo "$T_PORT $T_SSH_PORT"); do
    port_open "$p" && die "port $p is in use on 127.0.0.1"
done

# ---- the sink: both servers relay sink.test to it ----------------------------------------------------
# (sh execs the sink: $! is the sink's pid)
sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG/sink" smtp-sink -u nobody -c "127.0.0.1:$SINK_PORT" 1000 \
    >"$DIR/sink.out" 2>&1 9>&- &
SINK_PID=$!
wait_port "$SINK_PORT" 10 || die "smtp-sink does not listen on $SINK_PORT"
# smtp-sink -c keeps a running count of messages, "\r"-separated; only the file's end is read
sink_count() { tail -c 64 "$DIR/sink.out" | tr '\r' '\n' | awk -F'mesg=' 'NF > 1 { n = $2 + 0 } END { print n + 0 }'; }

# ---- Postfix: its own instance, smtpd on 127.0.0.1:P_PORT ------------------------------------------
start_postfix() {
    mkdir -p "$PF_ETC" "$PF_SPOOL" "$PF_LIB"
    chown postfix "$PF_LIB"
    cat >"$PF_ETC/main.cf" <<EOF
# path-bench.sh: a Postfix instance of its own (postfix -c $PF_ETC). Not listed: defaults.
compatibility_level = 3.6
queue_directory = $PF_SPOOL
data_directory = $PF_LIB
myhostname = mx.$LOCAL_DOMAIN
mydomain = $LOCAL_DOMAIN
myorigin = \$mydomain
mydestination = $LOCAL_DOMAIN
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP
biff = no
append_dot_mydomain = no
# no aliases: the recipient is the system account itself, as in Tessera
alias_maps =
alias_database =
home_mailbox = Maildir/
# everything not local goes to the sink, as Tessera's smtproutes
relayhost = [127.0.0.1]:$SINK_PORT
smtp_tls_security_level = none
# no syslog daemon here: log to a file through postlogd(8)
maillog_file_prefixes = /var, /dev/stdout, /tmp
maillog_file = $PF_LOG
EOF
    # Debian's master.cf services, all without chroot (the queue is not a prepared chroot), port 25
    # replaced by smtpd on P_PORT.
    cat >"$PF_ETC/master.cf" <<EOF
# path-bench.sh: Postfix smtpd on 127.0.0.1:$P_PORT
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$P_PORT inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
  -o syslog_name=postfix/\$service_name
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    postfix -c "$PF_ETC" check >"$DIR/postfix-check.log" 2>&1 || { cat "$DIR/postfix-check.log" >&2; die "postfix check failed"; }
    in_cgroup "$CG/postfix" postfix -c "$PF_ETC" start >"$DIR/postfix-start.log" 2>&1 ||
        { cat "$DIR/postfix-start.log" >&2; die "postfix start failed"; }
    wait_port "$P_PORT" 20 || die "Postfix does not listen on $P_PORT (see $PF_LOG)"
    pf_running || die "Postfix's master is not running"
    # an interrupted earlier run may have left messages in the queue: they would reach this run's sink
    postsuper -c "$PF_ETC" -d ALL >/dev/null 2>&1
    grep -qx "$(tr -dc 0-9 < "$PF_SPOOL/pid/master.pid")" "$CG/postfix/cgroup.procs" || die "Postfix's master is not in $CG/postfix"
    log "Postfix $(postconf -c "$PF_ETC" -h mail_version) on 127.0.0.1:$P_PORT; $(wc -l < "$CG/postfix/cgroup.procs") processes in $CG/postfix"
}

# ---- Tessera: a fresh home, SMTP on 127.0.0.1:T_PORT -------------------------------------------------
T_PID=
start_tessera() {
    [ -x "$DIST/bin/tessera" ] || die "no Tessera distribution at ${DIST:-?} (mvn -o -q install -DskipTests at $REPO, or TESSERA_DIST)"
    rm -rf "$T_HOME"
    mkdir -p "$T_HOME/control"
    chmod 0755 "$T_HOME"   # the user process (USER) must traverse it
    echo "mx.$LOCAL_DOMAIN" >"$T_HOME/control/me"
    echo "$LOCAL_DOMAIN" >"$T_HOME/control/locals"
    printf '%s\n%s\n' "$LOCAL_DOMAIN" "$REMOTE_DOMAIN" >"$T_HOME/control/rcpthosts"
    # the sender's domain goes to the sink too, as with Postfix's relayhost: a bounce arrives there
    # and makes the sink's count wrong, so no bounce passes unnoticed
    printf '%s:127.0.0.1:%s\n%s:127.0.0.1:%s\n' "$REMOTE_DOMAIN" "$SINK_PORT" "${SENDER#*@}" "$SINK_PORT" \
        >"$T_HOME/control/smtproutes"
    # the default, written out: the same Maildir as Postfix's home_mailbox
    echo ./Maildir/ >"$T_HOME/control/defaultdelivery"
    in_cgroup "$CG/tessera" env TESSERA_HOME="$T_HOME" TESSERA_SMTP_PORT=$T_PORT $T_PORTS \
        "$DIST/bin/tessera" start >"$DIR/tessera-start.log" 2>&1 || { cat "$DIR/tessera-start.log" >&2; die "tessera start failed"; }
    wait_port "$T_PORT" 60 || die "Tessera does not listen on $T_PORT (see $T_HOME/data/log/karaf.log)"
    T_PID=$(tr -dc 0-9 < "$T_HOME/data/tessera.pid" 2>/dev/null)
    grep -qx "${T_PID:-none}" "$CG/tessera/cgroup.procs" || die "Tessera's JVM (${T_PID:-?}) is not in $CG/tessera"
    log "Tessera $(basename "$DIST") (checkout $CHECKOUT) on 127.0.0.1:$T_PORT, JVM $T_PID"
}
jvm_ticks() { [ -n "$T_PID" ] && awk '{ print $14 + $15 }' "/proc/$T_PID/stat" 2>/dev/null || echo 0; }
# the share of it the JIT's compiler threads spent (C1 and C2 CompilerThreadN): a JVM not yet at its
# steady state compiles; a server that has run for a while does not
jit_ticks() {
    local t sum=0 fields
    [ -n "$T_PID" ] || { echo 0; return; }
    for t in /proc/"$T_PID"/task/*; do
        case $(cat "$t/comm" 2>/dev/null) in
            "C1 CompilerThre"*|"C2 CompilerThre"*)
                fields=$(sed 's/.*) //' "$t/stat" 2>/dev/null) || continue
                set -- $fields
                sum=$((sum + ${12} + ${13})) ;;
        esac
    done
    echo "$sum"
}

want postfix && start_postfix
want tessera && start_tessera

# ---- one point ---------------------------------------------------------------------------------------
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
quiet_wait() { # -> "waited_s busy_pct"
    local t0=$SECONDS held=0 a b busy=-1 ncpu
    ncpu=$(nproc)
    [ "$QUIET_SEC" -gt 0 ] || { echo "0 -"; return; }
    while [ $((SECONDS - t0)) -lt "$QUIET_SEC" ]; do
        a=$(busy_ticks); sleep 1; b=$(busy_ticks)
        busy=$(( (b - a) * 100 / (HZ * ncpu) ))
        if [ "$busy" -le "$QUIET_PCT" ]; then held=$((held + 1)); [ $held -ge 2 ] && break; else held=0; fi
    done
    echo "$((SECONDS - t0)) $busy"
}
maildir_count() { find "$MAILDIR/new" "$MAILDIR/cur" -maxdepth 1 -type f 2>/dev/null | wc -l; }
empty_maildir() { find "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp" -maxdepth 1 -type f -delete 2>/dev/null; return 0; }

# remote and mixed (load.sh times only a Maildir): start the smtp-sources together, then wait until
# the Maildir has NL messages and the sink NR more than before. Prints
# "status accepted accept_s delivered_local delivered_remote e2e_s peak_pss_kb src_errors"
timed_run() { # tag server port nl nr c
    local tag=$1 server=$2 port=$3 nl=$4 nr=$5 c=$6 w=$1.work s0 t0 i p sc
    mkdir -p "$w"
    s0=$(sink_count)
    echo 0 >"$w/count"
    "$WATCH" watch "$MAILDIR" "$w/count" "$w/mem.peak" "cg:$CG/$server" &
    local watch_pid=$! sessions=$c
    echo "$watch_pid" >>"$PIDFILE"
    [ "$nl" -gt 0 ] && [ "$nr" -gt 0 ] && { sessions=$((c / 2)); [ "$sessions" -ge 1 ] || sessions=1; }
    t0=$EPOCHREALTIME
    SRC_PIDS=
    for p in local remote; do
        local n rcpt
        case $p in local) n=$nl rcpt=$USER_NAME@$LOCAL_DOMAIN ;; remote) n=$nr rcpt=$USER_NAME@$REMOTE_DOMAIN ;; esac
        [ "$n" -gt 0 ] || continue
        # timeout's pid goes to PIDFILE (stop_all ends it; it passes the signal on to smtp-source)
        ( timeout -k 5 900 smtp-source -c -s "$sessions" -m "$n" -l "$SIZE" -f "$SENDER" -t "$rcpt" \
              "inet:127.0.0.1:$port" >"$w/src-$p.out" 2>"$w/src-$p.err" &
          echo $! >>"$PIDFILE"
          wait $!
          echo "$? $EPOCHREALTIME" >"$w/src-$p.done" ) &
        SRC_PIDS="$SRC_PIDS $!"
    done
    local status=ok t_acc=$t0 acc=0 rc t n_l=0 n_r=0 last=$t0 last_l=-1 last_r=-1 stall_from=
    mkfifo "$w/tick"; exec {tick}<>"$w/tick"   # read -t on it = fork-free sleep
    while :; do
        local now=$EPOCHREALTIME done_all=1
        for p in local remote; do
            case $p in local) [ "$nl" -gt 0 ] || continue ;; remote) [ "$nr" -gt 0 ] || continue ;; esac
            [ -s "$w/src-$p.done" ] || done_all=
        done
        read -r n_l <"$w/count" 2>/dev/null; n_l=${n_l:-0}
        [ "$nr" -gt 0 ] && n_r=$(( $(sink_count) - s0 ))
        if [ "$n_l" != "$last_l" ] || [ "$n_r" != "$last_r" ]; then last_l=$n_l last_r=$n_r last=$now stall_from=${now%.*}; fi
        if [ -n "$done_all" ]; then
            [ "$n_l" -ge "$nl" ] && [ "$n_r" -ge "$nr" ] && break
            if [ $(( ${now%.*} - ${stall_from:-${now%.*}} )) -ge 60 ]; then status=stalled; break; fi
        fi
        if [ $(( ${now%.*} - ${t0%.*} )) -ge 900 ]; then status=timeout; break; fi
        read -r -t 0.1 -u "$tick" _
    done
    exec {tick}>&-
    stop_sources
    # a last look: the count of this instant, and what arrived after it (a late duplicate or bounce)
    sleep 0.3
    n_l=$(maildir_count)
    [ "$nr" -gt 0 ] && n_r=$(( $(sink_count) - s0 ))
    kill "$watch_pid" 2>/dev/null; wait "$watch_pid" 2>/dev/null
    local errs=0
    for p in local remote; do
        [ -s "$w/src-$p.done" ] || continue
        read -r rc t <"$w/src-$p.done"
        [ "$rc" -eq 0 ] || errs=$((errs + 1))
        t_acc=$(awk -v a="$t_acc" -v b="$t" 'BEGIN { print (b > a ? b : a) }')
        # smtp-source -c prints a running count of completed DATA commands
        t=$(tr '\r' '\n' <"$w/src-$p.out" | grep -E '^[0-9]+$' | tail -1)
        acc=$((acc + ${t:-0}))
        [ -s "$w/src-$p.err" ] && { errs=$((errs + 1)); cp "$w/src-$p.err" "$tag.src-$p.err"; }
    done
    # local arrivals: the newest file's ctime (its rename into new/); the sink's: when the count was seen
    if [ "$nl" -gt 0 ]; then
        t=$(find "$MAILDIR/new" "$MAILDIR/cur" -maxdepth 1 -type f -printf '%C@\n' 2>/dev/null | sort -n | tail -1)
        [ "$nr" -gt 0 ] || last=${t:-$last}
        [ -n "$t" ] && last=$(awk -v a="$last" -v b="$t" 'BEGIN { print (b > a ? b : a) }')
    fi
    local pss=0
    [ -s "$w/mem.peak" ] && pss=$(cut -d' ' -f3 "$w/mem.peak")
    rm -rf "$w"
    awk -v st="$status" -v acc="$acc" -v t0="$t0" -v ta="$t_acc" -v tl="$last" -v dl="$n_l" -v dr="$n_r" -v pss="$pss" -v e="$errs" 'BEGIN {
        a = ta - t0; x = tl - t0; if (x < a) x = a; printf "%s %d %.3f %d %d %.3f %d %d\n", st, acc, a, dl, dr, x, pss, e }'
}

HEADER="run_id	round	path	concurrency	server	status	n	accepted	accept_s	accept_rate	delivered_local	delivered_remote	e2e_s	e2e_rate	server_cpu_s	cpu_ms_per_msg	peak_pss_mib	jvm_cpu_s	jit_cpu_s	jit_pct	harness_cpu_s	sink_cpu_s	other_cpu_s	quiet_wait_s	busy_pct_before	load1	note"
# a results file of an older layout is kept aside, not mixed with this one's rows
[ -s "$OUT" ] && [ "$(head -1 "$OUT")" != "$HEADER" ] && mv "$OUT" "$OUT.$(date +%Y%m%dT%H%M%S)"
[ -s "$OUT" ] || echo "$HEADER" >"$OUT"
FAILED=0

point() { # round path concurrency server n
    local round=$1 path=$2 c=$3 server=$4 n=$5 port tag peer
    case $server in tessera) port=$T_PORT peer=postfix ;; postfix) port=$P_PORT peer=tessera ;; esac
    tag=$PTS/$round-$path-$c-$server
    local q load nl nr
    case $path in local) nl=$n nr=0 ;; remote) nl=0 nr=$n ;; mixed) nl=$((n / 2)) nr=$((n - n / 2)) ;; esac
    # leftovers of the point before must not be counted: empty, then make sure it stays empty
    local i
    for i in $(seq 1 30); do empty_maildir; sleep 0.5; [ "$(maildir_count)" -eq 0 ] && break; done
    q=$(quiet_wait)
    load=$(cut -d' ' -f1 /proc/loadavg)
    local slog l0 label ps0 ps1
    case $server in tessera) slog=$T_HOME/data/log/karaf.log ;; postfix) slog=$PF_LOG ;; esac
    l0=$(wc -l < "$slog" 2>/dev/null || echo 0)
    # Tessera's mail log rotates (multilog-style) every ~100 kB: its lines are picked by their TAI64N
    # label (2^62 + TAI seconds, 10 s ahead of Unix time), from the files still there at the end
    label=$(printf '@40000000%08x' $(( ${EPOCHREALTIME%.*} + 10 )))
    ps0=$(sink_count)
    local c0 k0 h0 a0 b0 m0 j0 jit0 c1 k1 h1 a1 b1 m1 j1 jit1
    c0=$(cpu_ns "$CG/$server") k0=$(cpu_ns "$CG/sink") h0=$(cpu_ns "$CG/harness") a0=$(cpu_ns "$CGROOT") b0=$(cpu_ns "$CG/$peer")
    m0=$(cpu_ns "$LOAD_CG") j0=$(jvm_ticks) jit0=$(jit_ticks)
    local res status acc acc_s dl dr e2e_s pss errs
    if [ "$path" = local ]; then
        # load.sh: CPU from the server's cgroup, PSS summed over its processes, from a window of its own
        rm -f "$tag.load.tsv"
        # in the background and waited for, so that a signal's trap runs at once (and stops it)
        "$LOAD" -q -n "$server" -o "$tag.load.tsv" -g "$CG/$server" -f "$SENDER" \
            "127.0.0.1:$port" "$USER_NAME@$LOCAL_DOMAIN" "$MAILDIR" "$n" "$KB" "$c" >/dev/null 2>"$tag.load.err" &
        RUN_PID=$!
        wait "$RUN_PID"
        RUN_PID=
        # status accepted accept_s delivered e2e_s peak_pss_kb src_rc
        res=$(awk -F'\t' 'NR == 2 { print $8, $10, $11, $13, 0, $14, $21, ($9 == 0 ? 0 : 1) }' "$tag.load.tsv" 2>/dev/null)
        [ -n "$res" ] || res="harness_error 0 0 0 0 0 0 1"
        [ -s "$tag.load.err" ] || rm -f "$tag.load.err"
    else
        timed_run "$tag" "$server" "$port" "$nl" "$nr" "$c" >"$tag.res" &
        RUN_PID=$!
        wait "$RUN_PID"
        RUN_PID=
        res=$(cat "$tag.res"); rm -f "$tag.res"
        sleep 1   # as load.sh: the server's post-delivery work is charged to the point
    fi
    read -r status acc acc_s dl dr e2e_s pss errs <<<"$res"
    c1=$(cpu_ns "$CG/$server") k1=$(cpu_ns "$CG/sink") h1=$(cpu_ns "$CG/harness") a1=$(cpu_ns "$CGROOT") b1=$(cpu_ns "$CG/$peer")
    m1=$(cpu_ns "$LOAD_CG") j1=$(jvm_ticks) jit1=$(jit_ticks)
    # the server's complaints during the point (Tessera: karaf.log ERROR/WARN and failed or deferred
    # deliveries in its mail log; Postfix: warning, error, fatal, panic, and any status but sent)
    # Postfix's cleanup(8) warns when a queue file's time stamp is ahead of the clock (seen on VMs whose
    # file system time runs a second ahead); it resets the stamp and goes on: counted in the note, no failure
    local benign='file system clock is [0-9]+ seconds? ahead of local clock|resetting file time stamps'
    local clockw
    clockw=$(tail -n +"$((l0 + 1))" "$slog" 2>/dev/null | grep -c -E "$benign")
    {
        tail -n +"$((l0 + 1))" "$slog" 2>/dev/null | grep -E -v "$benign" |
            grep -E '\| (ERROR|WARN) |(warning|error|fatal|panic):|status=(bounced|deferred|expired)'
        [ "$server" = tessera ] && cat "$T_HOME"/log/@*.s "$T_HOME/log/current" 2>/dev/null |
            awk -v s="$label" '$1 >= s' | grep -E 'delivery [0-9]+: (failure|deferral)|bounce|triple'
    } >"$tag.log"
    # the sink's count over the whole point: remote messages and any bounce (local points included)
    ps1=$(sink_count)
    local problems
    problems=$(wc -l < "$tag.log")
    [ "$problems" -gt 0 ] || rm -f "$tag.log"
    local row
    row=$(awk -v OFS='\t' -v run="$RUN_ID" -v round="$round" -v path="$path" -v c="$c" -v server="$server" \
        -v status="$status" -v n="$n" -v nl="$nl" -v nr="$nr" -v acc="$acc" -v acc_s="$acc_s" -v dl="$dl" -v dr="$dr" \
        -v e2e_s="$e2e_s" -v sinkd="$((ps1 - ps0))" -v pss="$pss" -v errs="$errs" -v problems="$problems" -v clockw="$clockw" -v tag="$tag" \
        -v c0="$c0" -v c1="$c1" -v k0="$k0" -v k1="$k1" -v h0="$h0" -v h1="$h1" -v a0="$a0" -v a1="$a1" \
        -v b0="$b0" -v b1="$b1" -v m0="$m0" -v m1="$m1" -v j0="$j0" -v j1="$j1" -v jit0="$jit0" -v jit1="$jit1" \
        -v hz="$HZ" -v q="$q" -v qpct="$QUIET_PCT" -v load="$load" 'BEGIN {
        note = ""
        if (status != "ok") note = note "; " status
        if (acc != n) note = note "; " acc " of " n " accepted"
        if (dl != nl) note = note "; " dl " of " nl " in the Maildir"
        if (dr != nr) note = note "; " dr " of " nr " at the sink"
        else if (sinkd != nr) note = note "; " sinkd - nr " more at the sink (bounces?)"
        if (errs > 0) note = note "; smtp-source reported errors"
        if (problems > 0) note = note "; " problems " warning/error/bounce lines in the server logs (" tag ".log)"
        if (clockw > 0) note = note "; " clockw " clock warnings of cleanup (not a failure)"
        srv = (c1 - c0) / 1e9; sink = (k1 - k0) / 1e9; har = (h1 - h0 + m1 - m0) / 1e9
        other = (a1 - a0) / 1e9 - srv - sink - har - (b1 - b0) / 1e9   # the idle peer server is not "other"
        if (other < 0) other = 0
        split(q, qq, " ")
        if (qq[2] != "-" && qq[2] + 0 > qpct) note = note "; machine " qq[2] "% busy before the point"
        if (other > 0.1 * (srv > 0.001 ? srv : 0.001) && other > 0.5) note = note sprintf("; noisy: %.2f CPU s outside the servers, sink and harness", other)
        good = (status == "ok" && acc == n && dl == nl && dr == nr && sinkd == nr && errs == 0 && problems == 0)
        st = good ? (round == "warmup" ? "warmup" : "ok") : "failed"
        del = dl + dr
        jvm = (server == "tessera") ? (j1 - j0) / hz : 0; jit = (server == "tessera") ? (jit1 - jit0) / hz : 0
        sub(/^; /, "", note)
        print run, round, path, c, server, st, n, acc, acc_s, sprintf("%.1f", acc_s > 0 ? acc / acc_s : 0), dl, dr, e2e_s,
            sprintf("%.1f", e2e_s > 0 ? del / e2e_s : 0), sprintf("%.3f", srv), sprintf("%.3f", del ? srv * 1000 / del : 0),
            sprintf("%.1f", pss / 1024), (server == "tessera" ? sprintf("%.2f", jvm) : "-"), (server == "tessera" ? sprintf("%.2f", jit) : "-"),
            (server == "tessera" && jvm > 0 ? sprintf("%.1f", 100 * jit / jvm) : "-"),
            sprintf("%.3f", har), sprintf("%.3f", sink), sprintf("%.3f", other), qq[1], qq[2], load, (note == "" ? "-" : note) }')
    echo "$row" >>"$OUT"
    echo "$row" | awk -F'\t' '{ printf "path-bench: %-6s %-6s C=%-3s %-7s %-6s accept %7.1f/s  e2e %7.1f/s  %6.3f CPU ms/msg  PSS %6.1f MiB  JIT %s%%  %s\n", $2, $3, $4, $5, $6, $10, $14, $16, $17, $20, $27 }' >&9
    case $row in *"	failed	"*) return 2 ;; esac
    return 0
}

# ---- warm-up, then the rounds -------------------------------------------------------------------------
if [ "$WARM" -gt 1 ]; then
    log "warm-up: $WARM messages per server on the mixed path at C=$WARM_C (not counted)"
    for s in $SERVERS; do point warmup mixed "$WARM_C" "$s" "$WARM" || log "warm-up of $s failed"; done
fi
for r in $(seq 1 "$ROUNDS"); do
    for m in $PATHS; do
        for c in $CONCS; do
            if [ $((r % 2)) -eq 1 ]; then order=$SERVERS; else order=$(echo "$SERVERS" | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }'); fi
            for s in $order; do point "$r" "$m" "$c" "$s" "$N" || FAILED=1; done
        done
    done
done

# ---- summary -------------------------------------------------------------------------------------------
VERSIONS="Postfix $(postconf -d -h mail_version 2>/dev/null); Tessera $(basename "${DIST:-none}") checkout $CHECKOUT${TESSERA_JAVA_OPTS:+ (TESSERA_JAVA_OPTS=$TESSERA_JAVA_OPTS)}; $(java -version 2>&1 | head -n 1 | tr -d '"'); $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), kernel $(uname -r)"
stop_all
trap - EXIT
empty_maildir   # thousands of test messages are no use to the account
summary "$RUN_ID" "$VERSIONS"
[ "$FAILED" -eq 0 ] || { log "at least one measured point failed (see $OUT and $PTS)"; exit 2; }
exit 0
