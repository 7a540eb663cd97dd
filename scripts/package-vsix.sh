#!/usr/bin/env bash
# Builds the .vsix a user would install: a production bundle, packed by vsce.
# dependencies are bundled into dist/ by esbuild, hence --no-dependencies.
#   usage: scripts/package-vsix.sh [OUT]     (default out/carbon-lens.vsix)
# The default output sits outside dist/ because .vscodeignore re-includes
# dist/** and vsce would otherwise pack the previous .vsix into the next one.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$REPO/out/carbon-lens.vsix}"
cd "$REPO"
mkdir -p "$(dirname "$OUT")"
node esbuild.js --production
# stdin from /dev/null: vsce asks y/N about a missing LICENSE and similar;
# with no terminal it warns and carries on instead of hanging CI.
# The README's screenshots are relative paths into docs/: kept relative in the package (no public URL yet).
./node_modules/.bin/vsce package --no-dependencies --no-rewrite-relative-links --out "$OUT" < /dev/null
./node_modules/.bin/vsce ls --no-dependencies < /dev/null | sed 's/^/  in vsix: /'
