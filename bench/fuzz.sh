#!/usr/bin/env bash
# Fuzzing: each @FuzzTest target, coverage-guided by Jazzer, for @FuzzTest's maxDuration: Jazzer's default of 5
# minutes, since the targets set none (Jazzer's JUnit integration, 0.24, takes the time from the annotation only; no
# property or libFuzzer flag given here overrides it, so this script takes no duration). A finding is written by
# Jazzer beside the target's committed corpus (src/test/resources/dev/ftmatrix/<package>/<Class>Inputs/<method>/)
# and fails the run; commit it with its fix, so
# every later build replays it. The generated corpus stays in .cifuzz-corpus/ (not committed).
#   bench/fuzz.sh [Class#method ...]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(MatrixFuzzTest#matrixLoaderAndValidator MatrixFuzzTest#reproReport GlobFuzzTest#globMatcher
    ResultsFuzzTest#resultLine ResultsFuzzTest#runJson ResultsFuzzTest#redactor)
fi
cd "$repo"
mvn -o -q -B test-compile
failed=()
for target in "${targets[@]}"; do
  echo "== $target for 5m"
  # Instrument ftmatrix and the parsers it drives, so coverage guides the fuzzer through SnakeYAML and Jackson too.
  if ! JAZZER_FUZZ=1 mvn -o -q -B surefire:test -Dtest="$target" -Djazzer.hooks=true -Djazzer.instrument='dev.ftmatrix.**,org.yaml.snakeyaml.**,com.fasterxml.jackson.**' \
      -Dsurefire.failIfNoSpecifiedTests=false; then
    failed+=("$target")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "findings in: ${failed[*]} (see the Inputs directories under src/test/resources)"
  exit 1
fi
echo "no findings"
