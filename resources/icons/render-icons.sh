#!/usr/bin/env bash
# Renders icon.svg into every file the installers use. Needs rsvg-convert (Debian: librsvg2-bin)
# and png2icns (icnsutils); the .ico is packed by pack-ico.mjs with Node alone.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" icon.svg --output "${size}x${size}.png"
done
cp 1024x1024.png icon.png
node pack-ico.mjs icon.ico 16x16.png 32x32.png 48x48.png 64x64.png 128x128.png 256x256.png
# icns takes the sizes Apple defines; 64 and 48 have no icns slot in png2icns.
png2icns icon.icns 16x16.png 32x32.png 128x128.png 256x256.png 512x512.png 1024x1024.png >/dev/null
