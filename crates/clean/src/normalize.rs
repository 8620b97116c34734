//! Normalisation of one body paragraph, written through a [`Sink`] so that the same code builds
//! the clean text with its offset map ([`Rewriter`]) and the comparison keys used for
//! de-duplication (a plain `String`).

use nutgraf_core::Rewriter;

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

    /// A sink at `pos` for about `capacity` bytes of text.
    fn with_capacity(pos: usize, capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
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

/// A short text written by the normaliser (a space or one repaired character), kept inline.
#[derive(Clone, Debug)]
enum Piece {
    Short([u8; 4], u8),
    Long(Box<str>),
}

impl Piece {
    fn new(text: &str) -> Self {
        if text.len() <= 4 {
            let mut b = [0u8; 4];
            b[..text.len()].copy_from_slice(text.as_bytes());
            // at most 4, fits
            Piece::Short(b, u8::try_from(text.len()).unwrap_or(4))
        } else {
            Piece::Long(text.into())
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // built from a &str of that length
            Piece::Short(b, n) => std::str::from_utf8(&b[..usize::from(*n)]).unwrap_or(""),
            Piece::Long(s) => s,
        }
    }
}

/// One call the normaliser made on its sink.
#[derive(Clone, Debug)]
enum Op {
    Keep(usize),
    Delete(usize),
    Replace(usize, Piece),
    Insert(Piece),
}

/// A normalised paragraph: its text, and the sink calls that wrote it, to be replayed into a
/// [`Rewriter`] without normalising the paragraph again.
#[derive(Clone, Debug, Default)]
pub(crate) struct Recorded {
    /// The normalised text.
    pub(crate) text: String,
    ops: Vec<Op>,
}

impl Recorded {
    /// Makes the same calls on `sink` as the normalisation that recorded them.
    pub(crate) fn replay(&self, raw: &str, sink: &mut impl Sink) {
        for op in &self.ops {
            match op {
                Op::Keep(to) => sink.keep_to(raw, *to),
                Op::Delete(to) => sink.delete_to(*to),
                Op::Replace(to, t) => sink.replace_to(*to, t.as_str()),
                Op::Insert(t) => sink.insert(t.as_str()),
            }
        }
    }
}

/// A sink that builds the text (as [`StringSink`]) and records the calls.
struct RecordingSink {
    text: StringSink,
    ops: Vec<Op>,
}

impl Sink for RecordingSink {
    fn keep_to(&mut self, raw: &str, to: usize) {
        self.text.keep_to(raw, to);
        self.ops.push(Op::Keep(to));
    }
    fn delete_to(&mut self, to: usize) {
        self.text.delete_to(to);
        self.ops.push(Op::Delete(to));
    }
    fn replace_to(&mut self, to: usize, text: &str) {
        self.text.replace_to(to, text);
        self.ops.push(Op::Replace(to, Piece::new(text)));
    }
    fn insert(&mut self, text: &str) {
        self.text.insert(text);
        self.ops.push(Op::Insert(Piece::new(text)));
    }
}

/// What a unit of the raw input becomes.
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
pub(crate) fn normalize_into(sink: &mut impl Sink, raw: &str, start: usize, end: usize) -> bool {
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

/// The normalised text of raw `start..end`, as a plain string.
pub(crate) fn normalized(raw: &str, start: usize, end: usize) -> String {
    let mut s = StringSink::starting_at(start);
    normalize_into(&mut s, raw, start, end);
    s.out
}

/// The normalised text of raw `start..end` with the sink calls that wrote it.
pub(crate) fn normalized_recorded(raw: &str, start: usize, end: usize) -> Recorded {
    let mut s = RecordingSink {
        text: StringSink::with_capacity(start, end.saturating_sub(start)),
        ops: Vec::new(),
    };
    normalize_into(&mut s, raw, start, end);
    Recorded {
        text: s.text.out,
        ops: s.ops,
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
            "",
        ] {
            let mut direct = Rewriter::new(s);
            normalize_into(&mut direct, s, 0, s.len());
            let rec = normalized_recorded(s, 0, s.len());
            assert_eq!(rec.text, n(s));
            let mut replayed = Rewriter::new(s);
            rec.replay(s, &mut replayed);
            let (a, am) = direct.finish();
            let (b, bm) = replayed.finish();
            assert_eq!(a, b);
            assert_eq!(am.edits(), bm.edits());
        }
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
