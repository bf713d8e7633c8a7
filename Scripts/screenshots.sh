#!/usr/bin/env bash
# Screenshots of the screen in a real terminal, xterm under Xvfb: the checklist, an item, a form
# and help of the demo audit at 80×24, in the default theme on a light terminal and on a dark
# one with 256 colours, and on a dark one with TERM=xterm (8 colours). Keys go to xterm as
# typed (xdotool); each shot is taken once the screen has changed and then stayed still.
#
#   Scripts/screenshots.sh [DIR]        writes DIR/{light,dark,xterm}-{checklist,item,form,help}.png
#                                       (default docs/screens)
#
# Needs xterm, Xvfb, xdotool, ImageMagick (import, identify, convert) and the DejaVu Sans Mono
# font; optipng makes the files smaller if it is there. On Debian:
#   apt-get install xterm xvfb xdotool imagemagick fonts-dejavu-core optipng
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screens}
for tool in xterm Xvfb xdotool import identify; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing (see the top of $0)" >&2; exit 69; }
done
# ImageMagick's own convert, not another program of that name earlier on the PATH.
convert=$(command -v /usr/bin/convert convert | head -1)
"$convert" -version 2>/dev/null | grep -q ImageMagick || { echo "screenshots: ImageMagick's convert is missing" >&2; exit 69; }

swift build --product aimsaudit >/dev/null
bin=$(swift build --show-bin-path)/aimsaudit
mkdir -p "$out"
work=$(mktemp -d)

# A display of our own: the first free number from 90.
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
export DISPLAY=:$n
Xvfb "$DISPLAY" -screen 0 1024x768x24 -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb=$!
term=
cleanup() {
  if [ -n "$term" ]; then kill "$term" 2>/dev/null || true; fi
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
deadline=$((SECONDS + 20))
until xdotool getdisplaygeometry >/dev/null 2>&1; do
  [ $SECONDS -lt $deadline ] || { echo "screenshots: Xvfb did not start" >&2; exit 70; }
  sleep 0.2
done

window=
# The window's pixels: a signature and the number of colours in it.
look() { import -window "$window" "$work/now.png" && identify -format '%# %k' "$work/now.png"; }
# Waits until the screen differs from $1, is more than a blank terminal, and holds still.
settle() {
  local before=$1 previous= now deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    now=$(look)
    if [ "${now%% *}" != "${before%% *}" ] && [ "${now#* }" -gt 8 ] && [ "$now" = "$previous" ]; then
      echo "$now"; return
    fi
    previous=$now
    sleep 0.4
  done
  echo "screenshots: the screen did not settle" >&2; exit 70
}
shot() {
  "$convert" "$work/now.png" -dither None -colors 64 "PNG8:$out/$1.png"
  if command -v optipng >/dev/null; then optipng -quiet -o2 "$out/$1.png"; fi
  echo "$out/$1.png"
}
keys() { xdotool key --delay 40 "$@"; }
typed() { xdotool type --delay 40 "$1"; }

# variant NAME XTERM-COLOURS TERM
variant() {
  local name=$1 colours=$2 termtype=$3 screen
  # shellcheck disable=SC2086
  env LANG=C.UTF-8 LC_ALL=C.UTF-8 xterm -geometry 80x24+0+0 -fa 'DejaVu Sans Mono' -fs 11 $colours \
    -title "aimsaudit-$name" -e env -u NO_COLOR TERM="$termtype" "$bin" demo &
  term=$!
  deadline=$((SECONDS + 20))
  until window=$(xdotool search --name "^aimsaudit-$name\$" 2>/dev/null | head -1) && [ -n "$window" ]; do
    [ $SECONDS -lt $deadline ] || { echo "screenshots: no xterm window" >&2; exit 70; }
    sleep 0.2
  done
  xdotool windowfocus --sync "$window"
  screen=$(settle none); shot "$name-checklist"
  typed ":item A.6.2.8@ava"; keys Return
  screen=$(settle "$screen"); shot "$name-item"
  keys Escape; typed ":item A.5.3@talentlens"; keys Return c
  screen=$(settle "$screen"); shot "$name-form"
  keys Escape Escape question
  screen=$(settle "$screen"); shot "$name-help"
  keys Escape q
  deadline=$((SECONDS + 10))
  while kill -0 "$term" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill "$term" 2>/dev/null || true
  wait "$term" 2>/dev/null || true
  term=
}

variant light "-fg black -bg white" xterm-256color
variant dark "-fg white -bg black" xterm-256color
variant xterm "-fg white -bg black" xterm
