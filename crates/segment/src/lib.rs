//! # nutgraf-segment
//!
//! Paragraph and sentence segmentation for news text, as byte spans of the text given.
//!
//! ```
//! use nutgraf_segment::Segmenter;
//!
//! let text = "Sen. Jane Doe arrived at 9 a.m. on Friday. \"We are ready. The crew is healthy,\" \
//!             she said.\nThe launch cost $1.5 billion.The agency paid.";
//! let seg = Segmenter::english();
//! let sentences: Vec<&str> = seg.sentences(text).iter().map(|s| &text[s.range()]).collect();
//! assert_eq!(sentences, [
//!     "Sen. Jane Doe arrived at 9 a.m. on Friday.",
//!     "\"We are ready. The crew is healthy,\" she said.",
//!     "The launch cost $1.5 billion.",
//!     "The agency paid.",
//! ]);
//! assert_eq!(seg.paragraphs(text).len(), 2);
//! ```
//!
//! ## Guarantees
//! Sentences are trimmed of surrounding whitespace, in order, never overlapping, never crossing
//! a paragraph boundary, and together they cover every non-whitespace character of the text.
//! Closing quotes and brackets stay with the sentence they close. Every span falls on UTF-8
//! character boundaries. The work is one linear pass per paragraph, whatever the input.
//!
//! ## Paragraphs
//! By default ([`ParagraphBreaks::Line`]) every line break ends a paragraph: scraped news puts
//! one paragraph per line, GUM marks paragraphs with single newlines, and the clean stage's
//! blank-line separated text gives the same result because blank lines are skipped. Use
//! [`ParagraphBreaks::BlankLine`] for hard-wrapped text, where only blank lines separate
//! paragraphs, or [`ParagraphBreaks::Auto`] to decide per text.
//!
//! ## Rules
//! A sentence ends at `.`, `!`, `?`, `…` (and the CJK full-width marks) followed by whitespace
//! and a word that can open a sentence, with these refinements, all driven by the language data
//! in `data/<lang>/` (see [`Language`]):
//!
//! - abbreviations by class: titles (`Sen.`, `Dr.`) never end a sentence, number abbreviations
//!   (`No.`, `p.`) do not before a number, ambiguous ones (`Inc.`, `U.S.`, `a.m.`) only before
//!   a usual sentence opener (`The`, `He`, `How`) or a title, and not inside a short
//!   introductory phrase (`At 5 a.m. Mr. Smith left.`);
//! - initials (`J. R. R. Tolkien`, `Jonas E. Smith`) and list enumerators (`1.`, `a.`);
//! - decimals, money, URLs and e-mail addresses (`$1.5`, `www.example.com`, `a.b@c.org`);
//! - ellipses: `...` and `…` end a sentence only when attached to a word and followed by a
//!   capital; a spaced `. . .` never does; `. . . .` (ellipsis and period) does;
//! - closing quotes and brackets after the mark belong to the sentence; a lower-case word after
//!   them continues it (`"Ready?" he asked.`);
//! - glued boundaries of scraped text (`press conference.NASA said`, `now?The`) but not
//!   `Node.js`, `U.S.Army`, `3.5` or `www.example.com`;
//! - bullets and inline numbered or lettered lists (`1) one 2) two`);
//! - datelines: a date glued to a headline (`... Step Down Friday, May 8, 2009`), a place and
//!   agency before a dash (`RIVERTON (Wire) - The ...`), a place list before the first sentence
//!   (`Riverton, Ohio, United States On Monday ...`);
//! - caption and credit labels inside a paragraph (`... at the dock Photo: Harbor Authority`),
//!   and a capitalized short preposition after a caption or heading with no final mark
//!   (`... Party In the north district, ...`);
//! - quotations followed by their attribution, as set by [`QuotePolicy`].
//!
//! ## Language data
//! `data/en/` holds the English tables, each with a header that gives its format and source:
//! `abbreviations.txt` (in `[title]`, `[number]`, `[ambiguous]` and `[never]` sections),
//! `starters.txt` (words that open sentences), `prepositions.txt`, `dates.txt` (weekdays and
//! months) and `labels.txt` (caption labels). Another language is the same five files passed
//! to [`Language::from_data`] and [`Segmenter::new`]; no code changes. `data/tlds.txt` (top-level
//! domains, language independent) keeps `Example.Com` from being read as a glued boundary.

mod lang;
mod rules;

use std::sync::Arc;

use nutgraf_core::{Document, Layer, Result, Span, Stage};

pub use lang::{AbbrevClass, Language, LanguageData};
pub use rules::QuotePolicy;

/// How line breaks separate paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ParagraphBreaks {
    /// Every line break ends a paragraph (scraped news, GUM, the clean stage's output).
    #[default]
    Line,
    /// Only a blank line ends a paragraph; single line breaks are spaces (hard-wrapped text).
    BlankLine,
    /// [`ParagraphBreaks::BlankLine`] when the text looks hard-wrapped (it has blank lines, and
    /// most lines inside its blocks are long and run on into a next line that starts in lower
    /// case or without a sentence end before it), [`ParagraphBreaks::Line`] otherwise.
    Auto,
}

/// Whether `text` looks hard-wrapped: blank lines separate blocks, and inside the blocks most
/// line breaks fall mid-sentence.
fn looks_hard_wrapped(text: &str) -> bool {
    let mut blank_lines = 0usize;
    let mut inner_breaks = 0usize;
    let mut mid_sentence = 0usize;
    let mut prev: Option<&str> = None;
    for_each_line(text, |s, e| {
        let line = text[s..e].trim();
        if line.is_empty() {
            blank_lines += 1;
            prev = None;
            return;
        }
        if let Some(p) = prev {
            inner_breaks += 1;
            let ends_sentence = p.ends_with(['.', '!', '?', ':', '"', '”']);
            let starts_lower = line.chars().next().is_some_and(char::is_lowercase);
            if p.chars().count() >= 30 && (!ends_sentence || starts_lower) {
                mid_sentence += 1;
            }
        }
        prev = Some(line);
    });
    blank_lines > 0 && inner_breaks >= 2 && mid_sentence * 2 > inner_breaks
}

/// Paragraphs and sentences of a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// Paragraph spans, trimmed, in order.
    pub paragraphs: Vec<Span>,
    /// Sentence spans, trimmed, in order; each lies inside one paragraph.
    pub sentences: Vec<Span>,
}

/// A rule-based paragraph and sentence segmenter. Cheap to clone, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Segmenter {
    lang: Arc<Language>,
    paragraph_breaks: ParagraphBreaks,
    quotes: QuotePolicy,
    glued: bool,
    datelines: bool,
    lists: bool,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::english()
    }
}

impl Segmenter {
    /// The English segmenter with the default policies.
    #[must_use]
    pub fn english() -> Self {
        Self::new(Language::english())
    }

    /// A segmenter for a language, with the default policies.
    #[must_use]
    pub fn new(lang: Arc<Language>) -> Self {
        Self {
            lang,
            paragraph_breaks: ParagraphBreaks::default(),
            quotes: QuotePolicy::default(),
            glued: true,
            datelines: true,
            lists: true,
        }
    }

    /// Sets how line breaks separate paragraphs (default [`ParagraphBreaks::Line`]).
    #[must_use]
    pub fn with_paragraph_breaks(mut self, breaks: ParagraphBreaks) -> Self {
        self.paragraph_breaks = breaks;
        self
    }

    /// Sets the policy for sentence ends inside attributed quotations (default
    /// [`QuotePolicy::KeepAttributed`]).
    #[must_use]
    pub fn with_quote_policy(mut self, policy: QuotePolicy) -> Self {
        self.quotes = policy;
        self
    }

    /// Whether a period glued to a capitalized word (`conference.NASA`) ends a sentence, and
    /// whether a capitalized short preposition after a word (`... Party In the north`) starts
    /// one (default on).
    #[must_use]
    pub fn with_glued_boundaries(mut self, on: bool) -> Self {
        self.glued = on;
        self
    }

    /// Whether a dateline after a headline with no final mark starts a sentence (default on).
    #[must_use]
    pub fn with_datelines(mut self, on: bool) -> Self {
        self.datelines = on;
        self
    }

    /// Whether bullets and inline numbered lists start sentences (default on).
    #[must_use]
    pub fn with_lists(mut self, on: bool) -> Self {
        self.lists = on;
        self
    }

    /// The language data in use.
    #[must_use]
    pub fn language(&self) -> &Language {
        &self.lang
    }

    /// The quote policy in use.
    #[must_use]
    pub fn quote_policy(&self) -> QuotePolicy {
        self.quotes
    }

    /// Paragraph spans of `text`, trimmed, in order.
    #[must_use]
    pub fn paragraphs(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let breaks = match self.paragraph_breaks {
            ParagraphBreaks::Auto if looks_hard_wrapped(text) => ParagraphBreaks::BlankLine,
            ParagraphBreaks::Auto => ParagraphBreaks::Line,
            other => other,
        };
        match breaks {
            ParagraphBreaks::Line | ParagraphBreaks::Auto => {
                for_each_line(text, |s, e| push_trimmed(text, s, e, &mut out));
            }
            ParagraphBreaks::BlankLine => {
                let mut start: Option<usize> = None;
                let mut last_end = 0;
                for_each_line(text, |s, e| {
                    if text[s..e].trim().is_empty() {
                        if let Some(st) = start.take() {
                            push_trimmed(text, st, last_end, &mut out);
                        }
                    } else {
                        start.get_or_insert(s);
                        last_end = e;
                    }
                });
                if let Some(st) = start {
                    push_trimmed(text, st, last_end, &mut out);
                }
            }
        }
        out
    }

    /// Sentence spans of `text`, trimmed, in order.
    #[must_use]
    pub fn sentences(&self, text: &str) -> Vec<Span> {
        self.segment(text).sentences
    }

    /// Paragraphs and sentences of `text`.
    #[must_use]
    pub fn segment(&self, text: &str) -> Segmentation {
        let paragraphs = self.paragraphs(text);
        let scanner = rules::Scanner::new(
            &self.lang,
            rules::Options {
                quotes: self.quotes,
                glued: self.glued,
                datelines: self.datelines,
                lists: self.lists,
            },
        );
        let mut sentences = Vec::with_capacity(text.len() / 100 + 1);
        let mut buf = Vec::new();
        let mut scratch = rules::Scratch::default();
        for p in &paragraphs {
            buf.clear();
            scanner.sentences(&text[p.range()], &mut scratch, &mut buf);
            sentences.extend(
                buf.iter()
                    .map(|&(s, e)| Span::new(p.start + s, p.start + e)),
            );
        }
        Segmentation {
            paragraphs,
            sentences,
        }
    }
}

/// Calls `f(start, end)` for every line of `text` (line break excluded). Line breaks are
/// `\n`, `\r\n`, `\r`, vertical tab, form feed, NEL, U+2028 and U+2029.
fn for_each_line(text: &str, mut f: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    // Candidates, found by vectorised searches: the ASCII break bytes, and the last bytes of NEL
    // (C2 85), U+2028 and U+2029 (E2 80 A8/A9). Their lead bytes C2 and E2 also start common
    // characters of news text (curly quotes and dashes are E2 80 9x); their last bytes are rare.
    let mut hits: Vec<usize> = memchr::memchr3_iter(b'\n', b'\r', 0x85, b).collect();
    let common = hits.len();
    hits.extend(memchr::memchr3_iter(0x0B, 0x0C, 0xA8, b));
    hits.extend(memchr::memchr_iter(0xA9, b));
    if hits.len() > common {
        // the positions are distinct, so an unstable sort is exact
        hits.sort_unstable();
    }
    let mut start = 0;
    for hit in hits {
        if hit < start {
            // the `\n` of a `\r\n`
            continue;
        }
        // Breaks never overlap and none ends in C2, E2 or 80, so a break recognised by its
        // last byte starts at or after `start`.
        let (at, brk) = match b[hit] {
            b'\r' if b.get(hit + 1) == Some(&b'\n') => (hit, 2),
            b'\n' | b'\r' | 0x0B | 0x0C => (hit, 1),
            0x85 if hit >= 1 && b[hit - 1] == 0xC2 => (hit - 1, 2),
            0xA8 | 0xA9 if hit >= 2 && b[hit - 2] == 0xE2 && b[hit - 1] == 0x80 => (hit - 2, 3),
            _ => continue,
        };
        f(start, at);
        start = at + brk;
    }
    f(start, text.len());
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = Span::new(start, end).trim(text);
    if !s.is_empty() {
        out.push(s);
    }
}

/// The segmentation [`Stage`]: segments the working text (the clean text when the clean stage
/// ran, the raw input otherwise) and stores paragraphs and sentences as raw spans.
#[derive(Clone, Debug, Default)]
pub struct SegmentStage {
    segmenter: Segmenter,
}

impl SegmentStage {
    /// A stage that runs `segmenter`.
    #[must_use]
    pub fn new(segmenter: Segmenter) -> Self {
        Self { segmenter }
    }

    /// The segmenter this stage runs.
    #[must_use]
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }
}

impl Stage for SegmentStage {
    fn name(&self) -> &str {
        "segment"
    }

    fn needs(&self) -> &[Layer] {
        &[]
    }

    fn provides(&self) -> &[Layer] {
        &[Layer::Paragraphs, Layer::Sentences]
    }

    fn process(&self, doc: &mut Document) -> Result<()> {
        let seg = self.segmenter.segment(doc.working_text());
        let paragraphs = seg.paragraphs.iter().map(|&s| doc.to_raw(s)).collect();
        let sentences = seg.sentences.iter().map(|&s| doc.to_raw(s)).collect();
        doc.set_paragraphs(paragraphs)?;
        doc.set_sentences(sentences)
    }
}

#[cfg(test)]
mod tests {
    use super::for_each_line;

    /// Lines by a plain walk over the characters.
    fn lines_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            let len = match c {
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {
                    chars.next();
                    2
                }
                '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                    c.len_utf8()
                }
                _ => continue,
            };
            out.push((start, k));
            start = k + len;
        }
        out.push((start, text.len()));
        out
    }

    proptest::proptest! {
        /// Line breaks of every kind among characters that share their bytes (`è` ends in A8,
        /// `é` in A9, `Ⅵ` holds 85, curly quotes start with E2 80), in runs longer than a chunk.
        #[test]
        fn lines_match_a_plain_walk(
            text in "([a-z ]{0,40}|[\r\n\u{0B}\u{0C}\u{85}\u{2028}\u{2029}\u{e8}\u{e9}\u{2165}\u{201c}\u{2027}\u{85a8}\u{1f600}]){0,30}",
        ) {
            let mut got = Vec::new();
            for_each_line(&text, |s, e| got.push((s, e)));
            proptest::prop_assert_eq!(got, lines_by_chars(&text));
        }
    }
}
