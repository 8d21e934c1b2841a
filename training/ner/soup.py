"""Average the weights of several runs that started from the same model (a "weight soup").

    python3 training/ner/soup.py OUT_BEST_PT RUN_A/best.pt RUN_B/best.pt [...]
    python3 training/ner/train.py --init-from SAME_START --tag SOUP_TAG --export-only --out-dir DIR

OUT_BEST_PT goes to CACHE/SOUP_TAG/best.pt so that --export-only exports it (and scores it on dev-sel).
Row 8 of docs/entities.md's experiments: two seeds of the fine-tune, not better than the better seed.
"""

import os
import sys

import torch


def main(out, paths):
    states = [torch.load(p) for p in paths]
    soup = {k: (sum(s[k].float() for s in states) / len(states)).to(states[0][k].dtype) for k in states[0]}
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    torch.save(soup, out)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
