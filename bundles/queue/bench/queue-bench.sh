#!/bin/bash
# queue-bench.sh - one run, one filesystem: the disk's raw fsync rates (bench/harness/fsync.sh),
# then QueueInjectBench (4 KB messages, 1/10/50 producers, group commit vs one sync per message),
# with the benchmark JVM's CPU per injected message. Prints one table.
#
# usage: queue-bench.sh [-f FSYNC_SH] [DIR] [SECONDS]
#   -f FSYNC_SH  path to fsync.sh (default: bench/harness/fsync.sh of this repository)
#   DIR          scratch directory on the filesystem to measure (default bundles/queue/target/bench-queue);
#                fsync.sh runs in DIR, the queues in DIR/inject; both are removed afterwards
#   SECONDS      duration of each fsync.sh test and of each benchmark point (default 5)
#
# CPU ms/msg: utime+stime of the benchmark JVM (all its threads: producers, queue workers,
# committer, JIT, GC; kernel time of its writes, fsyncs and renames), read from
# /proc/<pid>/stat when QueueInjectBench prints each row, divided by the messages of that row
# (group + per-message runs at that producer count; messages = printed rate x SECONDS, since
# the bench prints rates, not counts). Nothing is subtracted. The "whole JVM" line divides the
# CPU /usr/bin/time reports for the entire JVM (start-up, its own raw-fsync loop, an uncounted
# warm-up at 10 producers, all six points, shutdown) by the messages of the six points. Maven (classpath.sh) and fsync.sh are not counted.
set -u
fsync_sh=
if [ "${1:-}" = -f ]; then fsync_sh=${2:?-f needs a path}; shift 2; fi
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench/../../.." && pwd)
[ -n "$fsync_sh" ] || fsync_sh=$repo/bench/harness/fsync.sh
[ -r "$fsync_sh" ] || { echo "queue-bench.sh: no fsync.sh at $fsync_sh (pass -f PATH)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "queue-bench.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
secs=${2:-5}

. "$bench/classpath.sh"          # builds the test classes, sets $here (bundles/queue) and $CP
dir=${1:-$here/target/bench-queue}
rm -rf "$dir/inject"
mkdir -p "$dir/inject" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$dir/inject"' EXIT
[ "$(stat -c %d "$dir")" = "$(stat -c %d "$dir/inject")" ] || { echo "queue-bench.sh: $dir/inject on another filesystem" >&2; exit 1; }

hz=$(getconf CLK_TCK)
echo "# queue-bench.sh $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) CPUs"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. the disk's raw rates, same filesystem
bash "$fsync_sh" "$dir" "$secs" | tee "$tmp/fsync" || exit 1
raw=$(awk '$1=="newfile"{print $2}' "$tmp/fsync")

# 2. the queue injection benchmark, its JVM under /usr/bin/time, /proc/<pid>/stat sampled per row
echo "# load average before QueueInjectBench: $(cut -d' ' -f1-3 /proc/loadavg)"
mkfifo "$tmp/out"
/usr/bin/time -f '%U %S' -o "$tmp/time" java -cp "$CP" org.tessera.queue.internal.QueueInjectBench \
    "$dir/inject" "$secs" >"$tmp/out" &
tpid=$!
jpid=
cpu() { awk -v hz="$hz" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$jpid/stat" 2>/dev/null; }
rows=()
while IFS= read -r line; do
    [ -n "$jpid" ] || jpid=$(pgrep -P "$tpid" | head -1)
    now=$(cpu)
    echo "$line"
    case $line in
        producers*) prev=$now ;;
        [[:space:]]*[0-9]*)
            set -- $line
            rows+=("$1 $2 $3 $((now - prev))")
            prev=$now ;;
    esac
done <"$tmp/out"
wait "$tpid" || { echo "queue-bench.sh: QueueInjectBench failed" >&2; exit 1; }
read -r user sys <"$tmp/time"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# 3. the table
echo
printf '%-9s | %-20s | %-18s | %-12s | %s\n' producers "group commit msg/s" "per-message msg/s" "raw fsync/s" "CPU ms/msg"
total_msgs=0
for r in "${rows[@]}"; do
    set -- $r
    msgs=$(awk -v g="$2" -v s="$3" -v t="$secs" 'BEGIN{printf "%.0f", (g + s) * t}')
    total_msgs=$((total_msgs + msgs))
    per=$(awk -v c="$4" -v m="$msgs" 'BEGIN{ if (m > 0) printf "%.3f", c / m; else print "-"}')
    printf '%-9s | %-20s | %-18s | %-12s | %s\n' "$1" "$2" "$3" "$raw" "$per"
done
awk -v u="$user" -v s="$sys" -v m="$total_msgs" 'BEGIN{ if (m > 0)
    printf "whole JVM: %.2f s user + %.2f s sys over %d messages = %.3f ms/msg\n", u, s, m, (u + s) * 1000 / m }'
echo "raw fsync/s = fsync.sh 'newfile' (new 4 KiB file + fsync, one thread), same filesystem, same run"
