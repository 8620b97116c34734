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
    ///
    /// U+2028 and U+2029 are written escaped (`\u2028`): they are valid inside JSON strings, but
    /// line readers that split on every Unicode line break (Python's `str.splitlines`,
    /// JavaScript) would cut the record in two.
    ///
    /// The output is exactly `serde_json::to_string` of the record (its `Serialize` form) with
    /// those two characters escaped, but written directly: records hold several copies of the
    /// article text, and this writer copies runs of plain bytes eight at a time.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut w = JsonWriter {
            out: String::with_capacity(self.estimated_json_len()),
        };
        self.write_json(&mut w);
        w.out
    }

    /// An upper estimate of the JSON length, so the buffer grows at most rarely.
    fn estimated_json_len(&self) -> usize {
        const PER_SPAN: usize = 64;
        let spans = |v: &[TextSpan<'_>]| v.iter().map(|t| t.text.len() + PER_SPAN).sum::<usize>();
        512 + self.text.len()
            + spans(&self.paragraphs)
            + spans(&self.sentences)
            + self.blocks.len() * PER_SPAN
            + self
                .entities
                .iter()
                .map(|e| 2 * PER_SPAN + e.name.len() + spans(&e.mentions))
                .sum::<usize>()
            + self
                .quotes
                .iter()
                .map(|q| 3 * PER_SPAN + q.text.len())
                .sum::<usize>()
    }

    fn write_json(&self, w: &mut JsonWriter) {
        w.raw("{\"schema_version\":");
        w.uint(u64::from(self.schema_version));
        w.raw(",\"id\":");
        // the id is the caller's JSON value, of any shape: serde_json writes it
        let id = serde_json::to_string(&self.id).unwrap_or_else(|_| "null".into());
        w.raw(&escape_line_separators(id));
        let m = &self.metadata;
        w.raw(",\"metadata\":{\"date\":");
        w.opt_str(m.date);
        w.raw(",\"section\":");
        w.opt_str(m.section);
        w.raw(",\"dateline\":");
        match &m.dateline {
            None => w.raw("null"),
            Some(d) => {
                w.raw("{\"place\":");
                w.str(d.place);
                w.raw(",\"source\":");
                w.opt_str(d.source);
                w.raw(",\"start\":");
                w.usize(d.start);
                w.raw(",\"end\":");
                w.usize(d.end);
                w.raw("}");
            }
        }
        w.raw(",\"byline\":");
        w.opt_str(m.byline);
        w.raw(",\"title\":");
        w.opt_str(m.title);
        w.raw(",\"url\":");
        w.opt_str(m.url);
        w.raw(",\"language\":");
        w.opt_str(m.language);
        w.raw("},\"blocks\":[");
        for (k, b) in self.blocks.iter().enumerate() {
            w.sep(k);
            w.raw("{\"kind\":");
            w.str(b.kind);
            w.raw(",\"start\":");
            w.usize(b.start);
            w.raw(",\"end\":");
            w.usize(b.end);
            if let Some(v) = b.html_start {
                w.raw(",\"html_start\":");
                w.usize(v);
            }
            if let Some(v) = b.html_end {
                w.raw(",\"html_end\":");
                w.usize(v);
            }
            w.raw("}");
        }
        w.raw("],\"text\":");
        w.str(self.text);
        w.raw(",\"paragraphs\":");
        w.spans(&self.paragraphs);
        w.raw(",\"sentences\":");
        w.spans(&self.sentences);
        w.raw(",\"entities\":[");
        for (k, e) in self.entities.iter().enumerate() {
            w.sep(k);
            w.raw("{\"id\":");
            w.str(e.id);
            w.raw(",\"name\":");
            w.str(e.name);
            w.raw(",\"kind\":");
            w.str(e.kind);
            w.raw(",\"roles\":[");
            for (j, r) in e.roles.iter().enumerate() {
                w.sep(j);
                w.str(r);
            }
            w.raw("],\"source\":");
            w.str(e.source);
            w.raw(",\"mentions\":");
            w.spans(&e.mentions);
            w.raw(",\"gender\":");
            w.opt_str(e.gender);
            w.raw("}");
        }
        w.raw("],\"quotes\":[");
        for (k, q) in self.quotes.iter().enumerate() {
            w.sep(k);
            w.raw("{\"kind\":");
            w.str(q.kind);
            w.raw(",\"text\":");
            w.str(q.text);
            w.raw(",\"start\":");
            w.usize(q.start);
            w.raw(",\"end\":");
            w.usize(q.end);
            w.raw(",\"speaker\":");
            match &q.speaker {
                None => w.raw("null"),
                Some(sp) => {
                    w.raw("{\"text\":");
                    w.str(sp.text);
                    w.raw(",\"start\":");
                    w.usize(sp.start);
                    w.raw(",\"end\":");
                    w.usize(sp.end);
                    w.raw(",\"entity\":");
                    w.opt_str(sp.entity);
                    w.raw("}");
                }
            }
            w.raw(",\"cue\":");
            match &q.cue {
                None => w.raw("null"),
                Some(c) => w.span(c),
            }
            w.raw("}");
        }
        w.raw("]}");
    }
}

/// Compact JSON output, byte for byte as serde_json writes it, plus escaped U+2028/U+2029.
struct JsonWriter {
    out: String,
}

impl JsonWriter {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A comma before every element but the first.
    fn sep(&mut self, k: usize) {
        if k > 0 {
            self.out.push(',');
        }
    }

    fn usize(&mut self, v: usize) {
        self.uint(v as u64);
    }

    /// An integer, as serde_json writes it (serde_json formats integers with `itoa` too).
    fn uint(&mut self, v: u64) {
        self.out.push_str(itoa::Buffer::new().format(v));
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    /// `{"start":N,"end":M,"text":"..."}`, with room for all of it reserved at once.
    fn span(&mut self, t: &TextSpan<'_>) {
        // 27 bytes of keys and punctuation, two integers of at most 20 digits
        self.out.reserve(67 + t.text.len());
        let mut digits = itoa::Buffer::new();
        self.out.push_str("{\"start\":");
        self.out.push_str(digits.format(t.start));
        self.out.push_str(",\"end\":");
        self.out.push_str(digits.format(t.end));
        self.out.push_str(",\"text\":");
        self.str(t.text);
        self.out.push('}');
    }

    fn spans(&mut self, v: &[TextSpan<'_>]) {
        self.out.push('[');
        for (k, t) in v.iter().enumerate() {
            self.sep(k);
            self.span(t);
        }
        self.out.push(']');
    }

    /// A JSON string: `"` and `\\` escaped, control characters as serde_json writes them
    /// (`\\n`, `\\u001f`), U+2028 and U+2029 as `\\u2028`/`\\u2029`, everything else as is.
    ///
    /// The scan tests 32 bytes at a time for any byte that [`may_need_escape`]: a fold with no
    /// early exit, which compiles to a few vector compares; only chunks with a hit are looked at
    /// byte by byte. Runs of plain bytes between escapes are copied whole.
    fn str(&mut self, s: &str) {
        const CHUNK: usize = 32;
        let b = s.as_bytes();
        self.out.reserve(b.len() + 2);
        self.out.push('"');
        let mut run = 0; // start of the bytes not yet copied
        let mut i = 0;
        while let Some(chunk) = b
            .get(i..i + CHUNK)
            .and_then(|c| <&[u8; CHUNK]>::try_from(c).ok())
        {
            if any_may_need_escape(chunk) {
                run = self.escape_range(s, run, i, i + CHUNK);
            }
            i += CHUNK;
        }
        if i < b.len() {
            // the tail, padded with spaces (plain bytes) to a whole chunk
            let mut tail = [b' '; CHUNK];
            if let Some(rest) = b.get(i..)
                && let Some(dst) = tail.get_mut(..rest.len())
            {
                dst.copy_from_slice(rest);
            }
            if any_may_need_escape(&tail) {
                run = self.escape_range(s, run, i, b.len());
            }
        }
        self.out.push_str(s.get(run..).unwrap_or_default());
        self.out.push('"');
    }

    /// Escapes what needs it among the bytes `from..to` of `s`; `run` is the start of the plain
    /// bytes not yet copied. Returns the new `run`.
    fn escape_range(&mut self, s: &str, mut run: usize, from: usize, to: usize) -> usize {
        let bytes = s.as_bytes().get(from..to).unwrap_or_default();
        for (k, &x) in bytes.iter().enumerate() {
            if may_need_escape(x) {
                run = self.escape(s, run, from + k);
            }
        }
        run
    }

    /// Handles the byte at `at` of `s`, one that [`may_need_escape`]: when it is something to
    /// escape, copies the plain bytes from `run` up to it and the escape, and returns where the
    /// next plain run starts; else returns `run` unchanged.
    fn escape(&mut self, s: &str, run: usize, at: usize) -> usize {
        let b = s.as_bytes();
        let Some(&c) = b.get(at) else {
            return run;
        };
        let (start, esc): (usize, &str) = match c {
            b'"' => (at, "\\\""),
            b'\\' => (at, "\\\\"),
            b'\n' => (at, "\\n"),
            b'\r' => (at, "\\r"),
            b'\t' => (at, "\\t"),
            0x08 => (at, "\\b"),
            0x0C => (at, "\\f"),
            0x00..=0x1F => (at, ""),
            // the last byte of E2 80 A8 (U+2028) or E2 80 A9 (U+2029)
            0xA8 | 0xA9 if at >= 2 && b.get(at - 2..at) == Some(&[0xE2, 0x80]) => {
                (at - 2, if c == 0xA8 { "\\u2028" } else { "\\u2029" })
            }
            _ => return run,
        };
        // `run` and `start` are char boundaries: each is 0, or next to an ASCII byte, or at the
        // start or end of a whole U+2028/U+2029
        self.out.push_str(s.get(run..start).unwrap_or_default());
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            self.out.push_str("\\u00");
            self.out.push(char::from(HEX[usize::from(c >> 4)]));
            self.out.push(char::from(HEX[usize::from(c & 0xF)]));
        } else {
            self.out.push_str(esc);
        }
        at + 1
    }
}

/// Whether a byte may need [`JsonWriter::str`] to escape something: a quote, a backslash, a
/// control byte, or A8/A9, the last byte of U+2028 and U+2029 (E2 80 A8/A9). Testing the last
/// byte rather than the lead byte E2 keeps the curly quotes and dashes of news text (E2 80 9x)
/// out of the slow path.
#[inline(always)]
fn may_need_escape(x: u8) -> bool {
    (x < 0x20) | (x == b'"') | (x == b'\\') | (x & 0xFE == 0xA8)
}

/// Whether any byte of a chunk [`may_need_escape`]. The fold has no early exit, so it compiles
/// to vector compares and one test.
#[inline(always)]
fn any_may_need_escape(chunk: &[u8; 32]) -> bool {
    chunk.iter().fold(false, |acc, &x| acc | may_need_escape(x))
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

    /// The serde form of a record, as `to_json` wrote it before it had its own writer.
    fn via_serde(r: &Record<'_>) -> String {
        escape_line_separators(serde_json::to_string(r).unwrap())
    }

    /// A record of `strs` (cycled through every string field) and `nums`.
    fn record_of<'a>(strs: &'a [String], nums: &[usize], roles: &'a [String]) -> Record<'a> {
        let st = |k: usize| strs[k % strs.len()].as_str();
        let n = |k: usize| nums[k % nums.len()];
        let span = |k: usize| TextSpan {
            start: n(k),
            end: n(k + 1),
            text: st(k),
        };
        Record {
            schema_version: SCHEMA_VERSION,
            id: if n(0) % 2 == 0 {
                serde_json::json!(st(1))
            } else {
                serde_json::json!({"n": n(2), "s": st(2)})
            },
            metadata: WireMetadata {
                date: Some(st(0)),
                section: None,
                dateline: (n(3) % 2 == 0).then(|| WireDateline {
                    place: st(3),
                    source: Some(st(4)),
                    start: n(4),
                    end: n(5),
                }),
                byline: Some(st(5)),
                title: None,
                url: Some(st(6)),
                language: Some("en"),
            },
            blocks: (0..n(6) % 3)
                .map(|k| WireBlock {
                    kind: "body",
                    start: n(k),
                    end: n(k + 2),
                    html_start: (k % 2 == 1).then(|| n(k + 3)),
                    html_end: (k % 2 == 1).then(|| n(k + 4)),
                })
                .collect(),
            text: st(7),
            paragraphs: (0..3).map(span).collect(),
            sentences: (2..6).map(span).collect(),
            entities: (0..n(7) % 3)
                .map(|k| WireEntity {
                    id: st(k),
                    name: st(k + 1),
                    kind: "person",
                    roles: &roles[..k.min(roles.len())],
                    source: "discovered",
                    mentions: (k..k + 2).map(span).collect(),
                    gender: (k == 1).then_some("female"),
                })
                .collect(),
            quotes: (0..n(8) % 3)
                .map(|k| WireQuote {
                    kind: "direct",
                    text: st(k + 2),
                    start: n(k),
                    end: n(k + 1),
                    speaker: (k != 1).then(|| WireSpeaker {
                        text: st(k),
                        start: n(k + 2),
                        end: n(k + 3),
                        entity: (k == 0).then(|| st(k + 4)),
                    }),
                    cue: (k != 2).then(|| span(k + 5)),
                })
                .collect(),
        }
    }

    proptest::proptest! {
        #[test]
        fn the_writer_is_serde_json_byte_for_byte(
            strs in proptest::collection::vec(
                "([a-z \"\\\\/]|[\u{0}-\u{1f}\u{7f}]|\u{2028}|\u{2029}|\u{2027}|\u{201c}|\u{e9}|\u{1f600}){0,40}",
                1..9,
            ),
            nums in proptest::collection::vec(proptest::prelude::any::<usize>(), 1..12),
        ) {
            let roles: Vec<String> = strs.iter().rev().cloned().collect();
            let r = record_of(&strs, &nums, &roles);
            proptest::prop_assert_eq!(r.to_json(), via_serde(&r));
        }
    }

    /// Integers around every power of ten, and the ends of the range.
    fn boundary_numbers() -> Vec<usize> {
        let mut v = vec![0, 1, 9, 10, 11, 99, 100, 101, usize::MAX, usize::MAX - 1];
        let mut p: usize = 10;
        while let Some(next) = p.checked_mul(10) {
            v.extend([p - 1, p, p + 1]);
            p = next;
        }
        v.extend([p - 1, p, p + 1]);
        v.extend([u32::MAX as usize, u32::MAX as usize + 1]);
        v
    }

    proptest::proptest! {
        #[test]
        fn integers_are_written_as_serde_json_writes_them(
            nums in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(boundary_numbers()),
                    0usize..100_000,
                    proptest::prelude::any::<usize>(),
                ],
                1..12,
            ),
        ) {
            let strs = vec!["a".to_owned(), String::new()];
            let r = record_of(&strs, &nums, &strs);
            proptest::prop_assert_eq!(r.to_json(), via_serde(&r));
        }

        /// Long strings cross the 32-byte chunks of the scan, with escapes at any place.
        #[test]
        fn long_strings_are_written_as_serde_json_writes_them(
            strs in proptest::collection::vec(
                "([a-z ]{0,70}([\"\\\\\n\u{1}\u{1f}]|\u{2028}|\u{2029}|\u{2014}|\u{e9})?){0,6}",
                1..5,
            ),
        ) {
            let r = record_of(&strs, &[3, 70, 1_000_000], &strs);
            proptest::prop_assert_eq!(r.to_json(), via_serde(&r));
        }
    }

    #[test]
    fn every_boundary_integer_is_written_as_serde_json_does() {
        let strs = vec!["x".to_owned()];
        let nums = boundary_numbers();
        for k in 0..nums.len() {
            let r = record_of(&strs, &nums[k..], &strs);
            assert_eq!(r.to_json(), via_serde(&r));
        }
        let r = record_of(&strs, &[0, 9, 10, 99, 100, usize::MAX], &strs);
        let json = r.to_json();
        assert!(json.contains(r#"{"start":0,"end":9,"text":"x"}"#), "{json}");
        assert!(json.contains(&format!(r#"{{"start":100,"end":{},"#, usize::MAX)));
    }

    #[test]
    fn every_control_character_is_escaped_as_serde_json_does() {
        let all: String = (0u8..0x80).map(char::from).collect();
        let strs = vec![
            all.clone(),
            format!("{all}\u{2028}x\u{2029}{all}"),
            String::new(),
        ];
        let r = record_of(&strs, &[0, 7, usize::MAX, 10], &strs);
        assert_eq!(r.to_json(), via_serde(&r));
        assert!(r.to_json().contains(r#""\u0000\u0001"#));
        assert!(r.to_json().contains(r#"\b\t\n\u000b\f\r\u000e"#));
        assert!(r.to_json().contains(r##"\u001f !\"#$"##));
        assert!(r.to_json().contains("~\u{7f}\\u2028x\\u2029"));
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
