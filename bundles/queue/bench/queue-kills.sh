#!/bin/sh
# SIGKILLs an injecting queue process N times (default 1000) and prints kills / acknowledged / present / lost.
# Usage: queue-kills.sh [kills] [directory]
. "$(dirname "$0")/classpath.sh"
dir=${2:-$here/target/bench-kills}
rm -rf "$dir"
java -Dsurefire.test.class.path="$CP" -cp "$CP" org.tessera.queue.internal.KillRun "$dir" "${1:-1000}"
status=$?
rm -rf "$dir"
exit $status
