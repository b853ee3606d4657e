#!/usr/bin/env bash
# Run test suites side by side: scripts/run-suites.sh SUITE... [-- pytest args...]
# QS_TEST_JOBS suites at a time (default 3: the suites wait on installs, servers and browsers much of the time).
# Each suite's output goes to test-artifacts/logs/<suite>.log and is printed whole when the suite ends, so the
# output of parallel suites never interleaves; a summary with each suite's duration and result comes last.
# Exits 1 when any suite failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
suites=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do suites+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
jobs=${QS_TEST_JOBS:-3}
logs="$root/test-artifacts/logs"
mkdir -p "$logs"

declare -A pid_suite=() start_time=()
summary=()
status=0

finish() {  # report the suite whose process $1 ended with exit code $2
  local suite=${pid_suite[$1]} code=$2 log
  log="$logs/${suite//\//_}.log"
  echo "== $suite ($(( SECONDS - ${start_time[$1]} )) s, exit $code)"
  cat "$log"
  summary+=("$(printf '%-40s %5d s  %s' "$suite" $(( SECONDS - ${start_time[$1]} )) "$([ "$code" = 0 ] && echo passed || echo FAILED)")")
  [ "$code" = 0 ] || status=1
  unset "pid_suite[$1]"
}

wait_for_one() {
  local pid code=0
  wait -n -p pid || code=$?
  finish "$pid" "$code"
}

for suite in "${suites[@]}"; do
  while [ ${#pid_suite[@]} -ge "$jobs" ]; do wait_for_one; done
  bash scripts/test-suite.sh "$suite" "$@" > "$logs/${suite//\//_}.log" 2>&1 &
  pid_suite[$!]=$suite
  start_time[$!]=$SECONDS
done
while [ ${#pid_suite[@]} -gt 0 ]; do wait_for_one; done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
