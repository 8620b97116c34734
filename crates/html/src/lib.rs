//! nutgraf-html: the article from an HTML page.
//!
//! [`extract`] parses a page with the WHATWG-compliant [html5gum] tokenizer (byte spans for every
//! tag and text run), builds a flat DOM with a simplified HTML5 tree construction, finds the main
//! content with a Readability-style scoring of text containers, and returns the content as text
//! blocks (paragraphs, headings, list items, block quotes, figure captions) separated by blank
//! lines. Every block remembers the byte range of the HTML element it came from
//! ([`HtmlElement::html`]), so a quote found in the text can be found again in the page.
//!
//! The page's own metadata (JSON-LD `NewsArticle`, Open Graph, plain meta tags,
//! `<link rel=canonical>`, `<html lang>`, `<title>`) goes into [`HtmlExtract::metadata`] and the
//! other fields of [`HtmlExtract`].
//!
//! ```
//! let page = r#"<html lang="en"><head><title>Budget vote</title>
//! <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
//! <body><nav><a href="/">Home</a></nav><article>
//! <p>The council approved the budget on Tuesday, after a long debate.</p>
//! <p>&ldquo;It is a fair deal,&rdquo; the mayor said.</p></article></body></html>"#;
//! let x = nutgraf_html::extract(page);
//! assert!(x.text.starts_with("The council approved"));
//! assert!(!x.text.contains("Home"));
//! assert_eq!(x.metadata.date.as_deref(), Some("2024-03-05"));
//! assert_eq!(x.language.as_deref(), Some("en"));
//! let first = &x.elements[0];
//! assert!(page[first.html.start..first.html.end].starts_with("<p>"));
//! ```

mod content;
mod dom;
mod meta;

pub use nutgraf_core::{BlockKind, Metadata, Span};

use dom::{NONE, prop, tag};

/// A block of the extracted text and the HTML element it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlElement {
    /// Span of [`HtmlExtract::text`] produced from this element.
    pub text: Span,
    /// Byte range of the source element in the HTML input (start tag to end tag; for an element
    /// without an end tag, to the end of its last content).
    pub html: Span,
    /// [`BlockKind::Body`] for paragraphs and list items, [`BlockKind::Title`] for headings,
    /// [`BlockKind::Caption`] for figure captions.
    pub kind: BlockKind,
    /// Lower-case tag name of the element (`"p"`, `"h2"`, `"blockquote"`, `"figcaption"`, ...).
    pub tag: String,
}

/// What [`extract`] finds in a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlExtract {
    /// The main content as text: one block per paragraph, heading, list item, block quote or
    /// figure caption, blocks separated by `"\n\n"`.
    pub text: String,
    /// One element per block of `text`, sorted by text span.
    pub elements: Vec<HtmlElement>,
    /// Title, byline (author), date (`YYYY-MM-DD`), section, URL (the canonical URL) and
    /// language the page declares.
    pub metadata: Metadata,
    /// `<link rel=canonical>` (else `og:url`, else the JSON-LD `url`).
    pub canonical_url: Option<String>,
    /// `<html lang>` (else `Content-Language`, JSON-LD `inLanguage` or `og:locale`).
    pub language: Option<String>,
    /// The publication date and time as the page writes it (normally ISO 8601).
    pub published: Option<String>,
}

impl HtmlExtract {
    /// The elements whose text overlaps `span` (a byte range of [`HtmlExtract::text`]), in
    /// order: where a sentence or a quote of the text comes from in the page. An empty span
    /// gives the element that contains its position, if any.
    #[must_use]
    pub fn elements_for(&self, span: Span) -> &[HtmlElement] {
        let first = self.elements.partition_point(|e| e.text.end <= span.start);
        let end = span.end.max(span.start.saturating_add(1));
        let last = first + self.elements[first..].partition_point(|e| e.text.start < end);
        &self.elements[first..last]
    }
}

/// Extracts main content and metadata from HTML pages.
///
/// Holds no per-page state: one extractor can serve many threads.
#[derive(Clone, Debug, Default)]
pub struct HtmlExtractor {
    line_breaks: bool,
}

impl HtmlExtractor {
    /// An extractor with the default settings.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether a single `<br>` inside a block becomes a line break (`\n`) in the text. The
    /// default is `false`: it becomes a space, which keeps a paragraph one line for the clean
    /// stage (it reads lines as units). Two `<br>` in a row always end the block.
    #[must_use]
    pub fn with_line_breaks(mut self, yes: bool) -> Self {
        self.line_breaks = yes;
        self
    }

    /// Extracts the main content and the metadata of one page.
    ///
    /// Never panics; linear in the size of the page. Any input gives a result (an empty text for
    /// a page with no text).
    #[must_use]
    pub fn extract(&self, html: &str) -> HtmlExtract {
        let mut collector = meta::Collector::default();
        let dom = dom::parse(html, &mut collector);
        let page = collector.finish();
        let blocks = content::prune(
            &dom,
            content::extract(&dom, self.line_breaks),
            page.metadata.title.as_deref(),
        );
        let mut text = String::with_capacity(blocks.iter().map(|b| b.text.len() + 2).sum());
        let mut elements = Vec::with_capacity(blocks.len());
        for b in blocks {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(&b.text);
            let owner = b.owner as usize;
            let (hs, he) = if b.owner == NONE {
                (0, 0)
            } else {
                (dom.nodes[owner].start, dom.nodes[owner].end)
            };
            let t = dom.nodes[owner].tag;
            let kind = if dom.props_of(owner) & prop::HEADING != 0 {
                BlockKind::Title
            } else if t == tag::FIGCAPTION {
                BlockKind::Caption
            } else {
                BlockKind::Body
            };
            elements.push(HtmlElement {
                text: Span::new(start, text.len()),
                html: Span::new(
                    hs.min(html.len()),
                    he.min(html.len()).max(hs.min(html.len())),
                ),
                kind,
                tag: dom.name_of(owner).to_string(),
            });
        }
        HtmlExtract {
            text,
            elements,
            metadata: page.metadata,
            canonical_url: page.canonical_url,
            language: page.language,
            published: page.published,
        }
    }
}

/// Extracts the main content and the metadata of one page with the default [`HtmlExtractor`].
#[must_use]
pub fn extract(html: &str) -> HtmlExtract {
    HtmlExtractor::new().extract(html)
}
