#!/bin/bash
# build-ab.sh - two Tessera builds side by side on this machine: accepted messages/s and the server
# JVM's CPU ms per message (utime+stime of /proc/<pid>/stat) under Postfix's smtp-source, 4 KiB, one
# connection per message, at 1, 10 and 50 sessions, the builds alternating point by point. It measures
# acceptance (250 after the queue's sync), not delivery, and the server alone, not smtp-source.
# Each point starts a fresh home, warms up with 300 messages, then times N.
# usage: build-ab.sh OLD_CHECKOUT NEW_CHECKOUT N ROUNDS   (each checkout's distribution already built)
OLD=$1 NEW=$2 N=$3 ROUNDS=$4
run() { # repo sessions -> "rate cpu_ms_per_msg"
  local repo=$1 c=$2 home port=2626
  home=$(mktemp -d /tmp/tessera-ab.XXXXXX)
  TESSERA_HOME=$home TESSERA_SMTP_PORT=$port TESSERA_SSH_PORT=2926 "$repo/tessera" start >/dev/null 2>&1
  for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
  local pid; pid=$(pgrep -f "tessera.home=$home" | head -1)
  smtp-source -s "$c" -l 4096 -m 300 -f s@x.test -t "bench@$(head -1 $home/control/me)" 127.0.0.1:$port 2>/dev/null # warm-up
  local j0 t0 t1 j1
  j0=$(awk '{print $14+$15}' /proc/$pid/stat); t0=$(date +%s.%N)
  smtp-source -s "$c" -l 4096 -m "$N" -f s@x.test -t "bench@$(head -1 $home/control/me)" 127.0.0.1:$port 2>>/tmp/build-ab.err
  t1=$(date +%s.%N); j1=$(awk '{print $14+$15}' /proc/$pid/stat)
  TESSERA_HOME=$home TESSERA_SSH_PORT=2926 "$repo/tessera" stop >/dev/null 2>&1
  rm -rf "$home"
  awk -v n="$N" -v a="$t0" -v b="$t1" -v j="$((j1-j0))" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f %.2f\n", n/(b-a), j*1000/hz/n}'
}
for r in $(seq "$ROUNDS"); do for c in 1 10 50; do
  echo "round $r sessions $c old $(run "$OLD" $c) new $(run "$NEW" $c)"
done; done
