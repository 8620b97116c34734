//! End-to-end tests of the English news preset: invariants on any input, and the bundled sample.

use nutgraf::{Gazetteer, english_news};
use proptest::prelude::*;

const SAMPLE: &str = include_str!("../../../examples/data/sample-article.txt");
const SAMPLE_GAZETTEER: &str = include_str!("../../../examples/data/sample-gazetteer.json");

use nutgraf::invariants::check as check_invariants;

#[test]
fn sample_article_end_to_end() {
    let gazetteer = Gazetteer::parse(SAMPLE_GAZETTEER, "sample-gazetteer.json").unwrap();
    let doc = english_news(Some(&gazetteer)).unwrap().run(SAMPLE).unwrap();
    check_invariants(&doc).unwrap();

    let md = doc.metadata().unwrap();
    assert_eq!(md.date.as_deref(), Some("2026-03-04"));
    assert_eq!(md.section.as_deref(), Some("Business"));
    let dateline = md.dateline.as_ref().unwrap();
    assert_eq!(dateline.place, "Halvik");
    assert_eq!(dateline.source.as_deref(), Some("Nordic Wire"));

    let text = doc.working_text();
    assert_eq!(
        text.matches("We have trained every crew").count(),
        1,
        "teaser copy kept: {text}"
    );
    assert!(
        text.contains("for this moment,\""),
        "space before comma kept: {text}"
    );
    for junk in [
        "date 2026",
        "HALVIK (Nordic Wire)",
        "A crane lifts",
        "Shipping Firms Warn",
        "09:15 GMT",
    ] {
        assert!(!text.contains(junk), "boilerplate {junk:?} in the body");
    }
    assert_eq!(doc.paragraphs().unwrap().len(), 6);

    let entities = doc.entities().unwrap();
    let person = |name: &str| {
        entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name}: {entities:#?}"))
    };
    let marta = person("Marta Lindqvist");
    assert!(
        marta.roles.iter().any(|r| r.contains("chief executive")),
        "{:?}",
        marta.roles
    );
    assert!(
        marta
            .mentions
            .iter()
            .any(|&m| doc.raw_slice(m) == "Lindqvist")
    );
    let jonas = person("Jonas Berg");
    assert!(
        jonas.roles.iter().any(|r| r.contains("Transport Minister")),
        "{:?}",
        jonas.roles
    );

    let quotes = doc.quotes().unwrap();
    let by_text = |needle: &str| {
        quotes
            .iter()
            .find(|q| doc.working_slice(q.span).contains(needle))
            .unwrap_or_else(|| panic!("no quote with {needle:?}"))
    };
    let speaker_id = |q: &nutgraf::Quote| q.speaker.as_ref().and_then(|s| s.entity.clone());
    assert_eq!(
        speaker_id(by_text("trained every crew")),
        Some(marta.id.clone())
    );
    assert_eq!(
        speaker_id(by_text("cover half of the cost")),
        Some(jonas.id.clone())
    );
    // "she" skips the nearer male speaker and resolves to the woman named before.
    let jobs = by_text("400 jobs");
    assert_eq!(doc.raw_slice(jobs.speaker.as_ref().unwrap().span), "she");
    assert_eq!(speaker_id(jobs), Some(marta.id.clone()));
    // Each quote once although the teaser repeats its paragraph.
    let crews = quotes
        .iter()
        .filter(|q| doc.working_slice(q.span).contains("trained every crew"));
    assert_eq!(crews.count(), 1);
}

#[test]
fn empty_and_whitespace_inputs_give_empty_layers() {
    let p = english_news(None).unwrap();
    for input in ["", " ", "\n\n\n", "\u{200b}\u{a0}"] {
        let doc = p.run(input).unwrap();
        check_invariants(&doc).unwrap();
        assert!(doc.quotes().unwrap().is_empty());
        assert!(doc.sentences().unwrap().is_empty());
    }
}

/// Text built from pieces that stress every stage: quote marks of every kind, newlines,
/// abbreviations, multibyte letters, zero-width characters, datelines and captions.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("‘".to_owned()),
        Just("’".to_owned()),
        Just("«".to_owned()),
        Just("„".to_owned()),
        Just("'".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just(" ,".to_owned()),
        Just(". ".to_owned()),
        Just("said".to_owned()),
        Just(" he said. ".to_owned()),
        Just("Dr. Åsa Ölund".to_owned()),
        Just("Sen. Maria Costa".to_owned()),
        Just("U.S.".to_owned()),
        Just("\u{200b}".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("BERLIN (dpa) - ".to_owned()),
        Just(" - Agency, 1920, 01.02.2026".to_owned()),
        Just("conference.The".to_owned()),
        Just("according to".to_owned()),
        Just("(ABC)".to_owned()),
        "[A-Za-z]{1,8}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_input_gives_valid_spans(input in newsish()) {
        let p = english_news(None).unwrap();
        let doc = p.run(input).unwrap();
        if let Err(e) = check_invariants(&doc) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(input in "\\PC{0,200}") {
        let p = english_news(None).unwrap();
        let doc = p.run(input).unwrap();
        if let Err(e) = check_invariants(&doc) {
            prop_assert!(false, "{}", e);
        }
    }
}
