//! The batch reader and processor of `nutgraf batch` on any byte stream taken as JSON Lines
//! input: exactly one output line per input line, in order, each a valid JSON object (a record
//! with the input's id, or an error record with the right line number), no raw line breaks of
//! any kind inside an output line, and summary counts that add up.
//!
//! The first two bytes choose the options: the line limit (small, so over-long lines occur),
//! `--max-bytes`, `--lossy`, `--html` and the chunk bounds (small, so chunk boundaries occur).
#![no_main]
use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

use libfuzzer_sys::fuzz_target;
use nutgraf::{HtmlExtractor, Pipeline, english_news};
use nutgraf_cli::batch::{
    BatchConfig, ChunkLimits, JsonLines, Output, Sink, Source, Tally, process,
};
use nutgraf_cli::progress::Counters;
use serde_json::Value;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| english_news(None).expect("preset builds"));
static HTML: LazyLock<HtmlExtractor> = LazyLock::new(HtmlExtractor::default);

/// A writer into a buffer that the target keeps a handle on.
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

/// What the output line for one input line must be.
enum Expect {
    /// A record with this id.
    Record(Value),
    /// An error record with this id.
    Error(Value),
    /// An error record or a record with this id (HTML extraction may reject a page).
    Either(Value),
}

/// The input lines as the reader must see them: the bytes after `\n` splitting, whether the
/// line (with its newline) was over `limit`.
fn split_lines(data: &[u8], limit: usize) -> Vec<(&[u8], bool)> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let (line, consumed) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        out.push((line, consumed > limit));
        rest = &rest[consumed..];
    }
    out
}

/// A value as it reads back after one write and one parse (floats may not round-trip exactly
/// through serde_json's fast float parser; the output went through the same steps).
fn round_trip(v: &Value) -> Value {
    serde_json::from_str(&v.to_string()).expect("a value's JSON parses")
}

fn expect(line: &[u8], too_long: bool, max_bytes: usize, lossy: bool, html: bool) -> Expect {
    if too_long {
        return Expect::Error(Value::Null);
    }
    let mut line = line;
    while let [rest @ .., b'\r' | b'\n'] = line {
        line = rest;
    }
    let text = match std::str::from_utf8(line) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) if lossy => String::from_utf8_lossy(line),
        Err(_) => return Expect::Error(Value::Null),
    };
    let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(&text) else {
        return Expect::Error(Value::Null);
    };
    let id = round_trip(obj.get("id").unwrap_or(&Value::Null));
    match obj.get("text") {
        // The preset accepts any text (a stage panic aborts the fuzzer before it is caught).
        Some(Value::String(t)) if t.len() <= max_bytes && !html => Expect::Record(id),
        Some(Value::String(t)) if t.len() <= max_bytes => Expect::Either(id),
        _ => Expect::Error(id),
    }
}

fuzz_target!(|data: &[u8]| {
    let [a, b, input @ ..] = data else {
        return;
    };
    let line_limit = usize::from(*a & 0x3f) * 8 + 1;
    let max_bytes = [0, 16, 200, usize::MAX][usize::from(*a >> 6)];
    let lossy = b & 1 != 0;
    let html = b & 2 != 0;
    let limits = ChunkLimits {
        items: usize::from((b >> 2) & 7) + 1,
        bytes: usize::from(b >> 5) * 40 + 1,
    };
    let cfg = BatchConfig {
        html: html.then(|| &*HTML),
        text_field: "text",
        id_field: "id",
        threads: 1,
        max_bytes,
        lossy,
        quiet: true,
        output: std::path::Path::new("-"),
        gzip_stdout: false,
        parquet_json: false,
    };
    let buf = Shared::default();
    let output = Output::new(Sink::Writer(Box::new(buf.clone())));
    let source: Box<dyn Source> = Box::new(JsonLines::new(
        Box::new(std::io::Cursor::new(input.to_vec())),
        "fuzz".into(),
        line_limit,
    ));
    let outcome = process(
        &PIPELINE,
        [Ok(source)],
        &output,
        &cfg,
        limits,
        &Counters::default(),
        None,
    )
    .unwrap_or_else(|e| panic!("an in-memory batch fails: {e:?}"));
    assert_eq!(outcome.failed_inputs, 0);

    let out = buf.0.lock().unwrap().clone();
    let out = String::from_utf8(out).expect("the output is UTF-8");
    let lines = split_lines(input, line_limit);
    assert!(out.is_empty() || out.ends_with('\n'), "a partial last line");
    let got: Vec<&str> = out.split_terminator('\n').collect();
    assert_eq!(got.len(), lines.len(), "one output line per input line");
    let mut errors = 0u64;
    for (i, (out_line, (in_line, too_long))) in got.iter().zip(&lines).enumerate() {
        assert!(
            !out_line.contains(['\r', '\u{2028}', '\u{2029}', '\u{85}']),
            "line {}: a raw line break in {out_line:?}",
            i + 1
        );
        let v: Value = serde_json::from_str(out_line)
            .unwrap_or_else(|e| panic!("line {}: not JSON ({e}): {out_line}", i + 1));
        let obj = v.as_object().expect("each output line is an object");
        let is_error = obj.contains_key("error");
        if is_error {
            errors += 1;
            assert_eq!(obj.len(), 3, "error record {out_line}");
            assert_eq!(obj["line"], (i + 1) as u64, "error record's line number");
            assert!(obj["error"].as_str().is_some_and(|m| !m.is_empty()));
        } else {
            assert_eq!(obj["schema_version"], 1, "{out_line}");
            assert!(obj["text"].is_string());
        }
        let (want_id, ok) = match expect(in_line, *too_long, max_bytes, lossy, html) {
            Expect::Record(id) => (id, !is_error),
            Expect::Error(id) => (id, is_error),
            Expect::Either(id) => (id, true),
        };
        assert!(ok, "line {}: wrong kind of output {out_line}", i + 1);
        assert_eq!(obj["id"], want_id, "line {}: id", i + 1);
    }
    let Tally {
        records,
        errors: tally_errors,
        bytes,
    } = outcome.tally;
    assert_eq!(records, lines.len() as u64, "summary records");
    assert_eq!(tally_errors, errors, "summary errors");
    assert_eq!(bytes, input.len() as u64, "summary bytes");
    assert_eq!(output.written(), (records, errors), "lines written");
});
