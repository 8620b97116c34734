//! The whole English news pipeline on any text: every invariant of the record holds.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use nutgraf::{Pipeline, Record, english_news, invariants};

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| english_news(None).expect("preset builds"));

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let doc = PIPELINE
        .run(raw.as_ref())
        .expect("the preset accepts any text");
    if let Err(e) = invariants::check(&doc) {
        panic!("{e}");
    }
    let json = Record::new(&doc, serde_json::Value::Null).to_json();
    let back: serde_json::Value = serde_json::from_str(&json).expect("record is valid JSON");
    assert_eq!(back["schema_version"], 1);
});
