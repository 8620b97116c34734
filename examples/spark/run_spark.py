#!/usr/bin/env python3
"""Run `nutgraf batch` over a JSON Lines corpus with Apache Spark.

Spark reads the corpus, splits it into partitions, and pipes every partition through
`nutgraf batch` (`RDD.pipe`): JSON Lines in on standard input, one JSON line out per input line,
in order, no shared state. The results are written as text part files (one per partition, in
partition order), optionally gzip-compressed.

Local mode (what `pip install pyspark` gives, Java 17):

    python3 examples/spark/run_spark.py --input corpus.jsonl --output /tmp/nutgraf-spark \
        --nutgraf target/release/nutgraf --partitions 4

On a cluster, ship the binary (built for the executors' platform) with `--files` and name it
as the executors see it; see docs/batch.md:

    spark-submit --master yarn --files target/release/nutgraf,gazetteer.json \
        examples/spark/run_spark.py --input hdfs:///corpus/*.jsonl.gz \
        --output hdfs:///out/nutgraf --nutgraf ./nutgraf --gazetteer ./gazetteer.json
"""

import argparse
import os
import shlex
import sys


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="JSON Lines corpus (a path or glob Spark can read; .gz is decompressed)")
    p.add_argument("--output", required=True, help="output directory (must not exist)")
    p.add_argument("--nutgraf", default="target/release/nutgraf", help="the nutgraf binary as the executors see it")
    p.add_argument("--partitions", type=int, default=0, help="minimum number of partitions (0: Spark's default)")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's, or local[*] when run as a plain script)")
    p.add_argument("--gazetteer", default=None, help="gazetteer file as the executors see it")
    p.add_argument("--stages", default=None, help="stage list, as nutgraf batch --stages")
    p.add_argument("--gzip", action="store_true", help="gzip the part files")
    return p.parse_args(argv)


def nutgraf_command(args, local):
    """The command every partition is piped through: one thread per Spark task."""
    binary = args.nutgraf
    if local and os.path.sep in binary and os.path.exists(binary):
        # Local mode: executors share the driver's file system and working directory layout
        # may differ, so make the path absolute. On a cluster the path is the executors' own.
        binary = os.path.abspath(binary)
    cmd = [binary, "batch", "--quiet", "--threads", "1"]
    if args.gazetteer:
        gazetteer = args.gazetteer
        if local and os.path.exists(gazetteer):
            gazetteer = os.path.abspath(gazetteer)
        cmd += ["--gazetteer", gazetteer]
    if args.stages:
        cmd += ["--stages", args.stages]
    cmd.append("-")
    # RDD.pipe takes one command string and splits it with shlex.
    return shlex.join(cmd)


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("nutgraf-batch")
    if args.master:
        builder = builder.master(args.master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:
        # Run as a plain script, not by spark-submit: Spark in local mode on every core.
        builder = builder.master("local[*]")
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    try:
        if args.partitions > 0:
            lines = sc.textFile(args.input, minPartitions=args.partitions)
        else:
            lines = sc.textFile(args.input)
        # checkCode: a partition whose nutgraf run fails fails the task (Spark retries it).
        command = nutgraf_command(args, sc.master.startswith("local"))
        results = lines.pipe(command, checkCode=True)
        codec = "org.apache.hadoop.io.compress.GzipCodec" if args.gzip else None
        results.saveAsTextFile(args.output, compressionCodecClass=codec)
        print(f"nutgraf on Spark: {lines.getNumPartitions()} partitions written to {args.output}", file=sys.stderr)
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
