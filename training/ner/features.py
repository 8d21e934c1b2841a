"""Token features shared by training and inference.

Every rule here has a twin in libs/entities/src/features.ts; the two must agree exactly, or the
model sees different inputs at inference than it saw in training. Keep both small.
"""

import re

MAX_CHARS = 16  # longer tokens keep their first and last 8 characters
CHAR_SLOTS = MAX_CHARS + 2  # fixed width, so the char CNN's max-pool always sees padding

# casing classes (index 0 is padding)
CASING = {"pad": 0, "lower": 1, "title": 2, "upper": 3, "mixed": 4, "num": 5, "hasdigit": 6, "other": 7}
N_CASING = 8
N_DOC_FEATS = 3  # caps-elsewhere-in-doc, lowercase-elsewhere-in-doc, sentence-is-all-caps
GAZ_TYPES = ["loc", "org", "first", "last", "misc"]  # one flag each, after the document features
MAX_PHRASE_TOKENS = 4

_DIGIT = re.compile(r"[0-9]")


def is_upper_char(c: str) -> bool:
    return c.lower() != c


def is_lower_char(c: str) -> bool:
    return c.upper() != c


def casing(w: str) -> int:
    if w.isascii() and w.isdigit():
        return CASING["num"]
    if _DIGIT.search(w):
        return CASING["hasdigit"]
    ups = sum(1 for c in w if is_upper_char(c))
    lows = sum(1 for c in w if is_lower_char(c))
    if ups == 0 and lows == 0:
        return CASING["other"]
    if ups == 0:
        return CASING["lower"]
    if lows == 0:
        return CASING["upper"] if ups > 1 else CASING["title"]
    if is_upper_char(w[0]) and ups == 1:
        return CASING["title"]
    return CASING["mixed"]


def word_keys(w: str) -> list[str]:
    """Lookup keys, in order: lowercase, then lowercase with digits as 0."""
    lw = w.lower()
    z = _DIGIT.sub("0", lw)
    return [lw] if z == lw else [lw, z]


def clip_chars(w: str) -> str:
    return w if len(w) <= MAX_CHARS else w[:8] + w[-8:]


def sentence_all_caps(words: list[str]) -> bool:
    lettered = 0
    caps = 0
    for w in words:
        c = casing(w)
        if c in (CASING["lower"], CASING["title"], CASING["upper"], CASING["mixed"]):
            lettered += 1
            if c == CASING["upper"] or (c == CASING["title"] and len(w) == 1):
                caps += 1
    return lettered > 0 and caps / lettered >= 0.6


def doc_features(doc: list[list[str]]) -> list[list[list[float]]]:
    """Per token: [capitalised elsewhere (not sentence-initial, not in an all-caps sentence),
    lowercase elsewhere, this sentence is all caps]."""
    caps_flags = [sentence_all_caps(s) for s in doc]
    cap_count: dict[str, int] = {}
    low_count: dict[str, int] = {}
    own: list[list[tuple[int, int]]] = []
    for s, allcaps in zip(doc, caps_flags):
        row = []
        for i, w in enumerate(s):
            lw = w.lower()
            c = casing(w)
            is_cap = int(i > 0 and not allcaps and c in (CASING["title"], CASING["upper"], CASING["mixed"]))
            is_low = int(c == CASING["lower"])
            cap_count[lw] = cap_count.get(lw, 0) + is_cap
            low_count[lw] = low_count.get(lw, 0) + is_low
            row.append((is_cap, is_low))
        own.append(row)
    out = []
    for s, allcaps, row in zip(doc, caps_flags, own):
        feats = []
        for w, (is_cap, is_low) in zip(s, row):
            lw = w.lower()
            feats.append([
                1.0 if cap_count[lw] - is_cap > 0 else 0.0,
                1.0 if low_count[lw] - is_low > 0 else 0.0,
                1.0 if allcaps else 0.0,
            ])
        out.append(feats)
    return out


def gazetteer_index(lists: dict[str, list[str]]) -> dict[str, int]:
    """lowercased phrase -> bit mask of the GAZ_TYPES lists that hold it."""
    index: dict[str, int] = {}
    for bit, kind in enumerate(GAZ_TYPES):
        for phrase in lists.get(kind, []):
            index[phrase] = index.get(phrase, 0) | (1 << bit)
    return index


def gazetteer_features(words: list[str], index: dict[str, int]) -> list[list[float]]:
    """Per token, one flag per GAZ_TYPES list: the token is inside an n-gram (n <= MAX_PHRASE_TOKENS,
    lowercased, joined by one space) that the list holds."""
    lw = [w.lower() for w in words]
    masks = [0] * len(words)
    for i in range(len(words)):
        phrase = ""
        for j in range(i, min(i + MAX_PHRASE_TOKENS, len(words))):
            phrase = lw[j] if j == i else phrase + " " + lw[j]
            m = index.get(phrase, 0)
            if m:
                for k in range(i, j + 1):
                    masks[k] |= m
    return [[1.0 if m >> b & 1 else 0.0 for b in range(len(GAZ_TYPES))] for m in masks]
