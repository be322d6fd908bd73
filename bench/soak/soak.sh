#!/bin/bash
# soak.sh - a long run of mixed mail through a fresh Tessera, sampled every 10 s, every recipient
# accounted for at the end.
#
# usage: soak.sh [-n MESSAGES] [-r RATE] [-d DIR]
#   -n MESSAGES  messages to send (default 1000000)
#   -r RATE      messages per second, steady (default 250)
#   -d DIR       work directory, emptied first (default /tmp/tessera-soak)
#
# As root (deliveries in user processes, as a hosting provider runs it), with Postfix's smtp-sink
# (Debian package postfix) and python3. The distribution of this checkout must be built. Everything
# on 127.0.0.1: Tessera's SMTP on 24525, its console on 24822 (its other listeners off), the sink on
# 24599. driver.py sends the messages (see there for the mix: Maildir, mbox, program, remote, bounce).
#
# Every 10 s a row of DIR/samples.tsv: seconds, messages sent, the server JVM's RSS, its heap in use
# and the old generation in use (jstat), every 5 minutes the heap that survives a full collection
# (jcmd GC.run), threads, open files, and the queue (qmail-qstat: messages in the queue, of them not
# yet preprocessed). After the last message the run waits (at most 30 min)
# for the queue to empty, then counts what arrived: Maildir files, mbox messages, program runs, and
# what the sink received (remote messages and bounces), against what was accepted.
set -u
N=1000000 RATE=250 DIR=/tmp/tessera-soak
while getopts "n:r:d:h" o; do
    case $o in
        n) N=$OPTARG ;; r) RATE=$OPTARG ;; d) DIR=$OPTARG ;;
        *) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$repo/pom.xml" | head -n 1)
dist=$repo/distribution/target/tessera-$version
[ "$(id -u)" = 0 ] || { echo "soak.sh: run as root" >&2; exit 1; }
[ -x "$dist/bin/tessera" ] || { echo "soak.sh: build the distribution first (mvn -o -q install -DskipTests)" >&2; exit 1; }
command -v smtp-sink >/dev/null || { echo "soak.sh: smtp-sink not found (apt-get install postfix)" >&2; exit 1; }

rm -rf "$DIR" && mkdir -p "$DIR/home/control"
chmod 755 "$DIR" "$DIR/home"
home=$DIR/home
export TESSERA_HOME=$home TESSERA_SMTP_PORT=24525 TESSERA_SSH_PORT=24822
for p in QMTP QMQP POP3 POP3S SENDMAIL SUBMISSION SUBMISSIONS METRICS; do export "TESSERA_${p}_PORT=0"; done
printf 'soak.test\n' >"$home/control/me"
printf 'soak.test\n' >"$home/control/locals"
printf 'soak.test\nsink.test\n' >"$home/control/rcpthosts"
printf 'sink.test:127.0.0.1:24599\n' >"$home/control/smtproutes"

sink_pid=
cleanup() {
    "$dist/bin/tessera" stop >/dev/null 2>&1
    [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

smtp-sink -u nobody -c 127.0.0.1:24599 1000 >"$DIR/sink.out" 2>&1 &
sink_pid=$!
"$dist/bin/tessera" start >"$DIR/start.log" 2>&1 || { cat "$DIR/start.log" >&2; exit 1; }
# The alias user's .qmail files: box a Maildir, mbox an mbox, prog a program that counts its runs.
alias_home=$home/alias
owner=$(stat -c %u:%g "$alias_home")
printf './Maildir/\n' >"$alias_home/.qmail-box"
printf './mbox\n' >"$alias_home/.qmail-mbox"
printf '|echo >> prog.count\n' >"$alias_home/.qmail-prog"
chown "$owner" "$alias_home"/.qmail-box "$alias_home"/.qmail-mbox "$alias_home"/.qmail-prog
chmod 644 "$alias_home"/.qmail-box "$alias_home"/.qmail-mbox "$alias_home"/.qmail-prog
pid=$(cat "$home/data/tessera.pid")
sent_count() { cut -d' ' -f1 "$DIR/progress" 2>/dev/null || echo 0; }
queue_counts() {  # "in_queue not_preprocessed"
    "$dist/bin/qmail-qstat" 2>/dev/null | awk -F': ' '/not yet preprocessed/ { p = $2 } /^messages in queue:/ { q = $2 } END { print q + 0, p + 0 }'
}
samples=0
sample() {
    local t=$1 rss threads fds heap old live=- q
    rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
    threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    # jstat -gc: S0U S1U EU OU are columns 3 4 6 8 (KiB)
    read -r heap old < <(jstat -gc "$pid" | awk 'NR == 2 { printf "%d %d\n", ($3 + $4 + $6 + $8) / 1024, $8 / 1024 }')
    # With the serial collector the old generation holds promoted garbage until a full collection, so
    # its use alone cannot tell a leak: every 5 minutes a full collection, and what survives it.
    if [ $((samples++ % 30)) -eq 0 ]; then
        jcmd "$pid" GC.run >/dev/null 2>&1
        live=$(jstat -gc "$pid" | awk 'NR == 2 { printf "%d\n", ($3 + $4 + $6 + $8) / 1024 }')
    fi
    q=$(queue_counts)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$(sent_count)" "$rss" "$heap" "$old" "$live" "$threads" "$fds" "${q// /	}" >>"$DIR/samples.tsv"
}
printf 'seconds\tsent\trss_mib\theap_used_mib\told_gen_used_mib\tlive_after_full_gc_mib\tthreads\topen_files\tqueued\tnot_preprocessed\n' >"$DIR/samples.tsv"

echo "soak.sh: $N messages at $RATE/s into Tessera (pid $pid, home $home); samples in $DIR/samples.tsv"
t0=$SECONDS
python3 "$here/driver.py" 24525 "$N" "$RATE" "$DIR/progress" >"$DIR/driver.json" 2>"$DIR/driver.err" &
driver=$!
while kill -0 "$driver" 2>/dev/null; do
    sample $((SECONDS - t0))
    sleep 10
done
wait "$driver"
echo "soak.sh: sent; $(tail -1 "$DIR/driver.json")"
for _ in $(seq 1 180); do   # the queue empties (at most 30 min)
    sample $((SECONDS - t0))
    [ "$(queue_counts)" = "0 0" ] && break
    sleep 10
done
sample $((SECONDS - t0))

maildir=$(find "$alias_home/Maildir/new" "$alias_home/Maildir/cur" -type f 2>/dev/null | wc -l)
mbox=$(grep -c '^From ' "$alias_home/mbox" 2>/dev/null || echo 0)
program=$(wc -l <"$alias_home/prog.count" 2>/dev/null || echo 0)
sink=$(tr '\r' '\n' <"$DIR/sink.out" | awk -F'mesg=' 'NF > 1 { n = $2 + 0 } END { print n + 0 }')
python3 - "$DIR" "$maildir" "$mbox" "$program" "$sink" <<'EOF'
import csv, json, sys
d, maildir, mbox, program, sink = sys.argv[1], *map(int, sys.argv[2:])
drv = json.loads(open(f"{d}/driver.json").read().strip().splitlines()[-1])
k = drv["kinds"]
rows = list(csv.DictReader(open(f"{d}/samples.tsv"), delimiter="\t"))
sending = [r for r in rows if int(r["sent"]) < drv["sent"]]
warm = sending[len(sending) // 10:] or rows
def spread(col):
    v = [float(r[col]) for r in warm if r[col] != "-"]
    lo, hi = min(v), max(v)
    return f"{col} {lo:.0f}..{hi:.0f} ({(hi - lo) / hi * 100 if hi else 0:.0f} % of the highest)"
print(f"accepted {drv['accepted']} of {drv['sent']} ({drv['errors']} errors) in {drv['wall_s']} s, {drv['rate']}/s")
print(f"maildir {maildir}/{k['maildir']}, mbox {mbox}/{k['mbox']}, program {program}/{k['program']},"
      f" sink {sink}/{k['remote'] + k['bounce']} (remote {k['remote']} + bounces {k['bounce']})")
lost = (k['maildir'] - maildir) + (k['mbox'] - mbox) + (k['program'] - program) + (k['remote'] + k['bounce'] - sink)
last = rows[-1]
print(f"unaccounted {lost}; still queued at the end {last['queued']}")
print("after warm-up (the last 90 % of the sending), range of: " + "; ".join(
    spread(c) for c in ["rss_mib", "live_after_full_gc_mib", "old_gen_used_mib", "threads", "open_files", "queued"]))
EOF
