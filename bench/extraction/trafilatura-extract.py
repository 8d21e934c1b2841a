"""Run trafilatura over pages for the extraction eval (tooling only; the product stays TypeScript).

stdin: a JSON list of {"file": path to .html or .html.gz (raw bytes as fetched), "url": str | null, "out": path}.
Each result is written to its "out" path as JSON {text, title, authors, published, sitename}.

Settings: trafilatura's defaults (bare_extraction with fast=False, i.e. with its readability/jusText fallback,
include_comments=True, include_tables=True, no favor_precision/favor_recall, no deduplication), plus
with_metadata=True, which only adds the metadata fields: the text is byte-identical to trafilatura.extract(html, url)
(checked on 60 WCXB pages). The page is given as raw bytes, so trafilatura decodes it itself.
"""
import gzip
import json
import os
import sys

import trafilatura
from trafilatura.utils import normalize_unicode


def run(raw: bytes, url: str | None) -> dict:
    doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True)
    if doc is None:
        return {"text": "", "title": None, "authors": [], "published": None, "sitename": None}
    text = doc.text or ""
    # What extract()'s txt output does with comments (determine_returnstring).
    if doc.commentsbody is not None:
        text = f"{text}\n{doc.comments or ''}".strip()
    return {
        "text": normalize_unicode(text),
        "title": doc.title,
        # trafilatura joins several authors with "; ".
        "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
        "published": doc.date,
        "sitename": doc.sitename,
    }


def main() -> None:
    jobs = json.load(sys.stdin)
    for i, job in enumerate(jobs, 1):
        with open(job["file"], "rb") as f:
            raw = f.read()
        if job["file"].endswith(".gz"):
            raw = gzip.decompress(raw)
        try:
            result = run(raw, job.get("url"))
        except Exception as err:  # a peer crash scores as an empty extraction, like the other extractors
            result = {"text": "", "title": None, "authors": [], "published": None, "sitename": None, "error": repr(err)}
        tmp = job["out"] + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False)
        os.replace(tmp, job["out"])
        if i % 100 == 0 or i == len(jobs):
            print(f"trafilatura: {i}/{len(jobs)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
