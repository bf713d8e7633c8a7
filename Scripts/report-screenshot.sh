#!/usr/bin/env bash
# A picture of the demo audit's report as a web page (`export --format html`) in headless
# Chromium: the top of the page (title and cover block) above its summary (grades and coverage,
# with their charts), for the README.
#
#   Scripts/report-screenshot.sh [FILE]     writes FILE (default docs/report-html.png)
#
# Needs Chromium; optipng makes the file smaller if it is there. On Debian:
#   apt-get install chromium optipng
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/report-html.png}
browser=$(command -v chromium chromium-browser google-chrome 2>/dev/null | head -1 || true)
[ -n "$browser" ] || { echo "report-screenshot: Chromium is missing (see the top of $0)" >&2; exit 69; }

swift build --product aimsaudit >/dev/null
bin=$(swift build --show-bin-path)/aimsaudit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
AIMSAUDIT="$bin" bash SampleData/harbourline/make-demo.sh "$work/demo.aimsaudit" "$work/report.md" >/dev/null
"$bin" export "$work/demo.aimsaudit" --format html -o "$work/report.html" 2>/dev/null
# Two views of the one page, one above the other: its top, and its summary by the summary's anchor.
cat >"$work/views.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #8a93a3; } iframe { display: block; border: 0; width: 1000px; background: #fff; }
iframe + iframe { margin-top: 6px; }
</style></head><body>
<iframe src="report.html" style="height: 520px"></iframe>
<iframe src="report.html#6-summary-and-conclusion" style="height: 520px"></iframe>
</body></html>
EOF
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-background-networking \
  --user-data-dir="$work/profile" --window-size=1000,1046 --virtual-time-budget=3000 \
  --screenshot="$work/shot.png" "file://$work/views.html" 2>/dev/null
mkdir -p "$(dirname "$out")"
cp "$work/shot.png" "$out"
if command -v optipng >/dev/null; then optipng -quiet -o2 "$out"; fi
echo "wrote $out"
