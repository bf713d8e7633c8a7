#!/usr/bin/env bash
# Times `check` and `list` on a generated programme (default 10,000 register entries, 200 people)
# with a release build, next to Python's yaml.safe_load of the same file as a baseline.
# Usage: Scripts/bench-engine.sh [ENTRIES] [PEOPLE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-10000}; people=${2:-200}; runs=${3:-5}
swift build -c release --product aimsaudit >/dev/null
bin=.build/release/aimsaudit
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
file=$dir/programme.yaml
"$bin" synth --entries "$entries" --people "$people" -o "$file"
audit=IA-2026-01
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_ms() { # runs a command $runs times, prints the median wall time in ms
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
  done | median
}
lines=$(wc -l < "$file"); size=$(du -k "$file" | cut -f1)
printf 'programme: %s register entries, %s people, %s lines, %s KiB\n' "$entries" "$people" "$lines" "$size"
printf '%-44s %8s\n' "step (median of $runs runs)" "ms"
printf '%-44s %8s\n' "aimsaudit check (text)" "$(time_ms "$bin" check "$file" --audit $audit)"
printf '%-44s %8s\n' "aimsaudit check --format json" "$(time_ms "$bin" check "$file" --audit $audit --format json)"
printf '%-44s %8s\n' "aimsaudit list (text)" "$(time_ms "$bin" list "$file" --audit $audit)"
printf '%-44s %8s\n' "aimsaudit list --format json" "$(time_ms "$bin" list "$file" --audit $audit --format json)"
if python3 -c 'import yaml' 2>/dev/null; then
  printf '%-44s %8s\n' "baseline: python3 yaml.safe_load (C loader)" \
    "$(time_ms python3 -c "import yaml,sys; yaml.load(open(sys.argv[1]), Loader=getattr(yaml,'CSafeLoader',yaml.SafeLoader))" "$file")"
fi
peak=$( { /usr/bin/time -f '%M' "$bin" check "$file" --audit $audit >/dev/null; } 2>&1 | tail -1 || echo "?")
printf '%-44s %8s\n' "peak memory of check (KiB)" "$peak"
