//! Property test: any input is cleaned without panic into valid, covering blocks and a map that
//! round-trips and that `Document::set_clean` accepts.

use nutgraf_clean::{CleanStage, clean};
use nutgraf_core::{Document, Span, Stage};
use proptest::prelude::*;

fn check(raw: &str) -> Result<(), TestCaseError> {
    let c = clean(raw);
    let mut prev = 0;
    let mut covered = vec![false; raw.len()];
    for b in &c.blocks {
        prop_assert!(b.span.is_valid_in(raw));
        prop_assert!(b.span.start >= prev);
        prev = b.span.end;
        covered[b.span.range()].iter_mut().for_each(|x| *x = true);
    }
    for (i, ch) in raw.char_indices() {
        prop_assert!(ch.is_whitespace() || covered[i], "byte {} uncovered", i);
    }
    prop_assert_eq!(c.map.clean_len(), c.text.len());
    prop_assert_eq!(c.map.raw_len(), raw.len());
    prop_assert_eq!(c.text.trim(), c.text.as_str());
    for (i, _) in c.text.char_indices() {
        let r = c.map.span_to_raw(Span::new(i, c.text.len()));
        prop_assert!(r.is_valid_in(raw));
    }
    let mut d = Document::new(raw);
    prop_assert!(CleanStage::default().process(&mut d).is_ok());
    prop_assert_eq!(d.working_text(), c.text.as_str());
    Ok(())
}

proptest! {
    #[test]
    fn any_text(raw in "\\PC{0,300}") {
        check(&raw)?;
    }

    #[test]
    fn article_like(parts in prop::collection::vec(prop_oneof![
        Just("WASHINGTON (AP) - ".to_string()),
        Just("The vote passed .".to_string()),
        Just("donâ€™t".to_string()),
        Just("\u{a0}\u{200b} ".to_string()),
        Just("ended.Then".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("World".to_string()),
        Just("10:28 GMT".to_string()),
        Just("“Zürich —”".to_string()),
        "[A-Za-z .,\"]{0,30}",
    ], 0..40)) {
        check(&parts.concat())?;
    }
}
