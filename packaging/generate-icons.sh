#!/usr/bin/env bash
# Regenerates the application icon's PNG sizes from resources/icons/sockpit.svg. The PNGs are
# committed, so a build needs no SVG renderer; run this (needs rsvg-convert: Debian package
# librsvg2-bin) after changing the SVG, and commit the result.
set -euo pipefail
icons="$(cd "$(dirname "${BASH_SOURCE[0]}")/../resources/icons" && pwd)"
for size in 16 32 48 64 128 256; do
    dir="$icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert --width "$size" --height "$size" --output "$dir/sockpit.png" "$icons/sockpit.svg"
done
echo "generate-icons.sh: wrote 6 sizes under $icons/hicolor"
