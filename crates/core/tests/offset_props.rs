//! Property tests of the offset map: random rewrites of random text (multi-byte characters
//! included) keep every mapped position on a character boundary, map kept text to identical
//! text, and round-trip.

use nutgraf_core::{Bias, CleanText, Document, Rewriter, Span};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Keep(usize),
    Delete(usize),
    Insert(String),
    Replace(usize, String),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..6).prop_map(Op::Keep),
        (0usize..4).prop_map(Op::Delete),
        "[ a\\n’é]{0,2}".prop_map(Op::Insert),
        ((1usize..4), "[’'x]{1,2}").prop_map(|(n, s)| Op::Replace(n, s)),
    ]
}

/// Applies `ops` by characters; returns the clean text, the map and, for every kept character,
/// its raw and clean byte positions.
fn rewrite(raw: &str, ops: &[Op]) -> (String, nutgraf_core::OffsetMap, Vec<(usize, usize, usize)>) {
    let bounds: Vec<usize> = raw
        .char_indices()
        .map(|(i, _)| i)
        .chain([raw.len()])
        .collect();
    let mut ci = 0usize; // index into bounds: the current raw character
    let mut w = Rewriter::new(raw);
    let mut kept = Vec::new();
    for op in ops {
        match op {
            Op::Keep(n) => {
                for _ in 0..*n {
                    if ci + 1 >= bounds.len() {
                        break;
                    }
                    let clean_pos = w.output().len();
                    kept.push((bounds[ci], clean_pos, bounds[ci + 1] - bounds[ci]));
                    ci += 1;
                    w.keep_to(bounds[ci]);
                }
            }
            Op::Delete(n) => {
                ci = (ci + n).min(bounds.len() - 1);
                w.delete_to(bounds[ci]);
            }
            Op::Insert(s) => w.insert(s),
            Op::Replace(n, s) => {
                ci = (ci + n).min(bounds.len() - 1);
                w.replace_to(bounds[ci], s);
            }
        }
    }
    while ci + 1 < bounds.len() {
        let clean_pos = w.output().len();
        kept.push((bounds[ci], clean_pos, bounds[ci + 1] - bounds[ci]));
        ci += 1;
        w.keep_to(bounds[ci]);
    }
    let (text, map) = w.finish();
    (text, map, kept)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn offset_map_round_trips(raw in "[a-zé’ \\n—]{0,40}", ops in prop::collection::vec(op(), 0..20)) {
        let (text, map, kept) = rewrite(&raw, &ops);
        // The document accepts the pair: kept bytes are identical on both sides.
        let mut doc = Document::new(raw.clone());
        doc.set_clean(CleanText::new(text.clone(), map.clone()).unwrap()).unwrap();

        for &(r, c, len) in &kept {
            prop_assert_eq!(&raw[r..r + len], &text[c..c + len]);
            // A kept character maps exactly, both ways.
            let span = Span::new(c, c + len);
            prop_assert_eq!(map.span_to_raw(span), Span::new(r, r + len));
            prop_assert_eq!(map.span_to_clean(Span::new(r, r + len)), span);
        }
        // Any span between kept characters round-trips and lands on boundaries.
        for w in kept.windows(2) {
            let (a, b) = (w[0], w[1]);
            let clean = Span::new(a.1, b.1 + b.2);
            let raw_span = map.span_to_raw(clean);
            prop_assert!(raw_span.is_valid_in(&raw));
            prop_assert_eq!(map.span_to_clean(raw_span), clean);
        }
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            for bias in [Bias::Start, Bias::End] {
                prop_assert!(raw.is_char_boundary(map.to_raw(i, bias)));
            }
        }
        for (i, _) in raw.char_indices().chain([(raw.len(), ' ')]) {
            for bias in [Bias::Start, Bias::End] {
                prop_assert!(text.is_char_boundary(map.to_clean(i, bias)));
            }
        }
    }
}
