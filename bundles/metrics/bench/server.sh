# server.sh - sourced by the metrics benchmarks: a fresh Tessera home, started from this checkout, that
# takes mail for postmaster@tessera.test on SMTP and delivers it into the alias user's Maildir.
#
# Ports of their own (37xx), so that a Tessera running elsewhere on the machine (a developer's, an
# itest's) neither collides nor is measured by mistake; the listeners the benchmarks do not use are on
# ports nobody connects to.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
export TESSERA_SMTP_PORT=3725 TESSERA_SSH_PORT=3722 TESSERA_METRICS_PORT=3754 TESSERA_QMTP_PORT=3709 \
    TESSERA_QMQP_PORT=3728 TESSERA_POP3_PORT=3710 TESSERA_POP3S_PORT=3795 TESSERA_SENDMAIL_PORT=3702 \
    TESSERA_SUBMISSION_PORT=3787 TESSERA_SUBMISSIONS_PORT=3765
METRICS_URL=http://127.0.0.1:$TESSERA_METRICS_PORT/metrics
RCPT=postmaster@tessera.test

# start_server HOME: a fresh home, started, answering SMTP; sets SERVER_PID (the server's JVM).
start_server() {
    export TESSERA_HOME=$1
    mkdir -p "$TESSERA_HOME/control"
    echo mx.tessera.test > "$TESSERA_HOME/control/me"
    echo tessera.test > "$TESSERA_HOME/control/locals"
    echo tessera.test > "$TESSERA_HOME/control/rcpthosts"
    "$repo/tessera" start >/dev/null || { echo "$0: Tessera did not start in $TESSERA_HOME" >&2; return 1; }
    local i
    for i in $(seq 300); do
        (exec 3<>/dev/tcp/127.0.0.1/$TESSERA_SMTP_PORT) 2>/dev/null && break
        sleep 0.2
    done
    SERVER_PID=$(cat "$TESSERA_HOME/data/tessera.pid")
}

stop_server() {
    [ -n "${TESSERA_HOME:-}" ] && [ -d "$TESSERA_HOME/data" ] && "$repo/tessera" stop >/dev/null 2>&1
    return 0
}

# The alias user's Maildir, where postmaster's mail goes (alias/.qmail-postmaster: ./Maildir/).
maildir() { echo "$TESSERA_HOME/alias/Maildir"; }

delivered() { find "$(maildir)/new" "$(maildir)/cur" -maxdepth 1 -type f 2>/dev/null | wc -l; }

# await_delivered N LIMIT_S: until N messages are in the Maildir; fails after LIMIT_S seconds.
await_delivered() {
    local want=$1 limit=$2 start=$SECONDS
    while [ "$(delivered)" -lt "$want" ]; do
        if (( SECONDS - start > limit )); then
            echo "$0: only $(delivered) of $want delivered after ${limit}s" >&2
            return 1
        fi
        sleep 0.2
    done
}

# CPU ticks (utime+stime, /proc/PID/stat) of the server and of the user processes it spawned (a root
# server delivers in a JVM per account: Tessera's work too), summed over those alive now.
cpu_ticks() {
    local total=0 pid
    for pid in "$SERVER_PID" $(pgrep -P "$SERVER_PID" java); do
        [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{print $14+$15}' "/proc/$pid/stat") ))
    done
    echo "$total"
}
