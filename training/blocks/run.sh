#!/usr/bin/env bash
# npm run train:blocks -- [--seed N] [--min-leaf N] [--max-dropped-content-share S]
# Measures a learned block classifier over the blocks the extractor keeps: samples from the development
# sets (../shared/data, or NEWSFLOW_DEV_DATA), gradient-boosted trees trained on the tune halves, the drop
# threshold chosen out-of-fold, then scored once on the held-out halves (training/blocks/train.py).
# Creates (once) a Python venv under .cache/blocks-venv with the pinned requirements. The model goes to
# .cache/blocks/block-model.json: the extractor does not use it (libs/extraction/README.md says why; the
# TypeScript inference that was measured is on branch h/blockml-model).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
VENV=${NEWSFLOW_BLOCKS_VENV:-$REPO/.cache/blocks-venv}
OUT=$REPO/.cache/blocks
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$HERE/requirements.txt" "$VENV/.requirements.txt"; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/.requirements.txt"
fi
mkdir -p "$OUT"
cd "$REPO"
npx tsx bench/extraction/block-samples.ts ${NEWSFLOW_DEV_DATA:+--data "$NEWSFLOW_DEV_DATA"} --out "$OUT/samples.jsonl"
exec "$VENV/bin/python" "$HERE/train.py" --samples "$OUT/samples.jsonl" --out "$OUT/block-model.json" "$@"
