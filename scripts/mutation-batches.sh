#!/bin/bash
# Mutation run of one folder in batches of files, smallest first (issue #19). Each batch saves its
# results in the incremental file, so an interrupted run keeps what it measured and a later one goes on
# from there. Usage: scripts/mutation-batches.sh [folder] [incremental file] [files per batch]
set -u
FOLDER=${1:-src/formats}
INC=${2:-stryker/incremental-formats.json}
N=${3:-8}
mapfile -t FILES < <(find "$FOLDER" -name '*.ts' -printf '%s %p\n' | sort -n | cut -d' ' -f2)
for ((i = 0; i < ${#FILES[@]}; i += N)); do
  list=$(IFS=,; echo "${FILES[*]:i:N}")
  echo "batch $((i / N + 1)) $(date +%H:%M:%S): $list"
  CARBON_LENS_CORPUS=/nonexistent nice -n 15 npx stryker run --mutate "$list" --incrementalFile "$INC" \
    --tempDirName .stryker-tmp-batches --timeoutMS 8000 --concurrency 2 --reporters clear-text,json || exit $?
done
node scripts/mutation-thresholds.mjs "$INC"
