"""Time trafilatura per page for npm run bench:extraction -- --trafilatura (tooling only).

stdin: a JSON list of {"file": path, "url": str | null}. argv[1]: warm-up pages (untimed, like the bench's
warm-up of ours). Runs the same call as trafilatura-extract.py (defaults + with_metadata, raw bytes in) on
each page once and prints {"median": ms, "p95": ms, "mean": ms, "maxRssMb": MB} on stdout.
"""
import gzip
import importlib.util
import json
import os
import resource
import sys
import time

spec = importlib.util.spec_from_file_location("trafilatura_extract", os.path.join(os.path.dirname(__file__), "trafilatura-extract.py"))
extract = importlib.util.module_from_spec(spec)
spec.loader.exec_module(extract)


def load(job: dict) -> bytes:
    with open(job["file"], "rb") as f:
        raw = f.read()
    return gzip.decompress(raw) if job["file"].endswith(".gz") else raw


def main() -> None:
    jobs = json.load(sys.stdin)
    warmup = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    pages = [(load(j), j.get("url")) for j in jobs]
    for w in range(warmup):
        extract.run(*pages[w % len(pages)])
    times = []
    for raw, url in pages:
        t = time.perf_counter()
        extract.run(raw, url)
        times.append((time.perf_counter() - t) * 1000)
    s = sorted(times)
    q = lambda x: s[min(len(s) - 1, int(x * len(s)))]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"median": q(0.5), "p95": q(0.95), "mean": sum(times) / len(times), "maxRssMb": rss}))


if __name__ == "__main__":
    main()
