//! Behaviour of nutgraf-html on pages written for these tests.

use nutgraf_html::{BlockKind, HtmlExtract, HtmlExtractor, Span, extract};
use proptest::prelude::*;

const BODY: &str = "<article><header><p>By Mia Chen, updated 10:42 GMT</p></header><p>The river rose by two metres overnight, and the town closed its bridges before dawn.</p>\
<p>&ldquo;We have never seen water this high,&rdquo; said the harbour master, who has worked there for thirty years.</p>\
<h2>Roads closed</h2><p>Police asked drivers to avoid the valley road until the evening, when the water is expected to fall.</p>\
<figure><img src=\"r.jpg\"><figcaption>The flooded market square on Monday.</figcaption></figure>\
<blockquote>Stay away from the river banks until further notice, the council wrote.</blockquote></article>";

fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{head}</head><body>\
         <nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav>\
         <script>var junk = \"<p>script text</p>\";</script><style>.a{{color:red}}</style>\
         {body}<aside class=\"related\"><a href=\"/x\">Another story you may like</a></aside>\
         <footer>Copyright 2024 Example Media. All rights reserved.</footer></body></html>"
    )
}

/// Every element span is valid, on char boundaries, sorted, and the text spans are the blocks.
fn check_spans(html: &str, x: &HtmlExtract) {
    let mut last = 0;
    for e in &x.elements {
        assert!(e.text.start >= last && e.text.start < e.text.end && e.text.end <= x.text.len());
        assert!(x.text.is_char_boundary(e.text.start) && x.text.is_char_boundary(e.text.end));
        assert!(e.html.start <= e.html.end && e.html.end <= html.len());
        assert!(html.is_char_boundary(e.html.start) && html.is_char_boundary(e.html.end));
        let block = &x.text[e.text.start..e.text.end];
        assert!(!block.contains("\n\n"), "{block:?}");
        assert_eq!(block.trim(), block);
        last = e.text.end;
    }
    for (k, e) in x.elements.iter().enumerate() {
        assert_eq!(x.elements_for(e.text), &x.elements[k..=k]);
    }
    let joined: Vec<&str> = x
        .elements
        .iter()
        .map(|e| &x.text[e.text.start..e.text.end])
        .collect();
    assert_eq!(joined.join("\n\n"), x.text);
}

#[test]
fn main_content_blocks_and_junk() {
    let html = page("<title>Flood</title>", BODY);
    let x = extract(&html);
    check_spans(&html, &x);
    assert!(
        x.text.starts_with("The river rose by two metres overnight"),
        "{}",
        x.text
    );
    for junk in [
        "Home",
        "script text",
        "color:red",
        "Another story",
        "Copyright",
    ] {
        assert!(!x.text.contains(junk), "{junk} in {}", x.text);
    }
    // entities decoded
    assert!(
        x.text
            .contains("\u{201c}We have never seen water this high,\u{201d} said")
    );
    let kinds: Vec<(&str, BlockKind)> = x
        .elements
        .iter()
        .map(|e| (e.tag.as_str(), e.kind))
        .collect();
    assert!(kinds.contains(&("h2", BlockKind::Title)));
    assert!(kinds.contains(&("figcaption", BlockKind::Caption)));
    assert!(kinds.contains(&("blockquote", BlockKind::Body)));
    assert!(x.text.contains("\n\nRoads closed\n\n"));
    // html spans point at the element
    for e in &x.elements {
        let src = &html[e.html.start..e.html.end];
        assert!(src.starts_with(&format!("<{}", e.tag)), "{src}");
        assert!(src.ends_with(&format!("</{}>", e.tag)), "{src}");
    }
}

#[test]
fn text_spans_lead_back_to_the_page() {
    let html = page("", BODY);
    let x = extract(&html);
    let at = x.text.find("harbour master").unwrap();
    let els = x.elements_for(Span::new(at, at + "harbour master".len()));
    assert_eq!(els.len(), 1);
    assert!(html[els[0].html.start..els[0].html.end].contains("said the harbour master"));
    let from = x.text.find("thirty years").unwrap();
    let to = x.text.find("Roads closed").unwrap() + 5;
    let els = x.elements_for(Span::new(from, to));
    let tags: Vec<&str> = els.iter().map(|e| e.tag.as_str()).collect();
    assert_eq!(tags, ["p", "h2"]);
    assert_eq!(
        x.elements_for(Span::new(x.text.len(), x.text.len())).len(),
        0
    );
    assert_eq!(x.elements_for(Span::new(0, 0)).len(), 1);
}

#[test]
fn author_box_and_call_to_action_are_dropped() {
    let body = "<article><div class=\"entry\">\
        <p>The bridge will reopen on Friday, the city said, after three weeks of repairs.</p>\
        <p>Engineers replaced two cables, and tests this week found no further damage.</p>\
        <p>Traffic on the river road, which took most of the detour, should ease by the weekend, officials added.</p>\
        <p>Cyclists, who had to walk across the old ferry ramp, will get a wider lane on the bridge from next month.</p>\
        <p>The repair cost 4.2 million, a third more than planned, because the cables had to be made to order abroad.</p>\
        <p>A second bridge, upstream, is due for the same work next year, and the city wants a plan by spring.</p>\
        <div class=\"author-box\"><p>Dana Wu covers transport for the paper, and has lived in the city since 2009.</p></div>\
        <div class=\"plus-cta-wrap\"><p>If you liked this story, join our members club, and get every article first.</p></div>\
        </div></article>";
    let x = extract(&page("", body));
    assert!(
        x.text.contains("Engineers replaced two cables"),
        "{}",
        x.text
    );
    assert!(!x.text.contains("Dana Wu"), "{}", x.text);
    assert!(!x.text.contains("members club"), "{}", x.text);
    // a short brief: the strict attempt is kept unless a relaxed one finds much more
    let brief = "<article><div class=\"entry\"><p>The ferry will run again from Monday, the port said.</p>\
        <p>Storm damage to the ramp, which closed it for a week, has been fixed.</p>\
        <div class=\"author-box\"><p>Dana Wu covers transport, and has lived in the city since 2009.</p></div>\
        </div></article>";
    let x = extract(&page("", brief));
    assert!(x.text.contains("has been fixed"), "{}", x.text);
    assert!(!x.text.contains("Dana Wu"), "{}", x.text);
}

#[test]
fn headline_repeats_and_link_lines_are_pruned() {
    let body = "<article><h1>Storm hits the coast</h1>\
        <p>The storm reached the coast at noon, bringing winds of over 100 km/h to three towns.</p>\
        <p>Shelters opened in schools, and the army sent trucks with water and blankets.</p>\
        <p><a href=\"/r\">Read more: how to prepare for a storm</a></p>\
        <p>Shelters opened in schools, and the army sent trucks with water and blankets.</p>\
        <p>Forecasters expect the wind to drop by Thursday morning, the weather office said.</p></article>";
    let html = page("<title>Storm hits the coast</title>", body);
    let x = extract(&html);
    check_spans(&html, &x);
    assert!(!x.text.contains("Storm hits the coast"), "{}", x.text);
    assert!(!x.text.contains("Read more"), "{}", x.text);
    assert_eq!(x.text.matches("Shelters opened").count(), 1, "{}", x.text);
    assert!(x.text.ends_with("the weather office said."), "{}", x.text);
    assert_eq!(x.metadata.title.as_deref(), Some("Storm hits the coast"));
}

#[test]
fn article_split_into_sections_and_div_paragraphs() {
    let mut body = String::from(
        "<div class=\"story\"><div style=\"x\">The first paragraph of this blog post sits alone in a styled div, with a comma.</div><div class=\"reader\">",
    );
    for i in 0..6 {
        body.push_str(&format!(
            "<p>Reader paragraph {i} talks about the festival, the lights, the crowds, and the weather in town.</p>"
        ));
    }
    body.push_str("</div></div><section class=\"ad\"><a href=\"/ad\">Buy now</a></section>");
    let mut html = page("", &body);
    html = html.replace("<footer>", "<section class=\"outer\"><div class=\"post-text\"><p>Part one of a long feature, with many words, commas, and clauses, ends here.</p><p>It continues, as long features do, with another paragraph of sober prose.</p></div></section>\
        <figure><img src=\"a.jpg\"></figure><section class=\"outer\"><div class=\"post-text\"><p>Part two picks up the thread, again with commas, and adds a final point.</p></div></section><footer>");
    let x = extract(&html);
    check_spans(&html, &x);
    assert!(x.text.contains("Reader paragraph 5"), "{}", x.text);
    let y = extract(&page("", &body));
    assert!(
        y.text.starts_with("The first paragraph of this blog post"),
        "{}",
        y.text
    );
    let feature = page(
        "",
        "<section class=\"outer\"><div class=\"post-text\"><p>Part one of a long feature, with many words, commas, and clauses, ends here.</p>\
        <p>It continues, as long features do, with another paragraph of sober prose, commas, more.</p></div></section>\
        <aside><p>Sidebar</p></aside><section class=\"outer\"><div class=\"post-text\"><p>Part two picks up the thread, again with commas, and adds a final point.</p></div></section>",
    );
    let z = extract(&feature);
    check_spans(&feature, &z);
    assert!(
        z.text.contains("Part one") && z.text.contains("Part two"),
        "{}",
        z.text
    );
    assert!(!z.text.contains("Sidebar"));
}

#[test]
fn json_ld_metadata_in_graph() {
    let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","name":"Example Media"},
      {"@type":["NewsArticle"],"headline":"River floods the old town","datePublished":"2024-02-11T06:30:00+01:00",
       "author":[{"@type":"Person","name":"Jo Park"},{"@type":"Person","name":"Sam Lee"}],
       "articleSection":["Local"],"inLanguage":"en-GB","mainEntityOfPage":{"@id":"https://example.org/flood"}}]}</script>
       <meta property="og:title" content="OG title">"#;
    let html = page(head, BODY);
    let x = extract(&html);
    assert_eq!(
        x.metadata.title.as_deref(),
        Some("River floods the old town")
    );
    assert_eq!(x.metadata.byline.as_deref(), Some("Jo Park, Sam Lee"));
    assert_eq!(x.metadata.date.as_deref(), Some("2024-02-11"));
    assert_eq!(x.published.as_deref(), Some("2024-02-11T06:30:00+01:00"));
    assert_eq!(x.metadata.section.as_deref(), Some("Local"));
    assert_eq!(
        x.canonical_url.as_deref(),
        Some("https://example.org/flood")
    );
    assert_eq!(x.language.as_deref(), Some("en-GB"));
}

#[test]
fn json_ld_fallback_entities_and_itemprop_lists() {
    let head = r#"<script type="application/ld+json">[{"@type":"MedicalWebPage","headline":"Sleep &amp; the &#8216;night shift&#8217;",
      "datePublished":"2021-07-09T08:00:00.000Z"}]</script>"#;
    let x = extract(&page(head, BODY));
    assert_eq!(
        x.metadata.title.as_deref(),
        Some("Sleep & the \u{2018}night shift\u{2019}")
    );
    assert_eq!(x.metadata.date.as_deref(), Some("2021-07-09"));
    let head = r#"<meta property="article:published" itemprop="datePublished dateCreated" content="2020-01-31T23:00:00Z">"#;
    assert_eq!(
        extract(&page(head, BODY)).metadata.date.as_deref(),
        Some("2020-01-31")
    );
    let head = r#"<meta name="sn-post-date" content="2019/11/19"><meta name="last-modified-date" content="2020/01/01">"#;
    assert_eq!(
        extract(&page(head, BODY)).metadata.date.as_deref(),
        Some("2019-11-19")
    );
}

#[test]
fn open_graph_metadata() {
    let head = r#"<meta property="og:title" content="Bridges closed as river rises">
      <meta property="article:published_time" content="2023-12-01T18:00:00Z">
      <meta property="article:section" content="Weather">
      <meta property="article:author" content="Rita Gomez">
      <meta property="og:url" content="https://example.org/bridges">
      <link rel="canonical" href="https://example.org/bridges-canonical"><title>Site title</title>"#;
    let html = page(head, BODY).replace("<html>", "<html lang=\"fr\">");
    let x = extract(&html);
    assert_eq!(
        x.metadata.title.as_deref(),
        Some("Bridges closed as river rises")
    );
    assert_eq!(x.metadata.date.as_deref(), Some("2023-12-01"));
    assert_eq!(x.metadata.section.as_deref(), Some("Weather"));
    assert_eq!(x.metadata.byline.as_deref(), Some("Rita Gomez"));
    assert_eq!(
        x.canonical_url.as_deref(),
        Some("https://example.org/bridges-canonical")
    );
    assert_eq!(x.language.as_deref(), Some("fr"));
}

#[test]
fn plain_meta_tags() {
    let head = r#"<title> Valley  road reopens | Example </title><meta name="author" content="By Lena Fox">
      <meta name="date" content="March 4, 2022"><meta name="section" content="Transport">
      <meta http-equiv="content-language" content="de">"#;
    let x = extract(&page(head, BODY));
    assert_eq!(
        x.metadata.title.as_deref(),
        Some("Valley road reopens | Example")
    );
    assert_eq!(x.metadata.byline.as_deref(), Some("Lena Fox"));
    assert_eq!(x.metadata.date.as_deref(), Some("2022-03-04"));
    assert_eq!(x.published.as_deref(), Some("March 4, 2022"));
    assert_eq!(x.metadata.section.as_deref(), Some("Transport"));
    assert_eq!(x.language.as_deref(), Some("de"));
}

#[test]
fn no_metadata_at_all() {
    let x = extract(&format!("<body>{BODY}</body>"));
    assert_eq!(x.metadata.title, None);
    assert_eq!(x.metadata.byline, None);
    assert_eq!(x.metadata.date, None);
    assert_eq!(x.metadata.section, None);
    assert_eq!(x.canonical_url, None);
    assert_eq!(x.language, None);
    assert_eq!(x.metadata.url, None);
    assert_eq!(x.metadata.language, None);
    assert_eq!(x.published, None);
    assert!(x.text.contains("harbour master"));
}

#[test]
fn malformed_unclosed_tags() {
    let html = "<html><body><div class=content><p>First paragraph of the story is long enough to count, truly.\
                <p>Second <b>bold <i>mixed</b> paragraph</i> still goes on for a while, as news does.\
                <li>loose item</div></span></p></article><p>tail";
    let x = extract(html);
    check_spans(html, &x);
    assert!(x.text.contains("First paragraph of the story"));
    assert!(x.text.contains("Second bold mixed paragraph still goes on"));
    let blocks: Vec<&str> = x.text.split("\n\n").collect();
    assert!(
        blocks
            .iter()
            .any(|b| b.starts_with("First") && !b.contains("Second"))
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let n = 100_000;
    let mut html = String::with_capacity(n * 12);
    for _ in 0..n {
        html.push_str("<div>");
    }
    html.push_str(
        "<p>Deep inside the nesting sits a paragraph, with commas, that should be found.</p>",
    );
    for _ in 0..n / 2 {
        html.push_str("</div>");
    }
    for _ in 0..n {
        html.push_str("</span><b>");
    }
    let x = extract(&html);
    check_spans(&html, &x);
    assert!(x.text.contains("Deep inside the nesting"));
}

#[test]
fn ten_megabyte_page() {
    let mut body = String::new();
    let mut k = 0;
    while body.len() < 10 << 20 {
        body.push_str(&format!(
            "<p>Line {k} of a very long report, with commas, numbers like 1,234 and words &amp; entities.</p>\n"
        ));
        k += 1;
    }
    let html = page(
        "<title>Big</title>",
        &format!("<div class=\"article-body\">{body}</div>"),
    );
    let x = extract(&html);
    check_spans(&html, &x);
    assert!(x.elements.len() > 100_000);
    assert!(x.text.contains("words & entities"));
}

#[test]
fn empty_and_junk_inputs() {
    for html in [
        "",
        "   ",
        "<",
        "</p>",
        "<!--",
        "<script>",
        "\u{0}\u{1}\u{fffd}",
        "<p>",
        "<<<>>>",
        "&#xffffffff;",
    ] {
        let x = extract(html);
        check_spans(html, &x);
    }
    assert_eq!(extract("").text, "");
}

#[test]
fn fragments_without_html_or_body() {
    let x = extract("<p>First short line, <p>second short line, <li>a list item");
    check_spans(
        "<p>First short line, <p>second short line, <li>a list item",
        &x,
    );
    assert_eq!(
        x.text,
        "First short line,\n\nsecond short line,\n\na list item"
    );
    let x = extract("just text<br>and more");
    assert_eq!(x.text, "just text and more");
    assert_eq!(
        x.elements[0].html,
        Span::new(0, "just text<br>and more".len())
    );
}

#[test]
fn br_and_pre() {
    let html = "<body><div class=\"story\"><p>Line one of the poem, read aloud<br>line two of it, quietly<br><br>\
                a new stanza after two breaks, longer than before.</p><pre>code  keeps\n  its   lines\n\n\nand  no blank ones</pre></div></body>";
    let x = extract(html);
    check_spans(html, &x);
    assert!(x.text.contains("read aloud line two"), "{}", x.text);
    assert!(x.text.contains("quietly\n\na new stanza"), "{}", x.text);
    assert!(
        x.text
            .ends_with("\n\ncode keeps\nits lines\nand no blank ones"),
        "{:?}",
        x.text
    );
    let x = HtmlExtractor::new().with_line_breaks(true).extract(html);
    check_spans(html, &x);
    assert!(x.text.contains("read aloud\nline two"), "{}", x.text);
    assert!(x.text.contains("quietly\n\na new stanza"), "{}", x.text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_input_gives_valid_spans(s in "(<(/)?(p|div|b|script|li|h2|a|br|x-y)( class=\"[a-z ]{0,8}\")?>|[a-zé&;,. ]{0,20}|&amp;|&#[0-9]{1,7};|<!--|-->)*") {
        let x = extract(&s);
        check_spans(&s, &x);
    }

    #[test]
    fn arbitrary_strings_do_not_panic(s in any::<String>()) {
        let x = extract(&s);
        check_spans(&s, &x);
    }
}
