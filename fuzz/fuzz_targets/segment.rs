//! Segmentation on any text: sentences valid, in order, not overlapping, inside paragraphs, and
//! covering every non-space character.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::Segmenter;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let seg = Segmenter::english().segment(&text);
    let mut prev = 0;
    for s in &seg.sentences {
        assert!(s.is_valid_in(&text), "sentence {s} invalid");
        assert!(s.start >= prev, "sentence {s} overlaps");
        assert!(!s.is_empty(), "empty sentence");
        assert!(
            seg.paragraphs.iter().any(|p| p.contains_span(*s)),
            "sentence {s} crosses paragraphs"
        );
        prev = s.end;
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            assert!(
                seg.sentences.iter().any(|s| s.contains(i)),
                "char {c:?} at {i} in no sentence"
            );
        }
    }
});
