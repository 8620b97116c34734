//! Normalisation of one body paragraph, streamed through a [`Sink`] so that the same code builds
//! the clean text with its offset map ([`Rewriter`]), the candidate body text with its edits
//! ([`Collect`]) and plain strings ([`StringSink`]).
//!
//! The normaliser walks the paragraph once, left to right, and keeps no per-character state: a
//! run of plain ASCII (no whitespace, no capital) is skipped in a tight loop and copied as one
//! piece, and the few characters of context that the glued-sentence rule looks back at are read
//! from the raw bytes, or from a short history of the last non-ASCII characters. Memory is the
//! output and its edits, not a multiple of the input.

use nutgraf_core::{Edit, Rewriter, Span};

/// Where normalised text goes. Positions are raw byte offsets, increasing.
pub(crate) trait Sink {
    /// Copies raw text up to `to`.
    fn keep_to(&mut self, raw: &str, to: usize);
    /// Drops raw text up to `to`.
    fn delete_to(&mut self, to: usize);
    /// Replaces raw text up to `to` with `text`.
    fn replace_to(&mut self, to: usize, text: &str);
    /// Writes `text` that the raw input does not have.
    fn insert(&mut self, text: &str);
}

impl Sink for Rewriter<'_> {
    fn keep_to(&mut self, _raw: &str, to: usize) {
        Rewriter::keep_to(self, to);
    }
    fn delete_to(&mut self, to: usize) {
        Rewriter::delete_to(self, to);
    }
    fn replace_to(&mut self, to: usize, text: &str) {
        Rewriter::replace_to(self, to, text);
    }
    fn insert(&mut self, text: &str) {
        Rewriter::insert(self, text);
    }
}

/// A sink that only builds the text.
#[derive(Debug, Default)]
pub(crate) struct StringSink {
    pub(crate) out: String,
    pos: usize,
}

impl StringSink {
    pub(crate) fn starting_at(pos: usize) -> Self {
        Self {
            out: String::new(),
            pos,
        }
    }
}

impl Sink for StringSink {
    fn keep_to(&mut self, raw: &str, to: usize) {
        if to > self.pos {
            if let Some(s) = raw.get(self.pos..to) {
                self.out.push_str(s);
            }
            self.pos = to;
        }
    }
    fn delete_to(&mut self, to: usize) {
        self.pos = self.pos.max(to);
    }
    fn replace_to(&mut self, to: usize, text: &str) {
        self.out.push_str(text);
        self.pos = self.pos.max(to);
    }
    fn insert(&mut self, text: &str) {
        self.out.push_str(text);
    }
}

/// The normalised paragraphs of one input, one after the other in one buffer, with their edits
/// (raw positions in the input, clean positions in the buffer). Each paragraph is normalised once:
/// its text is read for de-duplication, and its edits are replayed into the [`Rewriter`] of the
/// clean text ([`Collect::replay`]).
///
/// The sink follows the [`Rewriter`]'s rules (positions clamped to the current one and to
/// character boundaries, adjacent edits merged, a replacement by the same text kept), but never
/// merges an edit into one of an earlier paragraph.
#[derive(Debug)]
pub(crate) struct Collect<'r> {
    raw: &'r str,
    pos: usize,
    /// The normalised paragraphs.
    pub(crate) text: String,
    edits: Vec<Edit>,
    /// The first edit of the current paragraph.
    first_edit: usize,
}

/// One paragraph written by a [`Collect`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Collected {
    /// The raw span that was normalised.
    pub(crate) span: Span,
    /// Where its text is in [`Collect::text`].
    pub(crate) text: Span,
    /// Its edits: indices into the collector's edits.
    edits: (usize, usize),
}

impl<'r> Collect<'r> {
    /// A collector for paragraphs of `raw`, for about `capacity` bytes of text.
    pub(crate) fn new(raw: &'r str, capacity: usize) -> Self {
        Self {
            raw,
            pos: 0,
            text: String::with_capacity(capacity),
            edits: Vec::new(),
            first_edit: 0,
        }
    }

    /// Normalises raw `span` into the buffer.
    pub(crate) fn paragraph(&mut self, span: Span) -> Collected {
        self.pos = span.start.min(self.raw.len());
        self.first_edit = self.edits.len();
        let start = self.text.len();
        normalize_into(self, self.raw, span.start, span.end);
        Collected {
            span,
            text: Span::new(start, self.text.len()),
            edits: (self.first_edit, self.edits.len()),
        }
    }

    /// The text of a paragraph.
    pub(crate) fn text_of(&self, p: &Collected) -> &str {
        &self.text[p.text.range()]
    }

    /// Writes a paragraph into `w`, which must be at or before its start (the caller has
    /// written the separator): the same edits as normalising it there directly.
    pub(crate) fn replay(&self, p: &Collected, w: &mut Rewriter<'_>) {
        for e in &self.edits[p.edits.0..p.edits.1] {
            w.keep_to(e.raw.start);
            // A deletion followed by an insertion at its end is recorded as one replacement.
            if !e.raw.is_empty() {
                w.delete_to(e.raw.end);
            }
            if !e.clean.is_empty() {
                w.insert(&self.text[e.clean.range()]);
            }
        }
        w.keep_to(p.span.end);
    }

    fn clamp(&self, to: usize) -> usize {
        // `pos` is a boundary, so the floor never falls below it
        nutgraf_core::text::floor_char_boundary(self.raw, to.max(self.pos))
    }

    fn record(&mut self, raw: Span, clean: Span) {
        if raw.is_empty() && clean.is_empty() {
            return;
        }
        if self.edits.len() > self.first_edit
            && let Some(last) = self.edits.last_mut()
            && last.raw.end == raw.start
            && last.clean.end == clean.start
        {
            last.raw.end = raw.end;
            last.clean.end = clean.end;
            return;
        }
        self.edits.push(Edit { raw, clean });
    }
}

impl Sink for Collect<'_> {
    fn keep_to(&mut self, _raw: &str, to: usize) {
        let to = self.clamp(to);
        self.text.push_str(&self.raw[self.pos..to]);
        self.pos = to;
    }
    fn delete_to(&mut self, to: usize) {
        let to = self.clamp(to);
        let c = self.text.len();
        self.record(Span::new(self.pos, to), Span::empty(c));
        self.pos = to;
    }
    fn replace_to(&mut self, to: usize, text: &str) {
        let to = self.clamp(to);
        if &self.raw[self.pos..to] == text {
            self.keep_to("", to);
            return;
        }
        let c = self.text.len();
        self.text.push_str(text);
        self.record(Span::new(self.pos, to), Span::new(c, self.text.len()));
        self.pos = to;
    }
    fn insert(&mut self, text: &str) {
        let c = self.text.len();
        self.text.push_str(text);
        self.record(Span::empty(self.pos), Span::new(c, self.text.len()));
    }
}

/// What a unit of the raw input (a character, or a mojibake sequence) becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Out {
    /// The character as it is.
    Same(char),
    /// Another character (repaired mojibake).
    Repl(char),
    /// Whitespace.
    Space,
    /// Nothing (zero-width characters).
    Del,
}

impl Out {
    /// The visible character, as a code point, or [`NONE`].
    fn visible(self) -> u32 {
        match self {
            Out::Same(c) | Out::Repl(c) => u32::from(c),
            _ => NONE,
        }
    }
}

/// No visible character: whitespace, a deleted character, or before the paragraph.
const NONE: u32 = u32::MAX;

/// Whether `c` is dropped from the clean text (zero-width and invisible formatting characters).
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{200E}'
            | '\u{200F}'
    )
}

/// Whether `c` is whitespace for normalisation (includes NBSP and the other Unicode spaces).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The byte that Windows-1252 (falling back to Latin-1 for its holes) encodes `c` as.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        c if (c as u32) <= 0xFF => c as u32 as u8,
        _ => return None,
    };
    Some(b)
}

/// Whether a character decoded from mojibake is plausible text (so that real Latin-1 text such
/// as `ß“` is not "repaired" into an unrelated script).
fn plausible_repair(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0x24F        // Latin-1 supplement, Latin extended A/B
        | 0x2010..=0x206F   // general punctuation: dashes, quotes, ellipsis
        | 0x20A0..=0x20CF   // currency
        | 0x2100..=0x215F   // letterlike (™, №)
    )
}

/// Tries to read a mojibake sequence (UTF-8 bytes decoded as Windows-1252) starting at byte `i`
/// of `s`; returns the repaired character and the end of the sequence.
fn mojibake_at(s: &str, i: usize) -> Option<(char, usize)> {
    let mut chars = s[i..].char_indices();
    let (_, lead) = chars.next()?;
    let lb = cp1252_byte(lead)?;
    let n = match lb {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => return None,
    };
    let mut bytes = [lb, 0, 0, 0];
    let mut end = i + lead.len_utf8();
    for b in bytes.iter_mut().take(n).skip(1) {
        let (off, c) = chars.next()?;
        let cb = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&cb) {
            return None;
        }
        *b = cb;
        end = i + off + c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..n]).ok()?;
    let c = decoded.chars().next()?;
    plausible_repair(c).then_some((c, end))
}

/// ASCII whitespace as [`char::is_whitespace`] has it (tab to carriage return, and space).
#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, 9..=13 | b' ')
}

/// The unit starting at byte `i` of `seg` and its end.
#[inline]
fn unit_at(seg: &str, i: usize) -> (Out, usize) {
    let b = seg.as_bytes()[i];
    if b < 0x80 {
        // ASCII: never mojibake nor zero-width
        let out = if is_ascii_space(b) {
            Out::Space
        } else {
            Out::Same(char::from(b))
        };
        return (out, i + 1);
    }
    let Some(c) = seg[i..].chars().next() else {
        return (Out::Del, seg.len());
    };
    if (0xC2..=0xEF).contains(&u32::from(c))
        && let Some((r, e)) = mojibake_at(seg, i)
    {
        let out = if r.is_whitespace() {
            Out::Space
        } else {
            Out::Repl(r)
        };
        return (out, e);
    }
    let out = if is_zero_width(c) {
        Out::Del
    } else if is_space(c) {
        Out::Space
    } else {
        Out::Same(c)
    };
    (out, i + c.len_utf8())
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// The visible characters just before the current position, back to the last whitespace or
/// deleted character (the glued-sentence rule never looks past one).
///
/// The units from `ascii_from` to the current position are single visible ASCII bytes, read
/// from the input; `hist` holds the visible units before `ascii_from`, the latest first.
struct Behind<'a> {
    bytes: &'a [u8],
    ascii_from: usize,
    hist: [u32; 8],
    len: usize,
}

impl Behind<'_> {
    /// Forgets everything: the unit just passed is not visible.
    #[inline]
    fn reset(&mut self, at: usize) {
        self.ascii_from = at;
        self.len = 0;
    }

    /// Records the visible non-ASCII unit `c` that ends at `end`, after the ASCII bytes
    /// before its start `at`.
    fn push(&mut self, at: usize, c: u32, end: usize) {
        let from = self.ascii_from.max(at.saturating_sub(self.hist.len()));
        for &b in &self.bytes[from..at] {
            self.push_one(u32::from(b));
        }
        self.push_one(c);
        self.ascii_from = end;
    }

    fn push_one(&mut self, c: u32) {
        self.hist.copy_within(0..7, 1);
        self.hist[0] = c;
        self.len = (self.len + 1).min(self.hist.len());
    }

    /// The visible character `k` units (1 = the previous one) before position `at`.
    #[inline]
    fn get(&self, at: usize, k: usize) -> Option<char> {
        let ascii = at - self.ascii_from;
        if k <= ascii {
            return Some(char::from(self.bytes[at - k]));
        }
        let h = k - ascii - 1;
        if h < self.len {
            char::from_u32(self.hist[h])
        } else {
            None
        }
    }
}

/// Whether a space is needed before the letter `c` at `at`, because the units before it end a
/// sentence glued to this one (`conference.NASA`, but not `U.S.Army`).
#[inline]
fn glued_boundary(c: char, behind: &Behind<'_>, at: usize) -> bool {
    // most characters are lowercase ASCII: decided without a table lookup
    if c.is_ascii_lowercase() || !c.is_uppercase() {
        return false;
    }
    glued_boundary_upper(behind, at)
}

/// [`glued_boundary`] for an uppercase letter at `at`.
fn glued_boundary_upper(behind: &Behind<'_>, at: usize) -> bool {
    let v = |k: usize| behind.get(at, k);
    // Walk back over closing quotes and brackets to the punctuation.
    let mut k = 1;
    let mut saw_closer = false;
    while k <= 4 {
        match v(k) {
            Some(p) if is_closer(p) => {
                saw_closer = true;
                k += 1;
            }
            _ => break,
        }
    }
    let Some(p) = v(k) else {
        return false;
    };
    if !matches!(p, '.' | '!' | '?' | '…') {
        return false;
    }
    let Some(before) = v(k + 1) else {
        return false;
    };
    if p == '.' && !saw_closer {
        // The word before the full stop must be a lower-case word of two letters or more
        // (`conference.NASA`), or a number (`in 2011.The`), not an initial (`U.S.Army`).
        let prev2 = v(k + 2);
        let word_like =
            before.is_lowercase() && prev2.is_some_and(nutgraf_core::text::is_alphabetic);
        let number = before.is_ascii_digit() && prev2.is_some_and(|c| c.is_ascii_digit());
        return word_like || number;
    }
    nutgraf_core::text::is_alphanumeric(before)
        || matches!(before, '.' | '!' | '?' | '…')
        || is_closer(before)
}

/// Byte classes of the normaliser's fast path.
const PLAIN: u8 = 0;
const UPPER: u8 = 1;
const SPACE: u8 = 2;
const OTHER: u8 = 3;

/// The class of each byte: ASCII that is copied as it is (`PLAIN`), ASCII capitals (a glued
/// sentence may start there), ASCII whitespace, and bytes of non-ASCII characters.
static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if matches!(b as u8, 9..=13 | b' ') {
            SPACE
        } else if (b as u8).is_ascii_uppercase() {
            UPPER
        } else {
            PLAIN
        };
        b += 1;
    }
    t
};

/// Writes the normalised text of raw `start..end` into `sink`; the sink must be at `start`.
///
/// Whitespace runs (with NBSP) become one space, zero-width characters go, a space before
/// `, . ; : ! ?` goes, glued sentences get a space, mojibake is repaired. Leading and trailing
/// whitespace is dropped. Returns whether anything visible was written.
pub(crate) fn normalize_into(sink: &mut impl Sink, raw: &str, start: usize, end: usize) -> bool {
    let seg = &raw[start..end];
    let bytes = seg.as_bytes();
    let n = bytes.len();
    let mut wrote = false;
    // Unchanged text is copied in runs: `kept` is how far the current run reaches.
    let mut kept: Option<usize> = None;
    let mut behind = Behind {
        bytes,
        ascii_from: 0,
        hist: [NONE; 8],
        len: 0,
    };
    // Copies the pending run of unchanged text.
    fn flush(sink: &mut impl Sink, raw: &str, kept: &mut Option<usize>) {
        if let Some(k) = kept.take() {
            sink.keep_to(raw, k);
        }
    }
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        match CLASS[usize::from(b)] {
            PLAIN => {
                // the run of plain bytes, eight at a time
                i += 1;
                'run: loop {
                    loop {
                        if let Some(c) = bytes.get(i..i + 8) {
                            let mut a = [0u8; 8];
                            a.copy_from_slice(c);
                            // (a control character stops the run too: the run goes on
                            // from it as from any plain byte)
                            let m = nutgraf_core::swar::low_upper_or_high(u64::from_le_bytes(a));
                            if m == 0 {
                                i += 8;
                                continue;
                            }
                            i += (m.trailing_zeros() / 8) as usize;
                        } else {
                            while i < n && CLASS[usize::from(bytes[i])] == PLAIN {
                                i += 1;
                            }
                        }
                        break;
                    }
                    kept = Some(start + i);
                    wrote = true;
                    // A single space before a plain ASCII character that is not punctuation,
                    // or a capital: kept, as below; and the run goes on from the character
                    // after it (a capital right after whitespace never starts a glued
                    // sentence: nothing visible is behind it).
                    if i + 1 < n && bytes[i] == b' ' {
                        let next = bytes[i + 1];
                        if CLASS[usize::from(next)] <= UPPER
                            && !matches!(next, b',' | b';' | b':' | b'!' | b'?' | b'.')
                        {
                            i += 1;
                            behind.reset(i);
                            i += 1;
                            continue 'run;
                        }
                    }
                    break;
                }
                continue;
            }
            UPPER => {
                if wrote && glued_boundary_upper(&behind, i) {
                    flush(sink, raw, &mut kept);
                    sink.insert(" ");
                }
                i += 1;
                kept = Some(start + i);
                wrote = true;
                continue;
            }
            SPACE if b == b' ' && i + 1 < n => {
                // A single space before a plain ASCII character: kept, unless the text has not
                // started yet or punctuation follows.
                let next = bytes[i + 1];
                if CLASS[usize::from(next)] <= UPPER
                    && !matches!(next, b',' | b';' | b':' | b'!' | b'?' | b'.')
                {
                    if wrote {
                        kept = Some(start + i + 1);
                    } else {
                        flush(sink, raw, &mut kept);
                        sink.delete_to(start + i + 1);
                    }
                    i += 1;
                    behind.reset(i);
                    continue;
                }
            }
            _ => {}
        }
        let (out, e) = unit_at(seg, i);
        match out {
            Out::Same(c) => {
                if wrote && glued_boundary(c, &behind, i) {
                    flush(sink, raw, &mut kept);
                    sink.insert(" ");
                }
                if !c.is_ascii() {
                    behind.push(i, u32::from(c), e);
                }
                kept = Some(start + e);
                wrote = true;
                i = e;
            }
            Out::Repl(c) => {
                flush(sink, raw, &mut kept);
                if wrote && glued_boundary(c, &behind, i) {
                    sink.insert(" ");
                }
                let mut buf = [0u8; 4];
                sink.replace_to(start + e, c.encode_utf8(&mut buf));
                behind.push(i, u32::from(c), e);
                wrote = true;
                i = e;
            }
            Out::Del => {
                flush(sink, raw, &mut kept);
                sink.delete_to(start + e);
                i = e;
                behind.reset(i);
            }
            Out::Space => {
                // The whole run of spaces and invisible characters.
                let mut j = e;
                let mut single = true;
                while j < n {
                    let (o, f) = unit_at(seg, j);
                    if !matches!(o, Out::Space | Out::Del) {
                        break;
                    }
                    single = false;
                    j = f;
                }
                let (next, after) = if j < n {
                    let (o, f) = unit_at(seg, j);
                    let next = char::from_u32(o.visible());
                    // only read after a full stop
                    let after = if next == Some('.') && f < n {
                        char::from_u32(unit_at(seg, f).0.visible())
                    } else {
                        None
                    };
                    (next, after)
                } else {
                    (None, None)
                };
                let drop = !wrote
                    || next.is_none()
                    || matches!(next, Some(',' | ';' | ':' | '!' | '?'))
                    || (next == Some('.')
                        && !after.is_some_and(nutgraf_core::text::is_alphanumeric));
                if !drop && single && &seg[i..e] == " " {
                    kept = Some(start + j);
                } else {
                    flush(sink, raw, &mut kept);
                    if drop {
                        sink.delete_to(start + j);
                    } else {
                        sink.replace_to(start + j, " ");
                    }
                }
                i = j;
                behind.reset(i);
            }
        }
    }
    flush(sink, raw, &mut kept);
    sink.delete_to(end);
    wrote
}

/// The normalised text of raw `start..end`, as a plain string.
pub(crate) fn normalized(raw: &str, start: usize, end: usize) -> String {
    let mut s = StringSink::starting_at(start);
    normalize_into(&mut s, raw, start, end);
    s.out
}

/// The normaliser as it was before streaming: one unit per character in a vector, every rule
/// read off the vector. The streaming one must write exactly the same text and edits.
#[cfg(test)]
mod reference {
    use super::{Out, Sink, is_space, is_zero_width, mojibake_at};

    #[derive(Clone, Copy, Debug)]
    struct Unit {
        start: usize,
        end: usize,
        out: Out,
    }

    impl Unit {
        fn visible(&self) -> Option<char> {
            match self.out {
                Out::Same(c) | Out::Repl(c) => Some(c),
                _ => None,
            }
        }
    }

    fn scan(raw: &str, start: usize, end: usize) -> Vec<Unit> {
        let mut units = Vec::with_capacity(end.saturating_sub(start));
        let seg = &raw[start..end];
        let mut i = 0;
        let bytes = seg.as_bytes();
        while i < seg.len() {
            let b = bytes[i];
            if b < 0x80 {
                // ASCII: never mojibake nor zero-width
                let c = char::from(b);
                units.push(Unit {
                    start: start + i,
                    end: start + i + 1,
                    out: if is_space(c) {
                        Out::Space
                    } else {
                        Out::Same(c)
                    },
                });
                i += 1;
                continue;
            }
            let Some(c) = seg[i..].chars().next() else {
                break;
            };
            let cl = c.len_utf8();
            if (0xC2..=0xEF).contains(&(c as u32))
                && let Some((r, e)) = mojibake_at(seg, i)
            {
                let out = if r.is_whitespace() {
                    Out::Space
                } else {
                    Out::Repl(r)
                };
                units.push(Unit {
                    start: start + i,
                    end: start + e,
                    out,
                });
                i = e;
                continue;
            }
            let out = if is_zero_width(c) {
                Out::Del
            } else if is_space(c) {
                Out::Space
            } else {
                Out::Same(c)
            };
            units.push(Unit {
                start: start + i,
                end: start + i + cl,
                out,
            });
            i += cl;
        }
        units
    }

    fn is_closer(c: char) -> bool {
        matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
    }

    /// Whether a space is needed before the upper-case letter at unit `i`, because the units before
    /// it end a sentence glued to this one (`conference.NASA`, but not `U.S.Army`).
    #[inline]
    fn glued_boundary(units: &[Unit], i: usize) -> bool {
        let Some(c) = units[i].visible() else {
            return false;
        };
        // most characters are lowercase ASCII: decided without a table lookup
        if c.is_ascii_lowercase() || !c.is_uppercase() {
            return false;
        }
        glued_boundary_upper(units, i)
    }

    /// [`glued_boundary`] for an uppercase letter at `i`.
    fn glued_boundary_upper(units: &[Unit], i: usize) -> bool {
        // Walk back over closing quotes and brackets to the punctuation.
        let mut j = i;
        let mut saw_closer = false;
        while j > 0 && i - j < 4 {
            match units[j - 1].visible() {
                Some(p) if is_closer(p) => {
                    saw_closer = true;
                    j -= 1;
                }
                _ => break,
            }
        }
        if j == 0 {
            return false;
        }
        let Some(p) = units[j - 1].visible() else {
            return false;
        };
        if !matches!(p, '.' | '!' | '?' | '…') {
            return false;
        }
        if j < 2 {
            return false;
        }
        let Some(before) = units[j - 2].visible() else {
            return false;
        };
        if p == '.' && !saw_closer {
            // The word before the full stop must be a lower-case word of two letters or more
            // (`conference.NASA`), or a number (`in 2011.The`), not an initial (`U.S.Army`).
            let prev2 = if j >= 3 { units[j - 3].visible() } else { None };
            let word_like = before.is_lowercase() && prev2.is_some_and(char::is_alphabetic);
            let number = before.is_ascii_digit() && prev2.is_some_and(|c| c.is_ascii_digit());
            return word_like || number;
        }
        before.is_alphanumeric() || matches!(before, '.' | '!' | '?' | '…') || is_closer(before)
    }

    /// Writes the normalised text of raw `start..end` into `sink`; the sink must be at `start`.
    ///
    /// Whitespace runs (with NBSP) become one space, zero-width characters go, a space before
    /// `, . ; : ! ?` goes, glued sentences get a space, mojibake is repaired. Leading and trailing
    /// whitespace is dropped. Returns whether anything visible was written.
    pub(super) fn normalize_into(
        sink: &mut impl Sink,
        raw: &str,
        start: usize,
        end: usize,
    ) -> bool {
        let units = scan(raw, start, end);
        let mut wrote = false;
        // Unchanged text is copied in runs: `kept` is how far the current run reaches.
        let mut kept: Option<usize> = None;
        let flush = |sink: &mut dyn FnMut(usize), kept: &mut Option<usize>| {
            if let Some(k) = kept.take() {
                sink(k);
            }
        };
        let mut i = 0;
        while i < units.len() {
            let u = units[i];
            // (a lowercase ASCII letter never starts a glued sentence: no call for most characters)
            if let Out::Same(c) = u.out
                && !(wrote && !c.is_ascii_lowercase() && glued_boundary(&units, i))
            {
                kept = Some(u.end);
                wrote = true;
                i += 1;
                continue;
            }
            flush(&mut |k| sink.keep_to(raw, k), &mut kept);
            match u.out {
                Out::Del => {
                    sink.delete_to(u.end);
                    i += 1;
                }
                Out::Space => {
                    // The whole run of spaces and invisible characters.
                    let mut j = i;
                    while j < units.len() && matches!(units[j].out, Out::Space | Out::Del) {
                        j += 1;
                    }
                    let run_end = units[j - 1].end;
                    let next = units.get(j).and_then(Unit::visible);
                    let after = units.get(j + 1).and_then(Unit::visible);
                    let drop = !wrote
                        || next.is_none()
                        || matches!(next, Some(',' | ';' | ':' | '!' | '?'))
                        || (next == Some('.') && !after.is_some_and(char::is_alphanumeric));
                    if drop {
                        sink.delete_to(run_end);
                    } else if j == i + 1 && raw.get(u.start..u.end) == Some(" ") {
                        kept = Some(run_end);
                    } else {
                        sink.replace_to(run_end, " ");
                    }
                    i = j;
                }
                Out::Same(_) | Out::Repl(_) => {
                    if wrote && glued_boundary(&units, i) {
                        sink.insert(" ");
                    }
                    match u.out {
                        Out::Repl(c) => {
                            let mut buf = [0u8; 4];
                            sink.replace_to(u.end, c.encode_utf8(&mut buf));
                        }
                        _ => kept = Some(u.end),
                    }
                    wrote = true;
                    i += 1;
                }
            }
        }
        flush(&mut |k| sink.keep_to(raw, k), &mut kept);
        sink.delete_to(end);
        wrote
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalized(s, 0, s.len())
    }

    #[test]
    fn a_replayed_normalisation_builds_the_same_text_and_map() {
        for s in [
            "  a \u{a0}\t b  ",
            "donâ€™t stop ,\" he said .The end\u{200b}",
            "â€œQuoteâ€\u{9d} and cafÃ©  ",
            "end.â€™The \u{200b}x\u{200b} \u{200b}.A",
            "",
        ] {
            // Two paragraphs of the same text, the first written directly, then a separator.
            let raw = format!("{s}\n{s}");
            let second = Span::new(s.len() + 1, raw.len());
            let mut direct = Rewriter::new(&raw);
            normalize_into(&mut direct, &raw, 0, s.len());
            direct.replace_to(second.start, "\n\n");
            normalize_into(&mut direct, &raw, second.start, second.end);
            let mut c = Collect::new(&raw, 0);
            let p1 = c.paragraph(Span::new(0, s.len()));
            let p2 = c.paragraph(second);
            assert_eq!(c.text_of(&p1), n(s));
            assert_eq!(c.text_of(&p2), n(s));
            let mut replayed = Rewriter::new(&raw);
            c.replay(&p1, &mut replayed);
            replayed.replace_to(second.start, "\n\n");
            c.replay(&p2, &mut replayed);
            let (a, am) = direct.finish();
            let (b, bm) = replayed.finish();
            assert_eq!(a, b);
            assert_eq!(am.edits(), bm.edits());
        }
    }

    /// Normalises `raw[start..end]` with the streaming normaliser and the reference one.
    fn both(raw: &str, start: usize, end: usize) -> ((String, Vec<Edit>), (String, Vec<Edit>)) {
        let run = |f: &dyn Fn(&mut Rewriter<'_>)| {
            let mut w = Rewriter::new(raw);
            w.delete_to(start);
            f(&mut w);
            let (t, m) = w.finish();
            (t, m.edits().to_vec())
        };
        (
            run(&|w| {
                normalize_into(w, raw, start, end);
            }),
            run(&|w| {
                reference::normalize_into(w, raw, start, end);
            }),
        )
    }

    /// Pieces that exercise every rule and the switches between the ASCII fast path and the
    /// general one (non-ASCII letters, closers and terminators, mojibake, Unicode spaces).
    const PIECES: &[&str] = &[
        "a",
        "word",
        "A",
        "NASA",
        "1",
        "9.9",
        ".",
        "!",
        "?",
        ",",
        ";",
        ":",
        "\"",
        "'",
        ")",
        "]",
        " ",
        "  ",
        "\t",
        "\n",
        "\u{b}",
        "\r\n",
        "\u{a0}",
        "\u{2003}",
        "\u{200b}",
        "\u{feff}",
        "\u{ad}",
        "…",
        "”",
        "’",
        "»",
        "“",
        "É",
        "é",
        "Ünter",
        "ß",
        "İ",
        "日本",
        "â€™",
        "â€œ",
        "â€\u{9d}",
        "Ã©",
        "Â\u{a0}",
        "â€",
        "Ã",
        "U.S.",
        ".NET",
        "end.The",
        "in 2011.The",
    ];

    proptest::proptest! {
        #[test]
        fn streaming_matches_the_reference(
            parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..40),
            cut in 0usize..4,
        ) {
            let raw = parts.concat();
            // Also a segment that starts and ends inside the input.
            let start = raw.char_indices().nth(cut).map_or(raw.len(), |(i, _)| i);
            let end = raw.char_indices().rev().nth(cut).map_or(0, |(i, _)| i).max(start);
            for (a, b) in [(0, raw.len()), (start, end)] {
                let (new, old) = both(&raw, a, b);
                proptest::prop_assert_eq!(new, old, "{:?} {}..{}", raw, a, b);
            }
        }

        #[test]
        fn streaming_matches_the_reference_on_any_text(raw in "\\PC{0,200}") {
            let (new, old) = both(&raw, 0, raw.len());
            proptest::prop_assert_eq!(new, old);
        }

        #[test]
        fn streaming_matches_the_reference_with_control_characters(
            raw in "[a-zA-Z .,!?\u{1}\u{8}\u{e}\u{1f}\u{7f}\t\n\u{a0}\u{200b}é’”]{0,120}",
        ) {
            let (new, old) = both(&raw, 0, raw.len());
            proptest::prop_assert_eq!(new, old);
        }
    }

    #[test]
    fn ascii_and_non_ascii_paragraphs_normalise_alike() {
        // The same rules on the fast path (plain ASCII) and on the general one: an accented
        // letter at the start switches the whole paragraph to decoding characters.
        let body = "The council met ,then voted .It passed.\"Good,\" he said!Next  time ; maybe";
        let want = "The council met,then voted .It passed.\" Good,\" he said! Next time; maybe";
        assert_eq!(n(body), want);
        assert_eq!(n(&format!("É{body}")), format!("É{want}"));
        assert_eq!(n(&format!("{body}\u{a0}é")), format!("{want} é"));
        // glued sentences after non-ASCII closers and terminators
        assert_eq!(n("said it.”The end"), "said it.” The end");
        assert_eq!(n("wait…Then"), "wait… Then");
        assert_eq!(n("Zürich.Ölten"), "Zürich. Ölten");
        assert_eq!(n("x\u{200b}.The"), "x.The");
    }

    #[test]
    fn a_giant_line_is_normalised_with_sparse_edits() {
        // 2 MB on one line: clean ASCII keeps no edit at all, and each glued sentence costs
        // one insertion.
        let clean = "The bridge will reopen on Monday, the mayor said. ".repeat(40_000);
        let mut c = Collect::new(&clean, clean.len());
        let p = c.paragraph(Span::new(0, clean.len()));
        assert_eq!(c.text_of(&p), clean.trim_end());
        assert_eq!(c.edits.len(), 1, "only the trailing space");
        let glued = "It ended.The end is near, she said ".repeat(40_000);
        let mut c = Collect::new(&glued, glued.len());
        let p = c.paragraph(Span::new(0, glued.len()));
        assert_eq!(c.edits.len(), 40_001);
        assert_eq!(c.text_of(&p), n(&glued));
        assert!(
            c.text_of(&p)
                .starts_with("It ended. The end is near, she said It ended. The")
        );
    }

    #[test]
    fn whitespace_and_punctuation() {
        assert_eq!(n("  a \u{a0}\t b  "), "a b");
        assert_eq!(n("the launch ,\" he said ."), "the launch,\" he said.");
        assert_eq!(
            n("Wait ! Really ? Yes ; no : maybe"),
            "Wait! Really? Yes; no: maybe"
        );
        assert_eq!(n("version .NET stays"), "version .NET stays");
        assert_eq!(n("zero\u{200b}width\u{feff}"), "zerowidth");
    }

    #[test]
    fn glued_sentences() {
        assert_eq!(
            n("press conference.NASA said"),
            "press conference. NASA said"
        );
        assert_eq!(n("it ended.The end"), "it ended. The end");
        assert_eq!(n("in 2011.The year"), "in 2011. The year");
        assert_eq!(n("she left.\"Then"), "she left.\" Then");
        assert_eq!(
            n("Node.js and U.S.Army and www.example.com and 3.5"),
            "Node.js and U.S.Army and www.example.com and 3.5"
        );
        assert_eq!(n("Really?Yes!No"), "Really? Yes! No");
    }

    #[test]
    fn mojibake() {
        assert_eq!(n("donâ€™t stop"), "don’t stop");
        assert_eq!(n("â€œQuoteâ€\u{9d} and cafÃ©"), "“Quote” and café");
        assert_eq!(n("Straße“ kept"), "Straße“ kept");
        assert_eq!(n("“curly” ‘kept’"), "“curly” ‘kept’");
    }
}
