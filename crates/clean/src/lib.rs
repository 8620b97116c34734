//! # nutgraf-clean
//!
//! Recovers the article from a scraper's text dump. The input is split into blocks (lines, and
//! hard-wrapped lines of one paragraph); each block is labelled with a [`BlockKind`] from
//! general features (position, length, final punctuation, capitalisation, function-word density,
//! cue phrases from the tables in `data/`, repetition inside the article, neighbouring blocks).
//! Nothing is dropped silently: the blocks cover every non-whitespace byte of the input.
//!
//! The clean text is the body blocks, each normalised (whitespace and NBSP runs, zero-width
//! characters, space before punctuation, glued sentences, mojibake), separated by a blank line.
//! It is built together with an [`OffsetMap`] so that any span of it maps back to the raw input.
//!
//! ## How blocks are labelled
//! 1. Each block gets features (words, final punctuation, share of capitalised content words,
//!    share of function words, digits) and, where a cue table or pattern says so, a kind:
//!    timestamps and dates, photo credits, bylines, promotion, legal notices, navigation,
//!    comment-section heads (which end an article) and link-list headers (`Top stories`).
//!    Blocks that read like running text are body candidates.
//! 2. The article is the best-scoring run of blocks (a maximum-sum run: running text scores
//!    its length, furniture costs). A whole-page dump repeats its `<title>` as the headline just
//!    before the article, which anchors the run; a comment barrier ends it.
//! 3. Inside the run, subheadings between paragraphs and list items (numbered, bulleted, or
//!    after a line ending in a colon) are body; outside it, short capitalised lines are
//!    section labels, headlines are the title (before) or related links (after).
//! 4. A dateline (`WASHINGTON (Sputnik) -`) opening one of the first body blocks becomes its
//!    own block. Copies go: a teaser before the dateline whose sentences (split at glued
//!    boundaries too) all appear after it, glued teasers of the opening paragraphs, and later
//!    repeats of text that already appeared (by sentences or word 5-grams); a short
//!    one-sentence repeat is kept as a refrain.
//!
//! Cue phrases, month names and function words are data files in `data/` (English).
//!
//! ```
//! let raw = "date 2026-03-02 Science\n\
//!            OSLO (NTB) - The museum reopened on Monday ,after a long renovation.\n\
//!            Visitors queued for hours.It was worth it, one said.\n\
//!            Culture\n";
//! let c = nutgraf_clean::clean(raw);
//! assert_eq!(c.metadata.date.as_deref(), Some("2026-03-02"));
//! assert_eq!(c.metadata.dateline.as_ref().unwrap().place, "Oslo");
//! assert_eq!(
//!     c.text,
//!     "The museum reopened on Monday,after a long renovation.\n\n\
//!      Visitors queued for hours. It was worth it, one said."
//! );
//! ```

mod classify;
mod dateline;
mod dedup;
use nutgraf_core::hash as fxhash;
mod meta;
mod normalize;
mod tables;

use std::sync::{Arc, LazyLock};

use nutgraf_core::{
    Block, BlockKind, CleanText, Dateline, Document, Layer, Metadata, OffsetMap, Result, Rewriter,
    Span, Stage,
};

use crate::classify::Unit;
use crate::tables::Tables;

static ENGLISH: LazyLock<Arc<Tables>> = LazyLock::new(|| Arc::new(Tables::english()));

/// The cleaner: configuration and cue tables.
#[derive(Clone, Debug)]
pub struct Cleaner {
    tables: Arc<Tables>,
    min_copy_chars: usize,
}

impl Default for Cleaner {
    fn default() -> Self {
        Self::new()
    }
}

/// The result of cleaning one input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Labelled blocks of the raw input: sorted, non-overlapping, covering every non-whitespace
    /// byte.
    pub blocks: Vec<Block>,
    /// Date, section, dateline, byline and title found on the page.
    pub metadata: Metadata,
    /// The clean body: normalised body paragraphs separated by a blank line.
    pub text: String,
    /// The map between [`Cleaned::text`] and the raw input.
    pub map: OffsetMap,
}

/// Cleans `raw` with the default (English) [`Cleaner`].
#[must_use]
pub fn clean(raw: &str) -> Cleaned {
    Cleaner::new().clean(raw)
}

/// Labels for header words around a date (`date 2026-02-13 International`).
const DATE_LABELS: &[&str] = &[
    "date",
    "published",
    "updated",
    "posted",
    "on",
    "at",
    "last",
    "first",
    "modified",
    "|",
    "-",
    "–",
    "—",
    "·",
    "•",
    ",",
];

impl Cleaner {
    /// A cleaner with the English cue tables.
    #[must_use]
    pub fn new() -> Self {
        Self {
            tables: Arc::clone(&ENGLISH),
            min_copy_chars: 40,
        }
    }

    /// Cleans `raw`: labels its blocks, finds the metadata and builds the clean text and its
    /// offset map.
    #[must_use]
    pub fn clean(&self, raw: &str) -> Cleaned {
        let t = &*self.tables;
        let mut units: Vec<Unit> = classify::units(raw)
            .into_iter()
            .map(|s| classify::features(raw, s, t))
            .collect();
        for u in &mut units {
            u.kind = classify::own_kind(raw, u, t);
            if u.kind.is_none() && u.prose {
                u.kind = Some(BlockKind::Body);
            }
        }
        classify::confirm_comment_heads(raw, &mut units);
        // A link-list header followed by running text is a widget left inside the article.
        // (Lines without a letter or digit in between do not count.)
        let mut last_end: Option<usize> = None;
        for i in 0..units.len() {
            if units[i].words == 0 {
                continue;
            }
            if let Some(e) = last_end.take()
                && units[i].kind == Some(BlockKind::Body)
            {
                units[e].end = false;
            }
            if units[i].end {
                last_end = Some(i);
            }
        }
        // Header metadata: date lines before the first running text.
        let first_body = units
            .iter()
            .position(|u| u.kind == Some(BlockKind::Body))
            .unwrap_or(units.len());
        for u in &mut units[..first_body] {
            if u.kind == Some(BlockKind::Timestamp) {
                u.kind = Some(BlockKind::Metadata);
            }
        }
        // The main text: the best-scoring run of units.
        let scores: Vec<f32> = units.iter().map(classify::score).collect();
        let (mut ra, mut rb, full) = classify::best_region(&scores).unwrap_or((0, 0, 0.0));
        // Comment sections follow the article: between the comment barriers, the first stretch
        // that holds a run at least 0.3 times as good as the best one is the article.
        let mut from = 0;
        for end in units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.hard)
            .map(|(i, _)| i)
            .chain([units.len()])
        {
            if from >= ra {
                break;
            }
            if let Some((a, b, s)) = classify::best_region(&scores[from..end])
                && s >= 0.3 * full
            {
                (ra, rb) = (from + a, from + b);
                break;
            }
            from = end + 1;
        }
        // A page dump repeats its title as the headline just before the article: when the
        // headline sits inside the run, the article starts after it.
        let mut headline = None;
        if let Some(first) = units.first().filter(|u| !u.prose) {
            let keys = classify::title_keys(&raw[first.span.range()]);
            let mut key = String::new();
            headline = (1..rb.min(units.len())).rev().find(|&i| {
                units[i].words <= 30 && !keys.is_empty() && {
                    classify::word_key_into(&raw[units[i].span.range()], &mut key);
                    keys.contains(&key)
                }
            });
            if let Some(h) = headline
                && let Some((a, b, s)) = classify::best_region_after(&scores, h + 1, 12)
                && s >= 0.3 * full
            {
                ra = a;
                rb = b;
            } else {
                headline = None;
            }
        }
        // A list that ends the article: a line ending in a colon (inside the run or just after
        // it) and the plain lines that follow it.
        let undecided = |j: usize| units.get(j).is_some_and(|u| u.kind.is_none() && !u.end);
        let colon = |j: usize| {
            units
                .get(j)
                .is_some_and(|u| raw[u.span.range()].ends_with(':'))
        };
        let mut j = rb;
        let mut list_from = usize::MAX;
        if rb > ra && (colon(rb - 1) || (undecided(rb) && colon(rb))) {
            if !colon(rb - 1) {
                j += 1;
            }
            let first = j;
            while undecided(j) && units[j].words <= 25 {
                j += 1;
            }
            if j > first {
                rb = j;
                list_from = first;
            }
        }
        // A line between two paragraphs of running text, or a list item or the line that
        // opens a list, is part of the article (a subheading or a list).
        // Units with no letter or digit (a lone zero-width space) do not separate paragraphs.
        let visible: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].words > 0 && units[i].kind != Some(BlockKind::Other))
            .collect();
        let mut sandwiched = vec![false; units.len()];
        // Inside a list that a line ending in a colon opened.
        let mut in_list = false;
        for (n, &i) in visible.iter().enumerate() {
            let body =
                |m: Option<&usize>| m.is_some_and(|&j| units[j].kind == Some(BlockKind::Body));
            let text = &raw[units[i].span.range()];
            in_list = in_list && units[i].kind.is_none() && units[i].words <= 25;
            sandwiched[i] = (n > 0 && body(visible.get(n - 1)) && body(visible.get(n + 1)))
                || in_list
                || classify::is_list_item(text)
                || text.ends_with(':')
                || (list_from..rb).contains(&i);
            if text.ends_with(':') && matches!(units[i].kind, None | Some(BlockKind::Body)) {
                in_list = true;
            }
        }
        let mut title_seen = false;
        if let Some(h) = headline {
            units[h].kind = Some(BlockKind::Title);
            title_seen = true;
        }
        for (i, u) in units.iter_mut().enumerate() {
            let inside = (ra..rb).contains(&i);
            match u.kind {
                Some(BlockKind::Body) if !inside => u.kind = Some(BlockKind::Other),
                Some(_) => {}
                None => {
                    let label = classify::is_label_like(raw, u);
                    let headline = classify::is_headline_like(raw, u);
                    // The page's first line, when it is not running text, is its title.
                    let first_line = i == 0 && u.words >= 3;
                    u.kind = Some(if i < ra {
                        if (headline || first_line) && !title_seen {
                            title_seen = true;
                            BlockKind::Title
                        } else if label {
                            BlockKind::SectionLabel
                        } else {
                            BlockKind::Navigation
                        }
                    } else if inside {
                        // Subheadings and list items of the article.
                        if label && u.words <= 2 {
                            BlockKind::SectionLabel
                        } else if u.words >= 2 && (u.terminal || sandwiched[i]) {
                            BlockKind::Body
                        } else {
                            BlockKind::Other
                        }
                    } else if label {
                        BlockKind::SectionLabel
                    } else if headline {
                        BlockKind::Related
                    } else if u.words <= 4 {
                        BlockKind::Navigation
                    } else {
                        BlockKind::Other
                    });
                }
            }
        }
        self.finish(raw, units)
    }

    fn finish(&self, raw: &str, mut units: Vec<Unit>) -> Cleaned {
        let t = &*self.tables;
        let mut metadata = Metadata::default();
        // Body part of each body unit (after a dateline), its normalised text.
        let mut dateline: Option<(usize, Dateline)> = None;
        let body_idx: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].kind == Some(BlockKind::Body))
            .collect();
        for (n, &i) in body_idx.iter().enumerate() {
            if n >= 6 {
                break;
            }
            let span = units[i].span;
            if let Some(d) = meta::find_dateline(&raw[span.range()]) {
                dateline = Some((
                    i,
                    Dateline {
                        place: d.place,
                        source: d.source,
                        span: Span::new(span.start, span.start + d.len).trim(raw),
                    },
                ));
                break;
            }
        }
        let body_span = |i: usize, u: &Unit| match &dateline {
            Some((di, d)) if *di == i => Span::new(d.span.end, u.span.end).trim(raw),
            _ => u.span,
        };
        // Each body unit is normalised once, into one buffer: its text for de-duplication, and
        // its edits, replayed below into the clean text.
        let capacity = body_idx.iter().map(|&i| units[i].span.len()).sum();
        let mut collect = normalize::Collect::new(raw, capacity);
        let collected: Vec<normalize::Collected> = body_idx
            .iter()
            .map(|&i| collect.paragraph(body_span(i, &units[i])))
            .collect();
        let texts: Vec<&str> = collected.iter().map(|p| collect.text_of(p)).collect();
        let start = dateline
            .as_ref()
            .and_then(|(di, _)| body_idx.iter().position(|i| i == di));
        let copies = dedup::find_copies(&texts, start, self.min_copy_chars);
        for (n, &i) in body_idx.iter().enumerate() {
            if copies[n] {
                units[i].kind = Some(BlockKind::Duplicate);
            } else if texts[n].is_empty() {
                units[i].kind = Some(BlockKind::Other);
            }
        }

        // Metadata from the header, byline and title blocks.
        for u in &units {
            let text = &raw[u.span.range()];
            match u.kind {
                Some(BlockKind::Metadata) if metadata.date.is_none() => {
                    if let Some(d) = meta::find_date(text, t) {
                        metadata.date = Some(d.iso);
                        if metadata.section.is_none() {
                            metadata.section = header_section(text, d.span, t);
                        }
                    }
                }
                Some(BlockKind::Byline) if metadata.byline.is_none() => {
                    metadata.byline = Some(byline_name(text));
                }
                Some(BlockKind::Title) if metadata.title.is_none() => {
                    let full = normalize::normalized(raw, u.span.start, u.span.end);
                    metadata.title = Some(headline_part(&full).to_string());
                }
                _ => {}
            }
        }
        if metadata.date.is_none() {
            metadata.date = units
                .iter()
                .filter(|u| {
                    matches!(
                        u.kind,
                        Some(BlockKind::Timestamp | BlockKind::Caption | BlockKind::Byline)
                    )
                })
                .find_map(|u| meta::find_date(&raw[u.span.range()], t))
                .map(|d| d.iso);
        }

        // Blocks and the clean text.
        let mut blocks = Vec::with_capacity(units.len() + 1);
        let mut w = Rewriter::new(raw);
        let mut first = true;
        for (i, u) in units.iter().enumerate() {
            let kind = u.kind.unwrap_or(BlockKind::Other);
            let mut span = u.span;
            if let Some((di, d)) = &dateline
                && *di == i
            {
                blocks.push(Block {
                    kind: BlockKind::Dateline,
                    span: d.span,
                });
                span = body_span(i, u);
            }
            if span.is_empty() {
                continue;
            }
            blocks.push(Block { kind, span });
            if kind == BlockKind::Body {
                if first {
                    w.delete_to(span.start);
                    first = false;
                } else {
                    w.replace_to(span.start, "\n\n");
                }
                match body_idx.binary_search(&i).map(|n| &collected[n]) {
                    Ok(p) if p.span == span => collect.replay(p, &mut w),
                    _ => {
                        normalize::normalize_into(&mut w, raw, span.start, span.end);
                    }
                }
            }
        }
        metadata.dateline = dateline.map(|(_, d)| d);
        let (text, map) = w.finish();
        Cleaned {
            blocks,
            metadata,
            text,
            map,
        }
    }
}

/// The section named next to the date in a header line: the capitalised words left once the
/// date and label words are removed.
fn header_section(text: &str, date: Span, tables: &Tables) -> Option<String> {
    let rest = format!("{} {}", &text[..date.start], &text[date.end..]);
    let words: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| !DATE_LABELS.contains(&w.to_lowercase().trim_end_matches(':')))
        .collect();
    let ok = !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '&' || c == '-')
                && !tables.weekdays.contains(&w.to_lowercase())
        });
    ok.then(|| words.join(" "))
}

/// The headline part of a page title (`Headline | Site Name` → `Headline`): the longest part
/// between ` | `, ` - `, ` – ` or ` — ` separators.
fn headline_part(title: &str) -> &str {
    title
        .split(" | ")
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(" — "))
        .map(str::trim)
        .max_by_key(|p| p.len())
        .unwrap_or(title)
}

/// The author part of a byline (`By Jane Doe, Reuters` → `Jane Doe, Reuters`).
fn byline_name(text: &str) -> String {
    let lower = text.to_lowercase();
    for p in [
        "written by",
        "reporting by",
        "reported by",
        "words by",
        "story by",
        "posted by",
        "compiled by",
        "editing by",
        "author:",
        "by",
    ] {
        if lower.starts_with(p) {
            if let Some(rest) = text.get(p.len()..) {
                return rest.trim().to_string();
            }
        }
    }
    text.trim().to_string()
}

/// The cleaning stage: blocks, metadata and clean text.
#[derive(Clone, Debug, Default)]
pub struct CleanStage {
    cleaner: Cleaner,
}

impl CleanStage {
    /// A stage running `cleaner`.
    #[must_use]
    pub fn new(cleaner: Cleaner) -> Self {
        Self { cleaner }
    }
}

impl Stage for CleanStage {
    fn name(&self) -> &str {
        "clean"
    }

    fn provides(&self) -> &[Layer] {
        &[Layer::Blocks, Layer::Metadata, Layer::Clean]
    }

    fn process(&self, doc: &mut Document) -> Result<()> {
        let c = self.cleaner.clean(doc.raw());
        doc.set_blocks(c.blocks)?;
        doc.set_metadata(c.metadata)?;
        doc.set_clean(CleanText::new(c.text, c.map)?)
    }
}
