"""Rebuild a trainable Tagger state from an exported model (ner.onnx + ner.json), so a shipped model can
be fine-tuned (for example on train + dev, or with more input features) without its original
checkpoint. Int8 weights are dequantised (row scales for the word vectors, per-direction scales for the
LSTM, one scale for the output layer); input columns for features the old model lacked start at zero,
so the rebuilt model tags exactly as the exported one until training moves them.
"""

import json
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def _torch_gates(w, h):
    # ONNX gate order i, o, f, c  ->  torch order i, f, g, o (inverse of export._reorder_gates)
    i, o, f, c = (w[k * h : (k + 1) * h] for k in range(4))
    return np.concatenate([i, f, c, o], axis=0)


def read_exported(model_dir):
    """(words, chars, sidecar, arrays) of an exported model."""
    side = json.load(open(os.path.join(model_dir, "ner.json"), encoding="utf-8"))
    m = onnx.load(os.path.join(model_dir, "ner.onnx"))
    arrays = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    return side["words"], side["chars"], side, arrays


def state_from_exported(side, a, n_feats):
    """A Tagger state dict; `n_feats` may exceed the exported model's features (new columns are zero)."""
    h = a["lstm_R_quantized"].shape[1]
    out = {
        "word.weight": a["word_q"].astype(np.float32) * a["word_scale"][:, None],
        "char.weight": a["char_emb"],
        "char_cnn.weight": a["char_w"],
        "char_cnn.bias": a["char_b"],
        "case.weight": a["case_emb"],
        "out.weight": ((a["out_w_quantized"].astype(np.float32) - a["out_w_zero_point"]) * a["out_w_scale"]).T,
        "out.bias": a["out_b"],
        "trans": np.array(side["transitions"], np.float32),
        "start": np.array(side["start"], np.float32),
        "end": np.array(side["end"], np.float32),
    }
    for d, suffix in enumerate(("", "_reverse")):
        w = (a["lstm_W_quantized"][d].astype(np.float32) - a["lstm_W_zero_point"][d]) * a["lstm_W_scale"][d]
        r = (a["lstm_R_quantized"][d].astype(np.float32) - a["lstm_R_zero_point"][d]) * a["lstm_R_scale"][d]
        w = _torch_gates(w.T, h)
        old_feats = w.shape[1] - out["word.weight"].shape[1] - a["char_w"].shape[0] - a["case_emb"].shape[1]
        w = np.concatenate([w, np.zeros((4 * h, n_feats - old_feats), np.float32)], axis=1)
        out[f"lstm.weight_ih_l0{suffix}"] = w
        out[f"lstm.weight_hh_l0{suffix}"] = _torch_gates(r.T, h)
        out[f"lstm.bias_ih_l0{suffix}"] = _torch_gates(a["lstm_B"][d][: 4 * h], h)
        out[f"lstm.bias_hh_l0{suffix}"] = _torch_gates(a["lstm_B"][d][4 * h :], h)
    return {k: torch.tensor(np.ascontiguousarray(v)) for k, v in out.items()}
