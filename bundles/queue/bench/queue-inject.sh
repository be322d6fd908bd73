#!/bin/sh
# Injections/s of 4 KB messages at 1, 10, 50 producers: group commit vs one sync per message.
# Usage: queue-inject.sh [directory on the filesystem to measure] [seconds per point]
. "$(dirname "$0")/classpath.sh"
dir=${1:-$here/target/bench-inject}
rm -rf "$dir"
java -cp "$CP" org.tessera.queue.internal.QueueInjectBench "$dir" "${2:-5}"
status=$?
rm -rf "$dir"
exit $status
