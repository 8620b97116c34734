//! Hostile inputs through the whole pipeline: no panic, every invariant holds. Sizes are kept
//! small enough for a debug build; `examples/flat_time.rs` measures time per byte at 1-50 MB.

use nutgraf::adversarial::{Kind, generate};
use nutgraf::{Gazetteer, english_news, invariants};

#[test]
fn every_hostile_kind_passes_the_invariants() {
    let gazetteer = Gazetteer::parse(
        "[{\"name\": \"Ana Silva\", \"kind\": \"person\", \"aliases\": []}, {\"name\": \"Москва\", \"kind\": \"location\", \"aliases\": [\"Moscow\"]}]",
        "inline",
    )
    .unwrap();
    let p = english_news(Some(&gazetteer)).unwrap();
    for kind in Kind::ALL {
        for size in [0, 1, 7, 300, 40_000] {
            let input = generate(kind, size);
            let doc = p
                .run(input)
                .unwrap_or_else(|e| panic!("{} {size}: {e}", kind.name()));
            if let Err(e) = invariants::check(&doc) {
                panic!("{} at {size} bytes: {e}", kind.name());
            }
        }
    }
}

#[test]
fn unbalanced_quotes_do_not_lose_the_rest_of_the_article() {
    let text = "Dana Reyes said \"the vote is close. It is not over.\n\n\
                \"We will win,\" Reyes said.\n\n\
                Officials said the count would end on Tuesday.";
    let doc = english_news(None).unwrap().run(text).unwrap();
    invariants::check(&doc).unwrap();
    let quotes = doc.quotes().unwrap();
    assert!(
        quotes
            .iter()
            .any(|q| doc.working_slice(q.span).contains("We will win")),
        "the quote after the unbalanced mark was lost: {:?}",
        quotes
            .iter()
            .map(|q| doc.working_slice(q.span))
            .collect::<Vec<_>>()
    );
}
