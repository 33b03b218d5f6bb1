#!/usr/bin/env bash
# Bounded coverage-guided fuzzing (Jazzer) of every @FuzzTest in the extender: the wire decoding
# and routes, Spark properties / quantities / pods / annotations, the policy parser and the
# reservation annotation codec. `mvn test` only replays the committed seed corpora
# (src/test/resources/**/<Class>Inputs/<method>/); this script mutates them.
#
#   extender/fuzz.sh                      # every target, FUZZ_SECONDS (default 30) s each
#   FUZZ_SECONDS=600 extender/fuzz.sh SparkPodFuzzTest#annotatedPod
#
# Each target runs in its own JVM through Jazzer's standalone driver (Maven and JUnit would add
# about 30 s per target). A finding stops that target, prints the stack trace and the input, and
# makes the script exit 1 once all targets ran; Jazzer leaves the input as crash-<sha1> in
# extender/target/fuzz/. To keep it as a regression test: copy it into the target's
# <Class>Inputs/<method>/ folder (named after the bug), fix the bug, and `mvn test` replays it from
# then on. New coverage-increasing inputs go to extender/.cifuzz-corpus/ (ignored by git; delete
# it to start from the seeds again).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../.ci/jdk.sh
source .ci/jdk.sh

seconds=${FUZZ_SECONDS:-30}
targets=(
  http.WireCodecFuzzTest#everyVerbBody
  http.ExtenderServerFuzzTest#everyRoute
  spark.SparkConfFuzzTest#propertiesAndSizing
  spark.KubeQuantityFuzzTest#parse
  spark.SparkPodFuzzTest#podsFromJson
  spark.SparkPodFuzzTest#annotatedPod
  policy.PolicyDocumentFuzzTest#parse
  persist.ReservationCodecFuzzTest#decode
)
if [[ $# -gt 0 ]]; then
  selected=()
  for want in "$@"; do
    for t in "${targets[@]}"; do [[ $t == *"$want"* ]] && selected+=("$t"); done
  done
  [[ ${#selected[@]} -gt 0 ]] || { echo "no fuzz target matches: $*" >&2; exit 2; }
  targets=("${selected[@]}")
fi

start=$(date +%s)
mvn -q -B -pl extender -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test
cd extender
classpath="target/test-classes:target/classes:$(cat target/fuzz.classpath)"
mkdir -p target/fuzz
echo "fuzz: compiled in $(($(date +%s) - start)) s; ${#targets[@]} targets x ${seconds} s" >&2

summary=()
failed=0
for target in "${targets[@]}"; do
  class="io.muster.extender.${target%%#*}"
  method="${target##*#}"
  log="target/fuzz/${target//[#.]/-}.log"
  t0=$(date +%s)
  set +e
  # -timeout: one input taking 10 s is a finding (a hang); -rss_limit_mb: a leak is one too.
  # The driver is the first of Jazzer's options; the rest go to libFuzzer.
  java -Xmx1g -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED \
    -Dlogback.configurationFile=logback-fuzz.xml -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" --target_method="$method" --max_duration="${seconds}s" \
    -timeout=10 -rss_limit_mb=3072 -artifact_prefix=target/fuzz/ -print_final_stats=1 \
    >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n1)
  cov=$(sed -n 's/.*\(DONE\|pulse\|NEW\|REDUCE\) *cov: \([0-9]*\).*/\2/p' "$log" | tail -n1)
  line=$(printf '%-45s %4s s %9s runs  cov %5s' "$target" "$(($(date +%s) - t0))" "${runs:-?}" "${cov:-?}")
  if [[ $rc -ne 0 ]]; then
    failed=1
    line+="  FINDING (exit $rc, log $log)"
    echo "=== $target: finding" >&2
    grep -v -E '^(INFO|WARNING|#[0-9])' "$log" | head -n 60 >&2 || true
  fi
  summary+=("$line")
done

echo "fuzz summary (${seconds} s per target, total $(($(date +%s) - start)) s):"
printf '  %s\n' "${summary[@]}"
exit $failed
