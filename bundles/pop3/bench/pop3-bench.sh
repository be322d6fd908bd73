#!/bin/bash
# pop3-bench.sh - POP3 download benchmark: Tessera against Dovecot's pop3 on the same Maildirs.
#
# usage: pop3-bench.sh [options]
#
#   Each run: CLIENTS system accounts pbench01.. log in at once (released by a barrier), each
#   LISTs, RETRs and DELEs every message of its own Maildir (MESSAGES messages of SIZE_KB KiB),
#   then QUITs. Both servers run as root and open each account's Maildir with its uid: Tessera
#   with setfsuid/setfsgid per operation, Dovecot by its pop3 process dropping to the userdb uid.
#   Logins are checked by each server's own passwd-file checker against the same SHA512-CRYPT
#   hash. Both servers are started once and stay up (idle) between runs; each round runs Tessera
#   then Dovecot (the other order every other round), each run on freshly regenerated Maildirs.
#   One warm-up run per server (20 messages per client) comes first and is not counted.
#
# options:
#   -r ROUNDS   measured rounds (default 3)
#   -c CLIENTS  concurrent clients = accounts (default 50)
#   -m MESSAGES messages per Maildir (default 200)
#   -s SIZE_KB  message size in KiB (default 4)
#   -d DIR      work directory (default: a fresh mktemp -d, mode 0755); holds the homes,
#               Tessera's home, Dovecot's config/run/state/log and the per-run files
#   -o FILE     append a tab-separated record of every run to FILE (header when FILE is new;
#               default DIR/pop3-bench.tsv)
#   -q PCT:SEC  before each run, wait up to SEC seconds until the whole machine has been at most
#               PCT% busy for 2 s in a row (default 10:90; other jobs on a shared machine are the
#               main source of noise); what was seen is recorded either way. -q 0:0 skips it
#   -h          this text
#
# environment: TESSERA_DIST (default: the assembled distribution of this checkout),
#   PYTHON (default python3), TESSERA_CONCURRENCYINCOMING (when set: written to Tessera's
#   control/concurrencyincoming before it starts; unset: Tessera's default, 20 sessions at once).
#
# Ports (127.0.0.1 only): Tessera POP3 21110 (SMTP 22525, QMTP 22209, QMQP 22628, console
# 22822), Dovecot POP3 11110. CPU: cgroup-v1 cpuacct groups below /sys/fs/cgroup/cpuacct/pop3bench/
# (tessera, dovecot, client). Memory: RSS and PSS (smaps_rollup) summed over the processes of a
# server's group, sampled every 0.5 s during the run.
#
# stdout: progress lines, then a Markdown table of medians (min-max) over the runs that passed
# their checks, and the ratios Tessera/Dovecot. Exit status: 0 when every measured run passed,
# 1 on a setup error, 2 when a run failed.
set -u
export LC_ALL=C

ROUNDS=3 CLIENTS=50 MESSAGES=200 SIZE_KB=4 DIR= OUT= QUIET=10:90
WARM_MESSAGES=20
PASSWORD=bench-secret
HERE=$(cd "$(dirname "$0")" && pwd)
DIST=${TESSERA_DIST:-$(cd "$HERE/../../.." && pwd)/distribution/target/tessera-0.1.0-SNAPSHOT}
PY=${PYTHON:-python3}
LOAD=$HERE/pop3_load.py
CGROOT=/sys/fs/cgroup/cpuacct
CG=$CGROOT/pop3bench
T_PORT=21110 D_PORT=11110
T_PORTS="TESSERA_SMTP_PORT=22525 TESSERA_QMTP_PORT=22209 TESSERA_QMQP_PORT=22628 TESSERA_SSH_PORT=22822"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-1}"; }
log() { echo "pop3-bench: $*" >&2; }
die() { echo "pop3-bench: error: $*" >&2; exit 1; }

while getopts "r:c:m:s:d:o:q:h" opt; do
    case $opt in
        r) ROUNDS=$OPTARG ;; c) CLIENTS=$OPTARG ;; m) MESSAGES=$OPTARG ;; s) SIZE_KB=$OPTARG ;;
        d) DIR=$OPTARG ;; o) OUT=$OPTARG ;; q) QUIET=$OPTARG ;; h) usage 0 ;; *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
for v in ROUNDS CLIENTS MESSAGES SIZE_KB; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"
done
[ "$CLIENTS" -le 999 ] || die "at most 999 clients"
[[ $QUIET =~ ^[0-9]+:[0-9]+$ ]] || die "-q takes PCT:SEC"
QUIET_PCT=${QUIET%%:*} QUIET_SEC=${QUIET##*:}
[ "$(id -u)" -eq 0 ] || die "run as root (both servers serve system accounts as root)"
[ -x "$DIST/bin/tessera" ] || die "no Tessera distribution at $DIST (set TESSERA_DIST)"
[ -f "$CGROOT/cpuacct.usage" ] || die "no cgroup-v1 cpuacct hierarchy at $CGROOT"
command -v "$PY" >/dev/null || die "no $PY"
[ "$WARM_MESSAGES" -le "$MESSAGES" ] || WARM_MESSAGES=$MESSAGES
SIZE=$((SIZE_KB * 1024))

# ---- work directory ------------------------------------------------------------------------
if [ -z "$DIR" ]; then
    DIR=$(mktemp -d /tmp/pop3bench.XXXXXX) || die "mktemp failed"
fi
mkdir -p "$DIR" || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd -P)
chmod 0755 "$DIR"
OUT=${OUT:-$DIR/pop3-bench.tsv}
RUNS=$DIR/runs
mkdir -p "$RUNS"
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
log "work directory $DIR, run id $RUN_ID, results $OUT"

# ---- packages ------------------------------------------------------------------------------
missing=
for p in dovecot-core dovecot-pop3d whois; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    log "installing$missing"
    DEBIAN_FRONTEND=noninteractive apt-get install -y $missing >"$DIR/apt.log" 2>&1 ||
        { apt-get update >>"$DIR/apt.log" 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y $missing >>"$DIR/apt.log" 2>&1; } ||
        die "apt-get install$missing failed (see $DIR/apt.log)"
fi
# The package's own service (ports 110/143) must not run beside ours.
if [ -s /run/dovecot/master.pid ] && kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null; then
    log "stopping the system's dovecot service"
    service dovecot stop >/dev/null 2>&1 || kill "$(cat /run/dovecot/master.pid)" 2>/dev/null
    for _ in $(seq 1 50); do
        [ -s /run/dovecot/master.pid ] && kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null || break
        sleep 0.2
    done
fi
DOVECOT_VERSION=$(dovecot --version 2>/dev/null) || die "dovecot not installed"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $T_PORT $D_PORT 22525 22209 22628 22822; do
    port_open "$p" && die "port $p is in use on 127.0.0.1"
done

# ---- cgroups -------------------------------------------------------------------------------
mkdir -p "$CG/tessera" "$CG/dovecot" "$CG/client" || die "cannot create cgroups below $CG"
# Runs a command in a cgroup: a shell that moves itself there, then execs it.
in_cgroup() { local g=$1; shift; sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$g" "$@"; }
cpu_ns() { cat "$1/cpuacct.usage"; }

# ---- accounts and homes --------------------------------------------------------------------
USERS=()
HOMES=$DIR/homes
mkdir -p "$HOMES"
chmod 0755 "$HOMES"
for i in $(seq 1 "$CLIENTS"); do
    u=$(printf 'pbench%02d' "$i")
    h=$HOMES/$u
    if id "$u" >/dev/null 2>&1; then
        [ "$(getent passwd "$u" | cut -d: -f6)" = "$h" ] || usermod -d "$h" "$u" || die "usermod $u"
    else
        useradd -M -d "$h" -s /usr/sbin/nologin "$u" || die "useradd $u"
    fi
    mkdir -p "$h/Maildir/new" "$h/Maildir/cur" "$h/Maildir/tmp"
    chown -R "$u:$(id -gn "$u")" "$h"
    chmod 0755 "$h"
    chmod 0700 "$h/Maildir" "$h/Maildir/new" "$h/Maildir/cur" "$h/Maildir/tmp"
    USERS+=("$u")
done
USERLIST=$(IFS=,; echo "${USERS[*]}")

# ---- passwords (one SHA512-CRYPT hash for every account) ------------------------------------
HASH=$(printf '%s\n' "$PASSWORD" | mkpasswd -m sha-512 -s) || die "mkpasswd failed"
case $HASH in '$6$'*) ;; *) die "unexpected hash from mkpasswd: $HASH" ;; esac
PASSWD_LINES=$DIR/passwd.lines
: > "$PASSWD_LINES"
for u in "${USERS[@]}"; do
    printf '%s:{SHA512-CRYPT}%s:%s:%s::%s::\n' "$u" "$HASH" "$(id -u "$u")" "$(id -g "$u")" \
        "$HOMES/$u" >> "$PASSWD_LINES"
done

# ---- Tessera -------------------------------------------------------------------------------
T_HOME=$DIR/tessera-home
mkdir -p "$T_HOME/etc"
chmod 0755 "$T_HOME"
install -m 0600 "$PASSWD_LINES" "$T_HOME/etc/passwd.tessera"
if [ -n "${TESSERA_CONCURRENCYINCOMING:-}" ]; then
    mkdir -p "$T_HOME/control"
    echo "$TESSERA_CONCURRENCYINCOMING" > "$T_HOME/control/concurrencyincoming"
    log "Tessera: control/concurrencyincoming = $TESSERA_CONCURRENCYINCOMING"
else
    rm -f "$T_HOME/control/concurrencyincoming"
fi
tessera() { env TESSERA_HOME="$T_HOME" TESSERA_POP3_PORT=$T_PORT $T_PORTS "$DIST/bin/tessera" "$@"; }
KARAF_LOG=$T_HOME/data/log/karaf.log

# ---- Dovecot -------------------------------------------------------------------------------
D_DIR=$DIR/dovecot
D_CONF=$D_DIR/dovecot.conf
D_PASSWD=$D_DIR/passwd
D_LOG=$D_DIR/dovecot.log
mkdir -p "$D_DIR/run" "$D_DIR/state"
chmod 0755 "$D_DIR" "$D_DIR/run"
# Read by Dovecot's auth process, which runs as the dovecot user.
install -m 0640 -o root -g dovecot "$PASSWD_LINES" "$D_PASSWD"
# A Dovecot peer on loopback: POP3 only, Debian's defaults for the
# rest (no process or client limit raised).
cat > "$D_CONF" <<EOF
# pop3-bench.sh: Dovecot $DOVECOT_VERSION as the POP3 peer, 127.0.0.1:$D_PORT, no TLS.
base_dir = $D_DIR/run
state_dir = $D_DIR/state
log_path = $D_LOG
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = $D_PASSWD
}
userdb {
  driver = passwd-file
  args = $D_PASSWD
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $D_PORT
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
d_master_pid() { [ -s "$D_DIR/run/master.pid" ] && cat "$D_DIR/run/master.pid"; }

# ---- start / stop --------------------------------------------------------------------------
T_STARTED= D_STARTED=
stop_servers() {
    if [ -n "$T_STARTED" ]; then
        log "stopping Tessera"
        tessera stop >"$DIR/tessera-stop.log" 2>&1 || log "tessera stop failed (see $DIR/tessera-stop.log)"
        T_STARTED=
    fi
    if [ -n "$D_STARTED" ]; then
        log "stopping Dovecot"
        local p
        p=$(d_master_pid) && kill "$p" 2>/dev/null
        for _ in $(seq 1 100); do
            [ -n "$p" ] && kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        [ -n "$p" ] && kill -0 "$p" 2>/dev/null && log "dovecot master $p still running"
        D_STARTED=
    fi
}
trap 'stop_servers' EXIT
trap 'log "interrupted"; exit 130' INT TERM

log "starting Tessera ($DIST) home $T_HOME"
T_STARTED=1
in_cgroup "$CG/tessera" env TESSERA_HOME="$T_HOME" TESSERA_POP3_PORT=$T_PORT $T_PORTS \
    "$DIST/bin/tessera" start >"$DIR/tessera-start.log" 2>&1 ||
    { cat "$DIR/tessera-start.log" >&2; die "tessera start failed"; }
tessera ctl stat >"$DIR/tessera-stat.txt" 2>&1 || log "tessera ctl stat failed"
# Errors and warnings Tessera logged while starting (not counted against any run, but reported).
grep -E '\| (ERROR|WARN) ' "$KARAF_LOG" >"$DIR/tessera-start-problems.log" 2>/dev/null
if [ -s "$DIR/tessera-start-problems.log" ]; then
    log "Tessera logged $(wc -l < "$DIR/tessera-start-problems.log") ERROR/WARN lines while starting (see $DIR/tessera-start-problems.log, $KARAF_LOG)"
else
    rm -f "$DIR/tessera-start-problems.log"
fi
port_open $T_PORT || die "Tessera does not listen on $T_PORT"

log "starting Dovecot $DOVECOT_VERSION ($D_CONF)"
D_STARTED=1
in_cgroup "$CG/dovecot" dovecot -c "$D_CONF" >"$DIR/dovecot-start.log" 2>&1 ||
    { cat "$DIR/dovecot-start.log" >&2; die "dovecot failed to start"; }
# The master forks into the background and writes its pid file after the listeners are open.
for _ in $(seq 1 100); do
    port_open $D_PORT && p=$(d_master_pid) && kill -0 "$p" 2>/dev/null && break
    sleep 0.1
done
port_open $D_PORT || die "Dovecot does not listen on $D_PORT (see $D_LOG)"
sleep 1   # its first children (log, config, anvil) start
doveconf -c "$D_CONF" -n >"$DIR/doveconf-n.txt" 2>&1

# Every process of each server must be in its group.
for s in tessera dovecot; do
    log "$s: $(wc -w < "$CG/$s/cgroup.procs") processes in $CG/$s"
done
T_PID=$(cat "$T_HOME/data/tessera.pid" 2>/dev/null)
grep -qx "${T_PID:-none}" "$CG/tessera/cgroup.procs" || die "Tessera's JVM ($T_PID) is not in $CG/tessera"
grep -qx "$(d_master_pid)" "$CG/dovecot/cgroup.procs" || die "Dovecot's master is not in $CG/dovecot"

# ---- one run -------------------------------------------------------------------------------
HEADER="run_id	round	server	status	clients	msgs_per_client	size_kb	quiet_wait_s	busy_before	load1	load5	load15	wall_s	sessions	sessions_per_s	retrieved	msgs_per_s	bytes	server_cpu_s	cpu_ms_per_msg	client_cpu_s	other_cpu_s	idle_procs	idle_rss_mib	idle_pss_mib	peak_procs	peak_rss_mib	peak_pss_mib	mem_samples	errors	left_in_maildirs	log_problems	note"
[ -s "$OUT" ] || echo "$HEADER" > "$OUT"
FAILED=0

loglines() { [ -f "$1" ] && wc -l < "$1" || echo 0; }

# run_one ROUND SERVER MESSAGES
run_one() {
    local round=$1 server=$2 msgs=$3 port cgd tag
    case $server in tessera) port=$T_PORT ;; dovecot) port=$D_PORT ;; esac
    cgd=$CG/$server
    tag=$RUNS/$round-$server
    "$PY" "$LOAD" maildirs --root "$HOMES" --users "$USERLIST" --messages "$msgs" --size "$SIZE" \
        --seed "$RANDOM" >/dev/null || { log "maildir generation failed"; return 1; }
    sync
    sleep 1
    local quiet="0.0	-	skipped"
    if [ "$QUIET_SEC" -gt 0 ] && [ "$QUIET_PCT" -lt 100 ]; then
        quiet=$("$PY" "$LOAD" quiet --max-busy "$(awk -v p="$QUIET_PCT" 'BEGIN { printf "%.2f", p / 100 }')" \
            --hold 2 --timeout "$QUIET_SEC") || quiet="0.0	-	error"
    fi
    local klog0 dlog0 load idle
    klog0=$(loglines "$KARAF_LOG") dlog0=$(loglines "$D_LOG")
    load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '\t')
    idle=$("$PY" "$LOAD" memonce --cgroup "$cgd")
    local c0 k0 a0 c1 k1 a1
    c0=$(cpu_ns "$cgd") k0=$(cpu_ns "$CG/client") a0=$(cpu_ns "$CGROOT")
    rm -f "$tag.stop"
    "$PY" "$LOAD" memsample --cgroup "$cgd" --stop-file "$tag.stop" --out "$tag.mem" \
        --interval 0.5 --max-seconds 900 &
    local spid=$!
    in_cgroup "$CG/client" timeout 700 "$PY" "$LOAD" load --port "$port" --users "$USERLIST" \
        --password "$PASSWORD" --size "$SIZE" --timeout 60 --deadline 600 \
        --errors-out "$tag.errors" >"$tag.json" 2>"$tag.stderr"
    local rc=$?
    sleep 0.5   # the servers' last exits and log lines
    c1=$(cpu_ns "$cgd") k1=$(cpu_ns "$CG/client") a1=$(cpu_ns "$CGROOT")
    touch "$tag.stop"
    wait "$spid"
    local left klog dlog problems
    left=$("$PY" "$LOAD" count --root "$HOMES" --users "$USERLIST")
    problems=0
    if [ "$server" = tessera ]; then
        tail -n +"$((klog0 + 1))" "$KARAF_LOG" 2>/dev/null | grep -E 'ERROR|Exception|WARN' >"$tag.log"
    else
        tail -n +"$((dlog0 + 1))" "$D_LOG" 2>/dev/null | grep -E -i 'error|fatal|panic|warning' >"$tag.log"
    fi
    problems=$(wc -l < "$tag.log")
    [ "$problems" -gt 0 ] || rm -f "$tag.log"
    local row
    row=$("$PY" - "$tag.json" "$tag.mem" "$rc" <<EOF
import json, sys
try:
    j = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
except Exception:
    j = None
mem = open(sys.argv[2]).read().split() if __import__("os").path.exists(sys.argv[2]) else ["0"] * 4
idle = "$idle".split()
quiet = "$quiet".split("\t")
rc = int(sys.argv[3])
clients, msgs, expect = $CLIENTS, $msgs, $CLIENTS * $msgs
srv = ($c1 - $c0) / 1e9
cli_cg = ($k1 - $k0) / 1e9
other = ($a1 - $a0) / 1e9 - srv - cli_cg
notes = []
if j is None:
    notes.append("no result from the client (exit %d)" % rc)
    j = {"wall_s": 0, "sessions": 0, "messages": 0, "bytes": 0, "errors": 1, "client_cpu_s": 0}
elif rc != 0:
    notes.append("client exit %d" % rc)
ok = (j["errors"] == 0 and j["sessions"] == clients and j["messages"] == expect
      and int("$left") == 0 and rc == 0)
if j["messages"] != expect:
    notes.append("retrieved %d of %d" % (j["messages"], expect))
if int("$left") != 0:
    notes.append("%s files left in the Maildirs" % "$left")
if quiet[2] == "busy":
    notes.append("machine still %s busy after waiting %s s" % (quiet[1], quiet[0]))
if other > 0.5:
    notes.append("noisy: %.2f CPU s used outside both servers and the client" % other)
if int("$problems") != 0:
    notes.append("%s log lines with errors/warnings" % "$problems")
wall = j["wall_s"] or float("nan")
mib = lambda k: "%.1f" % (int(k) / 1024.0)
status = ("warmup" if "$round" == "warmup" else "ok") if ok else "failed"
print("\t".join(str(x) for x in [
    "$RUN_ID", "$round", "$server", status, clients, msgs, $SIZE_KB, quiet[0], quiet[1], "$load",
    "%.3f" % j["wall_s"], j["sessions"], "%.2f" % (j["sessions"] / wall),
    j["messages"], "%.1f" % (j["messages"] / wall), j["bytes"],
    "%.3f" % srv, "%.3f" % (1000 * srv / j["messages"]) if j["messages"] else "nan",
    "%.3f" % j["client_cpu_s"], "%.3f" % other,
    idle[2], mib(idle[0]), mib(idle[1]), mem[2], mib(mem[0]), mib(mem[1]), mem[3],
    j["errors"], "$left", "$problems", "; ".join(notes) or "-"]))
EOF
)
    echo "$row" >> "$OUT"
    echo "$row" | awk -F'\t' '{ printf "pop3-bench: %-7s %-8s %-7s wall %6.2f s  %7.1f msg/s  %6.3f ms CPU/msg  peak RSS %7.1f MiB  PSS %7.1f MiB  errors %s  left %s  log %s  load1 %s  %s\n", $2, $3, $4, $13, $17, $20, $27, $28, $30, $31, $32, $10, $33 }' >&2
    case $row in *"	failed	"*) return 2 ;; esac
    return 0
}

# ---- warm-up, then the rounds --------------------------------------------------------------
log "warm-up: $CLIENTS clients x $WARM_MESSAGES messages per server (not counted)"
run_one warmup tessera "$WARM_MESSAGES" || log "warm-up run of Tessera failed"
run_one warmup dovecot "$WARM_MESSAGES" || log "warm-up run of Dovecot failed"
for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then order="tessera dovecot"; else order="dovecot tessera"; fi
    for s in $order; do
        run_one "$r" "$s" "$MESSAGES" || FAILED=1
    done
done

# ---- summary -------------------------------------------------------------------------------
POP3_VERSION=$(awk -F'|' '$2 ~ /org\.tessera\.pop3 / { gsub(/ /, "", $3); print $3; exit }' "$DIR/tessera-stat.txt")
GIT_REV=$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo unknown)
JAVA_VERSION=$(java -version 2>&1 | head -n 1 | tr -d '"')
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
tessera ctl stat >"$DIR/tessera-stat-end.txt" 2>&1
stop_servers

"$PY" - "$OUT" "$RUN_ID" <<EOF
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t") if r["run_id"] == sys.argv[2]]
meas = [r for r in rows if r["round"] != "warmup"]
ok = {s: [r for r in meas if r["server"] == s and r["status"] == "ok"] for s in ("tessera", "dovecot")}
def vals(s, k): return [float(r[k]) for r in ok[s]]
def med(s, k):
    v = vals(s, k)
    return statistics.median(v) if v else float("nan")
def cell(s, k, fmt):
    v = vals(s, k)
    if not v: return "-"
    return (fmt + " (" + fmt + "–" + fmt + ")") % (statistics.median(v), min(v), max(v))
print()
print("## POP3: %s clients × %s messages of %s KiB, run %s" % ("$CLIENTS", "$MESSAGES", "$SIZE_KB", sys.argv[2]))
print()
print("Dovecot $DOVECOT_VERSION; Tessera $(basename "$DIST") (org.tessera.pop3 $POP3_VERSION, checkout $GIT_REV%s); $JAVA_VERSION; %s"
      % (", concurrencyincoming ${TESSERA_CONCURRENCYINCOMING:-20 (default)}", "$(nproc) cores ($CPU_MODEL), kernel $(uname -r)"))
print()
cols = [("runs ok/all (noisy)", None, None), ("wall s", "wall_s", "%.2f"), ("sessions/s", "sessions_per_s", "%.2f"),
        ("messages/s", "msgs_per_s", "%.0f"), ("server CPU s", "server_cpu_s", "%.2f"),
        ("CPU ms/msg", "cpu_ms_per_msg", "%.3f"), ("client CPU s", "client_cpu_s", "%.2f"),
        ("other CPU s", "other_cpu_s", "%.2f"), ("peak procs", "peak_procs", "%.0f"),
        ("peak RSS MiB", "peak_rss_mib", "%.1f"), ("peak PSS MiB", "peak_pss_mib", "%.1f"),
        ("idle RSS MiB", "idle_rss_mib", "%.1f"), ("idle PSS MiB", "idle_pss_mib", "%.1f")]
print("| server | " + " | ".join(c[0] for c in cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for s in ("tessera", "dovecot"):
    n_all = sum(1 for r in meas if r["server"] == s)
    noisy = sum(1 for r in ok[s] if "noisy" in r["note"] or "still" in r["note"])
    cells = ["%d/%d (%d)" % (len(ok[s]), n_all, noisy)] + [cell(s, k, f) for _, k, f in cols[1:]]
    print("| %s | %s |" % (s, " | ".join(cells)))
print()
r1 = med("tessera", "msgs_per_s") / med("dovecot", "msgs_per_s") if ok["tessera"] and ok["dovecot"] else float("nan")
r2 = med("tessera", "cpu_ms_per_msg") / med("dovecot", "cpu_ms_per_msg") if ok["tessera"] and ok["dovecot"] else float("nan")
print("Tessera/Dovecot (medians): messages/s %.2f, CPU ms per message %.2f "
      "(target: messages/s >= 1, CPU per message <= 1.5)" % (r1, r2))
print()
print("Runs (TSV: %s):" % sys.argv[1])
print()
print("| round | server | status | busy before | load1 | wall s | msg/s | CPU s | CPU ms/msg | client CPU s | other CPU s | peak procs | peak RSS MiB | peak PSS MiB | errors | note |")
print("|---" * 16 + "|")
for r in rows:
    print("| " + " | ".join(r[k] for k in ("round", "server", "status", "busy_before", "load1", "wall_s", "msgs_per_s",
          "server_cpu_s", "cpu_ms_per_msg", "client_cpu_s", "other_cpu_s", "peak_procs",
          "peak_rss_mib", "peak_pss_mib", "errors", "note")) + " |")
EOF

[ "$FAILED" -eq 0 ] || { log "at least one measured run failed its checks (see $OUT and $RUNS)"; exit 2; }
exit 0
