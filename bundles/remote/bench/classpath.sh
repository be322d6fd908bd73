# Sourced by the bench script: builds the module's test classes and sets CP to run them.
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test) || exit 1
CP="$here/target/test-classes:$here/target/classes:$(cat "$here/target/bench.classpath")"
