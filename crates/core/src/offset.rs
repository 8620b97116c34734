//! Sparse alignment between a rewritten ("clean") text and the raw input it came from.
//!
//! Cleaning deletes, inserts and replaces small pieces of the raw input. Rather than storing an
//! offset per byte, [`OffsetMap`] stores only the edits: outside an edit the two texts are
//! byte-identical, so a position maps by a constant shift. Lookups are a binary search over the
//! edits, `O(log e)` for `e` edits, in both directions.
//!
//! Build a clean text and its map together with a [`Rewriter`], which guarantees that the map
//! and the text agree.
//!
//! ## Positions inside or at an edit
//! Every lookup takes a [`Bias`]: the start of a span maps with [`Bias::Start`], its end with
//! [`Bias::End`]. A position strictly inside a replaced piece maps to the start of the other
//! side's piece (start bias) or its end (end bias), so a mapped span always covers the whole
//! piece. A position at a piece that is empty on its own side (a pure deletion seen from the
//! clean text, a pure insertion seen from the raw text) maps so that the span excludes the
//! other side's piece: a start goes past it, an end stops before it.
//!
//! Since edits start and end on character boundaries on both sides and the text between edits
//! is identical, a position on a character boundary always maps to a character boundary.

use serde::{Deserialize, Serialize};

use crate::{Error, Span};

/// Which end of a span a position is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bias {
    /// The position is the start of a span.
    Start,
    /// The position is the end of a span.
    End,
}

/// One edit: the raw bytes at `raw` became the clean bytes at `clean`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// The replaced range of the raw input (empty for an insertion).
    pub raw: Span,
    /// The replacing range of the clean text (empty for a deletion).
    pub clean: Span,
}

/// The edits that turn a raw input into a clean text, sorted and non-overlapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetMap {
    edits: Vec<Edit>,
    raw_len: usize,
    clean_len: usize,
}

impl OffsetMap {
    /// The map of a text that was not changed.
    #[must_use]
    pub fn identity(len: usize) -> Self {
        Self {
            edits: Vec::new(),
            raw_len: len,
            clean_len: len,
        }
    }

    /// Builds a map from edits.
    ///
    /// # Errors
    /// [`Error::OffsetMap`] when the edits are not sorted, overlap, or do not fit the lengths.
    pub fn from_edits(edits: Vec<Edit>, raw_len: usize, clean_len: usize) -> Result<Self, Error> {
        let mut prev_raw = 0usize;
        let mut prev_clean = 0usize;
        let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
        for e in edits {
            if e.raw.start > e.raw.end || e.clean.start > e.clean.end {
                return Err(Error::OffsetMap(format!("reversed edit {e:?}")));
            }
            if e.raw.start < prev_raw || e.clean.start < prev_clean {
                return Err(Error::OffsetMap(format!("edit {e:?} is out of order")));
            }
            if e.raw.start - prev_raw != e.clean.start - prev_clean {
                return Err(Error::OffsetMap(format!(
                    "kept text before edit {e:?} differs in length on the two sides"
                )));
            }
            if e.raw.is_empty() && e.clean.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.raw.end == e.raw.start && last.clean.end == e.clean.start => {
                    last.raw.end = e.raw.end;
                    last.clean.end = e.clean.end;
                }
                _ => out.push(e),
            }
            prev_raw = e.raw.end;
            prev_clean = e.clean.end;
        }
        if raw_len < prev_raw || raw_len - prev_raw != clean_len.wrapping_sub(prev_clean) {
            return Err(Error::OffsetMap("edits do not fit the text lengths".into()));
        }
        Ok(Self {
            edits: out,
            raw_len,
            clean_len,
        })
    }

    /// The edits, sorted.
    #[must_use]
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Length of the raw input.
    #[must_use]
    pub fn raw_len(&self) -> usize {
        self.raw_len
    }

    /// Length of the clean text.
    #[must_use]
    pub fn clean_len(&self) -> usize {
        self.clean_len
    }

    /// Maps a clean-text position to the raw input. Positions past the end clamp to the end.
    #[must_use]
    pub fn to_raw(&self, pos: usize, bias: Bias) -> usize {
        let pos = pos.min(self.clean_len);
        map_pos(&self.edits, pos, bias, |e| (e.clean, e.raw))
    }

    /// Maps a raw-input position to the clean text. Positions past the end clamp to the end.
    #[must_use]
    pub fn to_clean(&self, pos: usize, bias: Bias) -> usize {
        let pos = pos.min(self.raw_len);
        map_pos(&self.edits, pos, bias, |e| (e.raw, e.clean))
    }

    /// Maps a span of the clean text to the raw input.
    #[must_use]
    pub fn span_to_raw(&self, span: Span) -> Span {
        let start = self.to_raw(span.start, Bias::Start);
        let end = self.to_raw(span.end, Bias::End);
        if end < start {
            Span::empty(start)
        } else {
            Span { start, end }
        }
    }

    /// Maps a span of the raw input to the clean text.
    #[must_use]
    pub fn span_to_clean(&self, span: Span) -> Span {
        let start = self.to_clean(span.start, Bias::Start);
        let end = self.to_clean(span.end, Bias::End);
        if end < start {
            Span::empty(start)
        } else {
            Span { start, end }
        }
    }
}

/// Maps `pos` from the `from` side of the edits to the `to` side.
fn map_pos(edits: &[Edit], pos: usize, bias: Bias, sides: impl Fn(&Edit) -> (Span, Span)) -> usize {
    // The last edit whose source range starts at or before `pos`.
    let idx = edits.partition_point(|e| sides(e).0.start <= pos);
    if idx == 0 {
        return pos;
    }
    let (from, to) = sides(&edits[idx - 1]);
    if from.is_empty() && pos == from.start {
        // Nothing on this side: a start skips the other side's piece, an end stops before it.
        return match bias {
            Bias::Start => to.end,
            Bias::End => to.start,
        };
    }
    if pos == from.start {
        return to.start;
    }
    if pos < from.end {
        return match bias {
            Bias::Start => to.start,
            Bias::End => to.end,
        };
    }
    to.end + (pos - from.end)
}

/// Builds a clean text from a raw input left to right, recording each edit.
///
/// ```
/// use nutgraf_core::{Rewriter, Span};
/// let raw = "Hello ,world";
/// let mut w = Rewriter::new(raw);
/// w.keep_to(5);
/// w.delete_to(6); // the space before the comma
/// w.keep_to(7);
/// w.insert(" ");
/// w.keep_to(raw.len());
/// let (text, map) = w.finish();
/// assert_eq!(text, "Hello, world");
/// assert_eq!(map.span_to_raw(Span::new(7, 12)), Span::new(7, 12));
/// assert_eq!(map.span_to_raw(Span::new(0, 6)), Span::new(0, 7));
/// ```
#[derive(Debug)]
pub struct Rewriter<'r> {
    raw: &'r str,
    pos: usize,
    out: String,
    edits: Vec<Edit>,
}

impl<'r> Rewriter<'r> {
    /// Starts rewriting `raw` at its beginning.
    #[must_use]
    pub fn new(raw: &'r str) -> Self {
        Self {
            raw,
            pos: 0,
            out: String::with_capacity(raw.len()),
            edits: Vec::new(),
        }
    }

    /// The raw position up to which the input has been consumed.
    #[must_use]
    pub fn raw_pos(&self) -> usize {
        self.pos
    }

    /// The clean text written so far.
    #[must_use]
    pub fn output(&self) -> &str {
        &self.out
    }

    /// Clamps `to` into `pos..=len` and moves it back to a character boundary.
    fn clamp(&self, to: usize) -> usize {
        // `pos` is a boundary, so the floor never falls below it
        crate::text::floor_char_boundary(self.raw, to.max(self.pos))
    }

    fn record(&mut self, raw: Span, clean: Span) {
        if raw.is_empty() && clean.is_empty() {
            return;
        }
        if let Some(last) = self.edits.last_mut() {
            if last.raw.end == raw.start && last.clean.end == clean.start {
                last.raw.end = raw.end;
                last.clean.end = clean.end;
                return;
            }
        }
        self.edits.push(Edit { raw, clean });
    }

    /// Copies the raw input unchanged up to raw position `to`.
    ///
    /// Positions before the current one are ignored; a position inside a character is moved
    /// back to that character's start.
    pub fn keep_to(&mut self, to: usize) {
        let to = self.clamp(to);
        self.out.push_str(&self.raw[self.pos..to]);
        self.pos = to;
    }

    /// Drops the raw input up to raw position `to`.
    pub fn delete_to(&mut self, to: usize) {
        let to = self.clamp(to);
        let c = self.out.len();
        self.record(Span::new(self.pos, to), Span::empty(c));
        self.pos = to;
    }

    /// Writes `text`, which the raw input does not have, at the current position.
    pub fn insert(&mut self, text: &str) {
        let c = self.out.len();
        self.out.push_str(text);
        self.record(Span::empty(self.pos), Span::new(c, self.out.len()));
    }

    /// Replaces the raw input up to raw position `to` with `text`.
    pub fn replace_to(&mut self, to: usize, text: &str) {
        let to = self.clamp(to);
        if &self.raw[self.pos..to] == text {
            self.keep_to(to);
            return;
        }
        let c = self.out.len();
        self.out.push_str(text);
        self.record(Span::new(self.pos, to), Span::new(c, self.out.len()));
        self.pos = to;
    }

    /// Finishes: the rest of the raw input is dropped, and the clean text and its map returned.
    #[must_use]
    pub fn finish(mut self) -> (String, OffsetMap) {
        let len = self.raw.len();
        self.delete_to(len);
        let map = OffsetMap {
            edits: self.edits,
            raw_len: len,
            clean_len: self.out.len(),
        };
        (self.out, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(raw: &str, ops: &[(&str, usize, &str)]) -> (String, OffsetMap) {
        let mut w = Rewriter::new(raw);
        for &(op, to, text) in ops {
            match op {
                "keep" => w.keep_to(to),
                "del" => w.delete_to(to),
                "ins" => w.insert(text),
                "rep" => w.replace_to(to, text),
                _ => unreachable!(),
            }
        }
        w.keep_to(raw.len());
        w.finish()
    }

    #[test]
    fn identity_maps_to_itself() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.to_raw(4, Bias::Start), 4);
        assert_eq!(m.to_clean(10, Bias::End), 10);
        assert_eq!(m.to_clean(99, Bias::End), 10);
    }

    #[test]
    fn deletion_insertion_replacement() {
        // raw:   "ab  cd.Ef donâ€™t"
        let raw = "ab  cd.Ef donâ€™t";
        let (text, map) = build(
            raw,
            &[
                ("keep", 3, ""),
                ("del", 4, ""),
                ("keep", 7, ""),
                ("ins", 0, " "),
                ("keep", 13, ""),
                ("rep", 13 + "â€™".len(), "’"),
            ],
        );
        assert_eq!(text, "ab cd. Ef don’t");
        // "cd." in clean is 3..6 -> raw 4..7
        assert_eq!(map.span_to_raw(Span::new(3, 6)), Span::new(4, 7));
        // "Ef" after the inserted space: clean 7..9 -> raw 7..9
        assert_eq!(map.span_to_raw(Span::new(7, 9)), Span::new(7, 9));
        // "don’t" maps over the whole mojibake
        let c = text.find("don").unwrap();
        let r = map.span_to_raw(Span::new(c, text.len()));
        assert_eq!(&raw[r.range()], "donâ€™t");
        // back again
        assert_eq!(map.span_to_clean(r), Span::new(c, text.len()));
        assert_eq!(map.span_to_clean(Span::new(7, 9)), Span::new(7, 9));
        assert_eq!(map.span_to_clean(Span::new(4, 7)), Span::new(3, 6));
    }

    #[test]
    fn deletion_boundaries_exclude_deleted_text() {
        let raw = "one XXX two";
        let (text, map) = build(raw, &[("keep", 4, ""), ("del", 8, "")]);
        assert_eq!(text, "one two");
        // "two" starts right at the deletion point in clean text
        assert_eq!(map.span_to_raw(Span::new(4, 7)), Span::new(8, 11));
        // "one " ends right at the deletion point
        assert_eq!(map.span_to_raw(Span::new(0, 4)), Span::new(0, 4));
        assert_eq!(map.span_to_clean(Span::new(8, 11)), Span::new(4, 7));
        // a raw span inside the deleted text maps to an empty span
        assert!(map.span_to_clean(Span::new(5, 6)).is_empty());
    }

    #[test]
    fn multibyte_positions_stay_on_boundaries() {
        let raw = "Zürich  —  Genève";
        let mut w = Rewriter::new(raw);
        let dash = raw.find('—').unwrap();
        w.keep_to(dash - 1);
        w.delete_to(dash);
        w.keep_to(dash + '—'.len_utf8() + 1);
        w.delete_to(dash + '—'.len_utf8() + 2);
        w.keep_to(raw.len());
        let (text, map) = w.finish();
        assert_eq!(text, "Zürich — Genève");
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            for bias in [Bias::Start, Bias::End] {
                let r = map.to_raw(i, bias);
                assert!(raw.is_char_boundary(r), "{i} -> {r}");
            }
        }
        let g = text.find("Genève").unwrap();
        assert_eq!(
            &raw[map.span_to_raw(Span::new(g, text.len())).range()],
            "Genève"
        );
    }

    #[test]
    fn rewriter_clamps_inside_characters() {
        let raw = "é!";
        let mut w = Rewriter::new(raw);
        w.keep_to(1); // inside é: moved back to 0
        assert_eq!(w.raw_pos(), 0);
        w.keep_to(2);
        let (text, map) = w.finish();
        assert_eq!(text, "é");
        assert_eq!(map.edits().len(), 1);
    }

    #[test]
    fn from_edits_validates_and_merges() {
        let e = |r: (usize, usize), c: (usize, usize)| Edit {
            raw: Span::new(r.0, r.1),
            clean: Span::new(c.0, c.1),
        };
        let m = OffsetMap::from_edits(vec![e((2, 4), (2, 2)), e((4, 5), (2, 3))], 10, 8).unwrap();
        assert_eq!(m.edits(), &[e((2, 5), (2, 3))]);
        assert!(OffsetMap::from_edits(vec![e((2, 4), (3, 3))], 10, 9).is_err());
        assert!(OffsetMap::from_edits(vec![e((4, 5), (4, 4)), e((1, 2), (1, 1))], 10, 8).is_err());
        assert!(OffsetMap::from_edits(vec![], 10, 9).is_err());
    }
}
