#!/usr/bin/env bash
# Compares the Kairos solver with CP-SAT on instances from schedref.py gen.
#
#   backend/domain/bench/compare.sh [SEEDS] [gen options...]
#   e.g. compare.sh 100 --profile dense
#        FIRST=126 compare.sh 185 --profile dense    # the held-out seeds 126-185
#        compare.sh 3 --employees 60 --events 1000 --days 28
#
# For seeds FIRST..SEEDS (FIRST defaults to 1): generates an instance, solves it with the `solve` example (release
# build), validates the answer with schedref.py check, and solves it with CP-SAT (ortools in
# $PYTHON, default /tmp/v/bin/python; CPSAT_SECONDS per instance, default 30; set NO_CPSAT=1
# to skip). When the only gen option is --profile (or none) and optima.csv beside this script
# has the seed, its stored CP-SAT count is used instead of solving again (set CPSAT_FRESH=1 to
# solve anyway). Prints one line per seed and a summary: how many seeds reach the CP-SAT count,
# the worst ratio, the slowest and mean solve time. Work files go to $WORK (a temp dir).
set -euo pipefail

seeds=${1:-10}
first=${FIRST:-1}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
schedref=${SCHEDREF:-$root/../shared/bench/schedref.py}
python=${PYTHON:-/tmp/v/bin/python}
seconds=${CPSAT_SECONDS:-30}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}

(cd "$root" && cargo build -q --release -p kairos-domain --example solve)

# The profile, when the gen options name nothing but it (then optima.csv applies).
profile=retail
stored=${CPSAT_FRESH:+no}
case "$#:${1:-}" in
  0:) ;;
  2:--profile) profile=$2 ;;
  *) stored=no ;;
esac
optima=$here/optima.csv
solver=$CARGO_TARGET_DIR/release/examples/solve

printf '%-6s %8s %8s %8s %10s %s\n' seed ours cpsat status ms valid
hits=0 compared=0 worst=1 slowest=0 total_ms=0 invalid=0
runs=0
for seed in $(seq "$first" "$seeds"); do
  runs=$((runs + 1))
  inst=$work/i$seed.json
  python3 "$schedref" gen --seed "$seed" "$@" > "$inst"
  "$solver" "$inst" > "$work/ours$seed.json" 2> "$work/ours$seed.log"
  ours=$(awk '/^assigned/ {print $2}' "$work/ours$seed.log")
  ms=$(awk '/^solve_ms/ {print $2}' "$work/ours$seed.log")
  if python3 "$schedref" check "$inst" "$work/ours$seed.json" > "$work/check$seed.json"; then
    valid=yes
  else
    valid=NO
    invalid=$((invalid + 1))
  fi
  cp=- status=-
  if [ -z "${NO_CPSAT:-}" ]; then
    row=
    if [ -z "$stored" ] && [ -f "$optima" ]; then
      row=$(awk -F, -v p="$profile" -v s="$seed" '$1 == p && $2 == s {print $3, $4}' "$optima")
    fi
    if [ -n "$row" ]; then
      read -r cp status <<< "$row"
    else
      "$python" "$schedref" solve "$inst" --seconds "$seconds" > "$work/cpsat$seed.json"
      read -r cp status < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["assigned"], d["status"])' "$work/cpsat$seed.json")
    fi
    # UNKNOWN: CP-SAT found nothing in its time, so there is no count to compare with.
    if [ "$status" != UNKNOWN ]; then
      compared=$((compared + 1))
      if [ "$ours" -ge "$cp" ]; then hits=$((hits + 1)); fi
      if [ "$cp" -gt 0 ]; then
        worst=$(python3 -c "print(min($worst, $ours / $cp))")
      fi
    fi
  fi
  slowest=$(python3 -c "print(max($slowest, $ms))")
  total_ms=$(python3 -c "print($total_ms + $ms)")
  printf '%-6s %8s %8s %8s %10s %s\n' "$seed" "$ours" "$cp" "$status" "$ms" "$valid"
done
echo "valid: $((runs - invalid))/$runs"
if [ "$compared" -gt 0 ]; then
  echo "reached the CP-SAT count: $hits/$compared; worst ratio: $worst"
fi
echo "solve ms: mean $(python3 -c "print(round($total_ms / $runs, 2))"), max $slowest"
