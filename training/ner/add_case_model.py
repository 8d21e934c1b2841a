"""Add a case-robust model to a model folder, sharing the folder's vocabulary and name lists.

    python3 training/ner/add_case_model.py CASE_ROBUST_DIR MODEL_DIR

CASE_ROBUST_DIR holds an exported model (ner.onnx + ner.json) fine-tuned from the same vocabulary as
MODEL_DIR's, e.g. with --case-augment. Writes MODEL_DIR/ner-case.onnx (a copy of its graph) and
MODEL_DIR/ner-case.json, which keeps only what differs: CRF transitions and the training record. The
tagger routes sentences without lowercase or without uppercase letters to it (libs/entities).
Fails when the two sidecars do not share words, characters, tags and name lists: the case-robust graph
would then read ids and features that mean something else.
"""

import json
import os
import shutil
import sys

SHARED = ("words", "chars", "tags", "charSlots", "maxChars", "gazetteer", "languages")


def main(case_dir, model_dir):
    robust = json.load(open(os.path.join(case_dir, "ner.json")))
    cased = json.load(open(os.path.join(model_dir, "ner.json")))
    differ = [k for k in SHARED if robust.get(k) != cased.get(k)]
    if differ:
        sys.exit(f"{case_dir} does not share {', '.join(differ)} with {model_dir}")
    lean = {
        "format": "newsflow-ner-case/1",
        "vocabularySize": len(cased["words"]),
        "tags": cased["tags"],
        "transitions": robust["transitions"],
        "start": robust["start"],
        "end": robust["end"],
        "meta": robust.get("meta", {}),
    }
    with open(os.path.join(model_dir, "ner-case.json"), "w") as f:
        json.dump(lean, f)
    shutil.copyfile(os.path.join(case_dir, "ner.onnx"), os.path.join(model_dir, "ner-case.onnx"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
