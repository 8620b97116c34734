//! Property tests: on any input, the spans are valid, ordered, disjoint, trimmed, inside one
//! paragraph each, and cover every non-whitespace character.

use nutgraf_core::Span;
use nutgraf_segment::{ParagraphBreaks, QuotePolicy, Segmenter};
use proptest::prelude::*;

fn check(seg: &Segmenter, text: &str) -> Result<(), TestCaseError> {
    let out = seg.segment(text);
    check_layer(text, &out.paragraphs)?;
    check_layer(text, &out.sentences)?;
    // Each sentence lies inside one paragraph.
    let mut pi = 0;
    for s in &out.sentences {
        while pi < out.paragraphs.len() && out.paragraphs[pi].end < s.end {
            pi += 1;
        }
        prop_assert!(
            out.paragraphs.get(pi).is_some_and(|p| p.contains_span(*s)),
            "sentence {} crosses a paragraph",
            s
        );
    }
    // Coverage: every non-whitespace character is in some sentence.
    let mut covered = vec![false; text.len()];
    for s in &out.sentences {
        covered[s.range()].iter_mut().for_each(|c| *c = true);
    }
    for (i, c) in text.char_indices() {
        prop_assert!(
            c.is_whitespace() || covered[i],
            "{:?} at {} not covered",
            c,
            i
        );
    }
    Ok(())
}

fn check_layer(text: &str, spans: &[Span]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for s in spans {
        prop_assert!(s.is_valid_in(text), "span {} invalid", s);
        prop_assert!(!s.is_empty());
        prop_assert!(
            s.start >= last_end,
            "span {} overlaps or is out of order",
            s
        );
        let t = &text[s.range()];
        prop_assert_eq!(t, t.trim());
        last_end = s.end;
    }
    Ok(())
}

/// News-like text: words, abbreviations, numbers, quotes, brackets, marks, multibyte
/// characters and line breaks in any order.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The".to_owned()),
        Just("said".to_owned()),
        Just("U.S.".to_owned()),
        Just("Mr.".to_owned()),
        Just("a.m.".to_owned()),
        Just("No.".to_owned()),
        Just("$1.5".to_owned()),
        Just("J.".to_owned()),
        Just("www.x.com".to_owned()),
        Just("1)".to_owned()),
        Just("2.".to_owned()),
        Just("•".to_owned()),
        Just("Friday, May 8, 2009".to_owned()),
        "[a-zA-Zé東ё]{1,8}",
        "[.!?…,;:\"'“”‘’()\\[\\]«» \\-—]{1,4}",
        "[ \n\t\r\u{a0}\u{2029}]{1,3}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string(text in any::<String>()) {
        check(&Segmenter::english(), &text)?;
    }

    #[test]
    fn news_like_text(text in newsish()) {
        check(&Segmenter::english(), &text)?;
        check(&Segmenter::english().with_quote_policy(QuotePolicy::Split), &text)?;
        check(&Segmenter::english().with_paragraph_breaks(ParagraphBreaks::BlankLine), &text)?;
        check(&Segmenter::english().with_paragraph_breaks(ParagraphBreaks::Auto), &text)?;
    }
}

#[test]
fn long_inputs_give_well_formed_layers() {
    // A long text without spaces, a long run of marks and a long run of words.
    let seg = Segmenter::english();
    let glued = "a.".repeat(200_000);
    let marks = ". ".repeat(200_000);
    let words = "word ".repeat(200_000);
    // Their time is measured by the `flat_time` example (no timing assertions in tests); here
    // the results must be well-formed layers that cover the text.
    for t in [&glued, &marks, &words] {
        check(&seg, t).unwrap();
    }
}
