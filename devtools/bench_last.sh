#!/bin/bash
# Run a benchmark under a controlled CPU load (issue 17): `stress-ng --cpu N` at normal priority for the whole
# measurement, and a sampler that counts the runnable tasks at normal priority (nice <= 0) and at nice > 0 every
# 2 s. On a shared machine the 1-minute load average also counts other engineers' nice-19 test suites, which barely
# compete for the CPU once the kernel's autogroup scheduling is off (with it on, nice only ranks tasks within one
# terminal session, and a nice-19 suite in another session gets a full share); the sampler's nice<=0 mean is the load
# the benchmark competes with.
#
#   devtools/bench_last.sh N WARMUP_SECONDS command...
#
# It holds var/bench.lock for the whole run, so two benchmarks started on one machine measure one after the other.
N=$1; shift; W=$1; shift
mkdir -p "$(dirname "$0")/../var"
exec 9>"$(dirname "$0")/../var/bench.lock"
flock 9
SPID=
if [ "$N" -gt 0 ]; then stress-ng --cpu "$N" --timeout 3000s > /dev/null 2>&1 & SPID=$!; fi
echo "stress-ng --cpu $N pid ${SPID:-none} started $(date -u +%H:%M:%S)"
if [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" = "1" ]; then
  echo "WARNING: kernel autogroup scheduling is on: other sessions' nice-19 work competes at full share;" \
       "for a controlled load turn it off while measuring (echo 0 > /proc/sys/kernel/sched_autogroup_enabled, as root)"
fi
PROV=$(mktemp)
( while true; do
    ps -eLo stat=,ni=,comm= | awk '$1 ~ /^R/ && $3 != "ps" && $3 != "awk" { if ($2 <= 0) n++; else m++ } END { print n+0, m+0 }'
    sleep 2
  done ) > "$PROV" 2>/dev/null &
SAMP=$!
sleep "$W"
: > "$PROV"
echo "START $(date -u +%H:%M:%S) loadavg: $(cat /proc/loadavg)"
"$@"
rc=$?
echo "END $(date -u +%H:%M:%S) loadavg: $(cat /proc/loadavg)"
kill "$SAMP"
awk '{a+=$1; b+=$2; c++} END { if (c) printf "runnable tasks sampled every 2 s during the measurement (%d samples): nice<=0 mean %.2f, nice>0 mean %.2f\n", c, a/c, b/c }' "$PROV"
rm -f "$PROV"
if [ -n "$SPID" ]; then kill "$SPID"; wait "$SPID" 2>/dev/null; fi
exit $rc
