//! One test per rule family, on sentences written for these tests.

use nutgraf_core::{Document, Layer, Pipeline, Span, Stage};
use nutgraf_segment::{ParagraphBreaks, QuotePolicy, SegmentStage, Segmenter};

fn split(text: &str) -> Vec<&str> {
    split_with(&Segmenter::english(), text)
}

fn split_with<'t>(seg: &Segmenter, text: &'t str) -> Vec<&'t str> {
    seg.sentences(text)
        .iter()
        .map(|s| s.get(text).expect("valid span"))
        .collect()
}

#[test]
fn plain_terminal_marks() {
    assert_eq!(
        split("The river rose. Was the bridge closed? It was! Nobody crossed."),
        [
            "The river rose.",
            "Was the bridge closed?",
            "It was!",
            "Nobody crossed."
        ]
    );
    assert_eq!(
        split("Really?! Yes. Wow!! Fine??"),
        ["Really?!", "Yes.", "Wow!!", "Fine??"]
    );
    assert_eq!(
        split("The vote passed. 2024 was a record year."),
        ["The vote passed.", "2024 was a record year."]
    );
}

#[test]
fn titles_never_end_a_sentence() {
    assert_eq!(
        split("Sen. Maria Lopez and Gov. Tom Reed met Dr. Ada Park. They talked."),
        [
            "Sen. Maria Lopez and Gov. Tom Reed met Dr. Ada Park.",
            "They talked."
        ]
    );
    assert_eq!(
        split("Climbers rested below Mt. Rainier overnight."),
        ["Climbers rested below Mt. Rainier overnight."]
    );
}

#[test]
fn number_abbreviations_before_numbers() {
    assert_eq!(
        split("The bill is No. 12 on the list. See p. 4 and pp. 10-12 for details."),
        [
            "The bill is No. 12 on the list.",
            "See p. 4 and pp. 10-12 for details."
        ]
    );
    // "no" followed by a capital is an ordinary word.
    assert_eq!(
        split("She said no. Then she left."),
        ["She said no.", "Then she left."]
    );
}

#[test]
fn ambiguous_abbreviations_need_a_sentence_opener() {
    assert_eq!(
        split("He moved to the U.S. Army base in Texas."),
        ["He moved to the U.S. Army base in Texas."]
    );
    assert_eq!(
        split("He grew up in the U.S. She grew up in Peru."),
        ["He grew up in the U.S.", "She grew up in Peru."]
    );
    assert_eq!(
        split("The shares of Acme Inc. fell. They traded at Acme Inc. The rest rose."),
        [
            "The shares of Acme Inc. fell.",
            "They traded at Acme Inc.",
            "The rest rose."
        ]
    );
    assert_eq!(
        split("The talks ran from Feb. 3 to Mar. 9 in Boise."),
        ["The talks ran from Feb. 3 to Mar. 9 in Boise."]
    );
    assert_eq!(
        split("Bring tents, stoves, etc. The hike starts early."),
        ["Bring tents, stoves, etc.", "The hike starts early."]
    );
    // Case-sensitive entries: the state "Ill." but not the adjective "ill.".
    assert_eq!(
        split("She fell ill. Doctors came."),
        ["She fell ill.", "Doctors came."]
    );
    assert_eq!(
        split("He lives in Peoria, Ill. The farms there grow corn."),
        ["He lives in Peoria, Ill.", "The farms there grow corn."]
    );
}

#[test]
fn time_abbreviations_and_introductory_phrases() {
    assert_eq!(
        split(
            "At 7 a.m. Mrs. Cole opened the shop. She closed it at 9 p.m. Mr. Cole then counted the cash."
        ),
        [
            "At 7 a.m. Mrs. Cole opened the shop.",
            "She closed it at 9 p.m.",
            "Mr. Cole then counted the cash."
        ]
    );
}

#[test]
fn initials() {
    assert_eq!(
        split("The novel by J. R. R. Tolkien sold well. Ask Lena K. Moss about it."),
        [
            "The novel by J. R. R. Tolkien sold well.",
            "Ask Lena K. Moss about it."
        ]
    );
    assert_eq!(
        split("They chose Plan B. The others left."),
        ["They chose Plan B.", "The others left."]
    );
}

#[test]
fn numbers_money_urls_and_addresses() {
    assert_eq!(
        split("The plan costs $1.5 billion. It is 3.5 times larger than before."),
        [
            "The plan costs $1.5 billion.",
            "It is 3.5 times larger than before."
        ]
    );
    assert_eq!(
        split(
            "Write to press.office@city.example.org. Visit www.city.example.org/news.html today. It helps."
        ),
        [
            "Write to press.office@city.example.org.",
            "Visit www.city.example.org/news.html today.",
            "It helps."
        ]
    );
    assert_eq!(
        split("The site https://example.net/A.Page.html loads. It is new."),
        [
            "The site https://example.net/A.Page.html loads.",
            "It is new."
        ]
    );
}

#[test]
fn glued_boundaries_of_scraped_text() {
    assert_eq!(
        split("The mayor spoke at a briefing.City Hall said more later.The council agreed."),
        [
            "The mayor spoke at a briefing.",
            "City Hall said more later.",
            "The council agreed."
        ]
    );
    assert_eq!(
        split("The crew flew to Florida.The launch was set by NASA.Weather was fine."),
        [
            "The crew flew to Florida.",
            "The launch was set by NASA.",
            "Weather was fine."
        ]
    );
    assert_eq!(
        split("He wrote ASP.NET code and met Mr.Smith at St.Louis."),
        ["He wrote ASP.NET code and met Mr.Smith at St.Louis."]
    );
    assert_eq!(
        split("Read it on RiverNews.Net and on example.Com today."),
        ["Read it on RiverNews.Net and on example.Com today."]
    );
    assert_eq!(
        split("Officials met the press.NASA confirmed the date."),
        ["Officials met the press.", "NASA confirmed the date."]
    );
    assert_eq!(
        split(
            "Written in Node.js, it runs on U.S.Army servers, version 3.5, at www.example.com today."
        ),
        ["Written in Node.js, it runs on U.S.Army servers, version 3.5, at www.example.com today."]
    );
    assert_eq!(
        split("Was it over?Nobody knew.\"We won,\" she said.\"Now we rest.\""),
        [
            "Was it over?",
            "Nobody knew.",
            "\"We won,\" she said.",
            "\"Now we rest.\""
        ]
    );
}

#[test]
fn ellipses() {
    assert_eq!(
        split("I waited.... Nobody came."),
        ["I waited....", "Nobody came."]
    );
    assert_eq!(
        split("It was late… The doors shut."),
        ["It was late…", "The doors shut."]
    );
    assert_eq!(
        split("Well ... maybe not. I think . . . I hope so."),
        ["Well ... maybe not.", "I think . . . I hope so."]
    );
    assert_eq!(
        split("\"The river [...] rose fast [...]\" (Ames 12)."),
        ["\"The river [...] rose fast [...]\" (Ames 12)."]
    );
    assert_eq!(
        split("The law was clear. . . . Nobody obeyed it. . . ."),
        ["The law was clear.", ". . . Nobody obeyed it. . . ."]
    );
    assert_eq!(
        split("It ends with a period . . . . Then more."),
        ["It ends with a period . . . .", "Then more."]
    );
}

#[test]
fn quotes_and_brackets_stay_with_their_sentence() {
    assert_eq!(
        split("\"Is it safe?\" he asked. \"Yes.\" She nodded."),
        ["\"Is it safe?\" he asked.", "\"Yes.\"", "She nodded."]
    );
    assert_eq!(
        split("He said, 'It is done.' she wrote."),
        ["He said, 'It is done.' she wrote."]
    );
    assert_eq!(
        split("She rowed (the lake was calm.) for hours. (The boat held.) Then she slept."),
        [
            "She rowed (the lake was calm.) for hours.",
            "(The boat held.)",
            "Then she slept."
        ]
    );
    assert_eq!(
        split("“We are home.” The crowd cheered."),
        ["“We are home.”", "The crowd cheered."]
    );
    assert_eq!(split("That is Ray Jr.'s car."), ["That is Ray Jr.'s car."]);
}

#[test]
fn quote_policy_is_configurable() {
    let text = "\"We are ready. The crew is healthy,\" the commander said. The launch is set.";
    assert_eq!(
        split(text),
        [
            "\"We are ready. The crew is healthy,\" the commander said.",
            "The launch is set."
        ]
    );
    let split_all = Segmenter::english().with_quote_policy(QuotePolicy::Split);
    assert_eq!(split_all.quote_policy(), QuotePolicy::Split);
    assert_eq!(
        split_with(&split_all, text),
        [
            "\"We are ready.",
            "The crew is healthy,\" the commander said.",
            "The launch is set."
        ]
    );
    // A quotation that simply ends its sentence is split under both policies.
    assert_eq!(
        split("\"We are ready. The crew is healthy.\" The launch is set."),
        [
            "\"We are ready.",
            "The crew is healthy.\"",
            "The launch is set."
        ]
    );
    // Attribution by a dash, and a question followed by its verb.
    assert_eq!(
        split("\"Go now. Hurry!\" - Coach Bell"),
        ["\"Go now. Hurry!\" - Coach Bell"]
    );
    assert_eq!(
        split("\"Who knew? Not me?\" she asked."),
        ["\"Who knew? Not me?\" she asked."]
    );
}

#[test]
fn lists_and_bullets() {
    assert_eq!(
        split("1) Pack food 2) Pack water 3) Leave"),
        ["1) Pack food", "2) Pack water", "3) Leave"]
    );
    assert_eq!(
        split("1. Pack food. 2. Pack water."),
        ["1. Pack food.", "2. Pack water."]
    );
    assert_eq!(
        split("a. Red paint b. Blue paint"),
        ["a. Red paint", "b. Blue paint"]
    );
    assert_eq!(
        split("• 4. Red paint • 5. Blue paint"),
        ["• 4. Red paint", "• 5. Blue paint"]
    );
    // A number inside running text is not a list.
    assert_eq!(
        split("He scored 2) points in 3) games"),
        ["He scored 2) points in 3) games"]
    );
}

#[test]
fn datelines_glued_to_headlines() {
    assert_eq!(
        split("Floods close river ports Tuesday, March 4, 2014 Barges waited on Monday."),
        [
            "Floods close river ports",
            "Tuesday, March 4, 2014",
            "Barges waited on Monday."
        ]
    );
    // A date in running text stays.
    assert_eq!(
        split("The port closed on Tuesday, March 4, 2014, after the flood."),
        ["The port closed on Tuesday, March 4, 2014, after the flood."]
    );
    let off = Segmenter::english().with_datelines(false);
    assert_eq!(
        split_with(&off, "Floods close ports Tuesday, March 4, 2014"),
        ["Floods close ports Tuesday, March 4, 2014"]
    );
}

#[test]
fn invisible_separators_and_no_break_spaces() {
    assert_eq!(
        split("The vote passed.\u{a0}Mr.\u{a0}Lee left."),
        ["The vote passed.", "Mr.\u{a0}Lee left."]
    );
    assert_eq!(
        split("The vote passed.\u{200b}The hall emptied."),
        ["The vote passed.", "\u{200b}The hall emptied."]
    );
}

#[test]
fn non_latin_scripts() {
    assert_eq!(
        split("東京は晴れ。大阪は雨！本当？"),
        ["東京は晴れ。", "大阪は雨！", "本当？"]
    );
    assert_eq!(
        split("Москва приняла решение. Закон вступит в силу."),
        ["Москва приняла решение.", "Закон вступит в силу."]
    );
}

#[test]
fn paragraphs_by_line_or_blank_line() {
    let text = "  First line. Second.\nThird line\r\n\r\nFourth.\u{2029}Fifth.  ";
    let seg = Segmenter::english();
    let paras: Vec<&str> = seg
        .paragraphs(text)
        .iter()
        .map(|s| &text[s.range()])
        .collect();
    assert_eq!(
        paras,
        ["First line. Second.", "Third line", "Fourth.", "Fifth."]
    );
    let wrapped = "A long sentence is\nwrapped here. Next one.\n\nNew paragraph.";
    let blank = Segmenter::english().with_paragraph_breaks(ParagraphBreaks::BlankLine);
    let paras: Vec<&str> = blank
        .paragraphs(wrapped)
        .iter()
        .map(|s| &wrapped[s.range()])
        .collect();
    assert_eq!(
        paras,
        [
            "A long sentence is\nwrapped here. Next one.",
            "New paragraph."
        ]
    );
    assert_eq!(
        split_with(&blank, wrapped),
        [
            "A long sentence is\nwrapped here.",
            "Next one.",
            "New paragraph."
        ]
    );
    // Auto: hard-wrapped text joins its lines, one-paragraph-per-line text does not.
    let auto = Segmenter::english().with_paragraph_breaks(ParagraphBreaks::Auto);
    let wrapped = "The council met on Monday to discuss the budget for the\ncoming year, and the members agreed that the schools\nneed more money. The vote is set for June.\n\nA second meeting follows in the\nautumn.";
    assert_eq!(auto.paragraphs(wrapped).len(), 2);
    assert_eq!(
        split_with(&auto, wrapped)[0],
        "The council met on Monday to discuss the budget for the\ncoming year, and the members agreed that the schools\nneed more money."
    );
    let lines = "Storm hits coast\nThe storm arrived at dawn.\nBoats stayed home.\n\nMore later.";
    assert_eq!(auto.paragraphs(lines).len(), 4);
    // Sentences never cross a paragraph: a headline without a period ends at its line.
    assert_eq!(
        split("Storm hits coast\nThe storm arrived at dawn."),
        ["Storm hits coast", "The storm arrived at dawn."]
    );
}

#[test]
fn degenerate_inputs() {
    let seg = Segmenter::english();
    for text in [
        "",
        "   \n\n\t ",
        ".",
        "...",
        "?!?!",
        "\"",
        "“unbalanced. quote",
        ". . . . . . .",
        "a.b.c.d.e.f.g",
        "1.",
        "•",
        "\u{0}\u{1}\u{7f}.\u{feff}",
    ] {
        let s = seg.segment(text);
        for sp in &s.sentences {
            assert!(sp.is_valid_in(text) && !sp.is_empty(), "{text:?}: {sp}");
        }
    }
    assert!(seg.sentences("").is_empty());
    assert_eq!(split(". . . . . . ."), [". . . . . . ."]);
}

#[test]
fn stage_segments_the_working_text_and_stores_raw_spans() {
    let stage = SegmentStage::default();
    assert_eq!(stage.name(), "segment");
    assert!(stage.needs().is_empty());
    assert_eq!(stage.provides(), [Layer::Paragraphs, Layer::Sentences]);
    let pipeline = Pipeline::builder().stage(stage).build().unwrap();
    let raw = "Storm hits coast\nThe storm arrived. Boats stayed home.";
    let doc: Document = pipeline.run(raw).unwrap();
    let sents: Vec<&str> = doc
        .sentences()
        .unwrap()
        .iter()
        .map(|&s| doc.raw_slice(s))
        .collect();
    assert_eq!(
        sents,
        [
            "Storm hits coast",
            "The storm arrived.",
            "Boats stayed home."
        ]
    );
    assert_eq!(
        doc.paragraphs().unwrap(),
        [Span::new(0, 16), Span::new(17, raw.len())]
    );
}

#[test]
fn captions_and_credit_lines() {
    assert_eq!(
        split("The new ferry at the dock Photo: Harbor Authority"),
        ["The new ferry at the dock", "Photo: Harbor Authority"]
    );
    // Only a label before a colon, and not in running text.
    assert_eq!(
        split("The photo: a ferry at the dock."),
        ["The photo: a ferry at the dock."]
    );
}

#[test]
fn dash_and_place_datelines() {
    assert_eq!(
        split("RIVERTON (Local Wire) - The council met on Monday."),
        ["RIVERTON (Local Wire) -", "The council met on Monday."]
    );
    assert_eq!(
        split("Riverton, Ohio, United States - The council met on Monday."),
        [
            "Riverton, Ohio, United States -",
            "The council met on Monday."
        ]
    );
    assert_eq!(
        split("Riverton, Ohio, United States On Monday, the council met."),
        [
            "Riverton, Ohio, United States",
            "On Monday, the council met."
        ]
    );
    // A sentence with a dash, or an opening adverb with a comma, stays whole.
    assert_eq!(
        split("The council - all nine members - met on Monday."),
        ["The council - all nine members - met on Monday."]
    );
    assert_eq!(
        split("Meanwhile, The Daily Ledger reported the vote."),
        ["Meanwhile, The Daily Ledger reported the vote."]
    );
}

#[test]
fn marks_after_closing_quotes_and_misused_quotes() {
    assert_eq!(
        split("The sign said \"closed until ...\". Nobody argued."),
        ["The sign said \"closed until ...\".", "Nobody argued."]
    );
    assert_eq!(
        split("He called it a mistake.“ However, the plan went ahead."),
        ["He called it a mistake.“", "However, the plan went ahead."]
    );
    assert_eq!(
        split("The data are consistent [...] However, more work is needed."),
        [
            "The data are consistent [...]",
            "However, more work is needed."
        ]
    );
}

#[test]
fn embedded_quotation_policy() {
    let text = "The memo said \"Act now. The window is closing\" in bold. Staff agreed.";
    let embedded = Segmenter::english().with_quote_policy(QuotePolicy::KeepEmbedded);
    assert_eq!(
        split_with(&embedded, text),
        [
            "The memo said \"Act now. The window is closing\" in bold.",
            "Staff agreed."
        ]
    );
    assert_eq!(
        split(text),
        [
            "The memo said \"Act now.",
            "The window is closing\" in bold.",
            "Staff agreed."
        ]
    );
}

#[test]
fn a_second_language_is_a_data_change() {
    use nutgraf_segment::{Language, LanguageData};
    use std::sync::Arc;
    // A small German data set, written for this test.
    let data = LanguageData {
        abbreviations: "[title]\nHr\nFr\nDr\nProf\n[number]\nNr\nS\n[ambiguous]\nusw\nbzw\nca\n[never]\nz.B\nd.h\nvgl\n",
        starters: "der\ndie\ndas\ner\nsie\nes\nwir\n",
        prepositions: "um\nam\nim\n",
        dates: "[weekday]\nMontag\nFreitag\n[month]\nMai\nJuni\n",
        labels: "Foto\n",
    };
    let de = Language::from_data("de", &data).unwrap();
    assert_eq!(de.code(), "de");
    let seg = Segmenter::new(Arc::new(de));
    assert_eq!(
        split_with(
            &seg,
            "Dr. Anna Berg kam z.B. mit Hr. Vogt. Sie las S. 12 vor. Es regnete usw. Der Zug fuhr."
        ),
        [
            "Dr. Anna Berg kam z.B. mit Hr. Vogt.",
            "Sie las S. 12 vor.",
            "Es regnete usw.",
            "Der Zug fuhr."
        ]
    );
    assert_eq!(
        split_with(
            &seg,
            "Der Hafen schließt Freitag, Mai 8, 2009 Die Schiffe warten."
        ),
        [
            "Der Hafen schließt",
            "Freitag, Mai 8, 2009",
            "Die Schiffe warten."
        ]
    );
    // English abbreviations do not apply: "Sen." is an ordinary word here.
    assert_eq!(
        split_with(&seg, "Er sah Sen. Die Tür ging auf."),
        ["Er sah Sen.", "Die Tür ging auf."]
    );
}

#[test]
fn stage_maps_clean_text_spans_back_to_the_raw_input() {
    use nutgraf_core::{CleanText, Rewriter};
    // Raw text with a menu line to drop and a space before a comma to remove.
    let raw = "Menu | Home\n\"We are ready ,\" she said.The crew agreed.";
    let mut rw = Rewriter::new(raw);
    rw.delete_to(12);
    rw.keep_to(25);
    rw.delete_to(26);
    rw.keep_to(raw.len());
    let (text, map) = rw.finish();
    assert_eq!(text, "\"We are ready,\" she said.The crew agreed.");
    let mut doc = Document::new(raw);
    doc.set_clean(CleanText::new(text, map).unwrap()).unwrap();
    SegmentStage::default().process(&mut doc).unwrap();
    let sents: Vec<&str> = doc
        .sentences()
        .unwrap()
        .iter()
        .map(|&s| doc.raw_slice(s))
        .collect();
    assert_eq!(sents, ["\"We are ready ,\" she said.", "The crew agreed."]);
    let working: Vec<&str> = doc
        .sentences()
        .unwrap()
        .iter()
        .map(|&s| doc.working_slice(s))
        .collect();
    assert_eq!(working, ["\"We are ready,\" she said.", "The crew agreed."]);
    assert_eq!(doc.paragraphs().unwrap().len(), 1);
}

#[test]
fn segmenter_and_stage_are_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Segmenter>();
    assert_send_sync::<SegmentStage>();
    let seg = Segmenter::english();
    let text = "One here. Two there.";
    let counts: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| seg.sentences(text).len()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(counts, [2, 2, 2, 2]);
}

#[test]
fn capitalized_preposition_opens_a_glued_sentence() {
    assert_eq!(
        split("Mayor Ruth Ames of the Green Party In the north district, turnout rose."),
        [
            "Mayor Ruth Ames of the Green Party",
            "In the north district, turnout rose."
        ]
    );
    // Title case: the next word is capitalized too, or the preposition is long.
    assert_eq!(
        split("They watched Man Dies In The Fire and Tales From the Crypt on Friday."),
        ["They watched Man Dies In The Fire and Tales From the Crypt on Friday."]
    );
    let off = Segmenter::english().with_glued_boundaries(false);
    assert_eq!(
        split_with(&off, "Results by party In the north, turnout rose."),
        ["Results by party In the north, turnout rose."]
    );
}
