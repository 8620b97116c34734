//! Behaviour of the recognizer and the stage on texts written for these tests.

use nutgraf_core::{
    Document, Entity, EntityKind, EntitySource, Gender, Layer, Pipeline, Span, Stage,
};
use nutgraf_entities::{
    EntityRecognizer, EntityStage, Gazetteer, GazetteerEntry, RecognizerOptions,
};
use proptest::prelude::*;

fn find<'a>(ents: &'a [Entity], name: &str) -> &'a Entity {
    ents.iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?} in {:?}", names(ents)))
}

fn names(ents: &[Entity]) -> Vec<&str> {
    ents.iter().map(|e| e.name.as_str()).collect()
}

fn mention_texts<'t>(text: &'t str, e: &Entity) -> Vec<&'t str> {
    e.mentions.iter().map(|m| &text[m.range()]).collect()
}

fn harbour_gazetteer() -> Gazetteer {
    Gazetteer::parse(
        r#"[
        {"name": "Orbital Harbour Agency", "kind": "organization", "aliases": ["OHA"]},
        {"name": "Veyra", "kind": "organization", "aliases": []},
        {"name": "StarLoft", "kind": "organization", "aliases": ["Star Loft"]},
        {"name": "Lunar Gateway Station", "kind": "facility", "aliases": []},
        {"name": "Kestrel", "kind": "vehicle", "aliases": []},
        {"name": "Port Aurin", "kind": "location", "aliases": []}
    ]"#,
        "test.json",
    )
    .unwrap()
}

const ARTICLE: &str = "Orbital Harbour Agency Director Marisol Quintero said on Monday that the Kestrel capsule is ready.\n\n\
\"We are ready,\" Quintero said during a Star Loft briefing. Veyra head Ilya Voronin agreed.\n\n\
The Lunar Gateway Station (LGS) will stay in service, she added. Earlier on Tuesday, Veyra cosmonaut \
Oksana Belenko flew to the LGS from PORT AURIN and Port Aurin's spaceport. [Voronin] did not comment.";

#[test]
fn people_after_titles_and_roles_with_coreference() {
    let r = EntityRecognizer::new(Some(&harbour_gazetteer())).unwrap();
    let ents = r.recognize(ARTICLE, &[]);
    let q = find(&ents, "Marisol Quintero");
    assert_eq!(q.kind, EntityKind::Person);
    assert_eq!(q.source, EntitySource::Discovered);
    assert_eq!(q.roles, ["Orbital Harbour Agency Director"]);
    assert_eq!(mention_texts(ARTICLE, q), ["Marisol Quintero", "Quintero"]);
    assert_eq!(q.gender, Some(Gender::Female));
    let v = find(&ents, "Ilya Voronin");
    assert_eq!(v.roles, ["Veyra head"]);
    assert_eq!(mention_texts(ARTICLE, v), ["Ilya Voronin", "Voronin"]);
    assert_eq!(v.gender, Some(Gender::Male));
    let b = find(&ents, "Oksana Belenko");
    assert!(
        b.roles.iter().any(|r| r.contains("cosmonaut")),
        "{:?}",
        b.roles
    );
    // no sentence-initial common words, no duplicate names
    for bad in ["Earlier", "The", "Tuesday", "Monday"] {
        assert!(!names(&ents).contains(&bad), "{bad} in {:?}", names(&ents));
    }
    let mut n = names(&ents);
    n.sort_unstable();
    let len = n.len();
    n.dedup();
    assert_eq!(n.len(), len);
}

#[test]
fn gazetteer_variants_aliases_and_acronyms() {
    let r = EntityRecognizer::new(Some(&harbour_gazetteer())).unwrap();
    let ents = r.recognize(ARTICLE, &[]);
    let star = find(&ents, "StarLoft");
    assert_eq!(mention_texts(ARTICLE, star), ["Star Loft"]);
    assert_eq!(star.source, EntitySource::Gazetteer);
    let port = find(&ents, "Port Aurin");
    assert_eq!(mention_texts(ARTICLE, port), ["PORT AURIN", "Port Aurin"]);
    let lgs = find(&ents, "Lunar Gateway Station");
    assert_eq!(lgs.kind, EntityKind::Facility);
    assert_eq!(
        mention_texts(ARTICLE, lgs),
        ["Lunar Gateway Station", "LGS", "LGS"]
    );
    let veyra = find(&ents, "Veyra");
    assert_eq!(veyra.mentions.len(), 2);
}

#[test]
fn ids_are_unique_and_gazetteer_ids_are_kept() {
    let mut g = Gazetteer::new();
    g.push(GazetteerEntry::new("Tarn Valley", EntityKind::Location).with_id("p1"));
    let r = EntityRecognizer::new(Some(&g)).unwrap();
    let text = "Senator Aldo Brevik visited Tarn Valley. Dr. Ines Okafor met Brevik there.";
    let ents = r.recognize(text, &[]);
    assert_eq!(find(&ents, "Tarn Valley").id, "p1");
    let mut ids: Vec<&str> = ents.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ents.len());
    assert_eq!(find(&ents, "Aldo Brevik").mentions.len(), 2);
    assert_eq!(find(&ents, "Ines Okafor").roles, ["Dr."]);
}

#[test]
fn surname_links_only_when_one_candidate_fits() {
    let r = EntityRecognizer::new(None).unwrap();
    let text = "Minister Anna Marek and Senator Tomas Marek met astronaut Jan Holub. Marek spoke; Holub left.";
    let ents = r.recognize(text, &[]);
    assert_eq!(
        mention_texts(text, find(&ents, "Anna Marek")),
        ["Anna Marek"]
    );
    assert_eq!(
        mention_texts(text, find(&ents, "Tomas Marek")),
        ["Tomas Marek"]
    );
    assert_eq!(
        mention_texts(text, find(&ents, "Jan Holub")),
        ["Jan Holub", "Holub"]
    );
}

#[test]
fn discovery_by_first_name_apposition_and_suffix() {
    let r = EntityRecognizer::with_options(
        None,
        RecognizerOptions {
            default_gazetteer: false,
            ..RecognizerOptions::default()
        },
    )
    .unwrap();
    let text = "Yesterday Dmitry Orlanov joined Brindlecombe Widgets Ltd. Ravel, a doctor, works at the \
                Ministry of Tides and studied at the University of Quorn near Lake Ostra. \
                The Tidewater Institute of Physics (TIP) hired him; TIP is large.";
    let ents = r.recognize(text, &[]);
    assert_eq!(find(&ents, "Dmitry Orlanov").kind, EntityKind::Person);
    assert_eq!(
        find(&ents, "Brindlecombe Widgets Ltd.").kind,
        EntityKind::Organization
    );
    let ravel = find(&ents, "Ravel");
    assert_eq!(ravel.kind, EntityKind::Person);
    assert_eq!(ravel.roles, ["doctor"]);
    assert_eq!(
        find(&ents, "Ministry of Tides").kind,
        EntityKind::Organization
    );
    assert_eq!(
        find(&ents, "University of Quorn").kind,
        EntityKind::Organization
    );
    assert_eq!(find(&ents, "Lake Ostra").kind, EntityKind::Location);
    let tip = find(&ents, "Tidewater Institute of Physics");
    assert_eq!(
        mention_texts(text, tip),
        ["Tidewater Institute of Physics", "TIP", "TIP"]
    );
    assert!(!names(&ents).contains(&"Yesterday"));
}

#[test]
fn default_gazetteer_finds_places_and_orgs() {
    let r = EntityRecognizer::new(None).unwrap();
    let text = "The talks in Nairobi, Kenya, drew the United Nations and U.S. envoys from Chicago.";
    let ents = r.recognize(text, &[]);
    for (n, k) in [
        ("Nairobi", EntityKind::Location),
        ("Kenya", EntityKind::Location),
        ("United Nations", EntityKind::Organization),
        ("United States", EntityKind::Location),
        ("Chicago", EntityKind::Location),
    ] {
        assert_eq!(find(&ents, n).kind, k, "{n}");
    }
    // off: nothing but the user's gazetteer
    let bare = EntityRecognizer::with_options(
        None,
        RecognizerOptions {
            default_gazetteer: false,
            discovery: false,
            case_insensitive: false,
        },
    )
    .unwrap();
    assert!(bare.recognize(text, &[]).is_empty());
}

#[test]
fn case_insensitive_user_gazetteer() {
    let g = Gazetteer::parse("Ærø Ferries\torganization\n", "g.tsv").unwrap();
    let r = EntityRecognizer::with_options(
        Some(&g),
        RecognizerOptions {
            case_insensitive: true,
            default_gazetteer: false,
            discovery: false,
        },
    )
    .unwrap();
    let text = "ÆRØ FERRIES and ærø ferries";
    let e = r.recognize(text, &[]);
    assert_eq!(mention_texts(text, &e[0]), ["ÆRØ FERRIES", "ærø ferries"]);
}

#[test]
fn stage_maps_mentions_to_raw_offsets() {
    struct Clean;
    impl Stage for Clean {
        fn name(&self) -> &str {
            "clean"
        }
        fn provides(&self) -> &[Layer] {
            &[Layer::Clean]
        }
        fn process(&self, doc: &mut Document) -> nutgraf_core::Result<()> {
            // drop a two-line header
            let raw = doc.raw().to_owned();
            let cut = raw.find("Body:").unwrap_or(0);
            let mut w = nutgraf_core::Rewriter::new(&raw);
            w.delete_to(cut);
            w.keep_to(raw.len());
            let (text, map) = w.finish();
            doc.set_clean(nutgraf_core::CleanText::new(text, map)?)
        }
    }
    let raw = "Záhlaví: ignore\nBody: Senator Aldo Brevik visited Tarn Valley. Brevik left.";
    let p = Pipeline::builder()
        .stage(Clean)
        .stage(EntityStage::new(EntityRecognizer::new(None).unwrap()))
        .build()
        .unwrap();
    let doc = p.run(raw).unwrap();
    let ents = doc.entities().unwrap();
    let b = find(ents, "Aldo Brevik");
    let texts: Vec<&str> = b.mentions.iter().map(|&m| doc.raw_slice(m)).collect();
    assert_eq!(texts, ["Aldo Brevik", "Brevik"]);
    assert!(b.mentions[0].start > raw.find("Body").unwrap());
}

#[test]
fn bad_input_does_not_panic() {
    let r = EntityRecognizer::new(None).unwrap();
    for t in [
        "",
        "\u{0}\u{1}\u{fffd}",
        "((((((",
        "A. B. C. D. E.",
        "'''''s's ’’’s",
        "Mr.",
        "Dr. (X) (",
        "NASA (",
        "X (ABCDEFGHIJKLMNOP)",
    ] {
        let _ = r.recognize(t, &[Span::new(0, t.len()), Span::new(999, 1000)]);
    }
    // pathological inputs: unclosed parentheses, endless capitals, no spaces
    for unit in [
        "Harbour Board (",
        "Aa Bb Cc Dd ",
        "ÉÉÉ-",
        "(X) ",
        "Dr. ",
        "of the ",
        "A.",
        "x",
        "O'",
        "NEW ",
    ] {
        // Their time is measured by the `flat_time` example (no timing assertions in tests);
        // here every mention must be a valid span of the text.
        let t = unit.repeat(200_000 / unit.len());
        for e in r.recognize(&t, &[]) {
            assert!(
                !e.mentions.is_empty(),
                "{unit:?}: {} has no mention",
                e.name
            );
            for m in &e.mentions {
                assert!(m.is_valid_in(&t) && !m.is_empty(), "{unit:?}: mention {m}");
            }
        }
    }
    let big = "Senator Aldo Brevik visited Tarn Valley (TV) in Nairobi. ".repeat(5000);
    let ents = r.recognize(&big, &[]);
    assert_eq!(find(&ents, "Aldo Brevik").mentions.len(), 5000);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn every_mention_is_the_text_at_its_span(s in "[A-Za-zÉéßøØ .,'’()\\-\n\"0-9]{0,200}") {
        let r = EntityRecognizer::new(Some(&harbour_gazetteer())).unwrap();
        let ents = r.recognize(&s, &[]);
        let mut all = Vec::new();
        for e in &ents {
            prop_assert!(!e.mentions.is_empty());
            for w in e.mentions.windows(2) {
                prop_assert!(w[0].start <= w[1].start);
            }
            for m in &e.mentions {
                prop_assert!(m.is_valid_in(&s));
                prop_assert!(!m.is_empty());
                all.push(*m);
            }
        }
        all.sort_unstable();
        for w in all.windows(2) {
            // mentions never cross; one may only nest inside another (a place in an org name)
            let nested = w[0].contains_span(w[1]) || w[1].contains_span(w[0]);
            prop_assert!(w[0].end <= w[1].start || nested, "crossing mentions {:?}", w);
        }
    }

    #[test]
    fn articles_built_from_names_keep_valid_spans(parts in proptest::collection::vec(
        prop_oneof![
            Just("Senator Aldo Brevik"), Just("Veyra"), Just("(OHA)"), Just("Orbital Harbour Agency"),
            Just("said"), Just("."), Just(" "), Just("Zoë Ünal"), Just("Star Loft's"), Just("\n"),
            Just("cosmonaut"), Just("Dmitry"), Just("[Brevik]"), Just("PORT AURIN"), Just("—"),
        ], 0..40)) {
        let s = parts.join(" ");
        let r = EntityRecognizer::new(Some(&harbour_gazetteer())).unwrap();
        for e in r.recognize(&s, &[]) {
            for m in &e.mentions {
                prop_assert!(m.get(&s).is_some());
            }
        }
    }
}

#[test]
fn first_names_link_and_ambiguous_surnames_stay_apart() {
    let r = EntityRecognizer::new(None).unwrap();
    let text = "Minister Anna Marek and Senator Tomas Marek met Gloria Vantreese. Later, Marek spoke \
                and Gloria laughed.";
    let ents = r.recognize(text, &[]);
    let g = find(&ents, "Gloria Vantreese");
    assert_eq!(mention_texts(text, g), ["Gloria Vantreese", "Gloria"]);
    assert_eq!(g.gender, Some(Gender::Female));
    // `Marek` fits two people: a person mention of its own, linked to neither
    let m = find(&ents, "Marek");
    assert_eq!(m.kind, EntityKind::Person);
    assert_eq!(mention_texts(text, m), ["Marek"]);
}

#[test]
fn unknown_names_in_context() {
    let r = EntityRecognizer::new(None).unwrap();
    let text = "Fans of the Harbour Gulls cheered. Critics said Quillmark hid data; Quillmark stock dipped \
                it, and a report on Quillmark followed. Quillmark shares fell.";
    let ents = r.recognize(text, &[]);
    assert_eq!(find(&ents, "Harbour Gulls").kind, EntityKind::Organization);
    let text2 = "Staff of the Kelso Widget Company left. Kelso Widget Company said nothing.";
    let ents2 = r.recognize(text2, &[]);
    assert_eq!(find(&ents2, "Kelso Widget Company").mentions.len(), 2);
    let q = find(&ents, "Quillmark");
    assert_eq!(q.kind, EntityKind::Organization);
    // found mid-sentence only: a sentence-initial capital proves nothing
    assert_eq!(q.mentions.len(), 3);
    assert!(!names(&ents).contains(&"Critics") && !names(&ents).contains(&"Fans"));
}

#[test]
fn names_in_lists_and_compounds() {
    let r = EntityRecognizer::new(None).unwrap();
    let text = "Winners include Tsang Wing-kit of the Harbour Party, Moon Jae-su and Olga Brandt of \
                the Kestrel Union. A Kest-born rider, Mr Young, met Harbour Board Ada Lindqvist.";
    let ents = r.recognize(text, &[]);
    assert_eq!(find(&ents, "Tsang Wing-kit").kind, EntityKind::Person);
    assert_eq!(find(&ents, "Moon Jae-su").kind, EntityKind::Person);
    assert_eq!(find(&ents, "Olga Brandt").kind, EntityKind::Person);
    assert_eq!(find(&ents, "Harbour Party").kind, EntityKind::Organization);
    assert_eq!(find(&ents, "Kestrel Union").kind, EntityKind::Organization);
    assert_eq!(find(&ents, "Young").roles, ["Mr"]);
    assert_eq!(find(&ents, "Ada Lindqvist").kind, EntityKind::Person);
    assert!(!names(&ents).iter().any(|n| n.contains("born")));
}

#[test]
fn nested_mentions_of_places_and_people() {
    let r = EntityRecognizer::new(None).unwrap();
    // a known place inside an organisation's name is a mention of the place too
    let t = "She studied at the University of Nairobi before moving to Nairobi.";
    let e = r.recognize(t, &[]);
    assert_eq!(
        mention_texts(t, find(&e, "Nairobi")),
        ["Nairobi", "Nairobi"]
    );
    assert_eq!(
        find(&e, "University of Nairobi").kind,
        EntityKind::Organization
    );
    // so is a known person's name inside an organisation's
    let t = "Dr. Ada Lindqvist spoke. The Ada Lindqvist Foundation paid.";
    let e = r.recognize(t, &[]);
    assert_eq!(find(&e, "Ada Lindqvist").mentions.len(), 2);
    assert_eq!(
        find(&e, "Ada Lindqvist Foundation").kind,
        EntityKind::Organization
    );
    // but nothing nests inside a person's name
    let t = "Senator Paris Holloway spoke.";
    assert_eq!(names(&r.recognize(t, &[])), ["Paris Holloway"]);
}

#[test]
fn one_recognizer_serves_many_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<EntityRecognizer>();
    shareable::<EntityStage>();
    shareable::<nutgraf_entities::Matcher>();
    let r = EntityRecognizer::new(Some(&harbour_gazetteer())).unwrap();
    let results: Vec<Vec<Entity>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| r.recognize(ARTICLE, &[])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for w in results.windows(2) {
        assert_eq!(w[0], w[1]);
    }
}

#[test]
fn undefined_acronyms_need_a_second_use() {
    let r = EntityRecognizer::new(None).unwrap();
    let t = "Officials at KWTA met. The KWTA board agreed, and a QZX note followed. It was OK.";
    let e = r.recognize(t, &[]);
    assert_eq!(find(&e, "KWTA").kind, EntityKind::Organization);
    assert_eq!(find(&e, "KWTA").mentions.len(), 2);
    assert!(!names(&e).contains(&"QZX") && !names(&e).contains(&"OK"));
}

#[test]
fn a_role_keeps_an_organisation_name_with_connectors() {
    let r = EntityRecognizer::new(None).unwrap();
    let text = "Bank of Orvella chief economist Tomas Ferreira said rates would hold. \
Later, Guild of the Salt Roads deputy director Ilse Marken agreed.";
    let ents = r.recognize(text, &[]);
    assert_eq!(
        find(&ents, "Tomas Ferreira").roles,
        ["Bank of Orvella chief economist"]
    );
    assert_eq!(
        find(&ents, "Ilse Marken").roles,
        ["Guild of the Salt Roads deputy director"]
    );
    // a connector with no capitalised word before it is not taken: `head of finance`
    let text = "The report by finance head Ada Kuusk was late.";
    let ents = r.recognize(text, &[]);
    assert_eq!(find(&ents, "Ada Kuusk").roles, ["finance head"]);
}
