#!/usr/bin/env bash
# Bounded coverage-guided fuzzing (Jazzer) of every @FuzzTest in the extender: the wire decoding
# and routes, Spark properties / quantities / pods / annotations, the policy parser and the
# reservation annotation codec. `mvn test` only replays the committed seed corpora
# (src/test/resources/**/<Class>Inputs/<method>/); this script mutates them.
#
#   extender/fuzz.sh                      # every target, FUZZ_SECONDS (default 20) s each
#   FUZZ_SECONDS=600 extender/fuzz.sh SparkPodFuzzTest#annotatedPod
#   FUZZ_KEEP_CORPUS=1 extender/fuzz.sh   # grow extender/.cifuzz-corpus across runs (see below)
#
# Time: each target runs in its own JVM through Jazzer's standalone driver (Maven and JUnit would
# add about 30 s per target), for FUZZ_SECONDS plus 10–20 s of JVM start and instrumentation, after
# a `mvn test-compile` (seconds when warm). Each run starts from the committed seeds, written to a
# fresh corpus under extender/target/fuzz/work/: libFuzzer replays its whole corpus before it
# checks the time limit, and the corpus it grows only gets longer (1,200 inputs of the routes
# target took 80 s to replay, a 30 s budget spent without one mutation). FUZZ_KEEP_CORPUS=1 keeps
# the grown corpus in extender/.cifuzz-corpus/ (ignored by git) for a long local session instead.
# A target that has not stopped FUZZ_SECONDS + 120 s after its start is killed and fails the run.
#
# FUZZ_SECONDS=0 skips fuzzing, except in CI (CI=true), where it is an error: CI always fuzzes.
#
# A finding (an exception, an assertion, a 10 s hang, more than 3 GiB RSS) stops that target and
# fails the script once all targets ran; it prints the stack trace, where the crashing input was
# saved (extender/target/fuzz/<target>/crash-<sha1>, also printed in Base64 so a CI log is enough)
# and the two commands that turn it into a regression test: copy it into the target's
# src/test/resources/<package>/<Class>Inputs/<method>/ folder under a name saying what broke, then
# fix the bug; `mvn test` replays every file in that folder from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

seconds=${FUZZ_SECONDS:-20}
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "FUZZ_SECONDS must be a whole number of seconds, got '$seconds'" >&2
  exit 2
fi
if [[ $seconds -eq 0 ]]; then
  if [[ ${CI:-} == true ]]; then
    echo "FUZZ_SECONDS=0: fuzzing cannot be skipped in CI" >&2
    exit 2
  fi
  echo "fuzz: skipped (FUZZ_SECONDS=0)" >&2
  exit 0
fi

# shellcheck source=.ci/jdk.sh
source .ci/jdk.sh

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
ext="$repo/extender"
classpath="$ext/target/test-classes:$ext/target/classes:$(cat "$ext/target/fuzz.classpath")"
mkdir -p "$ext/target/fuzz"
echo "fuzz: compiled in $(($(date +%s) - start)) s; ${#targets[@]} targets x ${seconds} s" >&2

summary=()
failed=0
for target in "${targets[@]}"; do
  class="io.muster.extender.${target%%#*}"
  method="${target##*#}"
  name="${target//[#.]/-}"
  out="$ext/target/fuzz/$name"
  log="$out.log"
  rm -rf "$out"
  mkdir -p "$out"
  if [[ ${FUZZ_KEEP_CORPUS:-} == 1 ]]; then
    workdir="$ext" # Jazzer's generated corpus is .cifuzz-corpus/<class>/<method> under the cwd
  else
    workdir="$ext/target/fuzz/work"
    rm -rf "$workdir/.cifuzz-corpus/$class/$method"
    mkdir -p "$workdir"
  fi
  t0=$(date +%s)
  set +e
  # -timeout: one input taking 10 s is a finding (a hang); -rss_limit_mb: a leak is one too.
  # The driver's options are the ones starting with --; the rest go to libFuzzer.
  (cd "$workdir" && timeout --kill-after=10 $((seconds + 120)) \
    java -Xmx1g -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED \
      -Dlogback.configurationFile=logback-fuzz.xml -cp "$classpath" \
      com.code_intelligence.jazzer.Jazzer \
      --target_class="$class" --target_method="$method" --max_duration="${seconds}s" \
      --reproducer_path="$out" -timeout=10 -rss_limit_mb=3072 -artifact_prefix="$out/" \
      -print_final_stats=1) >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n1)
  cov=$(sed -n 's/.*\(DONE\|pulse\|NEW\|REDUCE\) *cov: \([0-9]*\).*/\2/p' "$log" | tail -n1)
  line=$(printf '%-45s %4s s %9s runs  cov %5s' "$target" "$(($(date +%s) - t0))" "${runs:-?}" "${cov:-?}")
  if [[ $rc -ne 0 ]]; then
    failed=1
    input=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' \
      -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | head -n1)
    inputs_dir="extender/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
    echo "=== FUZZ FINDING in $target (exit $rc; full log: ${log#"$repo"/})" >&2
    grep -v -E '^(INFO|WARNING|#[0-9]|OpenJDK)' "$log" | head -n 60 >&2 || true
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
      echo "--- the fuzzer did not stop within FUZZ_SECONDS + 120 s and was killed" >&2
      line+="  KILLED after $((seconds + 120)) s"
    elif [[ -n $input ]]; then
      rel=${input#"$repo"/}
      echo "--- crashing input saved as $rel ($(wc -c <"$input") bytes); Base64:" >&2
      head -c 65536 "$input" | base64 -w 0 >&2
      echo >&2
      echo "--- to make it a regression test (mvn test replays every file of that folder):" >&2
      echo "      mkdir -p $inputs_dir" >&2
      echo "      cp $rel $inputs_dir/<what-it-breaks>" >&2
      echo "    (from the CI log: echo '<Base64 above>' | base64 -d > $inputs_dir/<what-it-breaks>)" >&2
      echo "    then fix the bug until: mvn -pl extender -am test -Dtest=${class##*.}" >&2
      line+="  FINDING: $rel"
    else
      echo "--- no crashing input was written: the fuzzer itself failed, see the log" >&2
      line+="  FAILED (exit $rc, no input; log ${log#"$repo"/})"
    fi
  fi
  summary+=("$line")
done

echo "fuzz summary (${seconds} s per target, total $(($(date +%s) - start)) s):"
printf '  %s\n' "${summary[@]}"
if [[ $failed -ne 0 ]]; then
  echo "fuzz: FAILED: see the FUZZ FINDING sections above" >&2
fi
exit $failed
