#!/bin/sh
# SIGKILLs a queue process that injects, delivers and bounces N times (default 1000) and prints
# kills / acknowledged / delivered / bounced / duplicates / lost.
# Usage: delivery-kills.sh [kills] [directory]
. "$(dirname "$0")/classpath.sh"
dir=${2:-$here/target/bench-delivery-kills}
rm -rf "$dir"
java -Dsurefire.test.class.path="$CP" -cp "$CP" org.tessera.queue.internal.DeliveryKillRun "$dir" "${1:-1000}"
status=$?
# A round with problems is kept for inspection; a clean run leaves nothing.
[ $status -eq 0 ] && rm -rf "$dir"
exit $status
