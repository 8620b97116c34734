//! Behaviour tests of the cleaner on articles written for these tests.

use nutgraf_clean::{CleanStage, Cleaned, Cleaner, clean};
use nutgraf_core::{BlockKind, Document, Layer, Pipeline, Span, Stage};

/// Asserts the block invariants: sorted, non-overlapping, valid, covering every non-space byte.
fn assert_blocks_cover(raw: &str, c: &Cleaned) {
    let mut covered = vec![false; raw.len()];
    let mut prev_end = 0;
    for b in &c.blocks {
        assert!(b.span.is_valid_in(raw), "invalid block {b:?}");
        assert!(
            b.span.start >= prev_end,
            "blocks overlap or are unsorted: {b:?}"
        );
        assert!(!b.span.is_empty(), "empty block {b:?}");
        prev_end = b.span.end;
        for x in &mut covered[b.span.range()] {
            *x = true;
        }
    }
    for (i, ch) in raw.char_indices() {
        if !ch.is_whitespace() {
            assert!(covered[i], "byte {i} ({ch:?}) is in no block");
        }
    }
}

/// The raw text of the first block of `kind`.
fn block_text<'a>(raw: &'a str, c: &Cleaned, kind: BlockKind) -> Vec<&'a str> {
    c.blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| &raw[b.span.range()])
        .collect()
}

const WIRE_STORY: &str = "date 2025-11-04 Economy
The central bank of Norland held its key rate at 4.5% on Tuesday, citing sticky inflation.
\"We are not there yet ,\" Governor Elsa Marrow told reporters after the meeting.The bank said price growth slowed to 3.1% in October.Analysts had expected the decision.
OSLOVIK (Nordpress) - The central bank of Norland held its key rate at 4.5% on Tuesday, citing sticky inflation.
\"We are not there yet ,\" Governor Elsa Marrow told reporters after the meeting.
The bank said price growth slowed to 3.1% in October.
Analysts had expected the decision.
Markets barely moved after the announcement, with the krone flat against the euro.
Governor Elsa Marrow arrives at a press conference in Oslovik - Nordpress International, 1920, 04.11.2025
Markets
Norland Banks Brace for Slower Growth as Exports Weaken
09:15 GMT
";

#[test]
fn wire_story_body_blocks_and_metadata() {
    let c = clean(WIRE_STORY);
    assert_blocks_cover(WIRE_STORY, &c);
    let paras: Vec<&str> = c.text.split("\n\n").collect();
    assert_eq!(
        paras,
        vec![
            "The central bank of Norland held its key rate at 4.5% on Tuesday, citing sticky inflation.",
            "\"We are not there yet,\" Governor Elsa Marrow told reporters after the meeting.",
            "The bank said price growth slowed to 3.1% in October.",
            "Analysts had expected the decision.",
            "Markets barely moved after the announcement, with the krone flat against the euro.",
        ]
    );
    assert_eq!(c.metadata.date.as_deref(), Some("2025-11-04"));
    assert_eq!(c.metadata.section.as_deref(), Some("Economy"));
    let d = c.metadata.dateline.as_ref().expect("dateline");
    assert_eq!(d.place, "Oslovik");
    assert_eq!(d.source.as_deref(), Some("Nordpress"));
    assert_eq!(&WIRE_STORY[d.span.range()], "OSLOVIK (Nordpress) -");
    assert_eq!(
        block_text(WIRE_STORY, &c, BlockKind::Dateline),
        vec!["OSLOVIK (Nordpress) -"]
    );
    assert_eq!(block_text(WIRE_STORY, &c, BlockKind::Duplicate).len(), 2);
    assert!(
        block_text(WIRE_STORY, &c, BlockKind::Caption)[0]
            .starts_with("Governor Elsa Marrow arrives")
    );
    assert_eq!(
        block_text(WIRE_STORY, &c, BlockKind::SectionLabel),
        vec!["Markets"]
    );
    assert_eq!(
        block_text(WIRE_STORY, &c, BlockKind::Related),
        vec!["Norland Banks Brace for Slower Growth as Exports Weaken"]
    );
    assert_eq!(
        block_text(WIRE_STORY, &c, BlockKind::Timestamp),
        vec!["09:15 GMT"]
    );
    assert_eq!(
        block_text(WIRE_STORY, &c, BlockKind::Metadata),
        vec!["date 2025-11-04 Economy"]
    );
    assert!(!c.text.contains("OSLOVIK"));
    assert!(!c.text.contains("meeting.The"));
}

const PAGE: &str = "Skip to content
Home
World
Business
Sport
Harbour Town Votes to Rebuild Its Flooded Sea Wall
By Tomas Reyes and Ana Lind
Published 3 March 2026
Residents of Harbour Town voted on Sunday to rebuild the sea wall that failed during the January storm, ending months of argument over the cost.
FILE PHOTO: Waves break over the old sea wall in Harbour Town. Photo: Jan Ek
\"My kitchen was under a metre of water,\" said Maria Olsen, who runs a bakery on the quay. \"Peter, Sofia and Lars all lost their shops.\"
The council will borrow 40 million crowns over ten years, Mayor Ivo Brant said.
Read more: Storm season starts early on the west coast
Follow us on Twitter for the latest updates
© 2026 Harbour Daily. All rights reserved.
We use cookies to improve your experience. By continuing you accept our cookie policy.
Privacy Policy
";

#[test]
fn page_furniture_is_labelled() {
    let c = clean(PAGE);
    assert_blocks_cover(PAGE, &c);
    assert_eq!(
        c.text,
        "Residents of Harbour Town voted on Sunday to rebuild the sea wall that failed during the January storm, ending months of argument over the cost.\n\n\
         \"My kitchen was under a metre of water,\" said Maria Olsen, who runs a bakery on the quay. \"Peter, Sofia and Lars all lost their shops.\"\n\n\
         The council will borrow 40 million crowns over ten years, Mayor Ivo Brant said."
    );
    assert_eq!(
        block_text(PAGE, &c, BlockKind::Title),
        vec!["Harbour Town Votes to Rebuild Its Flooded Sea Wall"]
    );
    assert_eq!(
        c.metadata.title.as_deref(),
        Some("Harbour Town Votes to Rebuild Its Flooded Sea Wall")
    );
    assert_eq!(
        block_text(PAGE, &c, BlockKind::Byline),
        vec!["By Tomas Reyes and Ana Lind"]
    );
    assert_eq!(
        c.metadata.byline.as_deref(),
        Some("Tomas Reyes and Ana Lind")
    );
    assert_eq!(c.metadata.date.as_deref(), Some("2026-03-03"));
    assert!(block_text(PAGE, &c, BlockKind::Navigation).contains(&"Skip to content"));
    assert!(block_text(PAGE, &c, BlockKind::Caption)[0].starts_with("FILE PHOTO"));
    let promo = block_text(PAGE, &c, BlockKind::Promo);
    assert!(promo.iter().any(|p| p.starts_with("Read more")));
    assert!(promo.iter().any(|p| p.starts_with("Follow us")));
    let legal = block_text(PAGE, &c, BlockKind::Legal);
    assert_eq!(legal.len(), 3, "{legal:?}");
}

#[test]
fn normalisation_in_body() {
    let raw = "LISBON (Lusa) \u{2013} The ferry\u{a0}\u{a0}resumed  service\u{200b} on Friday ,after repairs.The operator\u{2019}s chief said she didnâ€™t expect delays .\n\
               Tickets cost 3.5 euros on Node.js kiosks run by U.S.Army veterans, see www.example.com for times.\n";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert_eq!(
        c.text,
        "The ferry resumed service on Friday,after repairs. The operator\u{2019}s chief said she didn\u{2019}t expect delays.\n\n\
         Tickets cost 3.5 euros on Node.js kiosks run by U.S.Army veterans, see www.example.com for times."
    );
    let d = c.metadata.dateline.as_ref().expect("dateline");
    assert_eq!(
        (d.place.as_str(), d.source.as_deref()),
        ("Lisbon", Some("Lusa"))
    );
}

/// Every paragraph and word of the clean text maps back to the raw input, to text that
/// normalises to it.
#[test]
fn offsets_round_trip_with_multibyte_text() {
    let raw = "ZÜRICH (SDA) \u{2014} Die Stadt   Zürich  öffnet   ihr neues Museum ,sagte Anna Müller.Das Café bleibt zu.\n\n\
               \u{201c}Wir freuen uns\u{201d} , sagte sie \u{1F600} am Montag.\n";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    let mut pos = 0;
    for para in c.text.split("\n\n") {
        let span = Span::new(pos, pos + para.len());
        pos += para.len() + 2;
        let r = c.map.span_to_raw(span);
        assert!(r.is_valid_in(raw));
        let back: String = raw[r.range()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let norm = |s: &str| s.replace(" ,", ",").replace(".D", ". D");
        assert_eq!(norm(&back), para, "paragraph maps to {:?}", &raw[r.range()]);
        assert_eq!(c.map.span_to_clean(r), span);
    }
    for word in ["Zürich", "Müller", "Café", "\u{1F600}", "Montag"] {
        let i = c.text.find(word).expect(word);
        let r = c.map.span_to_raw(Span::new(i, i + word.len()));
        assert_eq!(&raw[r.range()], word);
    }
    assert!(!c.text.contains("ZÜRICH"));
}

#[test]
fn quote_paragraph_full_of_names_survives() {
    let raw = "The committee heard from five witnesses on Wednesday.\n\
               \"John, Mary, Peter Smith, Olga Ivanova and Dr. Chen,\" Brown said.\n\
               \"Yes,\" Ortiz replied. \"No,\" Li said.\n\
               The hearing resumes next week.\n";
    let c = clean(raw);
    assert!(
        c.text
            .contains("\"John, Mary, Peter Smith, Olga Ivanova and Dr. Chen,\" Brown said.")
    );
    assert!(c.text.contains("\"Yes,\" Ortiz replied. \"No,\" Li said."));
    assert_eq!(c.text.split("\n\n").count(), 4);
}

#[test]
fn refrain_is_not_deduplicated() {
    let raw = "Step one: whisk two eggs with the sugar until pale and thick.\n\
               Fold in the flour slowly.\n\
               Step two: melt the butter and let it cool for a few minutes.\n\
               Fold in the flour slowly.\n\
               Bake for twenty minutes at 180 degrees until golden on top.\n";
    let c = clean(raw);
    assert_eq!(c.text.matches("Fold in the flour slowly.").count(), 2);
    assert!(block_text(raw, &c, BlockKind::Duplicate).is_empty());
    // An interview prompt asked of every guest, longer than a few words.
    let raw = "We asked three bakers the same questions about their first year in business.\n\
               Q: What was the hardest moment of your first year?\n\
               Anna said the oven broke twice in the week before Christmas, and she baked at a friend's.\n\
               Q: What was the hardest moment of your first year?\n\
               Tomas said it was finding staff who would start at four in the morning.\n";
    let c = clean(raw);
    assert_eq!(
        c.text.matches("Q: What was the hardest moment").count(),
        2,
        "{}",
        c.text
    );
}

#[test]
fn teaser_without_dateline_is_a_duplicate() {
    let raw = "The river burst its banks overnight, flooding dozens of homes in the valley.Rescue teams worked until dawn.\n\
               The river burst its banks overnight, flooding dozens of homes in the valley.\n\
               Rescue teams worked until dawn.\n\
               Officials expect the water to recede by the weekend, the regional council said.\n";
    let c = clean(raw);
    assert_eq!(block_text(raw, &c, BlockKind::Duplicate).len(), 1);
    assert_eq!(c.text.matches("Rescue teams worked until dawn.").count(), 1);
}

#[test]
fn degenerate_inputs() {
    for raw in [
        "",
        "   \n\n\t",
        "\u{200b}\u{200b}",
        "\"\"\"“",
        "a",
        "\u{0}\u{1}\u{ffff}",
        "-- (x) -",
    ] {
        let c = clean(raw);
        assert_blocks_cover(raw, &c);
        let mut d = Document::new(raw);
        assert!(CleanStage::default().process(&mut d).is_ok());
    }
    let huge = "Plain sentence number one goes here, with words. ".repeat(20_000);
    let c = clean(&huge);
    assert_eq!(c.text, huge.trim());
}

#[test]
fn stage_sets_layers() {
    let stage = CleanStage::new(Cleaner::new());
    assert_eq!(stage.name(), "clean");
    assert!(stage.needs().is_empty());
    assert_eq!(
        stage.provides(),
        &[Layer::Blocks, Layer::Metadata, Layer::Clean]
    );
    let p = Pipeline::builder().stage(stage).build().unwrap();
    let doc = p.run(WIRE_STORY).unwrap();
    assert!(doc.working_text().starts_with("The central bank"));
    assert_eq!(doc.metadata().unwrap().date.as_deref(), Some("2025-11-04"));
    assert!(
        doc.blocks()
            .unwrap()
            .iter()
            .any(|b| b.kind == BlockKind::Caption)
    );
    let i = doc.working_text().find("Elsa Marrow").unwrap();
    let r = doc.to_raw(Span::new(i, i + "Elsa Marrow".len()));
    assert_eq!(&doc.raw()[r.range()], "Elsa Marrow");
    // the first copy of the name in the raw input is in the teaser; this one is in the body
    assert!(r.start > WIRE_STORY.find("OSLOVIK").unwrap());
}

#[test]
fn comments_and_lists() {
    let raw = "How to Keep Bees in a City Garden
Urban beekeeping has grown fast in the last decade, and councils now publish rules for it.
Before you start, check these points:
1. Ask your neighbours first
2. Find a sheltered corner
3. Register the hive with the council
Most keepers say the first year is the hardest, but the honey makes up for it.
Share this:
Leave a Reply
beefan99 says:
March 3, 2026 at 9:14 am
Great article, I started last spring and it has been wonderful for the whole street.
gardenguy says:
I disagree with point two, my bees prefer an open field and full sun all day.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert!(
        c.text
            .contains("1. Ask your neighbours first\n\n2. Find a sheltered corner")
    );
    assert!(c.text.contains("Before you start, check these points:"));
    assert!(c.text.ends_with("the honey makes up for it."), "{}", c.text);
    assert!(!c.text.contains("Great article"));
    assert_eq!(
        block_text(raw, &c, BlockKind::Title),
        vec!["How to Keep Bees in a City Garden"]
    );
}

#[test]
fn page_dump_headline_anchors_the_article() {
    // A whole-page dump: title line, a news ticker of teasers that read like prose, the
    // headline again, then the article.
    let raw = "Ferry Strike Ends After Three Days | Coastal Times
Coastal Times
News
Ferry Strike Ends After Three Days LUNDBY: Ferry crews went back to work on Monday after the union and the operator signed a new wage deal late on Sunday night.
Port Expansion Approved by Council LUNDBY: The council approved the long-delayed port expansion on Friday, ending two years of hearings on the project.
School Meals Plan Wins Support LUNDBY: A plan to offer free school meals to every pupil in the county won the backing of all parties this week.
Ferry Strike Ends After Three Days
Tuesday, March 3, 2026
Ferry crews went back to work on Monday after the union and the operator signed a new wage deal.
\"It was a long weekend for everyone,\" said union leader Karin Holm, who led the talks for the crews.
The operator said timetables would be back to normal by Wednesday.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert!(
        c.text
            .starts_with("Ferry crews went back to work on Monday"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("LUNDBY"));
    assert_eq!(c.text.split("\n\n").count(), 3);
    assert_eq!(c.metadata.date.as_deref(), Some("2026-03-03"));
    assert_eq!(c.metadata.section, None);
    assert_eq!(
        c.metadata.title.as_deref(),
        Some("Ferry Strike Ends After Three Days")
    );
    assert!(block_text(raw, &c, BlockKind::Title).contains(&"Ferry Strike Ends After Three Days"));
}

#[test]
fn closing_list_and_link_lists() {
    let raw = "The choir announced a summer tour on Friday, its first since the hall reopened last spring.
Tickets go on sale next week through the choir's own website and at the hall's box office.
The tour dates:
June 4 -- Old Hall, Westbury
June 9 -- Cathedral Square, Northam
June 12 -- Riverside Stage, Eastford
Top stories
Council Approves New Cycle Lanes
Storm Warning Issued for the Coast Tonight
The harbour master said boats should stay in port until the wind drops on Sunday morning.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert!(
        c.text
            .contains("The tour dates:\n\nJune 4 -- Old Hall, Westbury"),
        "{}",
        c.text
    );
    assert!(
        c.text.ends_with("June 12 -- Riverside Stage, Eastford"),
        "{}",
        c.text
    );
    assert_eq!(block_text(raw, &c, BlockKind::Related)[0], "Top stories");
}

#[test]
fn sentences_that_mention_furniture_words_stay() {
    let raw = "The bakery on Mill Street sold out of its cookies by noon on Saturday.
Cookie sales rose by a third this year, the owner said.
Copyright lawyers said the recipe itself could not be protected.
The report says:
\"Small shops are doing better than expected this winter.\"
The newsletter of the traders' association was sent to 5,000 members.
Responses to the survey were mixed, the association added.
By the time the shop closed, the queue reached the corner.
Go to any market in town and you will find the same story.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    let body: Vec<&str> = c.text.split("\n\n").collect();
    assert_eq!(body.len(), 9, "{body:#?}");
    assert!(block_text(raw, &c, BlockKind::Legal).is_empty());
    assert!(block_text(raw, &c, BlockKind::Promo).is_empty());
    assert!(block_text(raw, &c, BlockKind::Byline).is_empty());
}

#[test]
fn calls_to_action_inside_sentences_are_promo() {
    let raw = "The museum reopened its east wing on Sunday after three years of repairs.
Curators said the new lighting shows the paintings as they were meant to be seen.
Subscribe to our newsletter for more stories like this one, delivered to your inbox.
Copyright 2026 Example Media Group. All rights reserved.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert_eq!(c.text.split("\n\n").count(), 2, "{}", c.text);
    assert_eq!(block_text(raw, &c, BlockKind::Promo).len(), 1);
    assert_eq!(block_text(raw, &c, BlockKind::Legal).len(), 1);
}

#[test]
fn interview_with_broken_off_lines() {
    let raw = "Interview with a harbour pilot about the winter season
How many ships do you bring in on a normal winter day, and does the ice change that --
Usually four or five, but when the ice comes in we are lucky to manage two.
And the crews, are they ready for it --
Most of them are, the ones from the south sometimes are not.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert_eq!(c.text.split("\n\n").count(), 4, "{}", c.text);
    assert_eq!(
        block_text(raw, &c, BlockKind::Title),
        vec!["Interview with a harbour pilot about the winter season"]
    );
}

#[test]
fn plain_list_after_a_colon_inside_the_article() {
    let raw = "The soup that won the county fair this year is simple to make at home.
You will need:
two leeks
four potatoes
a litre of stock
Simmer everything for forty minutes, then blend it until smooth and season well.
More:
County Fair Opens Its Gates
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert!(
        c.text
            .contains("You will need:\n\ntwo leeks\n\nfour potatoes\n\na litre of stock\n\nSimmer"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("County Fair Opens"));
}

#[test]
fn gallery_captions_and_dated_bylines() {
    let raw = "By Ana Lind | March 3, 2026 at 2:26 PM - Updated March 3 at 4:46 PM
The old lighthouse on the north cape will open to visitors again in May, the county said.
2 of 5 Workers repair the lamp room of the lighthouse on Tuesday, March 3, 2026, on the north cape.
Volunteers raised most of the money for the repairs through a local fair last summer.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert_eq!(c.text.split("\n\n").count(), 2, "{}", c.text);
    assert!(block_text(raw, &c, BlockKind::Caption)[0].starts_with("2 of 5"));
    assert!(block_text(raw, &c, BlockKind::Byline)[0].starts_with("By Ana Lind"));
    assert_eq!(c.metadata.date.as_deref(), Some("2026-03-03"));
}

#[test]
fn inline_read_more_links_do_not_end_the_article() {
    let raw =
        "Firefighters contained the forest fire north of the town late on Friday, officials said.
More than two hundred people had left their homes as a precaution during the week.
READ MORE: Dry summer raises fire risk across the northern region
Residents were allowed to return on Saturday morning, the fire chief told reporters in town.
";
    let c = clean(raw);
    assert_blocks_cover(raw, &c);
    assert_eq!(c.text.split("\n\n").count(), 3, "{}", c.text);
    assert!(c.text.ends_with("the fire chief told reporters in town."));
    assert_eq!(block_text(raw, &c, BlockKind::Promo).len(), 1);
}

#[test]
fn long_comment_section_does_not_replace_the_article() {
    let mut raw = String::from(
        "12 Comments\n\
         The town council voted on Monday to close the old swimming pool at the end of the summer.\n\
         A new pool will be built next to the school, with money from the regional budget.\n\
         Work on the new pool starts in the autumn and should take about eighteen months, the mayor said.\n\
         Leave a Reply\n",
    );
    for i in 0..6 {
        raw.push_str(&format!(
            "I have been swimming there for {n} years and I think the council is making a terrible mistake with this.\n",
            n = 20 + i
        ));
    }
    let c = clean(&raw);
    assert_blocks_cover(&raw, &c);
    assert!(c.text.starts_with("The town council voted"), "{}", c.text);
    assert!(!c.text.contains("swimming there"), "{}", c.text);
}
