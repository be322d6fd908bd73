#!/bin/sh
# remote-bench.sh - remote deliveries/s from the REMOTE channel to Postfix's smtp-sink (two, on 127.0.0.3 and .4,
# equal MXes served by dnsmasq), N deliveries with a fixed number in flight, as the queue's
# concurrencyremote would allow; prints deliveries/s, peak JVM threads and RSS per concurrency.
# Needs dnsmasq and postfix (smtp-sink) installed; starts and stops its own instances of both.
#
# usage: remote-bench.sh [DELIVERIES] [CONCURRENCY...]   (default: 10000 deliveries at 20 and 200)
. "$(dirname "$0")/classpath.sh"
n=${1:-10000}
[ $# -gt 0 ] && shift
set -- ${@:-20 200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "# remote-bench.sh $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $n deliveries of a 3.8 KB message per row, one connection each (qmail: one recipient per delivery)"
java -Xmx256m -cp "$CP" org.tessera.remote.internal.RemoteBench "$dir" "$n" "$@"
