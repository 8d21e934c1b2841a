"""How a training run names the exported model it started from (`--init-from`), in the shipped sidecar."""

import hashlib
import os


def describe_origin(model_dir, side, repo):
    """{sha256, dir?, meta} of the exported model in `model_dir` (`side`: its ner.json).

    `sha256` (of its ner.onnx) names the weights wherever they lie: in git history
    (`git show REV:libs/entities/model/ner.onnx | sha256sum`) or in a cache. `dir` is recorded only when
    the folder is inside the repository, relative to it: a path elsewhere (another checkout, a cache)
    means nothing to whoever reads the shipped sidecar. `meta` is the model's training record without its log.
    """
    origin = {}
    path = os.path.realpath(model_dir)
    root = os.path.realpath(repo)
    if os.path.commonpath([path, root]) == root:
        origin["dir"] = os.path.relpath(path, root)
    with open(os.path.join(model_dir, "ner.onnx"), "rb") as f:
        origin["sha256"] = hashlib.sha256(f.read()).hexdigest()
    origin["meta"] = {k: v for k, v in side.get("meta", {}).items() if k != "log"}
    return origin
