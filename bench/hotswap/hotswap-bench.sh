#!/bin/bash
# hotswap-bench.sh - hot swap under load: bundles updated, features installed and removed, jars
# dropped into deploy/, while ~200 messages a second flow over SMTP into a system account's Maildir.
#
# usage: hotswap-bench.sh [options]
#
#   Starts a fresh Tessera home from the assembled distribution of this checkout, as root (deliveries
#   in the user process of the system account USER, as a hosting provider runs it), with the example
#   feature tessera-example-subject-filter installed, one rule configured, and messageFilters = true
#   on the SMTP listener, and a POP3 user in etc/passwd.tessera. After a warm-up, each step runs
#   driver.py for SECONDS at RATE messages a second (one SMTP session per message, every outcome
#   recorded) and POP3 logins (2 a second, -l), and halfway through runs one console command:
#
#     1 maildir            bundle:update org.tessera.delivery.maildir
#     2 relay              bundle:update org.tessera.relay.policy
#     3 checkpassword      bundle:update org.tessera.checkpassword.file
#     4 filter             bundle:update org.tessera.example.subject-filter
#     5 remote             bundle:update org.tessera.remote
#     6 smtp               bundle:update org.tessera.smtp
#     7 webhook-install    feature:install tessera-example-webhook
#     8 webhook-uninstall  feature:uninstall tessera-example-webhook
#
#   Per step (analyze.py): messages sent and accepted (250), 4xx replies, failed sessions (refused,
#   5xx, reset or closed without a 4xx, timeouts), messages lost (250 but not in the Maildir once the
#   queue has drained), the longest gap between consecutive deliveries into the Maildir (from the
#   files' names: seconds and microseconds of the delivery), POP3 logins, and every org.tessera
#   bundle's id, state and revisions and every DS component's component.id and service.id before
#   and after (bundle:list -s -r, bundle:services -p), with karaf.log's lines of the step.
#
#   Then the deploy/ test: the subject filter's feature is uninstalled (the filtering listener then
#   answers 451 to every DATA), and DEPLOY_ROUNDS times the example's jar is copied into the home's
#   deploy/ and a message whose Subject the rule refuses is sent every 50 ms until it gets the rule's
#   554: the time from the copy to that 554 is the figure; the jar is then removed and the script
#   waits for the 451 again.
#
# options:
#   -r RATE      messages a second (default 200)
#   -s SECONDS   load per step; the command runs at SECONDS/2 (default 30)
#   -w SECONDS   warm-up load before the first step, not counted (default 20)
#   -k ROUNDS    deploy/ rounds (default 5)
#   -l RATE      POP3 logins a second during every step (default 2)
#   -o "STEP..." only these steps, by name (default all, in the order above)
#   -u USER      the system account mail is delivered to (default bench; created with useradd -m when
#                missing)
#   -d DIR       work directory (default /tmp/tessera-hotswap): the home DIR/home (fresh each run) and
#                the results DIR/runs/RUN_ID/ (one directory per step, result.json, report.md)
#   -p BASE      ports: SMTP BASE+525, console BASE+822, POP3 BASE+110, QMTP BASE+209, QMQP BASE+628,
#                sendmail BASE+25, submission BASE+587, submissions BASE+465, POP3S BASE+995, metrics
#                BASE+954 (default 3000: 3525, 3822, 3110, ...)
#   -h           this text
#
# environment: TESSERA_DIST (default: the assembled distribution of this checkout), PYTHON (python3).
#
# Root; python3; the distribution and plugin-sdk/examples/subject-filter built (mvn install
# -DskipTests at the repository root). Only 127.0.0.1 is used; the load is bounded (RATE x SECONDS
# messages a step). USER's ~/Maildir is emptied before every step and at the end. The server this
# script starts is stopped when it ends (also on Ctrl-C).
#
# Exit status: 0 when every step met the targets (nothing lost, no failed session, longest stall
# <= 1 s, no other Tessera bundle or component refreshed or restarted), 1 on a setup error, 2 otherwise.
set -u
export LC_ALL=C

RATE=200 SECONDS_=30 WARM=20 ROUNDS=5 ONLY= USER_NAME=bench DIR=/tmp/tessera-hotswap BASE=3000
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-python3}
DOMAIN=hotswap.test
POP_USER=hotpop
POP_RATE=2
RULE_SUBJECT=hotswap-refuse

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-1}"; }
log() { echo "hotswap-bench: $*" >&2; }
die() { echo "hotswap-bench: error: $*" >&2; exit 1; }

while getopts "r:s:w:k:l:o:u:d:p:h" opt; do
    case $opt in
        r) RATE=$OPTARG ;; s) SECONDS_=$OPTARG ;; w) WARM=$OPTARG ;; k) ROUNDS=$OPTARG ;; l) POP_RATE=$OPTARG ;; o) ONLY=$OPTARG ;;
        u) USER_NAME=$OPTARG ;; d) DIR=$OPTARG ;; p) BASE=$OPTARG ;; h) usage 0 ;; *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
for v in RATE SECONDS_ BASE POP_RATE; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v%_} must be a positive integer"; done
for v in WARM ROUNDS; do [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number"; done
[ "$RATE" -le 1000 ] && [ "$SECONDS_" -le 600 ] && [ "$POP_RATE" -le 50 ] || die "at most 1000 messages/s, 50 logins/s and 600 s a step"
[ "$BASE" -le 60000 ] || die "-p: at most 60000"
[[ $USER_NAME =~ ^[a-z_][a-z0-9_-]*$ ]] || die "-u: not a user name"
case $DIR in /tmp/?*) ;; *) die "-d must be a directory below /tmp" ;; esac
[ "$(id -u)" -eq 0 ] || die "run as root (the server delivers as the user)"
command -v "$PY" >/dev/null || die "no $PY"

STEPS="maildir|org.tessera.delivery.maildir|bundle:update org.tessera.delivery.maildir
relay|org.tessera.relay.policy|bundle:update org.tessera.relay.policy
checkpassword|org.tessera.checkpassword.file|bundle:update org.tessera.checkpassword.file
filter|org.tessera.example.subject-filter|bundle:update org.tessera.example.subject-filter
remote|org.tessera.remote|bundle:update org.tessera.remote
smtp|org.tessera.smtp|bundle:update org.tessera.smtp
webhook-install|org.tessera.example.webhook-target|feature:install tessera-example-webhook
webhook-uninstall|org.tessera.example.webhook-target|feature:uninstall tessera-example-webhook"
for s in $ONLY; do echo "$STEPS" | grep -q "^$s|" || die "no step $s"; done

SMTP_PORT=$((BASE + 525)) SSH_PORT=$((BASE + 822)) POP3_PORT=$((BASE + 110))
export TESSERA_SMTP_PORT=$SMTP_PORT TESSERA_SSH_PORT=$SSH_PORT TESSERA_POP3_PORT=$POP3_PORT \
    TESSERA_QMTP_PORT=$((BASE + 209)) TESSERA_QMQP_PORT=$((BASE + 628)) TESSERA_SENDMAIL_PORT=$((BASE + 25)) \
    TESSERA_SUBMISSION_PORT=$((BASE + 587)) TESSERA_SUBMISSIONS_PORT=$((BASE + 465)) \
    TESSERA_POP3S_PORT=$((BASE + 995)) TESSERA_METRICS_PORT=$((BASE + 954))
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for v in SMTP SSH POP3 QMTP QMQP SENDMAIL SUBMISSION SUBMISSIONS POP3S METRICS; do
    p=TESSERA_${v}_PORT
    port_open "${!p}" && die "port ${!p} ($p) is in use on 127.0.0.1 (another -p BASE?)"
done

DIST=${TESSERA_DIST:-$REPO/distribution/target/tessera-0.1.0-SNAPSHOT}
DIST=${DIST%/}
[ -x "$DIST/bin/tessera" ] || die "no distribution at $DIST (mvn install -DskipTests at $REPO, or TESSERA_DIST)"
JAR=$(ls "$REPO"/plugin-sdk/examples/subject-filter/target/org.tessera.example.subject-filter-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1)
[ -f "$JAR" ] || die "no subject-filter jar in $REPO/plugin-sdk/examples/subject-filter/target (mvn install)"

# ---- the system account, its Maildir, the home --------------------------------------------------
if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd -m "$USER_NAME" || die "useradd -m $USER_NAME failed"
    log "created the system account $USER_NAME"
fi
U_HOME=$(getent passwd "$USER_NAME" | cut -d: -f6)
U_UID=$(id -u "$USER_NAME") U_GID=$(id -g "$USER_NAME")
[ "$U_UID" -ne 0 ] || die "$USER_NAME has uid 0"
MAILDIR=$U_HOME/Maildir
install -d -o "$USER_NAME" -g "$U_GID" -m 0700 "$MAILDIR" "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
empty_maildir() { find "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp" -maxdepth 1 -type f -delete 2>/dev/null; return 0; }

mkdir -p "$DIR" && chmod 0755 "$DIR" || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd -P)
export TESSERA_HOME=$DIR/home
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
RUN=$DIR/runs/$RUN_ID
mkdir -p "$RUN"
KLOG=$TESSERA_HOME/data/log/karaf.log
tessera() { "$DIST/bin/tessera" "$@"; }
ctl() { "$DIST/bin/tessera" ctl "$@" </dev/null; }   # never the steps' list on stdin
now() { date +%s.%N; }

DRIVER_PID= TAIL_PID=
stop_all() {
    [ -n "$DRIVER_PID" ] && { kill "$DRIVER_PID" 2>/dev/null; wait "$DRIVER_PID" 2>/dev/null; DRIVER_PID=; }
    [ -n "$TAIL_PID" ] && { kill "$TAIL_PID" 2>/dev/null; wait "$TAIL_PID" 2>/dev/null; TAIL_PID=; }
    if [ -d "$TESSERA_HOME" ] && tessera status >/dev/null 2>&1; then
        log "stopping Tessera"
        tessera stop >"$RUN/tessera-stop.log" 2>&1
    fi
}
trap stop_all EXIT
trap 'log "interrupted"; exit 130' INT TERM
stop_all   # a server left by an earlier run in the same directory

# ---- the server ------------------------------------------------------------------------------------
rm -rf "$TESSERA_HOME"
mkdir -p "$TESSERA_HOME/control"
chmod 0755 "$TESSERA_HOME"   # USER's user process must traverse it
echo "mx.$DOMAIN" >"$TESSERA_HOME/control/me"
echo "$DOMAIN" >"$TESSERA_HOME/control/locals"
echo "$DOMAIN" >"$TESSERA_HOME/control/rcpthosts"
echo ./Maildir/ >"$TESSERA_HOME/control/defaultdelivery"
tessera start >"$RUN/tessera-start.log" 2>&1 || { cat "$RUN/tessera-start.log" >&2; die "tessera start failed"; }
for i in $(seq 1 100); do ctl stat >/dev/null 2>&1 && break; sleep 0.3; done
ctl stat >"$RUN/stat-start.txt" 2>&1 || die "ctl stat fails after the start (see $RUN/stat-start.txt)"
log "run $RUN_ID: Tessera $(basename "$DIST") at $(git -C "$REPO" rev-parse --short HEAD) in $TESSERA_HOME, SMTP $SMTP_PORT, POP3 $POP3_PORT, console $SSH_PORT; results in $RUN"

# a POP3 user in etc/passwd.tessera: USER's uid and gid, a home of its own with a small Maildir
POP_HOME=$DIR/pophome
rm -rf "$POP_HOME"
install -d -o "$U_UID" -g "$U_GID" -m 0755 "$POP_HOME"
install -d -o "$U_UID" -g "$U_GID" -m 0700 "$POP_HOME/Maildir" "$POP_HOME/Maildir/new" "$POP_HOME/Maildir/cur" "$POP_HOME/Maildir/tmp"
for i in 1 2 3; do
    printf 'From: a@x.test\nSubject: pop %s\n\nhello\n' "$i" >"$POP_HOME/Maildir/new/100000000$i.hotswap.$i"
done
chown "$U_UID:$U_GID" "$POP_HOME"/Maildir/new/*
POP_PASS=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$POP_PASS" | "$DIST/bin/tessera-passwd" -u "$U_UID" -g "$U_GID" -d "$POP_HOME" "$POP_USER" >"$RUN/passwd.log" 2>&1 ||
    { cat "$RUN/passwd.log" >&2; die "tessera-passwd failed"; }
"$PY" -c 'import poplib,sys; p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10); p.user(sys.argv[2]); p.pass_(sys.argv[3]); print(p.stat()); p.quit()' \
    "$POP3_PORT" "$POP_USER" "$POP_PASS" >"$RUN/pop3-check.txt" 2>&1 || { cat "$RUN/pop3-check.txt" >&2; die "POP3 login of $POP_USER fails"; }

# the message filter: the example feature, one rule, messageFilters = true on the SMTP listener
probe() { # subject code timeout -> prints "seconds probes code text"
    "$PY" "$HERE/driver.py" --probe-until "$SMTP_PORT" "$USER_NAME@$DOMAIN" "$1" "$2" "$(now)" "$3"
}
ctl feature:install tessera-example-subject-filter >"$RUN/filter-install.txt" 2>&1 || { cat "$RUN/filter-install.txt" >&2; die "feature:install tessera-example-subject-filter failed"; }
printf 'pattern = %s\naction = reject\ntext = sorry, hotswap-bench refuses this subject (#5.7.1)\n' "$RULE_SUBJECT" \
    >"$TESSERA_HOME/etc/org.tessera.example.subjectfilter-hotswap.cfg"
grep -q '^messageFilters' "$TESSERA_HOME/etc/org.tessera.smtp-main.cfg" ||
    printf '# hotswap-bench: DATA goes through the message filters\nmessageFilters = true\n' >>"$TESSERA_HOME/etc/org.tessera.smtp-main.cfg"
probe "$RULE_SUBJECT" 554 30 >"$RUN/filter-check.txt" || { cat "$RUN/filter-check.txt" >&2; die "the subject rule does not refuse within 30 s"; }
probe "hotswap probe" 250 30 >>"$RUN/filter-check.txt" || { cat "$RUN/filter-check.txt" >&2; die "a plain message is not accepted"; }
log "subject filter in place: $(head -n 1 "$RUN/filter-check.txt")"

# ---- snapshots ----------------------------------------------------------------------------------------
snap() { # prefix
    ctl bundle:list -s -r -t 0 --no-format >"$1.list" 2>&1
    local ids
    ids=$(awk -F'\t' '$5 ~ /org\.tessera/ { gsub(/ /, "", $1); print $1 }' "$1.list" | tr '\n' ' ')
    # shellcheck disable=SC2086
    ctl bundle:services -p $ids >"$1.services" 2>&1
    ctl stat >"$1.stat" 2>&1
    "$PY" "$HERE/analyze.py" snapshot "$1.list" "$1.services" >"$1.snap"
}

# ---- warm-up ------------------------------------------------------------------------------------------
empty_maildir
if [ "$WARM" -gt 0 ]; then
    log "warm-up: $WARM s at $RATE msg/s (not counted)"
    "$PY" "$HERE/driver.py" "$SMTP_PORT" "$USER_NAME@$DOMAIN" warm "$RATE" "$WARM" "$RUN/warm.tsv" 2>"$RUN/warm.err"
    for i in $(seq 1 120); do
        [ "$(find "$MAILDIR/new" -maxdepth 1 -type f | wc -l)" -ge "$(grep -c '	ok	' "$RUN/warm.tsv")" ] && break
        sleep 0.5
    done
fi

# ---- the steps ----------------------------------------------------------------------------------------
FAILED=0 n=0
while IFS='|' read -r name targets command; do
    n=$((n + 1))
    [ -z "$ONLY" ] || case " $ONLY " in *" $name "*) ;; *) continue ;; esac
    sd=$RUN/$n-$name
    mkdir -p "$sd"
    empty_maildir
    sleep 1
    snap "$sd/before"
    log_off=$(stat -c %s "$KLOG")
    tail -n 0 -F "$TESSERA_HOME/log/current" >"$sd/maillog.part" 2>/dev/null &
    TAIL_PID=$!
    tag=s$n
    log "step $n $name: $SECONDS_ s at $RATE msg/s, '$command' at $((SECONDS_ / 2)) s"
    T_LOAD_START=$(now)
    "$PY" "$HERE/driver.py" "$SMTP_PORT" "$USER_NAME@$DOMAIN" "$tag" "$RATE" "$SECONDS_" "$sd/records.tsv" \
        --pop3 "$POP3_PORT" "$POP_USER" "$POP_PASS" "$POP_RATE" "$sd/pop3.tsv" 2>"$sd/driver.err" &
    DRIVER_PID=$!
    sleep "$(awk -v s="$SECONDS_" -v t0="$T_LOAD_START" -v t="$(now)" 'BEGIN { d = t0 + s / 2 - t; print (d > 0 ? d : 0) }')"
    T_UPDATE_START=$(now)
    # shellcheck disable=SC2086
    ctl $command >"$sd/command.out" 2>&1
    UPDATE_EXIT=$?
    T_UPDATE_END=$(now)
    wait "$DRIVER_PID"
    DRIVER_PID=
    cat >"$sd/step.env" <<EOF
STEP=$n
WHAT=$name
COMMAND=$command
TARGETS=$targets
TAG=$tag
MAILDIR=$MAILDIR
RATE=$RATE
SECONDS=$SECONDS_
T_LOAD_START=$T_LOAD_START
T_UPDATE_START=$T_UPDATE_START
T_UPDATE_END=$T_UPDATE_END
UPDATE_EXIT=$UPDATE_EXIT
EOF
    # the drain: every 250 in the Maildir; a message the swap deferred waits for the queue's retry
    # schedule (minutes), so after 10 s without a delivery the queue is shown and retried at once
    t_drain=$(now)
    d=$("$PY" "$HERE/analyze.py" drain "$sd" 10 120)
    if [ "$d" != done ]; then
        ctl qmail:queue -l >"$sd/queue-before-doqueue.txt" 2>&1
        echo "DOQUEUE_AT=$(now)" >>"$sd/step.env"
        ctl qmail:doqueue >"$sd/doqueue.out" 2>&1
        d=$("$PY" "$HERE/analyze.py" drain "$sd" 20 60)
    fi
    echo "DRAIN_S=$(awk -v a="$t_drain" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')" >>"$sd/step.env"
    echo "QSTAT=$("$DIST/bin/qmail-qstat" 2>&1 | tr '\n' ' ')" >>"$sd/step.env"
    kill "$TAIL_PID" 2>/dev/null; wait "$TAIL_PID" 2>/dev/null; TAIL_PID=
    snap "$sd/after"
    tail -c +"$((log_off + 1))" "$KLOG" >"$sd/karaf.log.part"
    "$PY" "$HERE/analyze.py" step "$sd" >"$sd/summary.json" || FAILED=1
    "$PY" "$HERE/analyze.py" verdict "$sd/result.json" || FAILED=1
done <<<"$STEPS"

# ---- deploy/: from the copy to the rule's first 554 ---------------------------------------------------
if [ "$ROUNDS" -gt 0 ]; then
    dd=$RUN/deploy
    mkdir -p "$dd"
    ctl feature:uninstall tessera-example-subject-filter >"$dd/uninstall.txt" 2>&1 || log "feature:uninstall of the subject filter failed"
    ctl bundle:list -s -t 0 --no-format | grep -q 'org.tessera.example.subject-filter' && die "the subject filter bundle is still installed"
    probe "$RULE_SUBJECT" 451 30 >"$dd/before.txt" || { cat "$dd/before.txt" >&2; die "no 451 with the filter gone"; }
    log "deploy/: filter gone, DATA answered: $(cut -d' ' -f3- "$dd/before.txt")"
    : >"$dd/times.tsv"
    for k in $(seq 1 "$ROUNDS"); do
        t0=$(now)
        cp "$JAR" "$TESSERA_HOME/deploy/"
        r=$("$PY" "$HERE/driver.py" --probe-until "$SMTP_PORT" "$USER_NAME@$DOMAIN" "$RULE_SUBJECT" 554 "$t0" 20)
        t1=$(now)
        rm -f "$TESSERA_HOME/deploy/$(basename "$JAR")"
        g=$("$PY" "$HERE/driver.py" --probe-until "$SMTP_PORT" "$USER_NAME@$DOMAIN" "$RULE_SUBJECT" 451 "$t1" 20)
        printf '%s\t%s\t%s\n' "$k" "$r" "$g" >>"$dd/times.tsv"
        log "deploy/ round $k: serving after ${r%% *} s (${r#* } ); removed, 451 again after ${g%% *} s"
        sleep 1
    done
    tail -c +1 "$KLOG" | grep -a -E 'fileinstall|subject' | tail -n 60 >"$dd/karaf.log.part"
fi

# ---- report -------------------------------------------------------------------------------------------
stop_all
trap - EXIT
empty_maildir
{
    echo "# hotswap-bench run $RUN_ID"
    echo
    echo "Tessera $(basename "$DIST") at checkout $(git -C "$REPO" rev-parse --short HEAD); $(java -version 2>&1 | head -n 1 | tr -d '"');" \
        "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)); $RATE msg/s, $SECONDS_ s a step, $POP_RATE POP3 logins/s;" \
        "load average before the start: $LOADAVG"
    echo
    "$PY" "$HERE/analyze.py" table "$RUN"/[0-9]*-*/result.json
    if [ -s "$RUN/deploy/times.tsv" ]; then
        echo
        echo "deploy/: seconds from the copy of $(basename "$JAR") into deploy/ to the rule's first 554 (probes every 50 ms):"
        awk -F'\t' '{ split($2, a, " "); split($3, b, " "); printf "  round %s: %s s (%s probes); removed: 451 again after %s s\n", $1, a[1], a[2], b[1] }' "$RUN/deploy/times.tsv"
    fi
} | tee "$RUN/report.md"
[ "$FAILED" -eq 0 ] || { log "at least one step missed a target (see $RUN/*/result.json)"; exit 2; }
exit 0
