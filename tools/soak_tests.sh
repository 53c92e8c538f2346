#!/usr/bin/env bash
# Run the whole test suite N times (default 10) while a CPU hog keeps one core busy; stop at the
# first failure. One summary line per run; each run's full output in $LOGS/run-N.txt.
#   tools/soak_tests.sh [N] [extra pytest arguments...]
# Checks issue 10's "green ten times in a row while another CPU-heavy process runs".
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
shift || true
LOGS="${LOGS:-$(mktemp -d -t claimdesk-soak-XXXXXX)}"
mkdir -p "$LOGS"
python=".venv/bin/python"
[ -x "$python" ] || python=python3

"$python" -c 'while True: pass' &  # the CPU hog: one core, for the whole soak
hog=$!
trap 'kill "$hog" 2>/dev/null' EXIT

echo "soak: $runs runs, CPU hog pid $hog, logs in $LOGS"
for i in $(seq 1 "$runs"); do
  log="$LOGS/run-$i.txt"
  start=$(date +%s)
  "$python" -m pytest -q -p no:cacheprovider --durations=10 "$@" >"$log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  summary=$(grep -E ' in [0-9.]+s' "$log" | tail -1)  # pytest's last line: counts and time
  if [ "$status" -eq 0 ]; then
    echo "run $i/$runs: PASS in ${seconds}s  ($summary)"
  else
    echo "run $i/$runs: FAIL (exit $status) in ${seconds}s  ($summary); see $log"
    grep -E '^(FAILED|ERROR) ' "$log" | head -20
    exit 1
  fi
done
echo "soak: all $runs runs passed under load"
