#!/bin/bash
# hostile-bench.sh - hostile.py against a fresh Tessera from this checkout (the distribution built),
# default configuration: 100 idle, 100 slowloris and 100 deaf clients, then 10,000 idle clients;
# one line each with the legitimate client's wait and the server's RSS and heap.
set -u
repo=$(cd "$(dirname "$0")/../../.." && pwd)
home=$(mktemp -d /tmp/tessera-hostile.XXXXXX)
chmod 755 "$home"
export TESSERA_HOME=$home TESSERA_SMTP_PORT=2726 TESSERA_SSH_PORT=2927 TESSERA_SUBMISSION_PORT=0 TESSERA_SUBMISSIONS_PORT=0
trap '"$repo/tessera" stop >/dev/null 2>&1; rm -rf "$home"' EXIT
"$repo/tessera" start >/dev/null || { echo "hostile-bench.sh: Tessera did not start" >&2; exit 1; }
pid=$(pgrep -f "tessera.home=$home" | head -1)
echo "# hostile-bench.sh $(date -u '+%F %T UTC') $(nproc) CPUs; concurrencyincoming $(cat "$home/control/concurrencyincoming" 2>/dev/null || echo 20)"
for run in "100 idle" "100 slowloris" "100 deaf" "10000 idle"; do
    set -- $run
    timeout 900 "$(dirname "$0")/hostile.py" "$TESSERA_SMTP_PORT" "$1" "$2" --pid "$pid" --seconds 600
    sleep 5
done
