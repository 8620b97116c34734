//! Gazetteer loading on any bytes: a clear error or a gazetteer that compiles and matches.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nutgraf::{EntityRecognizer, Gazetteer};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Gazetteer::parse(&text, "fuzz.json") {
        Err(e) => assert!(
            e.to_string().contains("fuzz.json"),
            "error does not name the file: {e}"
        ),
        Ok(g) => {
            let r = EntityRecognizer::new(Some(&g));
            if let Ok(r) = r {
                // Match the gazetteer's own text against itself: every mention must be valid.
                for e in r.recognize(&text, &[]) {
                    for m in &e.mentions {
                        assert!(m.is_valid_in(&text) && !m.is_empty());
                    }
                }
            }
        }
    }
});
