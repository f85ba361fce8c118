#!/usr/bin/env bash
# usage: ./osteon fuzz [--minutes N]
#
# Fuzzes DICOM parsing and de-identification with Jazzer for N minutes (default 5).
# Runs DeidentificationFuzzTest in Jazzer's fuzzing mode (JAZZER_FUZZ=1) with its method hooks and
# coverage instrumentation of PixelMed and Osteon. Inputs that end in anything but a de-identified object
# or a StageFailure are findings: Jazzer writes each to
# streams/src/test/resources/org/osteon/streams/fuzz/DeidentificationFuzzTestInputs/parseAndDeidentify/crash-*,
# where every later build replays it. The growing corpus lives in streams/.cifuzz-corpus/ (ignored by git).
set -euo pipefail
cd "${OSTEON_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

duration=5m
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "osteon fuzz: --minutes needs a positive number" >&2; exit 2; }
               duration=${2}m; shift 2 ;;
    --seconds) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "osteon fuzz: --seconds needs a positive number" >&2; exit 2; }
               duration=${2}s; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "osteon fuzz: unknown option $1" >&2; exit 2 ;;
  esac
done

inputs=streams/src/test/resources/org/osteon/streams/fuzz/DeidentificationFuzzTestInputs/parseAndDeidentify
log=streams/target/fuzz.log
mkdir -p streams/target
before=$(ls "$inputs" | grep -c '^crash-' || true)
echo "osteon fuzz: fuzzing parsing and de-identification for $duration (log: $log)"
status=0
JAZZER_FUZZ=1 ./mvnw -B test -pl streams -am \
  -Dtest=DeidentificationFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.hooks=true -Djazzer.max_duration="$duration" >"$log" 2>&1 || status=$?

# libFuzzer's last status line: executions, coverage, corpus size and executions per second.
grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true
grep -E 'Tests run:.*DeidentificationFuzzTest' "$log" | tail -1 || true
after=$(ls "$inputs" | grep -c '^crash-' || true)
if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
  echo "osteon fuzz: FINDINGS ($((after - before)) new crashing inputs in $inputs); see $log" >&2
  grep -E 'FuzzTestFindingException|== Java Exception|Caused by|OutOfMemoryError|StackOverflowError|timeout' "$log" | head -20 >&2 || true
  exit 1
fi
echo "osteon fuzz: no findings"
