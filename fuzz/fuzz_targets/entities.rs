//! Entity recognition on any text: every mention non-empty, valid, and equal to the input there.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use nutgraf::{EntityRecognizer, Gazetteer, Segmenter};

static RECOGNIZER: LazyLock<EntityRecognizer> = LazyLock::new(|| {
    let g = Gazetteer::parse(
        "[{\"name\": \"Testing\", \"kind\": \"organization\", \"aliases\": [\"testing 123\", \"T.E.S.T.\"]},\
          {\"name\": \"Zürich\", \"kind\": \"location\", \"aliases\": [\"Zurich\"]},\
          {\"name\": \"Ana Lima\", \"kind\": \"person\", \"aliases\": []}]",
        "fuzz",
    )
    .expect("fixed gazetteer parses");
    EntityRecognizer::new(Some(&g)).expect("fixed gazetteer compiles")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let sentences = Segmenter::english().sentences(&text);
    let mut ids = std::collections::HashSet::new();
    for e in RECOGNIZER.recognize(&text, &sentences) {
        assert!(ids.insert(e.id.clone()), "id {} twice", e.id);
        for m in &e.mentions {
            assert!(
                m.is_valid_in(&text) && !m.is_empty(),
                "mention {m} of {} invalid",
                e.name
            );
        }
    }
});
