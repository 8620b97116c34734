//! Batch accounting through the library (`nutgraf_cli::batch::process`), on generated JSON
//! Lines streams mixing good lines, broken JSON, missing or non-string texts, invalid UTF-8,
//! blank and over-long lines, CRLF and U+2028 inside texts, with or without a last newline,
//! small chunks and one or two worker threads: exactly one output line per input line, in
//! order, each a JSON object (a record with the input's id, or an error record with the line
//! number), no raw line breaks inside a line, and counts that add up. The same invariants as
//! the `batch` fuzz target, run by `cargo test`.

use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

use nutgraf::{Pipeline, english_news};
use nutgraf_cli::batch::{BatchConfig, ChunkLimits, JsonLines, Output, Sink, Source, process};
use nutgraf_cli::progress::Counters;
use proptest::prelude::*;
use serde_json::Value;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| english_news(None).unwrap());

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One generated input line (without its end of line) and the id its output must carry, or
/// `None` when it must be an error record with a null id.
#[derive(Debug, Clone)]
enum Gen {
    Good { id: Value, text: String },
    NoText { id: Value },
    NotJson(String),
    BadUtf8,
    Blank,
}

impl Gen {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Gen::Good { id, text } => serde_json::json!({"id": id, "text": text})
                .to_string()
                .into_bytes(),
            Gen::NoText { id } => serde_json::json!({"id": id, "body": "x"})
                .to_string()
                .into_bytes(),
            Gen::NotJson(s) => format!("{{{s}").into_bytes(),
            Gen::BadUtf8 => b"{\"id\": 1, \"text\": \"caf\xe9\"}".to_vec(),
            Gen::Blank => Vec::new(),
        }
    }
}

fn gen_line() -> impl Strategy<Value = Gen> {
    let id = prop_oneof![
        Just(Value::Null),
        any::<u32>().prop_map(Value::from),
        "[a-z\u{2028}]{0,6}".prop_map(Value::from),
    ];
    let text = prop_oneof![
        "[A-Za-z .,\"]{0,80}",
        "[A-Z][a-z]{2,8} said \"[a-z ]{0,30}\"\\.",
        "[a-z \u{2028}\u{2029}\u{85}\r\n\t]{0,40}",
    ];
    prop_oneof![
        5 => (id.clone(), text).prop_map(|(id, text)| Gen::Good { id, text }),
        1 => id.prop_map(|id| Gen::NoText { id }),
        1 => "[a-z:,\"]{0,10}".prop_map(Gen::NotJson),
        1 => Just(Gen::BadUtf8),
        1 => Just(Gen::Blank),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_input_line_gets_one_output_line_in_order(
        lines in proptest::collection::vec((gen_line(), any::<bool>()), 0..40),
        last_newline in any::<bool>(),
        line_limit in 20usize..400,
        max_bytes in prop_oneof![Just(30usize), Just(usize::MAX)],
        items in 1usize..6,
        bytes in 1usize..300,
        threads in 1usize..3,
    ) {
        let mut input = Vec::new();
        for (i, (line, crlf)) in lines.iter().enumerate() {
            input.extend_from_slice(&line.bytes());
            if i + 1 < lines.len() || last_newline {
                input.extend_from_slice(if *crlf { b"\r\n" } else { b"\n" });
            }
        }
        // A blank last line without its newline is no line at all.
        let n = if !last_newline && lines.last().is_some_and(|(l, _)| matches!(l, Gen::Blank)) {
            lines.len() - 1
        } else {
            lines.len()
        };
        let cfg = BatchConfig {
            html: None,
            text_field: "text",
            id_field: "id",
            threads,
            max_bytes,
            lossy: false,
            quiet: true,
            output: std::path::Path::new("-"),
            gzip_stdout: false,
            parquet_json: false,
        };
        let pool = (threads > 1)
            .then(|| rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap());
        let buf = Shared::default();
        let output = Output::new(Sink::Writer(Box::new(buf.clone())));
        let source: Box<dyn Source> = Box::new(JsonLines::new(
            Box::new(std::io::Cursor::new(input.clone())),
            "gen".into(),
            line_limit,
        ));
        let outcome = process(
            &PIPELINE,
            [Ok(source)],
            &output,
            &cfg,
            ChunkLimits { items, bytes },
            &Counters::default(),
            pool.as_ref(),
        )
        .unwrap();
        let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        prop_assert!(out.is_empty() || out.ends_with('\n'));
        let got: Vec<&str> = out.split_terminator('\n').collect();
        prop_assert_eq!(got.len(), n);
        let mut errors = 0;
        for (i, (out_line, (line, crlf))) in got.iter().zip(&lines).enumerate() {
            prop_assert!(!out_line.contains(['\r', '\u{2028}', '\u{2029}', '\u{85}']), "{}", out_line);
            let v: Value = serde_json::from_str(out_line).unwrap();
            let is_error = v.get("error").is_some();
            errors += u64::from(is_error);
            if is_error {
                prop_assert_eq!(&v["line"], &Value::from(i + 1));
            } else {
                prop_assert_eq!(&v["schema_version"], &Value::from(1));
            }
            let len = line.bytes().len() + usize::from(i + 1 < lines.len() || last_newline) * (1 + usize::from(*crlf));
            let want_record = match line {
                Gen::Good { text, .. } => len <= line_limit && text.len() <= max_bytes,
                _ => false,
            };
            prop_assert_eq!(!is_error, want_record, "line {}: {}", i + 1, out_line);
            let want_id = match line {
                _ if len > line_limit => Value::Null,
                Gen::Good { id, .. } | Gen::NoText { id } => id.clone(),
                _ => Value::Null,
            };
            prop_assert_eq!(&v["id"], &want_id, "line {}", i + 1);
        }
        prop_assert_eq!(outcome.tally.records, n as u64);
        prop_assert_eq!(outcome.tally.errors, errors);
        prop_assert_eq!(outcome.tally.bytes, input.len() as u64);
        prop_assert_eq!(output.written(), (n as u64, errors));
    }
}
