//! Behaviour tests on texts written for this crate.

use nutgraf_core::{Entity, EntityKind, EntitySource, Gender, Quote, QuoteKind, Span};

use crate::QuoteExtractor;

/// Paragraphs split on blank lines; sentences split after `.`, `?`, `!` (and a closing mark)
/// followed by a space — simple enough for the hand-written texts below.
fn layers(text: &str) -> (Vec<Span>, Vec<Span>) {
    let mut paras = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        paras.push(Span::new(start, start + part.len()).trim(text));
        start += part.len() + 2;
    }
    let mut sents = Vec::new();
    for p in &paras {
        let pt = p.get(text).unwrap();
        let mut s = 0;
        let b = pt.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if matches!(b[i], b'.' | b'?' | b'!') {
                let mut e = i + 1;
                if pt[e..].starts_with('"') {
                    e += 1;
                } else if pt[e..].starts_with('”') {
                    e += '”'.len_utf8();
                }
                if pt[e..].starts_with(' ') {
                    sents.push(Span::new(p.start + s, p.start + e));
                    s = e + 1;
                    i = e;
                }
            }
            i += 1;
        }
        if s < pt.len() {
            sents.push(Span::new(p.start + s, p.end));
        }
    }
    (paras, sents)
}

/// A person entity with a mention at every occurrence of each of `mentions`.
fn person(text: &str, id: &str, name: &str, mentions: &[&str], gender: Option<Gender>) -> Entity {
    entity(text, id, name, EntityKind::Person, mentions, gender)
}

fn entity(
    text: &str,
    id: &str,
    name: &str,
    kind: EntityKind,
    mentions: &[&str],
    gender: Option<Gender>,
) -> Entity {
    let mut spans: Vec<Span> = Vec::new();
    for m in mentions {
        for (i, _) in text.match_indices(m) {
            let s = Span::new(i, i + m.len());
            if !spans.iter().any(|x| x.overlaps(s)) {
                spans.push(s);
            }
        }
    }
    spans.sort();
    Entity {
        id: id.into(),
        name: name.into(),
        kind,
        roles: vec![],
        source: EntitySource::Discovered,
        mentions: spans,
        gender,
    }
}

fn run(text: &str, entities: &[Entity]) -> Vec<Quote> {
    let (p, s) = layers(text);
    QuoteExtractor::english().extract(text, &p, &s, entities)
}

/// (kind, content, speaker text, entity id, cue)
fn show(text: &str, qs: &[Quote]) -> Vec<(QuoteKind, String, String, String, String)> {
    qs.iter()
        .map(|q| {
            let sp = q.speaker.as_ref();
            (
                q.kind,
                q.span.get(text).unwrap().to_owned(),
                sp.map_or(String::new(), |s| s.span.get(text).unwrap().to_owned()),
                sp.and_then(|s| s.entity.clone()).unwrap_or_default(),
                q.cue
                    .map_or(String::new(), |c| c.get(text).unwrap().to_owned()),
            )
        })
        .collect()
}

fn kinds_and_texts(text: &str, qs: &[Quote]) -> Vec<(QuoteKind, String)> {
    show(text, qs).into_iter().map(|q| (q.0, q.1)).collect()
}

const MARINE: &str = "Harbour Authority Director Lena Marchetti on Tuesday said that she is \"fully committed\" to reopening the northern pier before the summer.\n\n\
\"I am fully committed to reopening the northern pier before the summer,\" Marchetti said during a briefing for the port's shipping partners.\n\n\
Harbour Authority Director Lena Marchetti said on Tuesday that talks are planned with Fisheries Board chair Tomas Eklund as soon as possible.\n\n\
\"We are arranging a meeting with my colleague [Eklund] in the coming weeks,\" Marchetti said at the briefing.\n\n\
The northern pier is going to stay open for decades, as the city and the fleet have a lot of work to do together in the years ahead, she added.\n\n\
Earlier on Tuesday, a cargo ship carrying, among others, deckhand Pavel Orlov, docked at the southern terminal in the US state of Oregon. The docking took place after two delays.";

fn marine_entities(text: &str) -> Vec<Entity> {
    vec![
        person(
            text,
            "p1",
            "Lena Marchetti",
            &["Lena Marchetti", "Marchetti"],
            None,
        ),
        person(
            text,
            "p2",
            "Tomas Eklund",
            &["Tomas Eklund", "Eklund"],
            None,
        ),
        person(text, "p3", "Pavel Orlov", &["Pavel Orlov"], None),
        entity(
            text,
            "o1",
            "Harbour Authority",
            EntityKind::Organization,
            &["Harbour Authority"],
            None,
        ),
    ]
}

#[test]
fn five_quotes_of_a_sample_style_article() {
    let text = MARINE;
    let qs = run(text, &marine_entities(text));
    let got = show(text, &qs);
    let expected = vec![
        (
            QuoteKind::Mixed,
            "she is \"fully committed\" to reopening the northern pier before the summer",
            "Lena Marchetti",
            "p1",
            "said",
        ),
        (
            QuoteKind::Direct,
            "I am fully committed to reopening the northern pier before the summer",
            "Marchetti",
            "p1",
            "said",
        ),
        (
            QuoteKind::Indirect,
            "talks are planned with Fisheries Board chair Tomas Eklund as soon as possible",
            "Lena Marchetti",
            "p1",
            "said",
        ),
        (
            QuoteKind::Direct,
            "We are arranging a meeting with my colleague [Eklund] in the coming weeks",
            "Marchetti",
            "p1",
            "said",
        ),
        (
            QuoteKind::Indirect,
            "The northern pier is going to stay open for decades, as the city and the fleet have a lot of work to do together in the years ahead",
            "she",
            "p1",
            "added",
        ),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(k, a, b, c, d)| (k, a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn odd_number_of_marks_loses_only_its_paragraph() {
    let text = "The council met on Monday and one member shouted “enough at the back of the hall.\n\n\
\"The budget will pass before the end of the month,\" Councillor Ivo Brandt said.\n\n\
\"We have waited long enough for the new library,\" said resident Mara Quinn.";
    let qs = run(text, &[]);
    let got = show(text, &qs);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "The budget will pass before the end of the month");
    assert_eq!(got[0].2, "Ivo Brandt");
    assert_eq!(got[1].1, "We have waited long enough for the new library");
    assert_eq!(got[1].2, "Mara Quinn");
    assert_eq!(got[1].4, "said");
}

#[test]
fn nested_single_quotes_and_apostrophes_keep_pairing() {
    let text = "“The inspector told us ‘the boiler’s fine’ and then Canada’s rules changed,” landlord Omar Haddad said. “We’re still waiting,” he added.";
    let qs = run(text, &[]);
    assert_eq!(
        kinds_and_texts(text, &qs),
        vec![
            (
                QuoteKind::Direct,
                "The inspector told us ‘the boiler’s fine’ and then Canada’s rules changed"
                    .to_owned()
            ),
            (QuoteKind::Direct, "We’re still waiting".to_owned()),
        ]
    );
    assert_eq!(show(text, &qs)[0].2, "Omar Haddad");
    assert_eq!(show(text, &qs)[1].2, "he");
}

#[test]
fn quote_spanning_three_paragraphs_is_one_quote() {
    let text = "Coach Dana Whitfield said: “The first half was slow and we knew it.\n\n\
“At the break we changed the shape and pressed higher.\n\n\
“By the end we deserved the win.”\n\n\
The club plays again on Saturday.";
    let ents = [person(
        text,
        "d",
        "Dana Whitfield",
        &["Dana Whitfield"],
        Some(Gender::Female),
    )];
    let qs = run(text, &ents);
    let got = show(text, &qs);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, QuoteKind::Direct);
    assert!(got[0].1.starts_with("The first half was slow"));
    assert!(got[0].1.ends_with("By the end we deserved the win"));
    assert_eq!(
        (got[0].2.as_str(), got[0].3.as_str()),
        ("Dana Whitfield", "d")
    );
}

#[test]
fn pronoun_two_sentences_from_its_name_with_gender() {
    let text = "Engineer Ruth Okafor inspected the bridge with Daniel Pike on Wednesday. The cracks were wider than last year. The repairs will take months, she said.\n\n\
Traffic will be diverted during the work, he said.";
    let ents = [
        person(
            text,
            "ruth",
            "Ruth Okafor",
            &["Ruth Okafor"],
            Some(Gender::Female),
        ),
        person(
            text,
            "dan",
            "Daniel Pike",
            &["Daniel Pike"],
            Some(Gender::Male),
        ),
    ];
    let qs = run(text, &ents);
    let got = show(text, &qs);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "The repairs will take months");
    assert_eq!(
        (got[0].0, got[0].2.as_str(), got[0].3.as_str()),
        (QuoteKind::Indirect, "she", "ruth")
    );
    assert_eq!((got[1].2.as_str(), got[1].3.as_str()), ("he", "dan"));
}

#[test]
fn mentions_inside_quotes_are_not_antecedents() {
    let text = "\"I spoke to [Harlan] yesterday and we agreed on the plan,\" Mayor Petra Voss said.\n\n\
The plan will cost less than expected, she added.";
    let ents = [
        person(text, "pv", "Petra Voss", &["Petra Voss"], None),
        person(text, "h", "Sam Harlan", &["Harlan"], None),
    ];
    let qs = run(text, &ents);
    let got = show(text, &qs);
    assert_eq!(got[1].3, "pv", "{got:?}");
}

#[test]
fn split_quote_has_one_speaker() {
    let text = "\"The first part is done,\" she said, \"and the second part starts next week.\"";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "The first part is done");
    assert_eq!(got[1].1, "and the second part starts next week");
    assert!(got.iter().all(|q| q.2 == "she" && q.4 == "said"));
}

#[test]
fn floating_quote_inherits_the_speaker() {
    let text = "\"We will open the clinic in May,\" Health Minister Noor Aziz said.\n\n\
\"It will serve the whole valley, and it will be open every day of the week.\"\n\n\
The clinic cost four million dollars.";
    let ents = [person(text, "na", "Noor Aziz", &["Noor Aziz"], None)];
    let got = show(text, &run(text, &ents));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[1].1,
        "It will serve the whole valley, and it will be open every day of the week"
    );
    assert_eq!(
        (got[1].2.as_str(), got[1].3.as_str(), got[1].4.as_str()),
        ("Noor Aziz", "na", "")
    );
}

#[test]
fn cue_positions() {
    let cases: &[(&str, QuoteKind, &str, &str, &str)] = &[
        (
            "\"Prices will fall next year,\" said Finance Minister Karl Dunn.",
            QuoteKind::Direct,
            "Prices will fall next year",
            "Karl Dunn",
            "said",
        ),
        (
            "Karl Dunn said: \"Prices will fall next year.\"",
            QuoteKind::Direct,
            "Prices will fall next year",
            "Karl Dunn",
            "said",
        ),
        (
            "Karl Dunn on Monday said prices would fall next year.",
            QuoteKind::Indirect,
            "prices would fall next year",
            "Karl Dunn",
            "said",
        ),
        (
            "Prices would fall next year, Karl Dunn said.",
            QuoteKind::Indirect,
            "Prices would fall next year",
            "Karl Dunn",
            "said",
        ),
        (
            "Karl Dunn said in a statement that prices would fall next year.",
            QuoteKind::Indirect,
            "prices would fall next year",
            "Karl Dunn",
            "said",
        ),
        (
            "Karl Dunn told reporters that prices would fall next year.",
            QuoteKind::Indirect,
            "prices would fall next year",
            "Karl Dunn",
            "told",
        ),
        (
            "According to Karl Dunn, prices will fall next year.",
            QuoteKind::Indirect,
            "prices will fall next year",
            "Karl Dunn",
            "According to",
        ),
        (
            "According to the Grain Traders Union (GTU), prices will fall next year.",
            QuoteKind::Indirect,
            "prices will fall next year",
            "Grain Traders Union",
            "According to",
        ),
        (
            "Prices will fall next year, according to Karl Dunn.",
            QuoteKind::Indirect,
            "Prices will fall next year",
            "Karl Dunn",
            "according to",
        ),
        (
            "\"Prices will fall next year,\" the ministry said.",
            QuoteKind::Direct,
            "Prices will fall next year",
            "the ministry",
            "said",
        ),
        (
            "Officials said prices would fall next year.",
            QuoteKind::Indirect,
            "prices would fall next year",
            "Officials",
            "said",
        ),
        (
            // the speaker is the source phrase with its appositive; it resolves to the name
            "Dunn, a former banker, said prices would fall next year.",
            QuoteKind::Indirect,
            "prices would fall next year",
            "Dunn, a former banker",
            "said",
        ),
    ];
    for &(text, kind, content, speaker, cue) in cases {
        let got = show(text, &run(text, &[]));
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(
            (
                got[0].0,
                got[0].1.as_str(),
                got[0].2.as_str(),
                got[0].4.as_str()
            ),
            (kind, content, speaker, cue),
            "{text}"
        );
    }
}

#[test]
fn trailing_dash_attribution() {
    let text = "\"Every school in the district will have a nurse by the autumn.\" -Commissioner Aiko Tanaka";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, "Aiko Tanaka");
}

#[test]
fn mixed_quote_is_one_quote() {
    let text = "The senator said the bill was \"dead on arrival\" and would never reach the floor.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, QuoteKind::Mixed);
    assert_eq!(
        got[0].1,
        "the bill was \"dead on arrival\" and would never reach the floor"
    );
    assert_eq!(got[0].2, "The senator");
}

#[test]
fn scare_quotes_titles_and_nicknames_are_not_quotes() {
    let text = "Members of \"Cyclists 4 Change\" rode to city hall on Sunday.\n\n\
The striker, known as \"the Hammer\", scored twice.\n\n\
She read \"The Long Road Home\" on the train.";
    assert!(run(text, &[]).is_empty());
}

#[test]
fn first_person_inside_a_quote_is_never_the_speaker() {
    let text = "\"I said we would win and I meant it,\" coach Leo Brandt said.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].2.as_str(), got[0].4.as_str()),
        ("Leo Brandt", "said")
    );
}

#[test]
fn organisation_speaker_resolves_to_its_entity() {
    let text = "The Harbour Authority said the pier would reopen in June.";
    let ents = [entity(
        text,
        "ha",
        "Harbour Authority",
        EntityKind::Organization,
        &["Harbour Authority"],
        None,
    )];
    let got = show(text, &run(text, &ents));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].2.as_str(), got[0].3.as_str()),
        ("Harbour Authority", "ha")
    );
}

#[test]
fn surname_resolves_and_unknown_names_keep_their_span() {
    let text = "Judge Maria Lopez opened the hearing. \"The court will hear both sides,\" Lopez said.\n\n\
\"We are ready,\" Tom Vance said.";
    let ents = [person(text, "ml", "Maria Lopez", &["Maria Lopez"], None)];
    let got = show(text, &run(text, &ents));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[0].2.as_str(), got[0].3.as_str()), ("Lopez", "ml"));
    assert_eq!((got[1].2.as_str(), got[1].3.as_str()), ("Tom Vance", ""));
}

#[test]
fn repeated_paragraph_yields_its_quote_once() {
    let text = "\"The road reopens on Friday,\" police said.\n\n\"The road reopens on Friday,\" police said.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, "police");
}

#[test]
fn german_and_french_marks() {
    let text = "„Wir bauen die Brücke neu,“ said engineer Jonas Weber.\n\n« Nous allons gagner ce match, » said coach Claire Dubois.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "Wir bauen die Brücke neu");
    assert_eq!(got[0].2, "Jonas Weber");
    assert_eq!(got[1].1, "Nous allons gagner ce match");
    assert_eq!(got[1].2, "Claire Dubois");
}

#[test]
fn works_without_layers() {
    let text = "\"We will win,\" Ana Ruiz said. Later she said the team was tired.";
    let qs = QuoteExtractor::english().extract(text, &[], &[], &[]);
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[1].span.get(text), Some("the team was tired"));
}

#[test]
fn stage_maps_between_clean_and_raw() {
    use nutgraf_core::{CleanText, Document, Pipeline, Rewriter, Stage};
    let raw = "Menu | Home\n\"The  dam is safe,\"  engineer Ada Moss said.";
    let cut = raw.find('"').unwrap();
    let mut w = Rewriter::new(raw);
    w.delete_to(cut);
    let dbl = raw.find("  dam").unwrap();
    w.keep_to(dbl + 1);
    w.delete_to(dbl + 2);
    let dbl2 = raw.find(",\"  ").unwrap() + 2;
    w.keep_to(dbl2 + 1);
    w.delete_to(dbl2 + 2);
    w.keep_to(raw.len());
    let (clean, map) = w.finish();
    assert_eq!(clean, "\"The dam is safe,\" engineer Ada Moss said.");
    let mut doc = Document::new(raw);
    doc.set_clean(CleanText::new(clean.clone(), map).unwrap())
        .unwrap();
    let whole = doc.to_raw(Span::new(0, clean.len()));
    doc.set_paragraphs(vec![whole]).unwrap();
    doc.set_sentences(vec![whole]).unwrap();
    let ada = clean.find("Ada Moss").unwrap();
    let mention = doc.to_raw(Span::new(ada, ada + 8));
    doc.set_entities(vec![Entity {
        id: "am".into(),
        name: "Ada Moss".into(),
        kind: EntityKind::Person,
        roles: vec![],
        source: EntitySource::Discovered,
        mentions: vec![mention],
        gender: None,
    }])
    .unwrap();
    let stage = crate::QuoteStage::default();
    assert_eq!(stage.name(), "quotes");
    stage.process(&mut doc).unwrap();
    let q = &doc.quotes().unwrap()[0];
    assert_eq!(doc.raw_slice(q.span), "The  dam is safe");
    let sp = q.speaker.as_ref().unwrap();
    assert_eq!(doc.raw_slice(sp.span), "Ada Moss");
    assert_eq!(sp.entity.as_deref(), Some("am"));
    assert_eq!(doc.raw_slice(q.cue.unwrap()), "said");
    // a pipeline without the needed layers is rejected at build time
    assert!(
        Pipeline::builder()
            .stage(crate::QuoteStage::default())
            .build()
            .is_err()
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "\"",
            "“",
            "”",
            "„",
            "«",
            "»",
            "‘",
            "’",
            "'",
            " ",
            "\n",
            "\n\n",
            ",",
            ".",
            ":",
            "-",
            "—",
            "said",
            "told",
            "according to",
            "he",
            "she",
            "Smith",
            "Ana Ruiz",
            "the ministry",
            "that",
            "é",
            "日本",
            "🙂",
            "on Friday",
            "I",
            "we",
            "\u{301}",
            "x",
        ])
        .prop_map(str::to_owned)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn never_panics_and_spans_are_valid(
            parts in prop::collection::vec(piece(), 0..80),
            cuts in prop::collection::vec((0usize..400, 0usize..400), 0..12),
        ) {
            let text: String = parts.concat();
            let spans: Vec<Span> = cuts.iter().map(|&(a, b)| Span { start: a.min(b), end: a.max(b) }).collect();
            let ents = vec![Entity {
                id: "e".into(),
                name: "Ana Ruiz".into(),
                kind: EntityKind::Person,
                roles: vec![],
                source: EntitySource::Gazetteer,
                mentions: spans.clone(),
                gender: None,
            }];
            for (paras, sents) in [(&spans[..], &spans[..]), (&[][..], &[][..])] {
                let qs = QuoteExtractor::english().extract(&text, paras, sents, &ents);
                let mut prev = 0;
                for q in &qs {
                    prop_assert!(q.span.is_valid_in(&text) && !q.span.is_empty());
                    prop_assert!(q.span.start >= prev);
                    prev = q.span.start;
                    if let Some(c) = q.cue { prop_assert!(c.is_valid_in(&text)); }
                    if let Some(s) = &q.speaker {
                        prop_assert!(s.span.is_valid_in(&text));
                        prop_assert!(s.entity.as_deref().is_none_or(|e| e == "e"));
                    }
                }
            }
        }
    }
}

#[test]
fn doubled_apostrophes_are_quote_marks() {
    let text = "''We will rebuild the station,'' the mayor said.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("We will rebuild the station", "the mayor")
    );
}

#[test]
fn nouns_that_look_like_cues_are_not_cues() {
    let text = "Her comments add to the tension between the two towns.\n\n\
The company denied the report about its finances.\n\n\
Members of the Islamic State group were arrested.";
    assert!(
        run(text, &[]).is_empty(),
        "{:?}",
        show(text, &run(text, &[]))
    );
    // the same verb with a clause after `that` is a quote
    let text = "The company denied that its finances were in trouble.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "its finances were in trouble");
}

#[test]
fn conjoined_cues_split_the_content_and_keep_the_speaker() {
    let text = "Priya Nair said the bridge will open in June, and added she expects heavy traffic.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "the bridge will open in June");
    assert_eq!(got[1].1, "she expects heavy traffic");
    assert!(got.iter().all(|q| q.2 == "Priya Nair"));
    assert_eq!(got[1].4, "added");
}

#[test]
fn attribution_sentence_after_a_closing_mark_joins_its_quote() {
    // a segmenter may split after `?"`; the attribution still belongs to the quote
    let text = "\"Is the river safe for swimming again?\" Mayor Ines Costa asked.";
    let close = text.find("\" Mayor").unwrap() + 1;
    let sents = [Span::new(0, close), Span::new(close + 1, text.len())];
    let qs = QuoteExtractor::english().extract(text, &[Span::new(0, text.len())], &sents, &[]);
    let got = show(text, &qs);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].2.as_str(), got[0].4.as_str()),
        ("Ines Costa", "asked")
    );
}

#[test]
fn quote_inside_a_narrative_sentence_belongs_to_its_subject() {
    let text =
        "Judge Rosa Alvarez called the ruling \"a victory for every tenant in the province.\"";
    let ents = [person(
        text,
        "ra",
        "Rosa Alvarez",
        &["Rosa Alvarez"],
        Some(Gender::Female),
    )];
    let got = show(text, &run(text, &ents));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].2.as_str(), got[0].3.as_str()),
        ("Rosa Alvarez", "ra")
    );
}

#[test]
fn huge_input_without_sentence_ends_gives_valid_quotes() {
    let mut text = String::new();
    for i in 0..40_000 {
        text.push_str(if i % 3 == 0 {
            "Smith said \"the plan "
        } else {
            "he said the plan, "
        });
    }
    // Its time is measured by the `flat_time` example (no timing assertions in tests).
    let qs = QuoteExtractor::english().extract(&text, &[], &[], &[]);
    assert!(qs.iter().all(|q| q.span.is_valid_in(&text)));
}

#[test]
fn speaker_before_a_prepositional_phrase_and_colon_introductions() {
    let text = "Omar Reyes with the Valley Water Authority says the reservoir is full.\n\n\
Transit staff explained the delay this way: \"The new trains needed more testing than anyone expected.\"";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("the reservoir is full", "Omar Reyes")
    );
    assert_eq!(got[1].2, "Transit staff");
}

#[test]
fn unattributed_quote_after_narrative_goes_to_the_person_written_about() {
    let text = "At 30, Nadia Petrov was told she would need a new kidney.\n\n\
\"Some days I feel fine, and some days I can barely get out of bed.\"";
    let ents = [person(
        text,
        "np",
        "Nadia Petrov",
        &["Nadia Petrov"],
        Some(Gender::Female),
    )];
    let got = show(text, &run(text, &ents));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].2.as_str(), got[0].3.as_str()),
        ("Nadia Petrov", "np")
    );
}

#[test]
fn labels_headlines_and_noun_cues_are_skipped() {
    let text = "READ MORE: Mayor says the harbour will reopen in spring.\n\n\
Last week, a notice of civil claim was filed in court by the tenants.\n\n\
General Motors announced it was closing the plant.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("it was closing the plant", "General Motors")
    );
}

#[test]
fn relative_clause_reports() {
    let text =
        "Two of the fires that investigators said were set on purpose started near the school.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, QuoteKind::Indirect);
    assert!(got[0].1.starts_with("were set on purpose"), "{got:?}");
    assert_eq!(got[0].2, "investigators");
}

#[test]
fn pronoun_prefers_a_subject_over_a_prepositional_object() {
    let text =
        "Mayor Tom Hale met with Governor Paul Reyes on Monday. The talks went well, he said.";
    let ents = [
        person(text, "th", "Tom Hale", &["Tom Hale"], None),
        person(text, "pr", "Paul Reyes", &["Paul Reyes"], None),
    ];
    let got = show(text, &run(text, &ents));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].2.as_str(), got[0].3.as_str()), ("he", "th"));
}

#[test]
fn findings_and_beliefs_report_a_that_clause() {
    let text = "A new study found that most commuters would rather take the train.\n\n\
The senator believes that the bridge should be rebuilt.\n\n\
She found it hard to sleep. He thinks the bridge will hold.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str(), got[0].4.as_str()),
        (
            "most commuters would rather take the train",
            "A new study",
            "found"
        )
    );
    assert_eq!(
        (got[1].1.as_str(), got[1].2.as_str()),
        ("the bridge should be rebuilt", "The senator")
    );
}

#[test]
fn any_noun_after_a_determiner_heads_a_speaker_before_a_verb_form() {
    let text = "One strategist said the race was over for the governor.\n\n\
\"We will win this state,\" the Democratic frontrunner said.\n\n\
The committee's final cost estimate put the bill at two billion dollars.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("the race was over for the governor", "One strategist")
    );
    assert_eq!(
        (got[1].1.as_str(), got[1].2.as_str()),
        ("We will win this state", "the Democratic frontrunner")
    );
}

#[test]
fn nominal_speakers_keep_their_modifiers_and_prepositional_phrase() {
    let text = "Ticket sales rose in most towns, according to data from the U.S. Department of Transport.\n\n\
A spokesman for Harbor Lines declined to comment but said in a statement that the ferry was safe.\n\n\
Sources familiar with the talks said a deal on the ferry was close.\n\n\
The bakery was busy all week, according to a Gazette analysis of sales records.\n\n\
\"We will fix the pier,\" said the Boston developer.";
    // one sentence per paragraph (the test splitter would cut after `U.S.`)
    let (paras, _) = layers(text);
    let got = show(
        text,
        &QuoteExtractor::english().extract(text, &paras, &paras, &[]),
    );
    let speakers: Vec<&str> = got.iter().map(|q| q.2.as_str()).collect();
    assert_eq!(
        speakers,
        [
            "data from the U.S. Department of Transport",
            "A spokesman for Harbor Lines",
            "Sources familiar with the talks",
            "a Gazette analysis of sales records",
            "the Boston developer"
        ],
        "{got:?}"
    );
}

#[test]
fn a_report_after_a_quote_is_no_tail_attribution() {
    let text = "\"We stopped using the account,\" the statement said. \"It will not happen again.\" The Times said the emails were sent in March.\n\n\
\"The pier is safe,\" Ruiz said. She said that the ferry would run again in June.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert!(
        found.contains(&("the emails were sent in March", "Times")),
        "{got:?}"
    );
    assert!(
        found.contains(&("the ferry would run again in June", "She")),
        "{got:?}"
    );
    assert!(
        found.contains(&("It will not happen again", "the statement")),
        "{got:?}"
    );
}

#[test]
fn short_fragment_in_a_predicate_is_a_mixed_quote_of_the_subject() {
    let text = "Senator Ana Ruiz described the plan as a \"reckless gamble\" on Tuesday.\n\n\
It falls under the \"major risk\" category of the rules.\n\n\
The band landed in \"Music City\" before dawn.";
    let ents = [person(text, "ar", "Ana Ruiz", &["Ana Ruiz"], None)];
    let got = show(text, &run(text, &ents));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, QuoteKind::Mixed);
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str(), got[0].3.as_str()),
        (
            "the plan as a \"reckless gamble\" on Tuesday",
            "Ana Ruiz",
            "ar"
        )
    );
}

#[test]
fn poll_shares_and_reported_questions() {
    let text = "Forty-one percent said they would vote for the mayor again.\n\n\
Reporters asked him whether the ferry would run in winter.\n\n\
She asked for a second helping of soup.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("they would vote for the mayor again", "Forty-one percent"),
            ("whether the ferry would run in winter", "Reporters")
        ],
        "{got:?}"
    );
}

#[test]
fn headline_sources_before_a_colon_and_title_case_cues() {
    let text = "Ruiz: The Northern Pier Will Reopen By Summer\n\n\
Note: the ferry will run late on Sundays this month.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str(), got[0].4.as_str()),
        ("The Northern Pier Will Reopen By Summer", "Ruiz", ":")
    );
    let text = "Harbor Board Says Ferry Will Resume Service In May\n\n\
The board met on Monday.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str(), got[0].4.as_str()),
        ("Ferry Will Resume Service In May", "Harbor Board", "Says")
    );
}

#[test]
fn possessive_plurals_ages_and_prepositional_speakers() {
    let text = "Ana Torres’ campaign says it raised more than two million dollars in May.\n\n\
Tom Hale, 58, who lives near the harbor, says he will vote for the ferry plan.\n\n\
Aides to Ruiz say she is changing her message on the pier.\n\n\
Sixty percent of registered voters say they back the ferry plan.\n\n\
\"We will not stop,\" Ruiz said. The senator says in a statement that the vote was rigged.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    for want in [
        (
            "it raised more than two million dollars in May",
            "Ana Torres’ campaign",
        ),
        (
            "he will vote for the ferry plan",
            "Tom Hale, 58, who lives near the harbor",
        ),
        ("she is changing her message on the pier", "Aides to Ruiz"),
        (
            "they back the ferry plan",
            "Sixty percent of registered voters",
        ),
        ("the vote was rigged", "The senator"),
    ] {
        assert!(found.contains(&want), "{want:?} not in {got:?}");
    }
}

#[test]
fn parenthesis_after_a_name_and_long_openers_before_a_subject() {
    let text = "\"We cannot wait any longer,\" Rep. Ann Cole (D-Ore.), a member of the panel, said on Monday.\n\n\
State Sen. Jason Holt (D) said the ferry bill was dead.\n\n\
Weighing in on the debate, former Gov. Mary Stone agreed, adding that the pier needed repairs.";
    // one sentence per paragraph (the test splitter would cut after `Rep.`)
    let (paras, _) = layers(text);
    let got = show(
        text,
        &QuoteExtractor::english().extract(text, &paras, &paras, &[]),
    );
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("We cannot wait any longer", "Ann Cole"),
            ("the ferry bill was dead", "Jason Holt"),
            ("the pier needed repairs", "Mary Stone")
        ],
        "{got:?}"
    );
}

#[test]
fn as_clauses_and_relative_who_speakers() {
    let text = "As the mayor noted, the ferry has not missed a crossing in ten years.\n\n\
The plan was backed by Tom Hale, who noted that the pier had been rebuilt twice.\n\n\
She worked as a nurse, and the hospital said nothing.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [
            (
                "the ferry has not missed a crossing in ten years",
                "the mayor"
            ),
            ("the pier had been rebuilt twice", "Tom Hale")
        ],
        "{got:?}"
    );
}

#[test]
fn evidence_reports_a_bare_clause() {
    let text = "New polls show the mayor trailing her rival by ten points.\n\n\
The results show that turnout was low.\n\n\
The mayor showed the visitors around the new pier.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("the mayor trailing her rival by ten points", "New polls"),
            ("turnout was low", "The results")
        ],
        "{got:?}"
    );
}

#[test]
fn asides_relative_clauses_and_quantities_before_the_cue() {
    let text = "Tom Hale, who estimated that half of the crews were new, said he had voted for the plan.\n\n\
Lena Ortiz, 60, a nurse, said she was glad the clinic stayed open.\n\n\
Mark Bell, R-Ore., a longtime councilor, said the vote was a mistake.\n\n\
Almost half said they wanted a mayor from outside the council.\n\n\
The Hale campaign says long lines kept many voters away.";
    let (paras, _) = layers(text);
    let got = show(
        text,
        &QuoteExtractor::english().extract(text, &paras, &paras, &[]),
    );
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("half of the crews were new", "Tom Hale"),
            ("he had voted for the plan", "Tom Hale"),
            (
                "she was glad the clinic stayed open",
                "Lena Ortiz, 60, a nurse"
            ),
            (
                "the vote was a mistake",
                "Mark Bell, R-Ore., a longtime councilor"
            ),
            (
                "they wanted a mayor from outside the council",
                "Almost half"
            ),
            ("long lines kept many voters away", "The Hale campaign"),
        ],
        "{got:?}"
    );
}

#[test]
fn conjoined_cues_with_modifiers_or_pronouns_and_section_labels() {
    let text = "The tenants are preparing a motion, and have alleged in court documents that the landlord broke the lease.\n\n\
He said the council had to change its ways and he said things would be different next year.\n\n\
ANALYSIS: Some experts say the new pier will cost twice as much as planned.\n\n\
READ MORE: Mayor says the harbour will reopen in spring.\n\n\
All those involved say the issue is complex and cannot be fixed quickly.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("the landlord broke the lease", "The tenants"),
            ("the council had to change its ways", "He"),
            ("things would be different next year", "he"),
            (
                "the new pier will cost twice as much as planned",
                "Some experts"
            ),
            (
                "the issue is complex and cannot be fixed quickly",
                "those involved"
            ),
        ],
        "{got:?}"
    );
}

#[test]
fn a_name_before_an_appositive_or_after_a_title_phrase_is_the_subject() {
    let text = "Dana Reyes, the clinic's head nurse, is blunt: \"We are out of beds.\"\n\n\
Harbor ministry spokeswoman Lena Ortiz shot back, saying the ferry was safe.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("We are out of beds", "Dana Reyes"),
            ("the ferry was safe", "Lena Ortiz")
        ],
        "{got:?}"
    );
}

#[test]
fn a_title_in_an_opener_is_no_tail_quote() {
    let text = "On the Sunday broadcast of \"Harbor Morning Show,\" Mayor Lena Ortiz said the ferry was only \"resting\" for the winter.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0, got[0].1.as_str(), got[0].2.as_str()),
        (
            QuoteKind::Mixed,
            "the ferry was only \"resting\" for the winter",
            "Lena Ortiz"
        )
    );
}

#[test]
fn a_base_form_after_a_singular_subject_is_no_cue() {
    let text = "The yield on the ten-year Harbor note rose to three percent on Monday.\n\n\
One reason they gave was that the ferry had been late all winter.\n\n\
Aides to the mayor say the ferry will run again in May.";
    let got = show(text, &run(text, &[]));
    let found: Vec<(&str, &str)> = got.iter().map(|q| (q.1.as_str(), q.2.as_str())).collect();
    assert_eq!(
        found,
        [("the ferry will run again in May", "Aides to the mayor")],
        "{got:?}"
    );
}

#[test]
fn verbs_are_no_heads_or_objects_of_speaker_phrases() {
    let text = "The firestorm began with a report that, citing three sources, alleged the mayor's office leaned on the board.\n\n\
The costs of a ferry link to Harbor Island are lower than the board says they are.\n\n\
Ferry records show the \"express\" boat was late on most days.";
    let got = show(text, &run(text, &[]));
    for q in &got {
        assert!(
            !q.2.contains("leaned") && !q.2.contains("Island are") && q.2 != "Ferry",
            "{got:?}"
        );
    }
}

#[test]
fn any_determiner_phrase_after_an_inverted_cue_is_the_speaker() {
    let text = "\"I will remember this goal for a long time,\" said the rookie defenceman, who scored twice.";
    let got = show(text, &run(text, &[]));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, "the rookie defenceman");
}

#[test]
fn long_titles_inside_a_sentence_are_not_quotes() {
    let text = "She later acted in the movie \"Harbor Town: The Night Ferry Returns Again!\" last year.\n\n\
He is now the host of \"The Late Show With Tom Hale and Friends.\"";
    assert!(
        run(text, &[]).is_empty(),
        "{:?}",
        show(text, &run(text, &[]))
    );
}

#[test]
fn an_appositive_belongs_to_the_speaker_span_and_resolution_reads_the_name() {
    let text = "Jana Holm, the ferry line's chief engineer, said the new hull passed its tests.\n\n\
\"The engines are quiet,\" said Piet Lund, a mechanic at the yard.\n\n\
Holm said the first crossing would be in May.";
    let ents = [
        person(
            text,
            "p1",
            "Jana Holm",
            &["Jana Holm", "Holm"],
            Some(Gender::Female),
        ),
        person(text, "p2", "Piet Lund", &["Piet Lund"], Some(Gender::Male)),
    ];
    let got = show(text, &run(text, &ents));
    let found: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|q| (q.1.as_str(), q.2.as_str(), q.3.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "the new hull passed its tests",
                "Jana Holm, the ferry line's chief engineer",
                "p1"
            ),
            (
                "The engines are quiet",
                "Piet Lund, a mechanic at the yard",
                "p2"
            ),
            ("the first crossing would be in May", "Holm", "p1"),
        ],
        "{got:?}"
    );
}
