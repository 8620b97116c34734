//! Half-open byte ranges into a text.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
///
/// Spans stored in a [`Document`](crate::Document) always point into the document's raw input.
/// Spans returned by the plain-`&str` APIs of the stage crates point into the `&str` they were
/// given.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// Creates a span.
    ///
    /// # Panics
    /// Panics when `start > end`; use [`Span::try_new`] for unchecked input.
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        assert!(start <= end, "span start after end");
        Self { start, end }
    }

    /// Creates a span, or `None` when `start > end`.
    #[must_use]
    pub const fn try_new(start: usize, end: usize) -> Option<Self> {
        if start <= end {
            Some(Self { start, end })
        } else {
            None
        }
    }

    /// An empty span at `pos`.
    #[must_use]
    pub const fn empty(pos: usize) -> Self {
        Self {
            start: pos,
            end: pos,
        }
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `pos` lies inside the span (`start <= pos < end`).
    #[must_use]
    pub const fn contains(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }

    /// Whether `other` lies entirely inside this span.
    #[must_use]
    pub const fn contains_span(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    #[must_use]
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The bytes both spans cover, if any.
    #[must_use]
    pub fn intersect(&self, other: Span) -> Option<Span> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Span { start, end })
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(&self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span moved right by `offset` bytes.
    #[must_use]
    pub const fn shift(&self, offset: usize) -> Span {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }

    /// The text at this span, or `None` when it is out of bounds or off a character boundary.
    #[must_use]
    pub fn get<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// Whether the span lies inside `text` and both ends fall on UTF-8 character boundaries.
    #[must_use]
    pub fn is_valid_in(&self, text: &str) -> bool {
        self.start <= self.end && text.get(self.start..self.end).is_some()
    }

    /// The span with leading and trailing whitespace of `text` removed.
    ///
    /// Returns an empty span at the original end when the span holds only whitespace, or the
    /// span unchanged when it is not valid in `text`.
    #[must_use]
    pub fn trim(&self, text: &str) -> Span {
        let Some(s) = self.get(text) else {
            return *self;
        };
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Span::empty(self.end);
        }
        Span {
            start: self.start + lead,
            end: self.start + lead + trimmed.len(),
        }
    }

    /// The span as a `Range<usize>`.
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    /// # Panics
    /// Panics when `range.start > range.end`.
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Self {
        span.start..span.end
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        let s: Span = (2..5).into();
        assert_eq!(s.len(), 3);
        assert!(s.contains(2) && s.contains(4) && !s.contains(5));
        assert!(s.overlaps(Span::new(4, 9)) && !s.overlaps(Span::new(5, 9)));
        assert_eq!(s.intersect(Span::new(4, 9)), Some(Span::new(4, 5)));
        assert_eq!(s.cover(Span::new(7, 9)), Span::new(2, 9));
        assert_eq!(Span::try_new(3, 2), None);
        assert_eq!(s.shift(10), Span::new(12, 15));
    }

    #[test]
    fn validity_respects_char_boundaries() {
        let t = "né";
        assert!(Span::new(0, 1).is_valid_in(t));
        assert!(!Span::new(0, 2).is_valid_in(t)); // inside é
        assert!(Span::new(1, 3).is_valid_in(t));
        assert!(!Span::new(1, 4).is_valid_in(t));
    }

    #[test]
    fn trim_strips_whitespace() {
        let t = "  ab  ";
        assert_eq!(Span::new(0, 6).trim(t), Span::new(2, 4));
        assert_eq!(Span::new(0, 2).trim(t), Span::empty(2));
    }
}
