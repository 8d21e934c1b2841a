#!/usr/bin/env bash
# npm run train:ner -- [--data-dir DIR] [--epochs N] [--max-minutes M] ...
# Creates (once) a Python venv under .cache/ner-venv with the pinned requirements, then trains.
# The CoNLL-2003 folder defaults to ../shared/data/conll2003 from the repo root
# (override with --data-dir or NEWSFLOW_CONLL_DIR).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
VENV=${NEWSFLOW_NER_VENV:-$REPO/.cache/ner-venv}
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$HERE/requirements.txt" "$VENV/.requirements.txt"; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/.requirements.txt"
fi
exec "$VENV/bin/python" "$HERE/train.py" "$@"
