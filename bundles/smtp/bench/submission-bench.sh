#!/bin/bash
# submission-bench.sh - authenticated submission over STARTTLS: Tessera's submission listener next
# to Postfix's submission service (smtpd with SASL through Dovecot's auth), same machine, same run.
#
# usage: submission-bench.sh [options]
#
#   Two modes, each measured at every concurrency, ROUNDS times, the two servers alternating point
#   by point (Postfix first in odd rounds, Tessera first in even ones):
#     full       one session = connect, EHLO, STARTTLS, TLS 1.3 handshake, EHLO, AUTH PLAIN,
#                MAIL, RCPT, DATA (one message of SIZE_KB KiB), QUIT
#     handshake  one session = connect, EHLO, STARTTLS, TLS 1.3 handshake, EHLO, QUIT
#   One TCP connection per session; submission-driver.py (next to this script) keeps C sessions
#   in flight until SESSIONS have run. Both servers relay the message to one smtp-sink on
#   127.0.0.1:SINK_PORT (the recipient's domain example.test is routed there): a point in full mode
#   ends when the sink has received every message, and its CPU window includes that delivery.
#
# options:
#   -n SESSIONS  sessions per point (default 2000)
#   -r ROUNDS    rounds of the whole matrix; the table gives medians (default 3)
#   -c "C..."    concurrencies (default "10 50")
#   -m "MODE..." modes (default "full handshake")
#   -k SIZE_KB   message size in KiB, headers included (default 4)
#   -w WARM      warm-up sessions per server and mode before the first round, not counted
#                (default 10000: Tessera's JIT is still compiling after 1000, which a server that
#                has run for a while no longer does; the table's JIT column shows what is left)
#   -s SCHEME    password scheme in both password files: plain ({PLAIN}) or sha512
#                ({SHA512-CRYPT}, glibc $6$, 5000 rounds) (default plain)
#   -K KEY       the servers' self-signed certificate key: ec256 or rsa2048 (default ec256, as
#                certbot's and Tessera's own self-signed certificate are);
#                both servers use the same certificate and key
#   -A MECH      SASL mechanism of the driver: plain or login (default plain)
#   -S "SERVER..." servers to measure: tessera and/or postfix (default "postfix tessera")
#   -d DIR       work directory, kept and reused (default /tmp/tessera-submission-bench): Postfix's
#                and Dovecot's configuration, queue, logs; Tessera's home (fresh each run); the
#                results TSV DIR/runs.tsv (one row per point, appended) and per-point files
#   -q PCT:SEC   before each point, wait up to SEC s until the whole machine has been at most PCT%
#                busy for 2 s in a row (default 15:60; 0:0 skips); what was seen is recorded
#   -t PORT      Tessera's submission port (TESSERA_SUBMISSION_PORT; default 23587)
#   -p PORT      Postfix's submission port (default 2588)
#   -P PROCS     driver worker processes (default: number of CPUs)
#   -h           this text
#
# environment: TESSERA_DIST (default: the assembled distribution of this checkout, built with
#   `mvn -o -q install -DskipTests` at the repository root), TESSERA_CONCURRENCYINCOMING (written to
#   Tessera's control/concurrencyincoming when set; unset: Tessera's default, 20 sessions at once per
#   listener), TESSERA_CURVE_ARITHMETIC (curveArithmetic in etc/org.tessera.tls.cfg: bouncycastle,
#   the default, or jdk), TESSERA_JAVA_OPTS (appended to the JVM's options by bin/tessera),
#   PYTHON (python3).
#
# Root, cgroup v1 cpuacct at /sys/fs/cgroup/cpuacct; Postfix 3.7 (postfix, smtp-sink) and Dovecot 2.3
# installed (Debian packages postfix, dovecot-core). Postfix runs as its own instance, config
# directory DIR/postfix/etc (postfix -c), queue DIR/postfix/spool: the system's /etc/postfix and any
# Postfix already running are not touched. Only 127.0.0.1 is used. Every process this script starts
# is stopped when it ends (also on Ctrl-C).
#
# Exit status: 0 when every measured point passed its checks, 1 on a setup error, 2 when a point
# failed (errors, missing deliveries): such a point is marked failed and left out of the medians.
set -u
export LC_ALL=C

N=2000 ROUNDS=3 CONCS="10 50" MODES="full handshake" KB=4 WARM=10000 SCHEME=plain KEY=ec256 AUTH=plain
SERVERS="postfix tessera" DIR=/tmp/tessera-submission-bench QUIET=15:60 T_PORT=23587 P_PORT=2588 PROCS=0
SINK_PORT=2598
BENCH_USER=bench BENCH_PASS=benchpass
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
PY=${PYTHON:-python3}
DRIVER=$HERE/submission-driver.py
CGROOT=/sys/fs/cgroup/cpuacct
CG=$CGROOT/subbench
# Tessera's other listeners, away from the defaults and from the other benches.
T_PORTS="TESSERA_SMTP_PORT=23525 TESSERA_QMTP_PORT=23209 TESSERA_QMQP_PORT=23628 TESSERA_POP3_PORT=23110
 TESSERA_SENDMAIL_PORT=23025 TESSERA_SUBMISSIONS_PORT=23465 TESSERA_SSH_PORT=23822"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-1}"; }
exec 9>&2   # the script's own stderr, also from inside a redirected command (traps run there)
log() { echo "submission-bench: $*" >&9; }
die() { echo "submission-bench: error: $*" >&9; exit 1; }

while getopts "n:r:c:m:k:w:s:K:A:S:d:q:t:p:P:h" opt; do
    case $opt in
        n) N=$OPTARG ;; r) ROUNDS=$OPTARG ;; c) CONCS=$OPTARG ;; m) MODES=$OPTARG ;; k) KB=$OPTARG ;;
        w) WARM=$OPTARG ;; s) SCHEME=$OPTARG ;; K) KEY=$OPTARG ;; A) AUTH=$OPTARG ;; S) SERVERS=$OPTARG ;;
        d) DIR=$OPTARG ;; q) QUIET=$OPTARG ;; t) T_PORT=$OPTARG ;; p) P_PORT=$OPTARG ;; P) PROCS=$OPTARG ;;
        h) usage 0 ;; *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
for v in N ROUNDS KB T_PORT P_PORT; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"; done
[[ $WARM =~ ^[0-9]+$ && $PROCS =~ ^[0-9]+$ ]] || die "-w and -P take whole numbers"
for c in $CONCS; do [[ $c =~ ^[1-9][0-9]*$ && $c -le 500 ]] || die "concurrency $c: 1 to 500"; done
for m in $MODES; do case $m in full|handshake) ;; *) die "mode $m: full or handshake" ;; esac; done
for s in $SERVERS; do case $s in tessera|postfix) ;; *) die "server $s: tessera or postfix" ;; esac; done
case $SCHEME in plain|sha512) ;; *) die "-s plain or sha512" ;; esac
case $KEY in rsa2048|ec256) ;; *) die "-K rsa2048 or ec256" ;; esac
case $AUTH in plain|login) ;; *) die "-A plain or login" ;; esac
[[ $QUIET =~ ^[0-9]+:[0-9]+$ ]] || die "-q takes PCT:SEC"
QUIET_PCT=${QUIET%%:*} QUIET_SEC=${QUIET##*:}
case $DIR in /tmp/?*) ;; *) die "-d must be a directory below /tmp" ;; esac
[ "$(id -u)" -eq 0 ] || die "run as root (Postfix and Dovecot start as root; cgroups)"
[ -f "$CGROOT/cpuacct.usage" ] || die "no cgroup-v1 cpuacct hierarchy at $CGROOT"
command -v "$PY" >/dev/null || die "no $PY"
for b in postfix postconf smtp-sink dovecot openssl; do command -v "$b" >/dev/null || die "$b not found"; done
want() { case " $SERVERS " in *" $1 "*) return 0 ;; esac; return 1; }
SIZE=$((KB * 1024))
HZ=$(getconf CLK_TCK)

mkdir -p "$DIR" && chmod 0755 "$DIR" || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd -P)
OUT=$DIR/runs.tsv
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
PTS=$DIR/points/$RUN_ID
mkdir -p "$PTS"
log "run $RUN_ID, work directory $DIR, rows appended to $OUT"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port seconds
    local i
    for i in $(seq 1 $(($2 * 10))); do port_open "$1" && return 0; sleep 0.1; done
    return 1
}

# ---- cgroups: one per server, one for the driver, one for the sink -------------------------------
mkdir -p "$CG/tessera" "$CG/postfix" "$CG/driver" "$CG/sink" || die "cannot create cgroups below $CG"
in_cgroup() { local g=$1; shift; sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$g" "$@"; }
cpu_ns() { cat "$1/cpuacct.usage"; }
cg_pids() { cat "$1/cgroup.procs" 2>/dev/null; }

# ---- everything started here is stopped at the end -----------------------------------------------
PF_ETC=$DIR/postfix/etc PF_SPOOL=$DIR/postfix/spool PF_LIB=$DIR/postfix/lib PF_LOG=$DIR/postfix/postfix.log
D_DIR=$DIR/dovecot
T_HOME=$DIR/tessera-home
DIST=${TESSERA_DIST:-$(ls -d "$REPO"/distribution/target/tessera-*/ 2>/dev/null | grep -v '\.zip' | head -n 1)}
DIST=${DIST%/}
tessera() { env TESSERA_HOME="$T_HOME" TESSERA_SUBMISSION_PORT=$T_PORT $T_PORTS "$DIST/bin/tessera" "$@"; }
SINK_PID= DRV_PID=
pf_running() { [ -s "$PF_SPOOL/pid/master.pid" ] && kill -0 "$(tr -dc 0-9 < "$PF_SPOOL/pid/master.pid")" 2>/dev/null; }
d_pid() { [ -s "$D_DIR/run/master.pid" ] && tr -dc 0-9 < "$D_DIR/run/master.pid"; }
stop_all() {
    local p i g
    if [ -n "$DRV_PID" ]; then   # a point under way: its driver (timeout passes the TERM on), then any worker left
        log "stopping the driver"
        kill "$DRV_PID" 2>/dev/null; wait "$DRV_PID" 2>/dev/null; DRV_PID=
        for p in $(cg_pids "$CG/driver"); do kill "$p" 2>/dev/null; done
    fi
    if [ -x "${DIST:-/nonexistent}/bin/tessera" ] && [ -d "$T_HOME" ]; then
        tessera status >/dev/null 2>&1 && { log "stopping Tessera"; tessera stop >"$DIR/tessera-stop.log" 2>&1; }
    fi
    if pf_running; then log "stopping Postfix"; postfix -c "$PF_ETC" stop >/dev/null 2>&1; fi
    p=$(d_pid) && kill -0 "$p" 2>/dev/null && { log "stopping Dovecot"; kill "$p"; }
    if [ -n "$SINK_PID" ]; then kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; SINK_PID=; fi
    for i in $(seq 1 100); do   # at most 10 s for their processes to leave the groups
        [ -z "$(cg_pids "$CG/postfix")$(cg_pids "$CG/tessera")$(cg_pids "$CG/sink")" ] && break
        sleep 0.1
    done
    for g in postfix tessera sink driver; do [ -z "$(cg_pids "$CG/$g")" ] || log "processes left in $CG/$g: $(cg_pids "$CG/$g" | tr '\n' ' ')"; done
}
trap stop_all EXIT
trap 'log "interrupted"; exit 130' INT TERM
stop_all   # leftovers of an earlier run in the same directory

for p in $SINK_PORT $(want postfix && echo "$P_PORT") $(want tessera && echo "$T_PORT 23525 23209 23628 23110 23025 23465 23822"); do
    port_open "$p" && die "port $p is in use on 127.0.0.1"
done

# ---- certificate (one for both) and password -----------------------------------------------------
mkdir -p "$DIR/tls"
if [ ! -s "$DIR/tls/$KEY.key" ] || [ ! -s "$DIR/tls/$KEY.crt" ]; then
    case $KEY in
        rsa2048) kopt=(-newkey rsa:2048) ;;
        ec256) kopt=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1) ;;
    esac
    openssl req -x509 "${kopt[@]}" -nodes -days 3650 -subj /CN=mx.submission.test \
        -keyout "$DIR/tls/$KEY.key" -out "$DIR/tls/$KEY.crt" >"$DIR/tls/openssl.log" 2>&1 || die "openssl req failed"
fi
chmod 0600 "$DIR/tls/$KEY.key"
CERT=$DIR/tls/$KEY.crt CERTKEY=$DIR/tls/$KEY.key
case $SCHEME in
    plain) PWFIELD="{PLAIN}$BENCH_PASS" ;;
    sha512) PWFIELD="{SHA512-CRYPT}$(openssl passwd -6 "$BENCH_PASS")" ;;
esac
PASSWD_LINE="$BENCH_USER:$PWFIELD::::::"

# ---- the sink: both servers relay example.test to it ---------------------------------------------
# (sh execs the sink: $! is the sink's pid)
sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG/sink" smtp-sink -u nobody -c "127.0.0.1:$SINK_PORT" 1000 \
    >"$DIR/sink.out" 2>&1 &
SINK_PID=$!
wait_port $SINK_PORT 10 || die "smtp-sink does not listen on $SINK_PORT"
delivered() { tr '\r' '\n' < "$DIR/sink.out" | awk -F'mesg=' 'NF > 1 { n = $2 + 0 } END { print n + 0 }'; }

# ---- Postfix: its own instance, submission on 127.0.0.1:P_PORT, SASL by Dovecot's auth --------------
start_postfix() {
    mkdir -p "$PF_ETC" "$PF_SPOOL" "$PF_LIB" "$D_DIR/run" "$D_DIR/state"
    chown postfix "$PF_LIB"
    cat >"$PF_ETC/main.cf" <<EOF
# submission-bench.sh: a Postfix instance of its own (postfix -c $PF_ETC). Not listed: defaults.
compatibility_level = 3.6
queue_directory = $PF_SPOOL
data_directory = $PF_LIB
myhostname = mx.submission.test
mydomain = submission.test
myorigin = \$mydomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP
biff = no
append_dot_mydomain = no
alias_maps =
alias_database =
# everything not local (all of it: mydestination is empty) goes to the sink, as Tessera's smtproutes
relayhost = [127.0.0.1]:$SINK_PORT
smtp_tls_security_level = none
# TLS of the submission service (the service sets smtpd_tls_security_level=encrypt)
smtpd_tls_cert_file = $CERT
smtpd_tls_key_file = $CERTKEY
smtpd_tls_loglevel = 0
smtpd_tls_session_cache_database = btree:\${data_directory}/smtpd_scache
smtpd_tls_auth_only = yes
# SASL through Dovecot's auth service (socket in this instance's queue directory)
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
# no syslog daemon here: log to a file through postlogd(8)
maillog_file_prefixes = /var, /dev/stdout, /tmp
maillog_file = $PF_LOG
EOF
    # Debian's master.cf services, all without chroot (the queue is not a prepared chroot), port 25
    # replaced by the submission service.
    cat >"$PF_ETC/master.cf" <<EOF
# submission-bench.sh: Postfix submission on 127.0.0.1:$P_PORT
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$P_PORT inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o milter_macro_daemon_name=ORIGINATING
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
    # Dovecot: the auth service only, its client socket where Postfix's smtpd looks for it.
    install -m 0640 -o root -g dovecot /dev/stdin "$D_DIR/passwd" <<<"$PASSWD_LINE"
    cat >"$D_DIR/dovecot.conf" <<EOF
# submission-bench.sh: Dovecot $(dovecot --version | cut -d' ' -f1) as Postfix's SASL server only
base_dir = $D_DIR/run
state_dir = $D_DIR/state
log_path = $D_DIR/dovecot.log
protocols = none
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = $D_DIR/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener $PF_SPOOL/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
    postfix -c "$PF_ETC" check >"$DIR/postfix-check.log" 2>&1 || { cat "$DIR/postfix-check.log" >&2; die "postfix check failed"; }
    in_cgroup "$CG/postfix" postfix -c "$PF_ETC" start >"$DIR/postfix-start.log" 2>&1 ||
        { cat "$DIR/postfix-start.log" >&2; die "postfix start failed"; }
    in_cgroup "$CG/postfix" dovecot -c "$D_DIR/dovecot.conf" >"$DIR/dovecot-start.log" 2>&1 ||
        { cat "$DIR/dovecot-start.log" >&2; die "dovecot start failed"; }
    local i
    for i in $(seq 1 100); do [ -S "$PF_SPOOL/private/auth" ] && break; sleep 0.1; done
    [ -S "$PF_SPOOL/private/auth" ] || die "no Dovecot auth socket at $PF_SPOOL/private/auth (see $D_DIR/dovecot.log)"
    wait_port "$P_PORT" 20 || die "Postfix does not listen on $P_PORT (see $PF_LOG)"
    pf_running || die "Postfix's master is not running"
    grep -qx "$(tr -dc 0-9 < "$PF_SPOOL/pid/master.pid")" "$CG/postfix/cgroup.procs" || die "Postfix's master is not in $CG/postfix"
    grep -qx "$(d_pid)" "$CG/postfix/cgroup.procs" || die "Dovecot's master is not in $CG/postfix"
    log "Postfix $(postconf -c "$PF_ETC" -h mail_version) on 127.0.0.1:$P_PORT, Dovecot $(dovecot --version | cut -d' ' -f1) auth; $(wc -l < "$CG/postfix/cgroup.procs") processes in $CG/postfix"
}

# ---- Tessera: a fresh home, submission on 127.0.0.1:T_PORT ----------------------------------------
T_PID=
start_tessera() {
    [ -x "$DIST/bin/tessera" ] || die "no Tessera distribution at ${DIST:-?} (mvn -o -q install -DskipTests at $REPO, or TESSERA_DIST)"
    rm -rf "$T_HOME"
    mkdir -p "$T_HOME/control" "$T_HOME/etc"
    chmod 0755 "$T_HOME"
    echo mx.submission.test >"$T_HOME/control/me"
    echo submission.test >"$T_HOME/control/locals"
    echo submission.test >"$T_HOME/control/rcpthosts"
    echo "example.test:127.0.0.1:$SINK_PORT" >"$T_HOME/control/smtproutes"
    # the same certificate and key as Postfix's (etc/ files present before the first start are kept)
    printf 'certificate = %s\nkey = %s\nprotocols = TLSv1.2,TLSv1.3\ncurveArithmetic = %s\n' "$CERT" "$CERTKEY" \
        "${TESSERA_CURVE_ARITHMETIC:-bouncycastle}" >"$T_HOME/etc/org.tessera.tls.cfg"
    install -m 0600 /dev/stdin "$T_HOME/etc/passwd.tessera" <<<"$PASSWD_LINE"
    [ -n "${TESSERA_CONCURRENCYINCOMING:-}" ] && echo "$TESSERA_CONCURRENCYINCOMING" >"$T_HOME/control/concurrencyincoming"
    in_cgroup "$CG/tessera" env TESSERA_HOME="$T_HOME" TESSERA_SUBMISSION_PORT=$T_PORT $T_PORTS \
        "$DIST/bin/tessera" start >"$DIR/tessera-start.log" 2>&1 || { cat "$DIR/tessera-start.log" >&2; die "tessera start failed"; }
    wait_port "$T_PORT" 60 || die "Tessera does not listen on $T_PORT (see $T_HOME/data/log/karaf.log)"
    T_PID=$(tr -dc 0-9 < "$T_HOME/data/tessera.pid" 2>/dev/null)
    grep -qx "${T_PID:-none}" "$CG/tessera/cgroup.procs" || die "Tessera's JVM (${T_PID:-?}) is not in $CG/tessera"
    log "Tessera $(basename "$DIST") (checkout $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)) on 127.0.0.1:$T_PORT, JVM $T_PID"
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

# ---- one point -------------------------------------------------------------------------------------
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
HEADER="run_id	round	mode	concurrency	server	status	sessions	ok	errors	wall_s	sessions_per_s	lat_ms_p50	lat_ms_p99	drain_s	delivered	server_cpu_s	cpu_ms_per_session	jvm_cpu_ms_per_session	driver_cpu_ms_per_session	driver_cg_cpu_s	sink_cpu_s	other_cpu_s	quiet_wait_s	busy_pct_before	load1	note	jit_cpu_ms_per_session"
# a results file of an older layout is kept aside, not mixed with this one's rows
[ -s "$OUT" ] && [ "$(head -1 "$OUT")" != "$HEADER" ] && mv "$OUT" "$OUT.$(date +%Y%m%dT%H%M%S)"
[ -s "$OUT" ] || echo "$HEADER" >"$OUT"
FAILED=0

point() { # round mode concurrency server sessions
    local round=$1 mode=$2 c=$3 server=$4 n=$5 port tag
    case $server in tessera) port=$T_PORT ;; postfix) port=$P_PORT ;; esac
    tag=$PTS/$round-$mode-$c-$server
    local q load s0 c0 d0 k0 a0 j0 c1 d1 k1 a1 j1 s1 rc drain=0 t_end b0 b1 peer
    case $server in tessera) peer=postfix ;; postfix) peer=tessera ;; esac
    q=$(quiet_wait)
    load=$(cut -d' ' -f1 /proc/loadavg)
    local slog l0 dl0
    case $server in tessera) slog=$T_HOME/data/log/karaf.log ;; postfix) slog=$PF_LOG ;; esac
    l0=$(wc -l < "$slog" 2>/dev/null || echo 0) dl0=$(wc -l < "$D_DIR/dovecot.log" 2>/dev/null || echo 0)
    s0=$(delivered)
    c0=$(cpu_ns "$CG/$server") d0=$(cpu_ns "$CG/driver") k0=$(cpu_ns "$CG/sink") a0=$(cpu_ns "$CGROOT") j0=$(jvm_ticks) jit0=$(jit_ticks) b0=$(cpu_ns "$CG/$peer")
    # in the background and waited for, so that a signal's trap runs at once (and stops it)
    sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG/driver" timeout 900 "$PY" "$DRIVER" --port "$port" \
        --sessions "$n" --concurrency "$c" --mode "$mode" --user "$BENCH_USER" --password "$BENCH_PASS" \
        --auth "$AUTH" --size "$SIZE" --procs "$PROCS" --timeout 30 --deadline 600 >"$tag.json" 2>"$tag.stderr" &
    DRV_PID=$!
    wait "$DRV_PID"
    rc=$?
    DRV_PID=
    t_end=$(date +%s.%N)
    if [ "$mode" = full ]; then   # until the sink has every message accepted (at most 300 s)
        local ok_n i
        ok_n=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("ok", 0))' "$tag.json" 2>/dev/null || echo 0)
        for i in $(seq 1 3000); do [ $(( $(delivered) - s0 )) -ge "$ok_n" ] && break; sleep 0.1; done
        drain=$(awk -v a="$t_end" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    fi
    sleep 0.5   # the last session processes' exits
    c1=$(cpu_ns "$CG/$server") d1=$(cpu_ns "$CG/driver") k1=$(cpu_ns "$CG/sink") a1=$(cpu_ns "$CGROOT") j1=$(jvm_ticks) jit1=$(jit_ticks) b1=$(cpu_ns "$CG/$peer")
    s1=$(delivered)
    # the server's complaints during the point (Tessera: karaf.log ERROR/WARN; Postfix and Dovecot:
    # warning, error, fatal, panic)
    tail -n +"$((l0 + 1))" "$slog" 2>/dev/null | grep -E '\| (ERROR|WARN) |(warning|error|fatal|panic):' >"$tag.log"
    [ "$server" = postfix ] && tail -n +"$((dl0 + 1))" "$D_DIR/dovecot.log" 2>/dev/null | grep -E -i 'error|warning|fatal|panic' >>"$tag.log"
    local problems
    problems=$(wc -l < "$tag.log")
    [ "$problems" -gt 0 ] || rm -f "$tag.log"
    local row
    row=$("$PY" - "$tag.json" <<EOF
import json, sys
try:
    j = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
except Exception:
    j = {}
notes = []
rc, n, mode, server = $rc, $n, "$mode", "$server"
ok, errors, wall = j.get("ok", 0), j.get("errors", 1 if not j else 0), j.get("wall_s", 0.0)
if not j: notes.append("no result from the driver (exit %d)" % rc)
elif rc != 0: notes.append("driver exit %d" % rc)
if errors: notes.append("%d errors: %s" % (errors, "; ".join("%s x%d" % kv for kv in j.get("error_samples", {}).items())))
delivered = $s1 - $s0
if mode == "full" and delivered != ok: notes.append("sink got %d of %d messages" % (delivered, ok))
srv = ($c1 - $c0) / 1e9; drv = ($d1 - $d0) / 1e9; sink = ($k1 - $k0) / 1e9
other = ($a1 - $a0) / 1e9 - srv - drv - sink - ($b1 - $b0) / 1e9   # the idle peer server is not "other"
q = "$q".split()
if q[1] != "-" and int(q[1]) > $QUIET_PCT: notes.append("machine %s%% busy before the point" % q[1])
if other > 0.1 * max(srv, 0.001) and other > 0.5: notes.append("noisy: %.2f CPU s outside the servers, driver and sink" % other)
if $problems: notes.append("%d warning/error lines in the server's log (%s.log)" % ($problems, "$tag"))
good = rc == 0 and errors == 0 and ok == n and (mode != "full" or delivered == ok)
status = ("warmup" if "$round" == "warmup" else "ok") if good else "failed"
jvm = (($j1 - $j0) * 1000.0 / $HZ / ok) if server == "tessera" and ok else float("nan")
jit = (($jit1 - $jit0) * 1000.0 / $HZ / ok) if server == "tessera" and ok else float("nan")
per = lambda x: 1000.0 * x / ok if ok else float("nan")
print("\t".join(str(x) for x in [
    "$RUN_ID", "$round", mode, $c, server, status, j.get("sessions", 0), ok, errors, "%.3f" % wall,
    "%.1f" % (ok / wall if wall else 0), j.get("lat_ms_p50", "nan"), j.get("lat_ms_p99", "nan"),
    "$drain", delivered, "%.3f" % srv, "%.3f" % per(srv), "%.3f" % jvm,
    "%.3f" % (per(j.get("driver_cpu_s", 0))), "%.3f" % drv, "%.3f" % sink, "%.3f" % other,
    q[0], q[1], "$load", "; ".join(notes) or "-", "%.3f" % jit]))
EOF
)
    echo "$row" >>"$OUT"
    echo "$row" | awk -F'\t' '{ printf "submission-bench: %-6s %-9s C=%-3s %-7s %-6s %7.1f sessions/s  %6.3f CPU ms/session  driver %6.3f ms/session  p50 %s ms  drain %s s  errors %s  other CPU %s s  %s\n", $2, $3, $4, $5, $6, $11, $17, $19, $12, $14, $9, $22, $26 }' >&2
    case $row in *"	failed	"*) return 2 ;; esac
    return 0
}

# ---- warm-up, then the rounds ----------------------------------------------------------------------
first_conc=${CONCS%% *}
if [ "$WARM" -gt 0 ]; then
    log "warm-up: $WARM sessions per server and mode at C=$first_conc (not counted)"
    for m in $MODES; do for s in $SERVERS; do point warmup "$m" "$first_conc" "$s" "$WARM" || log "warm-up of $s ($m) failed"; done; done
fi
for r in $(seq 1 "$ROUNDS"); do
    for m in $MODES; do
        for c in $CONCS; do
            if [ $((r % 2)) -eq 1 ]; then order=$SERVERS; else order=$(echo "$SERVERS" | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }'); fi
            for s in $order; do point "$r" "$m" "$c" "$s" "$N" || FAILED=1; done
        done
    done
done

# ---- summary ---------------------------------------------------------------------------------------
T_OPTS="Tessera: concurrencyincoming ${TESSERA_CONCURRENCYINCOMING:-20 (default)}, curveArithmetic ${TESSERA_CURVE_ARITHMETIC:-bouncycastle (default)}, JVM options of bin/tessera${TESSERA_JAVA_OPTS:+ + $TESSERA_JAVA_OPTS}"
VERSIONS="Postfix $(postconf -d -h mail_version 2>/dev/null), Dovecot $(dovecot --version | cut -d' ' -f1), $(openssl version | cut -d' ' -f1-2); Tessera $(basename "${DIST:-none}") checkout $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null); $(java -version 2>&1 | head -n 1 | tr -d '"'); $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), kernel $(uname -r)"
stop_all
trap - EXIT
"$PY" - "$OUT" "$RUN_ID" <<EOF
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t") if r["run_id"] == sys.argv[2]]
meas = [r for r in rows if r["round"] != "warmup"]
def vals(mode, c, s, k):
    return [float(r[k]) for r in meas if r["mode"] == mode and r["concurrency"] == c and r["server"] == s and r["status"] == "ok"]
def med(mode, c, s, k):
    v = vals(mode, c, s, k)
    return statistics.median(v) if v else float("nan")
def cell(mode, c, s, k, fmt):
    v = vals(mode, c, s, k)
    if not v: return "-"
    return (fmt + " (" + fmt + "–" + fmt + ")") % (statistics.median(v), min(v), max(v))
def good(mode, c, s):
    a = [r for r in meas if r["mode"] == mode and r["concurrency"] == c and r["server"] == s]
    ok = [r for r in a if r["status"] == "ok"]
    noisy = sum(1 for r in ok if "noisy" in r["note"] or "busy before" in r["note"])
    return "%d/%d" % (len(ok), len(a)) + (" (%d noisy)" % noisy if noisy else "")
def m2(mode, c, s, k, fmt):
    v = med(mode, c, s, k)
    return fmt % v if v == v else "-"
def ratio(mode, c, k):
    p, t = med(mode, c, "postfix", k), med(mode, c, "tessera", k)
    return "%.2f" % (t / p) if p == p and t == t and p else "-"
unit = {"full": "sessions/s", "handshake": "handshakes/s"}
print()
print("## Submission over STARTTLS: %s sessions per point, %s rounds, run %s" % ("$N", "$ROUNDS", sys.argv[2]))
print()
print("$VERSIONS")
print("$T_OPTS")
print("Full session: STARTTLS (TLS 1.3, $KEY certificate) + AUTH %s ({%s} password) + one %s KiB message relayed to smtp-sink; handshake: STARTTLS + EHLO + QUIT."
      % ("$AUTH".upper(), "PLAIN" if "$SCHEME" == "plain" else "SHA512-CRYPT", "$KB"))
print()
print("| mode | C | Postfix /s | Tessera /s | T/P | Postfix CPU ms/session | Tessera CPU ms/session | T/P | Tessera JVM ms/session | of which JIT | driver CPU ms/session (P / T) | p50 latency ms (P / T) | good runs (P / T) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for mode in "$MODES".split():
    for c in "$CONCS".split():
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s / %s |" % (
            mode, c, cell(mode, c, "postfix", "sessions_per_s", "%.0f"), cell(mode, c, "tessera", "sessions_per_s", "%.0f"),
            ratio(mode, c, "sessions_per_s"),
            cell(mode, c, "postfix", "cpu_ms_per_session", "%.2f"), cell(mode, c, "tessera", "cpu_ms_per_session", "%.2f"),
            ratio(mode, c, "cpu_ms_per_session"), cell(mode, c, "tessera", "jvm_cpu_ms_per_session", "%.2f"),
            m2(mode, c, "tessera", "jit_cpu_ms_per_session", "%.2f"),
            m2(mode, c, "postfix", "driver_cpu_ms_per_session", "%.2f"), m2(mode, c, "tessera", "driver_cpu_ms_per_session", "%.2f"),
            m2(mode, c, "postfix", "lat_ms_p50", "%.0f"), m2(mode, c, "tessera", "lat_ms_p50", "%.0f"),
            good(mode, c, "postfix"), good(mode, c, "tessera")))
print()
print("Medians over the good runs (min–max). /s: sessions (full) or handshakes (handshake) per second, ok ones")
print("over the driver's wall time. CPU ms/session: the server's cgroup (Postfix: master, smtpd, tlsmgr,")
print("cleanup, qmgr, smtp, ... and Dovecot; Tessera: its JVM) from the start of the point until the sink has")
print("every message, / sessions; of which JIT: the JVM's compiler threads. Driver: its own getrusage. p50 latency: one whole session, connect to close.")
print("Failed runs are listed below and not counted; noisy: CPU used outside the server, driver and sink during")
print("the point, or the machine busy before it (other jobs).")
bad = [r for r in rows if r["status"] == "failed"]
if bad:
    print()
    print("FAILED points (errors or missing messages; not counted):")
    for r in bad:
        print("  round %s %s C=%s %s: %s" % (r["round"], r["mode"], r["concurrency"], r["server"], r["note"]))
EOF
[ "$FAILED" -eq 0 ] || { log "at least one measured point failed (see $OUT and $PTS)"; exit 2; }
exit 0
