#!/bin/bash
# sendmail-bench.sh - time `sendmail -t` invocations: Tessera's bin/sendmail (a JVM that hands the
# message to the running server by QMQP) next to Postfix's /usr/sbin/sendmail (postdrop into the
# maildrop queue), in the same run, alternating point by point.
#
# usage: sendmail-bench.sh [options]
#
#   A point is N invocations of `sendmail -t` (the message piped on stdin, its recipient in a To:
#   header) from P parallel callers against one side, run by sendmail_load.py: each invocation's
#   wall time (fork to wait4) and its CPU (rusage of the child and what it waited for). Rounds
#   alternate the order: round 1 Tessera then Postfix, round 2 Postfix then Tessera, ...
#
# options:
#   -n N       invocations per point (default 1000)
#   -c P       parallel callers (default 4)
#   -s KIB     message size in KiB, header included (default 4)
#   -r R       rounds (default 3)
#   -S SIDES   comma-separated sides to run (default tessera,postfix):
#                tessera         DIST/bin/sendmail, with whatever class-data archive lib/tools/ has
#                tessera-ownjsa  the same tools (bin/sendmail, bin/tessera-tool, the tools jar)
#                                copied into the work dir, so that the warm-up sendmail writes
#                                the archive itself; same server
#                postfix         /usr/sbin/sendmail
#   -w DIR     work directory (default: a new mktemp -d /tmp/sendmail-bench.XXXXXX); it holds
#              the Tessera home (DIR/tessera-home), the message, logs and the /etc/postfix backup.
#              Deleted at the end unless -k or it was given with -w
#   -k         keep the work directory
#   -o FILE    append one tab-separated row per point to FILE (a header when FILE is new;
#              default: tools/bench/results/sendmail-bench.tsv)
#   -R DIR     also write every invocation's timing (one file per point) into DIR
#   -d DIST    Tessera distribution (default: distribution/target/tessera-0.1.0-SNAPSHOT of this
#              repository)
#   -Q PCT:SEC before each point wait until the whole machine has been at most PCT% busy for 2 s in
#              a row, at most SEC seconds; after that the point runs anyway and is marked noisy
#              (default 10:120)
#   -T SEC     per-point limit: no invocation starts after SEC seconds (default 900); a single
#              invocation is killed after 120 s
#   -P BASE    Tessera's ports: BASE+525 SMTP, +209 QMTP, +628 QMQP, +110 POP3, +822 console
#              (default 23000: 23525, 23209, 23628, 23110, 23822)
#   -h         this text
#
# Setup (root, Debian 12, Postfix 3.7 installed, cgroup-v1 cpuacct mounted):
#   Tessera   a server of DIST with its own home in the work dir, started by bin/tessera start
#             inside the cpuacct group mtabench/sb-tessera; deliveries paused (ctl pause) so the
#             messages stay queued; recipient postmaster@<control/me>. One warm-up invocation
#             first (it writes lib/tools/*.jsa, the class-data archive, if there is none). After
#             each point ctl queue -c must show exactly the messages sent; then ctl cont until the
#             queue is empty (delivered to the home's alias/Maildir, emptied), ctl pause again.
#   Postfix   postfix-main.cf (beside this script) copied into /etc/postfix/main.cf
#             (backed up first, restored at the end), plus header_checks that put every message
#             of this benchmark (header X-Sendmail-Bench) on hold: cleanup queues it and nothing
#             delivers it, like Tessera's paused queue. Started by postfix start inside
#             mtabench/sb-postfix. After each point the hold queue must hold exactly the messages
#             sent (maildrop, incoming, active empty); then postsuper -d ALL.
#   The harness itself (and so every sendmail process) runs in mtabench/sb-client. Both servers
#   run for the whole run; they are idle while the other side is measured.
#
# stdout: the Markdown table of the medians (sendmail_load.py summarize); progress on stderr.
# Exit status: 0 every point ok, 2 some point failed or was short, 1 setup error.
set -u
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
N=1000 P=4 KIB=4 ROUNDS=3 SIDES=tessera,postfix WORK= KEEP= OUT=$HERE/results/sendmail-bench.tsv
RAWDIR= DIST=$REPO/distribution/target/tessera-0.1.0-SNAPSHOT GATE=10:120 LIMIT=900 PBASE=23000
LOAD=$HERE/sendmail_load.py

usage() { sed -n '2,/^set -u$/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 1; }
log() { echo "sendmail-bench: $(date -u +%H:%M:%S) $*" >&2; }
die() { echo "sendmail-bench: error: $*" >&2; exit 1; }

while getopts "n:c:s:r:S:w:ko:R:d:Q:T:P:h" opt; do
  case $opt in
    n) N=$OPTARG ;; c) P=$OPTARG ;; s) KIB=$OPTARG ;; r) ROUNDS=$OPTARG ;; S) SIDES=$OPTARG ;;
    w) WORK=$OPTARG; KEEP=1 ;; k) KEEP=1 ;; o) OUT=$OPTARG ;; R) RAWDIR=$OPTARG ;; d) DIST=$OPTARG ;;
    Q) GATE=$OPTARG ;; T) LIMIT=$OPTARG ;; P) PBASE=$OPTARG ;; *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
for v in "$N" "$P" "$KIB" "$ROUNDS" "$LIMIT" "$PBASE"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || die "numeric options take positive integers"
done
[ "$N" -le 100000 ] && [ "$P" -le 64 ] && [ "$ROUNDS" -le 20 ] && [ "$KIB" -le 10240 ] || die "option out of range"
[[ $GATE =~ ^([0-9]+):([0-9]+)$ ]] || die "-Q takes PCT:SECONDS"
GATE_PCT=${BASH_REMATCH[1]} GATE_MAX=${BASH_REMATCH[2]}
DO_T= DO_P= DO_O=
IFS=, read -r -a _sides <<<"$SIDES"
for s in "${_sides[@]}"; do
  case $s in tessera) DO_T=1 ;; tessera-ownjsa) DO_O=1 ;; postfix) DO_P=1 ;; *) die "unknown side $s" ;; esac
done
[ -n "$DO_O" ] && [ -z "$DO_T" ] && die "tessera-ownjsa needs the side tessera too (its server)"
[ "$(id -u)" -eq 0 ] || die "run as root (postfix start, cgroups)"
command -v python3 >/dev/null || die "python3 needed"
[ -x "$DIST/bin/tessera" ] || [ -z "$DO_T" ] || die "no Tessera distribution at $DIST"
DIST=$(cd "$DIST" 2>/dev/null && pwd -P || echo "$DIST")
if [ -n "$DO_P" ]; then
  [ -x /usr/sbin/postfix ] && [ -x /usr/sbin/sendmail ] || die "Postfix not installed"
  [ -r "$HERE/postfix-main.cf" ] || die "no $HERE/postfix-main.cf"
  /usr/sbin/postfix status >/dev/null 2>&1 && die "a Postfix is already running: not starting another"
fi
CG_ROOT=/sys/fs/cgroup/cpuacct
[ -r "$CG_ROOT/cpuacct.usage" ] || die "no cgroup-v1 cpuacct at $CG_ROOT"
SMTP_PORT=$((PBASE + 525)) QMTP_PORT=$((PBASE + 209)) QMQP_PORT=$((PBASE + 628))
POP3_PORT=$((PBASE + 110)) SSH_PORT=$((PBASE + 822))
for p in $SMTP_PORT $QMTP_PORT $QMQP_PORT $POP3_PORT $SSH_PORT; do
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [ -n "$DO_T" ] && die "port $p is in use"
done

if [ -z "$WORK" ]; then WORK=$(mktemp -d /tmp/sendmail-bench.XXXXXX) || die "mktemp failed"; fi
mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd -P)
chmod 0755 "$WORK"
mkdir -p "$(dirname "$OUT")" || die "cannot create $(dirname "$OUT")"
[ -n "$RAWDIR" ] && { mkdir -p "$RAWDIR" || die "cannot create $RAWDIR"; }
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
log "run $RUN_ID: N=$N P=$P size=${KIB}KiB rounds=$ROUNDS sides=$SIDES work=$WORK"

# ---- CPU accounting ----------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
NCPU=$(getconf _NPROCESSORS_ONLN)
busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
cg_ns() { cat "$1/cpuacct.usage" 2>/dev/null || echo 0; }
CG_T=$CG_ROOT/mtabench/sb-tessera CG_P=$CG_ROOT/mtabench/sb-postfix CG_C=$CG_ROOT/mtabench/sb-client
mkdir -p "$CG_T" "$CG_P" "$CG_C" || die "cannot create cgroups under $CG_ROOT/mtabench"
echo $$ >"$CG_C/cgroup.procs" || die "cannot join $CG_C"
machine_busy_pct() { local a b; a=$(busy_jiffies); sleep 1; b=$(busy_jiffies); echo $(( (b - a) * 100 / (HZ * NCPU) )); }

# ---- state to undo -----------------------------------------------------------------------
T_STARTED= P_STARTED= PF_BACKUP= ALIASES_CREATED= ALIASES_DB_CREATED= DIST_HOME_SAVED=
T_HOME=$WORK/tessera-home
tctl() { TESSERA_HOME=$T_HOME TESSERA_SSH_PORT=$SSH_PORT timeout 60 "$DIST/bin/tessera" ctl "$@"; }
tessera_env() {
  env TESSERA_HOME="$T_HOME" TESSERA_SMTP_PORT=$SMTP_PORT TESSERA_QMTP_PORT=$QMTP_PORT \
    TESSERA_QMQP_PORT=$QMQP_PORT TESSERA_POP3_PORT=$POP3_PORT TESSERA_SSH_PORT=$SSH_PORT "$@"
}

cleanup() {
  trap - EXIT INT TERM
  if [ -n "$T_STARTED" ]; then
    log "stopping Tessera"
    tessera_env timeout 90 "$DIST/bin/tessera" stop >&2 || log "warning: bin/tessera stop failed"
  fi
  if [ -n "$DIST_HOME_SAVED" ]; then   # bin/tessera start rewrote DIST/home; put back what was there
    if [ "$DIST_HOME_SAVED" = "<none>" ]; then rm -f "$DIST/home"; else printf '%s\n' "$DIST_HOME_SAVED" >"$DIST/home"; fi
  fi
  if [ -n "$P_STARTED" ]; then
    log "stopping Postfix (deleting this run's queued messages first)"
    postsuper -d ALL >/dev/null 2>&1
    timeout 60 /usr/sbin/postfix stop >&2 2>&1 || log "warning: postfix stop failed"
  fi
  if [ -n "$PF_BACKUP" ]; then
    # put back exactly the files this script wrote or changed
    if [ -f "$PF_BACKUP/main.cf" ]; then cp -p "$PF_BACKUP/main.cf" /etc/postfix/main.cf; else rm -f /etc/postfix/main.cf; fi
    cp -p "$PF_BACKUP/master.cf" /etc/postfix/master.cf
    rm -f /etc/postfix/sendmail-bench-hold.regexp
    if diff -r "$PF_BACKUP/etc-postfix" /etc/postfix >"$WORK/postfix-restore.diff" 2>&1; then
      log "/etc/postfix restored as found"
    else
      log "warning: /etc/postfix differs from the backup: $(head -5 "$WORK/postfix-restore.diff" | tr '\n' ' ')"
    fi
    [ -n "$ALIASES_DB_CREATED" ] && rm -f /etc/aliases.db
    [ -n "$ALIASES_CREATED" ] && rm -f /etc/aliases
  fi
  echo $$ >"$CG_ROOT/cgroup.procs" 2>/dev/null
  for g in "$CG_T" "$CG_P" "$CG_C"; do rmdir "$g" 2>/dev/null; done
  rmdir "$CG_ROOT/mtabench" 2>/dev/null   # only when empty (load.sh's groups stay)
  if [ -z "$KEEP" ]; then rm -rf "$WORK"; else log "work directory kept: $WORK"; fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 3' INT TERM

# ---- Postfix -----------------------------------------------------------------------------
postfix_setup() {
  PF_BACKUP=$WORK/postfix-backup
  mkdir -p "$PF_BACKUP" && cp -a /etc/postfix "$PF_BACKUP/etc-postfix" || die "cannot back up /etc/postfix"
  [ -f /etc/postfix/main.cf ] && cp -p /etc/postfix/main.cf "$PF_BACKUP/main.cf"
  cp -p /etc/postfix/master.cf "$PF_BACKUP/master.cf"
  cp "$HERE/postfix-main.cf" /etc/postfix/main.cf
  cat >>/etc/postfix/main.cf <<'EOF'
# sendmail-bench.sh: hold this benchmark's messages in the queue (nothing delivers them)
header_checks = regexp:/etc/postfix/sendmail-bench-hold.regexp
EOF
  printf '/^X-Sendmail-Bench:/ HOLD sendmail-bench\n' >/etc/postfix/sendmail-bench-hold.regexp
  [ -e /etc/aliases ] || { touch /etc/aliases; ALIASES_CREATED=1; }
  [ -e /etc/aliases.db ] || ALIASES_DB_CREATED=1
  newaliases || die "newaliases failed"
  /usr/sbin/postfix check >&2 || die "postfix check failed"
  log "starting Postfix in $CG_P"
  P_STARTED=1
  (echo "$BASHPID" >"$CG_P/cgroup.procs" && exec timeout 60 /usr/sbin/postfix start) >&2 2>&1 || die "postfix start failed"
  postsuper -d ALL >/dev/null 2>&1   # nothing of earlier runs in the queue
}
pf_counts() { # maildrop incoming active deferred hold
  local d out=
  for d in maildrop incoming active deferred hold; do
    out="$out $(find /var/spool/postfix/$d -type f 2>/dev/null | wc -l)"
  done
  echo $out
}

# ---- Tessera -----------------------------------------------------------------------------
tools_stamp() { # DIST: the archive name bin/tessera-tool of DIST uses (same recipe)
  local java stamp
  if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; else java=$(command -v java); fi
  stamp=$(stat -L --printf '%s.%Y-' "$java" "$1/lib/tools/tessera-tools.jar" 2>/dev/null)
  echo "${stamp%-}"
}
# tools_warmup DIST: one sendmail -t of DIST's tools; sets JSA_INFO to
#   before=yes|no(size),after=yes|no(size),mapped=yes|no:TOOLStools/SHAREDshared/ALLloaded
tools_warmup() {
  local d=$1 jsa before after mapped=NA java top base all
  jsa=$d/lib/tools/tools-$(tools_stamp "$d").jsa
  if [ -f "$jsa" ]; then before="yes($(stat -c %s "$jsa")B,$(date -u -r "$jsa" +%H:%M:%SZ))"; else before=no; fi
  log "Tessera warm-up of $d: one invocation (class-data archive $jsa before: $before)"
  tessera_env "$d/bin/sendmail" -t <"$MSG_T" || die "Tessera warm-up sendmail of $d failed"
  if [ -f "$jsa" ]; then after="yes($(stat -c %s "$jsa")B)"; else after=no; fi
  if [ -f "$jsa" ]; then
    # Is the archive really mapped? The JVM options of bin/tessera-tool, plus a class-load log:
    # classes from an archive are logged as "source: shared objects file"; the tools' own classes can
    # only come from this one.
    java=$(command -v java); [ -n "${JAVA_HOME:-}" ] && java=$JAVA_HOME/bin/java
    local logf=$WORK/cds-check.$(basename "$d").log
    tessera_env "$java" -XX:SharedArchiveFile="$jsa" -Xshare:auto -XX:TieredStopAtLevel=1 \
      -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 \
      -XX:Tier3BackEdgeThreshold=600000 -XX:-UsePerfData \
      -Xss512k -Xlog:disable -Xlog:class+load=info:file="$logf" -Dtessera.dist="$d" \
      -cp "$d/lib/tools/tessera-tools.jar" org.tessera.tools.Main sendmail -t <"$MSG_T" || log "warning: CDS check run failed"
    top=$(grep 'org\.tessera\.tools\.' "$logf" 2>/dev/null | grep -c 'shared objects file')
    base=$(grep -c 'shared objects file' "$logf" 2>/dev/null)
    all=$(grep -c 'source:' "$logf" 2>/dev/null)
    mapped="yes:${top}tools/${base}shared/${all}loaded"
    [ "${top:-0}" -gt 0 ] || mapped="no:${top}tools/${base}shared/${all}loaded"
    log "class-data check: of $all classes loaded, $base came from CDS archives, $top of them classes of the tools from $jsa; not from an archive: $(grep -v 'shared objects file' "$logf" | grep -c 'tessera-tools.jar') classes of the tools jar, $(grep -v 'shared objects file' "$logf" | grep -c 'source: jrt:/') of the JDK"
  fi
  JSA_INFO="before=$before,after=$after,mapped=$mapped"
}
tessera_setup() {
  mkdir -p "$T_HOME" && chmod 0755 "$T_HOME" || die "cannot create $T_HOME"
  if [ -f "$DIST/home" ]; then DIST_HOME_SAVED=$(cat "$DIST/home"); else DIST_HOME_SAVED="<none>"; fi
  log "starting Tessera (home $T_HOME) in $CG_T"
  T_STARTED=1
  (echo "$BASHPID" >"$CG_T/cgroup.procs" && exec env TESSERA_HOME="$T_HOME" TESSERA_SMTP_PORT=$SMTP_PORT \
      TESSERA_QMTP_PORT=$QMTP_PORT TESSERA_QMQP_PORT=$QMQP_PORT TESSERA_POP3_PORT=$POP3_PORT \
      TESSERA_SSH_PORT=$SSH_PORT timeout 180 "$DIST/bin/tessera" start) >"$WORK/tessera-start.log" 2>&1 \
    || { cat "$WORK/tessera-start.log" >&2; die "bin/tessera start failed"; }
  grep -E 'up in|started' "$WORK/tessera-start.log" | tr '\n' ' ' >&2; echo >&2
  tctl pause >&2 || die "ctl pause failed"
  T_ME=$(head -1 "$T_HOME/control/me" 2>/dev/null)
  [ -n "$T_ME" ] || die "no $T_HOME/control/me"
  JAR_SUM0=$(cksum <"$DIST/lib/tools/tessera-tools.jar")
  DIST_SIG0=$(dist_sig)
}
dist_sig() { stat -c '%n %i %Y' "$DIST/bin" "$DIST/system" "$DIST/lib/tools/tessera-tools.jar" 2>&1 | tr '\n' ' '; }
tessera_queue() { # prints "queued preprocessed-pending" from ctl queue -c
  tctl queue -c 2>&1 | tr -d '\r' | awk '/^messages in queue:/{a=$NF} /not yet preprocessed:/{b=$NF} END{if (a == "") exit 1; print a, (b == "" ? "NA" : b)}'
}
tessera_drain() { # deliver what is queued (to alias/Maildir), empty that Maildir, pause again
  local q i
  tctl cont >/dev/null 2>&1 || log "warning: ctl cont failed"
  for i in $(seq 1 300); do
    q=$(tessera_queue) || q="NA NA"
    [ "${q%% *}" = 0 ] && [ "${q##* }" = 0 ] && break
    sleep 2
  done
  tctl pause >/dev/null 2>&1 || log "warning: ctl pause failed"
  find "$T_HOME/alias/Maildir/new" "$T_HOME/alias/Maildir/cur" -maxdepth 1 -type f -delete 2>/dev/null
  [ "${q%% *}" = 0 ] || { log "warning: Tessera queue did not drain in 600 s ($q)"; return 1; }
}

# ---- the message and the warm-up ---------------------------------------------------------
MSG_T=$WORK/message-tessera.eml MSG_P=$WORK/message-postfix.eml
JSA_T=- JSA_O=- T_ME= ODIST=$WORK/dist-ownjsa
if [ -n "$DO_P" ]; then
  postfix_setup
  python3 "$LOAD" message --size-kib "$KIB" --to "postmaster@bench.test" "$MSG_P" || die "message"
  log "Postfix warm-up: one invocation"
  /usr/sbin/sendmail -t <"$MSG_P" || die "Postfix warm-up sendmail failed"
  for _ in $(seq 1 300); do read -r _ _ _ _ h <<<"$(pf_counts)"; [ "$h" -ge 1 ] && break; sleep 0.1; done
  log "Postfix queue after the warm-up (maildrop incoming active deferred hold): $(pf_counts)"
  postsuper -d ALL >/dev/null 2>&1
fi
if [ -n "$DO_T" ]; then
  tessera_setup
  python3 "$LOAD" message --size-kib "$KIB" --to "postmaster@$T_ME" "$MSG_T" || die "message"
  tools_warmup "$DIST"; JSA_T=$JSA_INFO
  if [ -n "$DO_O" ]; then
    mkdir -p "$ODIST/bin" "$ODIST/lib/tools" || die "cannot create $ODIST"
    cp -p "$DIST/bin/sendmail" "$DIST/bin/tessera-tool" "$ODIST/bin/" &&
      cp -p "$DIST/lib/tools/tessera-tools.jar" "$ODIST/lib/tools/" || die "cannot copy the tools"
    tools_warmup "$ODIST"; JSA_O=$JSA_INFO
  fi
  tessera_drain
fi
for g in "$CG_T" "$CG_P"; do
  [ -n "$(cat "$g/cgroup.procs" 2>/dev/null)" ] && log "processes in $(basename "$g"): $(ps -o comm= -p "$(paste -sd, "$g/cgroup.procs")" | sort | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')"
done
log "machine: nproc=$NCPU kernel=$(uname -r); java: $(java -version 2>&1 | sed -n 2p); postfix: $(postconf -h mail_version 2>/dev/null)"

# ---- one point ---------------------------------------------------------------------------
HDR="run_id	time	round	order	side	status	n	parallel	size_kib	ok	failures	batch_wall_s	inv_per_s	wall_med_ms	wall_p90_ms	wall_p99_ms	wall_max_ms	wall_min_ms	cpu_ms_per_inv	cpu_user_ms_per_inv	cpu_sys_ms_per_inv	cpu_med_ms	harness_cpu_s	server_cpu_ms_per_inv	server_cpu_s	client_cg_cpu_s	machine_cpu_s	other_cpu_s	pre_busy_pct	gate_waited_s	noisy	queued	queue_check	jsa	mvn_running	first_error"
[ -s "$OUT" ] || echo "$HDR" >"$OUT"
FAILED=0

point() { # SIDE ROUND ORDER
  local side=$1 round=$2 order=$3 cg msg status=ok noisy=no busy=NA waited=0 quiet=0
  local b0 b1 s0 s1 c0 c1 line rc queued=NA check=NA mvn=no raw=/dev/null
  case $side in
    tessera|tessera-ownjsa) cg=$CG_T msg=$MSG_T
             if [ "$(cksum <"$DIST/lib/tools/tessera-tools.jar")" != "$JAR_SUM0" ] || [ "$(dist_sig)" != "$DIST_SIG0" ]; then
               log "warning: the distribution was re-assembled during the run (a build?): point marked dist_changed"; status=dist_changed
             fi ;;
    postfix) cg=$CG_P msg=$MSG_P
             [ "$(pf_counts)" = "0 0 0 0 0" ] || { postsuper -d ALL >/dev/null 2>&1; sleep 1; }
             [ "$(pf_counts)" = "0 0 0 0 0" ] || log "warning: Postfix queue not empty before the point: $(pf_counts)" ;;
  esac
  # quiet gate
  while :; do
    busy=$(machine_busy_pct); waited=$((waited + 1))
    if [ "$busy" -le "$GATE_PCT" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    [ "$quiet" -ge 2 ] && break
    if [ "$waited" -ge "$GATE_MAX" ]; then noisy=yes; log "machine still ${busy}% busy after ${waited}s: point marked noisy"; break; fi
  done
  pgrep -f 'plexus-classworlds' >/dev/null 2>&1 && mvn=yes
  [ -n "$RAWDIR" ] && raw=$RAWDIR/$RUN_ID-r$round-$side.tsv
  log "round $round: $side: $N invocations, $P callers (machine ${busy}% busy, waited ${waited}s)"
  b0=$(busy_jiffies) s0=$(cg_ns "$cg") c0=$(cg_ns "$CG_C")
  if [ "$side" != postfix ]; then
    local d=$DIST; [ "$side" = tessera-ownjsa ] && d=$ODIST
    line=$(python3 "$LOAD" run -n "$N" -p "$P" --message "$msg" --deadline "$LIMIT" --raw "$raw" \
      --env TESSERA_HOME="$T_HOME" --env TESSERA_QMQP_PORT="$QMQP_PORT" -- "$d/bin/sendmail" -t)
    rc=$?
  else
    line=$(python3 "$LOAD" run -n "$N" -p "$P" --message "$msg" --deadline "$LIMIT" --raw "$raw" -- /usr/sbin/sendmail -t)
    rc=$?
  fi
  local ok; ok=$(cut -f3 <<<"$line")
  if [ "$side" = postfix ]; then   # pickup and cleanup work after sendmail exited: wait for the hold queue
    local i cnt
    for i in $(seq 1 1200); do
      cnt=$(pf_counts)
      read -r md inc act def hold <<<"$cnt"
      [ $((md + inc + act)) -eq 0 ] && [ "$hold" -ge "${ok:-0}" ] && break
      sleep 0.1
    done
  fi
  sleep 1   # charge the server's trailing work, if any, to the point
  b1=$(busy_jiffies) s1=$(cg_ns "$cg") c1=$(cg_ns "$CG_C")
  [ "$rc" -eq 0 ] || status=failures
  [ -n "$line" ] || { status=harness_error; line=$(printf '%s\t' $N $P 0 $N NA NA NA NA NA NA NA NA NA NA NA NA -); }
  # queue check
  if [ "$side" != postfix ]; then
    queued=$(tessera_queue) || queued="NA NA"
    check="ctl queue -c: ${queued% *} queued, ${queued#* } not yet preprocessed"
    queued=${queued%% *}
  else
    cnt=$(pf_counts); read -r md inc act def hold <<<"$cnt"
    queued=$hold
    check="maildrop=$md incoming=$inc active=$act deferred=$def hold=$hold; postqueue -p: $(postqueue -p 2>/dev/null | tail -1 | tr -d '\n')"
  fi
  if [ "$queued" != "$ok" ]; then log "queue check: $queued queued for $ok acknowledged"; [ "$status" = ok ] && status=queue_mismatch; fi
  local srv_s cl_s mach_s other_s srv_ms
  read -r srv_s cl_s mach_s other_s srv_ms < <(awk -v s0="$s0" -v s1="$s1" -v c0="$c0" -v c1="$c1" \
    -v b0="$b0" -v b1="$b1" -v hz="$HZ" -v ok="${ok:-0}" 'BEGIN{
      s = (s1 - s0) / 1e9; c = (c1 - c0) / 1e9; m = (b1 - b0) / hz; o = m - s - c; if (o < 0) o = 0;
      printf "%.2f %.2f %.2f %.2f %s\n", s, c, m, o, (ok > 0 ? sprintf("%.2f", s * 1000 / ok) : "NA") }')
  local jsa=-; [ "$side" = tessera ] && jsa=$JSA_T; [ "$side" = tessera-ownjsa ] && jsa=$JSA_O
  # the fields of sendmail_load.py, without its first_error (last), which goes last here too
  local fields err
  fields=$(cut -f1-16 <<<"$line") err=$(cut -f17 <<<"$line")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$RUN_ID" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$round" "$order" "$side" "$status" \
    "$(cut -f1-2 <<<"$fields")" "$KIB" "$(cut -f3-16 <<<"$fields")" \
    "$srv_ms" "$srv_s" "$cl_s" "$mach_s" "$other_s" "$busy" "$waited" "$noisy" "$queued" "$check" "$jsa" "$mvn	${err:--}" >>"$OUT"
  log "round $round: $side: status=$status $(cut -f5-12 <<<"$fields" | awk -F'\t' '{printf "%s inv/s, wall med %s p90 %s p99 %s max %s ms, cpu %s ms/inv", $2, $3, $4, $5, $6, $8}'); server cpu ${srv_ms} ms/inv (${srv_s} s); client cgroup ${cl_s} s; machine ${mach_s} s, other ${other_s} s; $check"
  [ "$status" = ok ] || FAILED=$((FAILED + 1))
  # empty the queue for the next point
  if [ "$side" != postfix ]; then tessera_drain; else postsuper -d ALL >/dev/null 2>&1; fi
}

for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then order="tessera tessera-ownjsa postfix"; else order="postfix tessera-ownjsa tessera"; fi
  k=0
  for side in $order; do
    case $side in
      tessera) [ -n "$DO_T" ] || continue ;; tessera-ownjsa) [ -n "$DO_O" ] || continue ;;
      postfix) [ -n "$DO_P" ] || continue ;;
    esac
    k=$((k + 1))
    point "$side" "$r" "$k"
  done
done

python3 "$LOAD" summarize --run-id "$RUN_ID" "$OUT"
[ "$FAILED" -eq 0 ] || { log "$FAILED point(s) not ok; see $OUT"; exit 2; }
exit 0
