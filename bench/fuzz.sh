#!/usr/bin/env bash
# Runs every Jazzer fuzz target (@FuzzTest) of the repository, one after the other, each for a
# given time, and prints per target the executions done, their rate and the crashes found.
#
#   bench/fuzz.sh SECONDS [FILTER]
#
# FILTER is an extended regular expression matched against "module Class#method"
# (bench/fuzz.sh 300 qmtp, bench/fuzz.sh 60 'Sasl|Cdb'). The Maven command can be replaced through
# $MVN, e.g. MVN="mvn -o -Dmaven.repo.local=/tmp/m2" (the modules must have been installed before).
# Each run's whole output is kept in target/fuzz/<Class>-<method>.log under the module; the corpus
# Jazzer grows is kept in <module>/.cifuzz-corpus and reused by the next run; a crashing input is
# written to the target's seed directory, src/test/resources/<package>/<Class>Inputs/<method>/,
# so that once fixed it stays as a regression seed of every build.
set -uo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [FILTER]" >&2
    exit 2
fi
seconds=$1
filter=${2:-.}
root=$(cd "$(dirname "$0")/.." && pwd)
mvn_command=${MVN:-mvn -o}
# Each fuzzing JVM keeps its own heap small: the corpus and libFuzzer's tables live off-heap.
heap=${FUZZ_HEAP:-768m}

# "module Class#method" for every @FuzzTest method, from the test sources.
targets() {
    cd "$root" || exit 1
    grep -rl --include='*FuzzTest.java' '@FuzzTest' . | sort | while read -r file; do
        module=${file%%/src/test/java/*}
        module=${module#./}
        class=${file#*/src/test/java/}
        class=${class%.java}
        class=${class//\//.}
        awk '/@FuzzTest/ { fuzz = 1; next } fuzz && /void [a-zA-Z0-9_]+\(/ {
                 match($0, /void [a-zA-Z0-9_]+\(/); print substr($0, RSTART + 5, RLENGTH - 6); fuzz = 0 }' "$file" |
            while read -r method; do
                echo "$module $class#$method"
            done
    done
}

printf '%-16s %-58s %14s %10s %s\n' module target execs 'execs/s' crashes
total=0
while read -r module target; do
    [[ "$module $target" =~ $filter ]] || continue
    class=${target%#*}
    method=${target#*#}
    log_dir="$root/$module/target/fuzz"
    mkdir -p "$log_dir"
    log="$log_dir/${class##*.}-$method.log"
    (cd "$root" && JAZZER_FUZZ=1 nice -n 19 $mvn_command test -pl "$module" \
        -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
        -DargLine="-Xmx$heap" \
        -Djazzer.internal.arg.0=fuzz \
        -Djazzer.internal.arg.1=-max_total_time="$seconds" \
        -Djazzer.internal.arg.2=-print_final_stats=1) >"$log" 2>&1
    # libFuzzer's final statistics; after a crash only its last status line ("#N ...") may be there.
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    if [[ -z $execs ]]; then
        execs=$(grep -o '^#[0-9]*' "$log" | tr -d '#' | tail -1)
    fi
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    crashes=$(grep -o "Test unit written to [^ ]*\|crash-[0-9a-f]\{40\}" "$log" | sed 's/Test unit written to //' |
        xargs -r -n1 basename | sort -u | tr '\n' ' ')
    failures=$(grep -c '== Java Exception:\|FuzzTestFindingException\|Deadly signal\|out-of-memory\|timeout after' "$log")
    if [[ $failures -gt 0 && -z $crashes ]]; then
        crashes="finding, see $log"
    fi
    printf '%-16s %-58s %14s %10s %s\n' "$module" "${class##*.}#$method" "${execs:-?}" "${rate:-?}" "${crashes:-none}"
    total=$((total + ${execs:-0}))
done < <(targets)
echo "total executions: $total"
