#!/usr/bin/env bash
# Scores nutgraf on the development sets with their own scorers.
#
# Usage: scripts/eval.sh EVAL_DIR [NUTGRAF_BINARY]
#   EVAL_DIR        the folder holding score_*.py and the dataset folders (quotes/, entities/, ...)
#   NUTGRAF_BINARY  defaults to target/release/nutgraf (build it with `cargo build --release`)
# Predictions are written to a temporary folder; each scorer's table is printed.
set -euo pipefail
E=${1:?usage: scripts/eval.sh EVAL_DIR [NUTGRAF_BINARY]}
BIN=${2:-target/release/nutgraf}
OUT=$(mktemp -d)
run() { # name stages input scorer [extra batch args...]
  local name=$1 stages=$2 input=$3 scorer=$4; shift 4
  [ -f "$input" ] || { echo "skip $name: no $input"; return; }
  echo "== $name (stages: $stages)"
  "$BIN" batch --quiet --stages "$stages" "$@" "$input" > "$OUT/$name.jsonl"
  python3 "$E/$scorer" "$input" "$OUT/$name.jsonl" --top 0 | sed -n '1,40p'
}
run golden-rules segment "$E/segmentation/golden-rules.jsonl" score_segmentation.py
run gum-seg segment "$E/segmentation/gum-dev.jsonl" score_segmentation.py
run aeb-clean clean "$E/cleaning/aeb-dev.jsonl" score_cleaning.py
run gum-entities clean,segment,entities,quotes "$E/entities/gum-wikinews-dev.jsonl" score_entities.py
run ggt clean,segment,entities,quotes "$E/quotes/ggt-dev.jsonl" score_quotes.py
run polnear clean,segment,entities,quotes "$E/quotes/polnear-dev.jsonl" score_quotes.py
# HTML pages: the article body extracted from the page itself. The gold file holds U+2028 inside
# JSON strings, which the scorer's line splitting breaks on; score against an id+gold copy.
if [ -f "$E/html/aeb-html-dev.jsonl" ]; then
  echo "== aeb-html (--html, stages: clean)"
  "$BIN" batch --quiet --html --stages clean --text-field html "$E/html/aeb-html-dev.jsonl" > "$OUT/aeb-html.jsonl"
  python3 -c 'import json,sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w") as o:
    for line in f:
        if line.strip():
            r = json.loads(line); o.write(json.dumps({"id": r["id"], "gold": r["gold"]}) + "\n")' \
    "$E/html/aeb-html-dev.jsonl" "$OUT/aeb-html-gold.jsonl"
  python3 "$E/score_cleaning.py" "$OUT/aeb-html-gold.jsonl" "$OUT/aeb-html.jsonl" --top 0 | tail -n 2
fi
echo "predictions in $OUT"
