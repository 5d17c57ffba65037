# Sourced by infra/bench/split and infra/bench/splitter, after build.sh: how the deployed splitter's JVM is
# started, and GNU time, which measures every process the same way from outside.
#
# The splitter in JVM mode runs on AWS's java21 runtime (terraform/), which starts the JVM with
# -XX:MaxHeapSize at 85% of the function's memory (its command line for a 512 MB function reads
# -XX:MaxHeapSize=445645k) and tiered compilation stopped at level 1 (C1 only: AWS's documented default on
# Java 17 and 21). terraform/main.tf's JAVA_TOOL_OPTIONS for the splitter sets -XX:+UseParallelGC
# -XX:TieredStopAtLevel=4 -Xmx1g (AWS documents it for the compiler level; for the heap it is unconfirmed), which is
# what this starts.
# SPLIT_JAVA_OPTIONS replaces these flags, e.g. SPLIT_JAVA_OPTIONS="-XX:+UseParallelGC -Xmx3007m -XX:TieredStopAtLevel=1"
# for AWS's own defaults with the splitter's 3,538 MB (85% heap, C1 only).
SPLIT_JAVA_OPTIONS="${SPLIT_JAVA_OPTIONS:--XX:+UseParallelGC -XX:TieredStopAtLevel=4 -Xmx1g}"
read -r -a split_java_options <<< "$SPLIT_JAVA_OPTIONS"
# the split command's JVM: SplitOnce FILE
split_jvm=(java "${split_java_options[@]}" -cp "$LOCAL_CLASSPATH" io.profilesync.bench.SplitOnce)
if [[ ! -x /usr/bin/time ]]; then
  echo "GNU time is needed to measure the processes (apt-get install time)" >&2
  exit 1
fi
# timed TIMES OUT COMMAND...: runs COMMAND, its output (and errors) to OUT, and writes "wall user system
# max_rss_kb" of the whole process to TIMES; shows OUT and fails when COMMAND does
timed() {
  local times=$1 out=$2
  shift 2
  if ! /usr/bin/time -f '%e %U %S %M' -o "$times" "$@" > "$out" 2>&1; then
    cat "$out" "$times" >&2
    echo "failed: $*" >&2
    return 1
  fi
}
# commas N [DIVISOR]: N (divided by DIVISOR) with thousands separators
commas() {
  awk -v n="$1" -v d="${2:-1}" 'BEGIN { s = sprintf("%d", n / d)
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    print s r }'
}
