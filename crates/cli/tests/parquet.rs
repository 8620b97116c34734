//! Parquet input and output of `nutgraf batch` (only with `--features parquet`).
#![cfg(feature = "parquet")]

use std::fs::File;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::UInt64Type;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

mod common;
use common::{bin, temp_dir};

const TEXTS: [Option<&str>; 4] = [
    Some("Tova Brin said the bridge opens in May. \"It is safe,\" she said."),
    None,
    Some("The council met on Friday. Pell Arden chaired the meeting."),
    Some(""),
];

/// A Parquet file with an integer `doc_id` column and a `body` column, `rows` rows long.
fn write_input(path: &Path, rows: usize) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Int64, false),
        Field::new("body", DataType::Utf8, true),
        Field::new("other", DataType::Utf8, true),
    ]));
    let ids: ArrayRef = Arc::new(Int64Array::from_iter_values(0..rows as i64));
    let bodies: ArrayRef = Arc::new(StringArray::from_iter(
        (0..rows).map(|i| TEXTS[i % TEXTS.len()]),
    ));
    let other: ArrayRef = Arc::new(StringArray::from_iter((0..rows).map(|_| Some("x"))));
    let batch = RecordBatch::try_new(Arc::clone(&schema), vec![ids, bodies, other]).unwrap();
    let mut w = ArrowWriter::try_new(File::create(path).unwrap(), schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

fn read_output(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn strings(batches: &[RecordBatch], col: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let a = b.column_by_name(col).unwrap().as_string::<i32>().clone();
            (0..a.len())
                .map(move |i| (!a.is_null(i)).then(|| a.value(i).to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn batch_args(input: &Path, extra: &[&str]) -> Command {
    let mut c = bin();
    c.args([
        "batch",
        "-q",
        "--text-field",
        "body",
        "--id-field",
        "doc_id",
    ])
    .args(extra)
    .arg(input);
    c
}

#[test]
fn parquet_in_and_out_as_columns() {
    let dir = temp_dir("columns");
    let input = dir.join("in.parquet");
    // More rows than one chunk, so that several record batches and row groups are written.
    let rows = 1100;
    write_input(&input, rows);
    let output = dir.join("out.parquet");
    let out = batch_args(&input, &["-o", output.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.join("out.parquet.partial").exists());
    let batches = read_output(&output);
    let ids = strings(&batches, "id");
    let errors = strings(&batches, "error");
    let texts = strings(&batches, "text");
    let sentences = strings(&batches, "sentences");
    assert_eq!(ids.len(), rows);
    let lines: Vec<Option<u64>> = batches
        .iter()
        .flat_map(|b| {
            let a = b
                .column_by_name("line")
                .unwrap()
                .as_primitive::<UInt64Type>()
                .clone();
            (0..a.len())
                .map(move |i| (!a.is_null(i)).then(|| a.value(i)))
                .collect::<Vec<_>>()
        })
        .collect();
    for i in 0..rows {
        assert_eq!(ids[i].as_deref(), Some(i.to_string().as_str()));
        match TEXTS[i % TEXTS.len()] {
            None => {
                assert!(
                    errors[i].as_deref().unwrap().contains("null"),
                    "{:?}",
                    errors[i]
                );
                assert_eq!(lines[i], Some(i as u64 + 1));
                assert!(texts[i].is_none());
            }
            Some(t) => {
                assert!(errors[i].is_none(), "{:?}", errors[i]);
                assert_eq!(lines[i], None);
                let sents: Value = serde_json::from_str(sentences[i].as_deref().unwrap()).unwrap();
                assert_eq!(sents.as_array().unwrap().is_empty(), t.is_empty());
                if t.starts_with("Tova") {
                    assert!(texts[i].as_deref().unwrap().contains("bridge opens"));
                }
            }
        }
    }
}

#[test]
fn parquet_json_column_equals_the_json_lines_output() {
    let dir = temp_dir("json");
    let input = dir.join("in.parquet");
    write_input(&input, 8);
    let output = dir.join("out.parquet");
    let out = batch_args(&input, &["--parquet-json", "-o", output.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = strings(&read_output(&output), "record");

    // The same input to JSON Lines on standard output.
    let out = batch_args(&input, &[]).output().unwrap();
    assert!(out.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 8);
    for (i, (rec, line)) in records.iter().zip(&lines).enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        if TEXTS[i % TEXTS.len()].is_none() {
            assert!(rec.is_none());
            assert_eq!(v["row"], i as u64 + 1);
        } else {
            assert_eq!(rec.as_deref(), Some(*line));
            assert_eq!(v["id"], i as u64);
        }
    }
}

#[test]
fn a_missing_text_column_is_named() {
    let dir = temp_dir("missing");
    let input = dir.join("in.parquet");
    write_input(&input, 2);
    let out = bin().args(["batch"]).arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no column `text`") && stderr.contains("body"),
        "{stderr}"
    );
}
