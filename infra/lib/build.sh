# Sourced by the infra/ commands: builds the application and the local-run classpath on first use, and again
# whenever pom.xml or src/ changed since. Sets RUNNER_JAR and LOCAL_CLASSPATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
classpath_file=target/local-run.classpath
RUNNER_JAR=$(ls target/*-runner.jar 2>/dev/null | head -n 1 || true)
if [[ -z "$RUNNER_JAR" || ! -f "$classpath_file" || -n "$(find pom.xml src -newer "$classpath_file" -print -quit)" ]]; then
  echo "building profile-sync (first use, or the sources changed)..." >&2
  mvn -B -q -Dstyle.color=never -DskipTests package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
  # build-classpath leaves an unchanged file as it was: mark the build done, or every later use builds again
  touch "$classpath_file"
  RUNNER_JAR=$(ls target/*-runner.jar | head -n 1)
fi
LOCAL_CLASSPATH="target/test-classes:target/classes:$(cat "$classpath_file")"
