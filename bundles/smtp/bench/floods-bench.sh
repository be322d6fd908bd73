#!/bin/bash
# floods-bench.sh - floods.py against a fresh Tessera from this checkout (the distribution built),
# default configuration: 100 MB without a line end, a 1 GB DATA, a million RCPTs, a million pipelined
# commands, one after the other; one line each. Arguments are handed to floods.py (e.g. --data-mb 256).
set -u
repo=$(cd "$(dirname "$0")/../../.." && pwd)
home=$(mktemp -d /tmp/tessera-floods.XXXXXX)
chmod 755 "$home"
export TESSERA_HOME=$home TESSERA_SMTP_PORT=2726 TESSERA_SSH_PORT=2927 TESSERA_SUBMISSION_PORT=0 TESSERA_SUBMISSIONS_PORT=0
trap '"$repo/tessera" stop >/dev/null 2>&1; rm -rf "$home"' EXIT
"$repo/tessera" start >/dev/null || { echo "floods-bench.sh: Tessera did not start" >&2; exit 1; }
pid=$(pgrep -f "tessera.home=$home" | head -1)
echo "# floods-bench.sh $(date -u '+%F %T UTC') $(nproc) CPUs; default configuration (databytes 0, maxCommandBytes 16384, maxRecipients 1000, maxCommands 10000)"
timeout 3000 "$(dirname "$0")/floods.py" "$TESSERA_SMTP_PORT" --pid "$pid" "$@"
