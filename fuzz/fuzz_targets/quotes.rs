//! Quote extraction on any text (segmented, with entities): spans valid, speakers name known
//! entities.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use nutgraf::{EntityRecognizer, QuoteExtractor, Segmenter};

static RECOGNIZER: LazyLock<EntityRecognizer> =
    LazyLock::new(|| EntityRecognizer::new(None).expect("no gazetteer compiles"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let seg = Segmenter::english().segment(&text);
    let entities = RECOGNIZER.recognize(&text, &seg.sentences);
    let quotes =
        QuoteExtractor::english().extract(&text, &seg.paragraphs, &seg.sentences, &entities);
    for q in &quotes {
        assert!(q.span.is_valid_in(&text), "quote {} invalid", q.span);
        if let Some(c) = q.cue {
            assert!(c.is_valid_in(&text), "cue {c} invalid");
        }
        if let Some(s) = &q.speaker {
            assert!(s.span.is_valid_in(&text), "speaker {} invalid", s.span);
            if let Some(id) = &s.entity {
                assert!(entities.iter().any(|e| &e.id == id), "unknown entity {id}");
            }
        }
    }
});
