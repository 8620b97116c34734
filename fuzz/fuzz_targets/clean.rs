//! The clean stage on any text: blocks cover every non-space byte, the map round-trips and the
//! document accepts the clean text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::{CleanText, Document, invariants};

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let cleaned = nutgraf::clean::clean(&raw);
    let mut doc = Document::new(raw.as_ref());
    doc.set_blocks(cleaned.blocks)
        .expect("blocks are valid spans");
    doc.set_metadata(cleaned.metadata)
        .expect("metadata spans are valid");
    let clean = CleanText::new(cleaned.text, cleaned.map).expect("map fits the text");
    doc.set_clean(clean).expect("map describes the raw input");
    if let Err(e) = invariants::check(&doc) {
        panic!("{e}");
    }
});
