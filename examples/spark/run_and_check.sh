#!/usr/bin/env bash
# Runs nutgraf on Spark in local mode over a JSON Lines corpus and checks that the result equals
# a plain `nutgraf batch` run, line for line. Needs Java 17 and `pip install pyspark`.
#
#   examples/spark/run_and_check.sh CORPUS.jsonl [PARTITIONS]
#
# Not part of `cargo test`: it starts a JVM and takes about half a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:?usage: $0 CORPUS.jsonl [PARTITIONS]}
partitions=${2:-4}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -p nutgraf-cli
out=$(mktemp -d)/spark-out
python3 examples/spark/run_spark.py --input "$corpus" --output "$out" \
    --nutgraf "$target/release/nutgraf" --partitions "$partitions"
python3 examples/spark/check_spark.py --input "$corpus" --spark-output "$out" \
    --nutgraf "$target/release/nutgraf"
