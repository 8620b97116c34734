#!/usr/bin/env python3
"""Check that a Spark run of nutgraf equals a plain `nutgraf batch` run, line for line.

    python3 examples/spark/check_spark.py --input corpus.jsonl --spark-output /tmp/nutgraf-spark \
        --nutgraf target/release/nutgraf [--gazetteer FILE] [--stages LIST]

Reads the Spark part files in partition order (part-00000, part-00001, ...; .gz ones are
decompressed), runs `nutgraf batch` on the same input, and compares the two outputs line by
line. Error records carry the line number within their input, which for Spark is the line
within its partition: for those, the id and the message are compared, not the number.
Exits 0 when equal, 1 with the first differences otherwise.
"""

import argparse
import glob
import gzip
import json
import os
import subprocess
import sys


def spark_lines(directory):
    parts = sorted(glob.glob(os.path.join(directory, "part-*")))
    if not parts:
        sys.exit(f"no part files in {directory}")
    for part in parts:
        opener = gzip.open if part.endswith(".gz") else open
        with opener(part, "rt", encoding="utf-8") as f:
            for line in f:
                yield line.rstrip("\n")


def plain_lines(args):
    cmd = [args.nutgraf, "batch", "--quiet"]
    if args.gazetteer:
        cmd += ["--gazetteer", args.gazetteer]
    if args.stages:
        cmd += ["--stages", args.stages]
    cmd.append(args.input)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
    return out.decode("utf-8").split("\n")[:-1]


def same(a, b):
    if a == b:
        return True
    try:
        ja, jb = json.loads(a), json.loads(b)
    except ValueError:
        return False
    if "error" in ja and "error" in jb:
        return (ja.get("id"), ja["error"]) == (jb.get("id"), jb["error"])
    return False


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--spark-output", required=True)
    p.add_argument("--nutgraf", default="target/release/nutgraf")
    p.add_argument("--gazetteer")
    p.add_argument("--stages")
    args = p.parse_args(argv)
    spark = list(spark_lines(args.spark_output))
    plain = plain_lines(args)
    diffs = [i for i in range(max(len(spark), len(plain)))
             if i >= len(spark) or i >= len(plain) or not same(spark[i], plain[i])]
    print(f"spark: {len(spark)} lines, plain: {len(plain)} lines, differing lines: {len(diffs)}")
    for i in diffs[:5]:
        print(f"line {i + 1}:\n  spark: {spark[i][:200] if i < len(spark) else '<missing>'}\n"
              f"  plain: {plain[i][:200] if i < len(plain) else '<missing>'}")
    return 0 if not diffs else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
