#!/usr/bin/env bash
# Usage: Scripts/fuzz.sh [-t SECONDS] [-n] [-k] [TARGET...]
#   Builds the libFuzzer harnesses in Fuzz/ and runs each TARGET (programme, theme, markdown,
#   editor; default: all four, one after another) for SECONDS (default 120), then prints per
#   target: executions, exec/s, final cov/ft, corpus size and crashes.
#   -t SECONDS  time per target         -n  do not build (use the last build)
#   -k          keep the corpus of an earlier run (default: a fresh one from the seeds)
#   Environment: FUZZ_CONFIG=release|debug (default release), FUZZ_ARGS="extra libFuzzer flags",
#   FUZZ_STRICT=1 to fail on the known findings too (Fuzz/findings/README.md).
# Each run writes Fuzz/corpus-TARGET/, Fuzz/artifacts-TARGET/ (crash-*, timeout-*, oom-*, leak-*)
# and Fuzz/log-TARGET.txt. Reproduce a crash: Fuzz/.build-fuzz/release/fuzz-TARGET FILE
# Exit status: 0 when no target crashed, 1 when one did, 2 on a usage or build error.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$here/Fuzz"
seconds=120 build=1 keep=0
while getopts "t:nkh" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    n) build=0 ;;
    k) keep=1 ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(programme theme markdown editor)
for t in "${targets[@]}"; do
  case $t in programme|theme|markdown|editor) ;; *) echo "fuzz.sh: unknown target '$t'" >&2; exit 2 ;; esac
done
config=${FUZZ_CONFIG:-release}
scratch="$fuzz/.build-fuzz"

# The fuzz package declares the main package's library targets again (see Fuzz/Package.swift):
# refuse to fuzz stale copies when ../Package.swift changed their dependencies or resources.
check_mirror() {
  local root_json fuzz_json
  root_json=$(mktemp) fuzz_json=$(mktemp)
  swift package --package-path "$here" --scratch-path "$scratch/root-manifest" dump-package >"$root_json"
  swift package --package-path "$fuzz" --scratch-path "$scratch" dump-package >"$fuzz_json"
  python3 - "$root_json" "$fuzz_json" "$fuzz" <<'EOF'
import json, os, sys
root = {t["name"]: t for t in json.load(open(sys.argv[1]))["targets"]}
fuzz = json.load(open(sys.argv[2]))["targets"]
problems = []
for t in fuzz:
    if not (t.get("path") or "").startswith("Mirror/"):
        continue
    r = root.get(t["name"])
    if r is None:
        problems.append(f"{t['name']}: no longer a target of ../Package.swift"); continue
    want = os.path.realpath(os.path.join(sys.argv[3], "..", r.get("path") or f"Sources/{t['name']}"))
    if os.path.realpath(os.path.join(sys.argv[3], t["path"])) != want:
        problems.append(f"{t['name']}: Fuzz/{t['path']} does not lead to {want}")
    for key in ("dependencies", "resources", "exclude", "settings"):
        if json.dumps(t.get(key), sort_keys=True) != json.dumps(r.get(key), sort_keys=True):
            problems.append(f"{t['name']}: {key} differ from ../Package.swift")
if problems:
    print("fuzz.sh: Fuzz/Package.swift is out of step with Package.swift:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
EOF
  rm -f "$root_json" "$fuzz_json"
}

if [ $build = 1 ]; then
  check_mirror || exit 2
  # Pin the same dependency versions as the main package.
  [ -e "$fuzz/Package.resolved" ] || [ ! -e "$here/Package.resolved" ] || cp "$here/Package.resolved" "$fuzz/Package.resolved"
  echo "== building fuzzers ($config)"
  swift build -c "$config" --package-path "$fuzz" --scratch-path "$scratch" \
    --sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,pc-table,inline-8bit-counters || exit 2
fi
bin="$scratch/$config"

summary=()
crashed=0
for t in "${targets[@]}"; do
  corpus="$fuzz/corpus-$t" artifacts="$fuzz/artifacts-$t" log="$fuzz/log-$t.txt"
  args=(-max_len=65536 -dict="$fuzz/dicts/$t.dict")
  if [ $keep = 0 ] || [ ! -d "$corpus" ]; then
    rm -rf "$corpus"; mkdir -p "$corpus"
    case $t in
      programme) cp "$here/SampleData/harbourline/programme.yaml" "$here/Tests/Fixtures/minimal.yaml" "$corpus/" ;;
      theme) cp "$here"/Themes/*.yaml "$corpus/" ;;
      markdown) cp "$fuzz"/seeds/markdown/* "$corpus/" ;;
      editor) cp "$fuzz"/seeds/editor/* "$corpus/" ;;
    esac
  fi
  case $t in
    markdown) args=(-max_len=4096 -dict="$fuzz/dicts/markdown.dict") ;;
    editor) args=(-max_len=4096) ;;
  esac
  rm -rf "$artifacts"; mkdir -p "$artifacts"
  echo "== fuzz-$t for ${seconds}s (log: ${log#"$here"/})"
  set +e
  # shellcheck disable=SC2086
  # The Swift runtime's own backtracer trips over ASan's shadow memory: leave crashes to ASan.
  SWIFT_BACKTRACE=enable=no "$bin/fuzz-$t" "${args[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} "$corpus" >"$log" 2>&1
  status=$?
  set -e
  last=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last") ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")
  found=$(find "$artifacts" -type f | wc -l)
  [ "$found" = 0 ] || crashed=1
  line=$(printf '%-10s runs %-9s exec/s %-6s cov %-5s ft %-6s corpus %-12s crashes %s (exit %s)' \
    "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found" "$status")
  summary+=("$line")
  echo "$line"
  if [ "$found" != 0 ]; then
    { grep -aE 'Fatal error|ERROR: (AddressSanitizer|libFuzzer)|^SUMMARY' "$log" || true; } | head -3 | sed 's/^/    /'
    find "$artifacts" -type f | sed "s|^$here/|    |"
  fi
done
echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit $crashed
