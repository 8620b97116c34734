//! HTML input: the sample article wrapped in a simple page gives the same quotes, entities and
//! body as the text dump, block spans map back to their HTML elements, and the page's own
//! metadata fills what the text does not say.

use nutgraf::{Document, Gazetteer, HtmlExtractor, english_news, invariants, run_html};

const SAMPLE: &str = include_str!("../../../examples/data/sample-article.txt");
const SAMPLE_GAZETTEER: &str = include_str!("../../../examples/data/sample-gazetteer.json");

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn wrap(text: &str) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Port ready for turbines | Nordic Wire</title>\
         <link rel=\"canonical\" href=\"https://news.example/halvik-port\">\
         <script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"Port ready for turbines\",\
         \"datePublished\": \"2026-03-04T08:00:00Z\", \"author\": {\"@type\": \"Person\", \"name\": \"Ida Strand\"}}</script>\
         </head><body><nav><a href=\"/\">Home</a> <a href=\"/business\">Business</a></nav><article><h1>Port ready for turbines</h1>\n",
    );
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        html.push_str("<p>");
        html.push_str(&escape(line.trim()));
        html.push_str("</p>\n");
    }
    html.push_str(
        "</article><footer>© 2026 Nordic Wire. All rights reserved.</footer></body></html>",
    );
    html
}

/// (kind, quote text, speaker entity name, cue) of every quote.
fn quotes(doc: &Document) -> Vec<(String, String, String, String)> {
    let entities = doc.entities().unwrap();
    doc.quotes()
        .unwrap()
        .iter()
        .map(|q| {
            let name = q
                .speaker
                .as_ref()
                .and_then(|s| s.entity.as_ref())
                .and_then(|id| entities.iter().find(|e| &e.id == id))
                .map_or(String::new(), |e| e.name.clone());
            let cue = q.cue.map_or(String::new(), |c| doc.raw_slice(c).to_owned());
            (
                q.kind.as_str().to_owned(),
                doc.working_slice(q.span).to_owned(),
                name,
                cue,
            )
        })
        .collect()
}

#[test]
fn wrapped_sample_gives_the_same_results_as_the_text() {
    let gazetteer = Gazetteer::parse(SAMPLE_GAZETTEER, "sample-gazetteer.json").unwrap();
    let pipeline = english_news(Some(&gazetteer)).unwrap();
    let from_text = pipeline.run(SAMPLE).unwrap();
    let html = wrap(SAMPLE);
    let from_html = run_html(&pipeline, &HtmlExtractor::default(), &html).unwrap();
    invariants::check(&from_html).unwrap();

    assert_eq!(quotes(&from_html), quotes(&from_text));
    let names = |d: &Document| {
        let mut v: Vec<_> = d
            .entities()
            .unwrap()
            .iter()
            .map(|e| (e.name.clone(), e.kind.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&from_html), names(&from_text));
    let paragraphs = |d: &Document| -> Vec<String> {
        d.paragraphs()
            .unwrap()
            .iter()
            .map(|&p| d.working_slice(p).to_owned())
            .collect()
    };
    assert_eq!(paragraphs(&from_html), paragraphs(&from_text));

    // Metadata: the text's header and dateline win, the page adds what the text lacks.
    let md = from_html.metadata().unwrap();
    assert_eq!(md.date.as_deref(), Some("2026-03-04"));
    assert_eq!(
        md.dateline.as_ref().map(|d| d.place.as_str()),
        Some("Halvik")
    );
    assert_eq!(md.url.as_deref(), Some("https://news.example/halvik-port"));
    assert_eq!(md.language.as_deref(), Some("en"));
    assert_eq!(md.byline.as_deref(), Some("Ida Strand"));

    // Every body block points at a <p> element whose text holds the block's text.
    let body: Vec<_> = from_html
        .blocks()
        .unwrap()
        .iter()
        .filter(|b| b.kind.is_body())
        .collect();
    assert!(!body.is_empty());
    for b in body {
        let el = from_html
            .source_of(b.span)
            .expect("body block has a source element");
        let element_html = &html[el.source.range()];
        assert!(
            element_html.starts_with("<p>") && element_html.ends_with("</p>"),
            "{element_html}"
        );
        let words: Vec<&str> = from_html
            .raw_slice(b.span)
            .split_whitespace()
            .take(3)
            .collect();
        assert!(
            element_html.contains(&words.join(" ")),
            "{words:?} not in {element_html}"
        );
    }
}

#[test]
fn hostile_html_does_not_panic() {
    let pipeline = english_news(None).unwrap();
    let extractor = HtmlExtractor::default();
    let deep = "<div>".repeat(50_000) + "Deep text said nothing." + &"</div>".repeat(10);
    for page in [
        String::new(),
        "<p>unclosed <b>bold <i>italic".to_owned(),
        "<<<>>></p></p><script>\"".to_owned(),
        deep,
        "<p>\"Odd quote, she said.</p><p>“Another” one</p>".repeat(2_000),
    ] {
        let doc = run_html(&pipeline, &extractor, &page).unwrap();
        invariants::check(&doc).unwrap();
    }
}
