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
run gum-entities segment,entities "$E/entities/gum-wikinews-dev.jsonl" score_entities.py
run ggt segment,entities,quotes "$E/quotes/ggt-dev.jsonl" score_quotes.py
run polnear segment,entities,quotes "$E/quotes/polnear-dev.jsonl" score_quotes.py
echo "predictions in $OUT"
