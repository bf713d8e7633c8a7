#!/usr/bin/env bash
# Hashing large evidence in constant memory: cites a 16 MiB and a 2 GiB file with `record`, checks
# the SHA-256 in the workpaper against sha256sum's, and prints time and peak memory of each run,
# then of `verify`, which hashes every cited file again. Progress is shown when stderr is a
# terminal (run it in one to see it).
#
#   Scripts/soak-hash.sh [SIZE_MIB]        (default 2048; needs that much free space in $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/.."
big_mib=${1:-2048}
swift build -c release --product aimsaudit >/dev/null
bin=$(swift build -c release --show-bin-path)/aimsaudit
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" new SampleData/harbourline/programme.yaml --audit IA-2026-01 -o "$dir/w.aimsaudit" >/dev/null

printf '%-10s %10s %9s %10s  %s\n' run MiB seconds "peak RSS" "SHA-256 matches sha256sum"
for mib in 16 "$big_mib"; do
  head -c "$((mib << 20))" /dev/urandom >"$dir/evidence-$mib.bin"
  expected=$(sha256sum "$dir/evidence-$mib.bin" | cut -d' ' -f1)
  /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" record "$dir/w.aimsaudit" --as olivia --item 9.2.1 \
    --add-evidence "data-analysis=export-$mib,file=$dir/evidence-$mib.bin" >/dev/null
  read -r secs kib <"$dir/time"
  got=$(python3 -c 'import sqlite3,sys,json; print([json.loads(r[0])["file"]["sha256"] for r in sqlite3.connect(sys.argv[1]).execute("select payload from journal where type=\"evidence.added\"")][-1])' "$dir/w.aimsaudit")
  same=no; [ "$got" = "$expected" ] && same=yes
  printf '%-10s %10s %9s %7s MiB  %s\n' record "$mib" "$secs" "$((kib >> 10))" "$same"
  [ "$same" = yes ] || { echo "soak-hash: hash mismatch for $mib MiB" >&2; exit 1; }
done
/usr/bin/time -f '%e %M' -o "$dir/time" "$bin" verify "$dir/w.aimsaudit" >/dev/null
read -r secs kib <"$dir/time"
printf '%-10s %10s %9s %7s MiB  %s\n' verify "$((16 + big_mib))" "$secs" "$((kib >> 10))" "both files re-hashed, ok"
