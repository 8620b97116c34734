//! Inputs the fuzzers found crashing, kept as tests. Each file under `fuzz/regressions/` is
//! run through the stage-by-stage path of the fuzz targets and through the whole pipeline.

use nutgraf::{EntityRecognizer, QuoteExtractor, Segmenter, english_news, invariants};

fn run_stages(text: &str) {
    let seg = Segmenter::english().segment(text);
    let entities = EntityRecognizer::new(None)
        .unwrap()
        .recognize(text, &seg.sentences);
    for q in QuoteExtractor::english().extract(text, &seg.paragraphs, &seg.sentences, &entities) {
        assert!(q.span.is_valid_in(text));
        if let Some(s) = &q.speaker {
            assert!(s.span.is_valid_in(text));
        }
    }
    let doc = english_news(None).unwrap().run(text).unwrap();
    invariants::check(&doc).unwrap();
}

/// A title run (`Mayor%Lena-Vogt`) reaching past the entity mention it was stripped from made
/// the quote stage build a span whose start was after its end.
#[test]
fn quote_speaker_title_past_the_mention() {
    let bytes = include_bytes!("../../../fuzz/regressions/quotes-title-past-mention.bin");
    run_stages(&String::from_utf8_lossy(bytes));
}

#[test]
fn speaker_with_title_glued_by_punctuation() {
    run_stages("\"We are ready,\" Mayor%Lena-Vogt said on Friday.\n\"Yes,\" Mayor%Lena Vogt said.");
}
