//! Wire format v1: the JSON record nutgraf writes for one article.
//!
//! ```text
//! { "schema_version": 1, "id": ...,
//!   "metadata": {"date": "YYYY-MM-DD"|null, "section": str|null,
//!                "dateline": {"place": str, "source": str|null, "start", "end"}|null,
//!                "byline": str|null, "title": str|null, "url": str|null, "language": str|null},
//!   "blocks": [{"kind", "start", "end", "html_start"?, "html_end"?}],
//!   "text": "the clean body, paragraphs separated by a blank line",
//!   "paragraphs": [{"start", "end", "text"}],
//!   "sentences":  [{"start", "end", "text"}],
//!   "entities": [{"id", "name", "kind", "roles": [str], "source": "gazetteer"|"discovered",
//!                 "mentions": [{"start", "end", "text"}], "gender": "female"|"male"|null}],
//!   "quotes": [{"kind": "direct"|"indirect"|"mixed", "text", "start", "end",
//!               "speaker": {"text", "start", "end", "entity": id|null}|null,
//!               "cue": {"text", "start", "end"}|null}] }
//! ```
//!
//! Every `start`/`end` is a UTF-8 byte offset into the raw input. The `text` of a paragraph,
//! sentence or quote is the clean text at its span; the `text` of a mention, speaker or cue is
//! exactly the raw input at its span. For a document read from HTML, the raw input is the text
//! extracted from the page, and each block also carries `html_start`/`html_end`, the byte range
//! of the HTML element it came from. Layers a pipeline did not compute are empty (or `null`
//! for metadata fields). Fields may be added in later versions of schema 1; none is removed.

use serde::Serialize;

use crate::{Document, Span};

/// The schema version this module writes.
pub const SCHEMA_VERSION: u32 = 1;

/// One article's record, borrowing from its [`Document`].
#[derive(Debug, Serialize)]
pub struct Record<'d> {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The caller's identifier for the article (`null` when none).
    pub id: serde_json::Value,
    /// Page metadata.
    pub metadata: WireMetadata<'d>,
    /// Labelled blocks of the raw input.
    pub blocks: Vec<WireBlock>,
    /// The clean body (the raw input when no cleaning ran).
    pub text: &'d str,
    /// Paragraphs.
    pub paragraphs: Vec<TextSpan<'d>>,
    /// Sentences.
    pub sentences: Vec<TextSpan<'d>>,
    /// Entities.
    pub entities: Vec<WireEntity<'d>>,
    /// Quotes.
    pub quotes: Vec<WireQuote<'d>>,
}

/// Metadata on the wire.
#[derive(Debug, Default, Serialize)]
pub struct WireMetadata<'d> {
    /// `YYYY-MM-DD`.
    pub date: Option<&'d str>,
    /// Site section.
    pub section: Option<&'d str>,
    /// Dateline.
    pub dateline: Option<WireDateline<'d>>,
    /// Byline author text.
    pub byline: Option<&'d str>,
    /// Title.
    pub title: Option<&'d str>,
    /// Canonical URL.
    pub url: Option<&'d str>,
    /// Language tag.
    pub language: Option<&'d str>,
}

/// A dateline on the wire.
#[derive(Debug, Serialize)]
pub struct WireDateline<'d> {
    /// Place.
    pub place: &'d str,
    /// Agency or outlet.
    pub source: Option<&'d str>,
    /// Start in the raw input.
    pub start: usize,
    /// End in the raw input.
    pub end: usize,
}

/// A block on the wire.
#[derive(Debug, Serialize)]
pub struct WireBlock {
    /// Kind name.
    pub kind: &'static str,
    /// Start in the raw input.
    pub start: usize,
    /// End in the raw input.
    pub end: usize,
    /// Start of the source (HTML) element the block came from, for documents read from HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html_start: Option<usize>,
    /// End of that source element.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html_end: Option<usize>,
}

/// A span with its text.
#[derive(Debug, Serialize)]
pub struct TextSpan<'d> {
    /// Start in the raw input.
    pub start: usize,
    /// End in the raw input.
    pub end: usize,
    /// The text (clean or raw, see the module docs).
    pub text: &'d str,
}

/// An entity on the wire.
#[derive(Debug, Serialize)]
pub struct WireEntity<'d> {
    /// Identifier.
    pub id: &'d str,
    /// Canonical name.
    pub name: &'d str,
    /// Kind name.
    pub kind: &'d str,
    /// Roles.
    pub roles: &'d [String],
    /// `gazetteer` or `discovered`.
    pub source: &'static str,
    /// Mentions, with the raw text.
    pub mentions: Vec<TextSpan<'d>>,
    /// `female`, `male` or `null`.
    pub gender: Option<&'static str>,
}

/// A speaker on the wire.
#[derive(Debug, Serialize)]
pub struct WireSpeaker<'d> {
    /// The raw text of the mention.
    pub text: &'d str,
    /// Start in the raw input.
    pub start: usize,
    /// End in the raw input.
    pub end: usize,
    /// Entity id, if resolved.
    pub entity: Option<&'d str>,
}

/// A quote on the wire.
#[derive(Debug, Serialize)]
pub struct WireQuote<'d> {
    /// `direct`, `indirect` or `mixed`.
    pub kind: &'static str,
    /// The clean text of the quote.
    pub text: &'d str,
    /// Start in the raw input.
    pub start: usize,
    /// End in the raw input.
    pub end: usize,
    /// Speaker.
    pub speaker: Option<WireSpeaker<'d>>,
    /// Cue, with the raw text.
    pub cue: Option<TextSpan<'d>>,
}

impl<'d> Record<'d> {
    /// Builds the record of a document.
    #[must_use]
    pub fn new(doc: &'d Document, id: serde_json::Value) -> Self {
        let clean_span = |s: Span| TextSpan {
            start: s.start,
            end: s.end,
            text: doc.working_slice(s),
        };
        let raw_span = |s: Span| TextSpan {
            start: s.start,
            end: s.end,
            text: doc.raw_slice(s),
        };
        let metadata = doc
            .metadata()
            .map_or_else(WireMetadata::default, |m| WireMetadata {
                date: m.date.as_deref(),
                section: m.section.as_deref(),
                dateline: m.dateline.as_ref().map(|d| WireDateline {
                    place: &d.place,
                    source: d.source.as_deref(),
                    start: d.span.start,
                    end: d.span.end,
                }),
                byline: m.byline.as_deref(),
                title: m.title.as_deref(),
                url: m.url.as_deref(),
                language: m.language.as_deref(),
            });
        Record {
            schema_version: SCHEMA_VERSION,
            id,
            metadata,
            blocks: doc
                .blocks()
                .unwrap_or_default()
                .iter()
                .map(|b| {
                    let src = doc.source_of(b.span).map(|e| e.source);
                    WireBlock {
                        kind: b.kind.as_str(),
                        start: b.span.start,
                        end: b.span.end,
                        html_start: src.map(|s| s.start),
                        html_end: src.map(|s| s.end),
                    }
                })
                .collect(),
            text: doc.working_text(),
            paragraphs: doc
                .paragraphs()
                .unwrap_or_default()
                .iter()
                .map(|&s| clean_span(s))
                .collect(),
            sentences: doc
                .sentences()
                .unwrap_or_default()
                .iter()
                .map(|&s| clean_span(s))
                .collect(),
            entities: doc
                .entities()
                .unwrap_or_default()
                .iter()
                .map(|e| WireEntity {
                    id: &e.id,
                    name: &e.name,
                    kind: e.kind.as_str(),
                    roles: &e.roles,
                    source: match e.source {
                        crate::EntitySource::Gazetteer => "gazetteer",
                        crate::EntitySource::Discovered => "discovered",
                    },
                    mentions: e.mentions.iter().map(|&m| raw_span(m)).collect(),
                    gender: e.gender.map(crate::Gender::as_str),
                })
                .collect(),
            quotes: doc
                .quotes()
                .unwrap_or_default()
                .iter()
                .map(|q| WireQuote {
                    kind: q.kind.as_str(),
                    text: doc.working_slice(q.span),
                    start: q.span.start,
                    end: q.span.end,
                    speaker: q.speaker.as_ref().map(|s| WireSpeaker {
                        text: doc.raw_slice(s.span),
                        start: s.span.start,
                        end: s.span.end,
                        entity: s.entity.as_deref(),
                    }),
                    cue: q.cue.map(raw_span),
                })
                .collect(),
        }
    }

    /// The record as one line of JSON.
    #[must_use]
    ///
    /// U+2028 and U+2029 are written escaped (`\u2028`): they are valid inside JSON strings, but
    /// line readers that split on every Unicode line break (Python's `str.splitlines`,
    /// JavaScript) would cut the record in two.
    pub fn to_json(&self) -> String {
        // Serialising borrowed strings, numbers and options into a String cannot fail.
        let json = serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        escape_line_separators(json)
    }
}

/// Escapes U+2028 and U+2029 in serialised JSON, where they can only occur inside strings.
#[must_use]
pub fn escape_line_separators(json: String) -> String {
    // both are E2 80 A8/A9 in UTF-8: jump between E2 bytes with memchr, which is much faster
    // than decoding every char of a long record
    let b = json.as_bytes();
    let found = memchr::memchr_iter(0xE2, b)
        .any(|i| b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)));
    if found {
        json.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entity, EntityKind, EntitySource, Quote, QuoteKind, Speaker};

    #[test]
    fn only_the_two_separators_are_escaped() {
        // other characters starting with the byte E2 stay as they are
        let s = "\u{201c}a\u{201d} \u{2014} b\u{2027}";
        assert_eq!(escape_line_separators(s.into()), s);
        assert_eq!(
            escape_line_separators("\u{201c}x\u{2029}y\u{2028}".into()),
            "\u{201c}x\\u2029y\\u2028"
        );
        assert_eq!(escape_line_separators("\u{2028}".into()), "\\u2028");
        assert_eq!(escape_line_separators("\u{e2}".into()), "\u{e2}");
    }

    #[test]
    fn record_has_every_field_and_raw_texts() {
        let mut d = Document::new("Ann said \"hi\".");
        d.set_sentences(vec![Span::new(0, 14)]).unwrap();
        d.set_entities(vec![Entity {
            id: "e0".into(),
            name: "Ann".into(),
            kind: EntityKind::Person,
            roles: vec![],
            source: EntitySource::Discovered,
            mentions: vec![Span::new(0, 3)],
            gender: None,
        }])
        .unwrap();
        d.set_quotes(vec![Quote {
            kind: QuoteKind::Direct,
            span: Span::new(10, 12),
            speaker: Some(Speaker {
                span: Span::new(0, 3),
                entity: Some("e0".into()),
            }),
            cue: Some(Span::new(4, 8)),
        }])
        .unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&Record::new(&d, serde_json::json!("a1")).to_json()).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["id"], "a1");
        assert!(v["metadata"]["date"].is_null());
        assert_eq!(v["blocks"], serde_json::json!([]));
        assert_eq!(v["sentences"][0]["text"], "Ann said \"hi\".");
        assert_eq!(v["entities"][0]["kind"], "person");
        assert_eq!(v["entities"][0]["source"], "discovered");
        assert_eq!(v["quotes"][0]["text"], "hi");
        assert_eq!(v["quotes"][0]["speaker"]["entity"], "e0");
        assert_eq!(v["quotes"][0]["cue"]["text"], "said");
    }

    #[test]
    fn blocks_from_html_carry_their_element_range() {
        use crate::{Block, BlockKind, SourceElement};
        let mut d = Document::new("Head\n\nBody.");
        d.set_blocks(vec![
            Block {
                kind: BlockKind::Title,
                span: Span::new(0, 4),
            },
            Block {
                kind: BlockKind::Body,
                span: Span::new(6, 11),
            },
        ])
        .unwrap();
        let plain: serde_json::Value =
            serde_json::from_str(&Record::new(&d, serde_json::Value::Null).to_json()).unwrap();
        assert!(plain["blocks"][0].get("html_start").is_none());
        d.set_source_elements(
            vec![SourceElement {
                text: Span::new(6, 11),
                source: Span::new(40, 60),
                tag: "p".into(),
            }],
            100,
        )
        .unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&Record::new(&d, serde_json::Value::Null).to_json()).unwrap();
        assert!(v["blocks"][0].get("html_start").is_none());
        assert_eq!(v["blocks"][1]["html_start"], 40);
        assert_eq!(v["blocks"][1]["html_end"], 60);
    }

    #[test]
    fn line_separators_are_escaped() {
        let mut d = Document::new("One\u{2028}two\u{2029}three.");
        d.set_sentences(vec![Span::new(0, d.raw().len())]).unwrap();
        let json = Record::new(&d, serde_json::Value::Null).to_json();
        assert!(!json.contains('\u{2028}') && !json.contains('\u{2029}'));
        assert_eq!(json.lines().count(), 1);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["text"], "One\u{2028}two\u{2029}three.");
    }
}
