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
# The packaged README has its screenshots inlined as data: URLs (scripts/readmeForVsix.ts says why: the
# Extensions details page shows no relative image, and rewritten https URLs need the network). vsce packs it
# as extension/readme.md; .vscodeignore leaves the repository's README.md out so there is one readme.
README_VSIX=out/vsix/README.md
# CARBON_LENS_README_ALLOW_MISSING=1 (set by `npm run screenshots`, which packages before it takes the
# pictures): an image not taken yet is a warning, not an error.
node -r esbuild-register scripts/readmeForVsix.ts README.md "$README_VSIX" ${CARBON_LENS_README_ALLOW_MISSING:+--allow-missing}
# --no-rewrite-relative-links: links such as docs/budgets.md stay relative (packaged, .vscodeignore); the
# repository URL is a placeholder, so vsce could only rewrite them to a dead address.
./node_modules/.bin/vsce package --no-dependencies --no-rewrite-relative-links --readme-path "$README_VSIX" --out "$OUT" < /dev/null
./node_modules/.bin/vsce ls --no-dependencies --readme-path "$README_VSIX" < /dev/null | sed 's/^/  in vsix: /'
