//! A small tokenizer: words (with inner apostrophes and hyphens) and single punctuation marks,
//! each with its byte span and, for words, a lowercase form.

use crate::is_word_char;
use crate::lexicon::{self as lx, CueInfo, Info};

/// Kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, digits, inner `'`, `’` and `-`.
    Word,
    /// One character that is neither a word character nor whitespace.
    Punct,
}

/// The token is a word (a bit of [`Tok::info`] beside the lexicon classes).
const WORD: Info = 1 << 31;
/// The token is a word whose first character is uppercase.
const CAP: Info = 1 << 30;
/// The word is ASCII: its lowercase form is [`Tokens::lower`] at the same bytes, and
/// [`Tok::lo`] is unused.
const ASCII: Info = 1 << 29;

/// One token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// First character.
    pub(crate) first: char,
    /// [`WORD`], [`CAP`], [`ASCII`] and, for words, the lexicon classes of the lowercase
    /// form.
    info: Info,
    /// Range of the lowercase form in [`Tokens::wide`] (unless [`ASCII`]).
    lo: (u32, u32),
}

impl Tok {
    /// Whether the token is a word or punctuation.
    #[inline]
    pub(crate) fn kind(&self) -> Kind {
        if self.info & WORD != 0 {
            Kind::Word
        } else {
            Kind::Punct
        }
    }
}

/// The tokens of a text.
pub(crate) struct Tokens {
    pub(crate) toks: Vec<Tok>,
    /// The indices of the cue words, in order.
    pub(crate) cues: Vec<usize>,
    /// The indices of the words `according`, in order.
    pub(crate) according: Vec<usize>,
    /// The indices of the double quote marks ([`crate::marks::is_mark`]), in order.
    pub(crate) marks: Vec<usize>,
    /// `word_prefix[i]`: how many of the tokens before `i` are words (one entry more than
    /// there are tokens).
    pub(crate) word_prefix: Vec<u32>,
    /// The text with its ASCII letters lowercase (the same bytes elsewhere): the lowercase form
    /// of every [`ASCII`] word at the word's own bytes.
    lower: String,
    /// The lowercase forms of the words with other characters.
    wide: String,
}

/// Appends the lowercase form of `c` (ASCII without the Unicode tables).
#[inline]
fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

fn joins_word(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}')
}

/// [`is_word_char`] for a non-ASCII character, answering the General Punctuation block
/// (U+2000 to U+206F: dashes, curly quotes, spaces; no letter, digit or mark) without the
/// Unicode tables.
#[inline]
fn is_word_char_wide(c: char) -> bool {
    !('\u{2000}'..='\u{206F}').contains(&c) && is_word_char(c)
}

/// The character starting at byte `i` of `text` (a character boundary).
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|r| r.chars().next())
}

/// Whether a word character starts at byte `i`.
#[inline]
fn word_char_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(x) if x.is_ascii() => x.is_ascii_alphanumeric(),
        Some(_) => char_at(text, i).is_some_and(is_word_char_wide),
    }
}

/// An ASCII letter or digit (in [`BYTE_CLASS`]).
const ALNUM: u8 = 1;
/// An ASCII uppercase letter.
const UPPER: u8 = 2;
/// ASCII whitespace as `char::is_whitespace` has it (tab to carriage return, space).
const SPACE: u8 = 4;
/// An ASCII byte that neither goes on nor joins a word: no letter or digit, no `'` or `-`.
const ENDS: u8 = 8;

/// The class bits of every byte (`0` for every byte of 0x80 and above).
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(b, b' ' | 0x09..=0x0D) {
            SPACE | ENDS
        } else if matches!(b, b'\'' | b'-') {
            0
        } else {
            ENDS
        };
        i += 1;
    }
    t
};

/// Lists token `k` with classes `info` among the cue words and the words `according`.
#[inline]
fn note_cue(info: Info, k: usize, cues: &mut Vec<usize>, according: &mut Vec<usize>) {
    if info & lx::CUE != 0 {
        cues.push(k);
    }
    if info & lx::ACCORDING != 0 {
        according.push(k);
    }
}

/// `0x01` in every byte of a word.
const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
const HI: u64 = 0x8080_8080_8080_8080;

/// Bit 7 set in each byte of `w` whose low seven bits are at least `c` (`c < 0x80`).
#[inline(always)]
fn bytes_ge(w: u64, c: u8) -> u64 {
    ((w | HI) - LO * u64::from(c)) & HI
}

/// Bit 7 set in each byte of `w` (every byte below `0x80`) that is at most `c` (`c < 0x80`).
#[inline(always)]
fn bytes_le(w: u64, c: u8) -> u64 {
    (LO * u64::from(c | 0x80) - w) & HI
}

/// The end of the run of ASCII letters and digits from byte `end`. Runs of lowercase letters go
/// 8 bytes at a time: in each 8-byte word the first byte that is no lowercase ASCII letter is
/// found at once, and only that byte is classed.
#[inline(always)]
fn alnum_run(b: &[u8], mut end: usize) -> usize {
    while end + 8 <= b.len() {
        // (always 8 bytes: the fallback is never taken)
        let w = b
            .get(end..end + 8)
            .and_then(|x| <[u8; 8]>::try_from(x).ok())
            .map_or(0, u64::from_le_bytes);
        // ASCII (bit 7 clear), at least `a` and at most `z` in the low seven bits
        let lower = bytes_ge(w, b'a') & bytes_le(w & !HI, b'z') & !w;
        let other = !lower & HI;
        if other == 0 {
            end += 8;
            continue;
        }
        end += (other.trailing_zeros() / 8) as usize;
        let c = b.get(end).map_or(0, |&x| BYTE_CLASS[usize::from(x)]);
        if c & ALNUM == 0 {
            return end;
        }
        // an uppercase letter or a digit: part of the run
        end += 1;
    }
    while let Some(&x) = b.get(end) {
        if BYTE_CLASS[usize::from(x)] & ALNUM == 0 {
            break;
        }
        end += 1;
    }
    end
}

/// The 8 bytes of `b` from `i` (`None` past the end).
#[inline(always)]
fn load8_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i.checked_add(8)?)
        .and_then(|x| <[u8; 8]>::try_from(x).ok())
        .map(u64::from_le_bytes)
}

/// Bit 7 set in each byte of `w` that is no lowercase ASCII letter.
#[inline(always)]
fn not_lowercase(w: u64) -> u64 {
    !(bytes_ge(w, b'a') & bytes_le(w & !HI, b'z') & !w) & HI
}

/// The word at byte `i` when it is 1 to 15 lowercase ASCII letters followed by a byte that
/// neither goes on nor joins a word ([`ENDS`]), read 8 bytes at a time: its length, its bytes
/// packed as lexicon keys (the first 8 bytes, the first lowest, and the others; the bytes past
/// the word `0`), and whether the byte after it is a space. `None` for any other word, and when
/// the bytes read (8, or 16 for a longer word) run past the end of `b`.
#[inline(always)]
fn lowercase_word(b: &[u8], i: usize) -> Option<(usize, u64, u64, bool)> {
    let w = load8_at(b, i)?;
    let other = not_lowercase(w);
    // (the byte after the word is in the bytes read: the first one that is no lowercase letter)
    let (len, a, z, after) = if other != 0 {
        let bit = other.trailing_zeros() & !7;
        let len = (bit / 8) as usize;
        (len, w & ((1u64 << bit) - 1), 0, (w >> bit) as u8)
    } else {
        let w2 = load8_at(b, i + 8)?;
        let other = not_lowercase(w2);
        if other == 0 {
            return None;
        }
        let bit = other.trailing_zeros() & !7;
        let rest = (bit / 8) as usize;
        (8 + rest, w, w2 & ((1u64 << bit) - 1), (w2 >> bit) as u8)
    };
    let ends = len > 0 && BYTE_CLASS[usize::from(after)] & ENDS != 0;
    ends.then_some((len, a, z, after == b' '))
}

/// The end of the word that starts with `c` at byte `i`, its lowercase form appended to `lower`:
/// letters, digits and marks, with `'`, `’` and hyphens between two of them.
fn scan_word(text: &str, i: usize, c: char, lower: &mut String) -> usize {
    let b = text.as_bytes();
    push_lower(lower, c);
    let mut end = i + c.len_utf8();
    loop {
        // a run of ASCII letters and digits, copied and lowercased at once
        let run = end;
        while end < b.len() && BYTE_CLASS[usize::from(b[end])] & ALNUM != 0 {
            end += 1;
        }
        if end > run {
            let from = lower.len();
            lower.push_str(&text[run..end]);
            lower[from..].make_ascii_lowercase();
        }
        let Some(&y) = b.get(end) else {
            break;
        };
        if y.is_ascii() {
            if (y == b'\'' || y == b'-') && word_char_at(text, end + 1) {
                lower.push(char::from(y));
                end += 1;
                continue;
            }
            break;
        }
        let Some(d) = char_at(text, end) else {
            break;
        };
        if is_word_char_wide(d) {
            push_lower(lower, d);
            end += d.len_utf8();
        } else if joins_word(d) && word_char_at(text, end + d.len_utf8()) {
            lower.push(if d == '\u{2019}' { '\'' } else { d });
            end += d.len_utf8();
        } else {
            break;
        }
    }
    end
}

impl Tokens {
    /// Tokenizes `text` in one pass.
    #[inline(never)]
    pub(crate) fn new(text: &str) -> Self {
        let table = lx::table();
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        // one bulk copy lowercases every ASCII word at once: no word is copied on its own
        let mut lower = String::with_capacity(text.len());
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let lb = lower.as_bytes();
        // the lowercase forms of the words with non-ASCII characters: few
        let mut wide = String::new();
        // the positions the rules visit instead of every token, listed as the tokens are made
        let (mut cues, mut according, mut marks) = (
            Vec::with_capacity(text.len() / 128 + 4),
            Vec::with_capacity(text.len() / 2048 + 4),
            Vec::with_capacity(text.len() / 128 + 4),
        );
        let b = text.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n {
            let x = b[i];
            let cls = BYTE_CLASS[usize::from(x)];
            if cls & SPACE != 0 {
                i += 1;
                continue;
            }
            if cls & ALNUM != 0 {
                // most words: lowercase ASCII letters and a byte that ends them (see
                // `lowercase_word`)
                if let Some((len, a, z, space_after)) = lowercase_word(b, i) {
                    let found = if len <= 8 {
                        table.get_letters(a)
                    } else {
                        table.get_letters_mid(a, z)
                    };
                    let info = WORD | ASCII | found;
                    if info & (lx::CUE | lx::ACCORDING) != 0 {
                        note_cue(info, toks.len(), &mut cues, &mut according);
                    }
                    toks.push(Tok {
                        start: i,
                        end: i + len,
                        first: char::from(x),
                        info,
                        lo: (0, 0),
                    });
                    // (a space after the word is passed over here, not by another turn)
                    i += len + usize::from(space_after);
                    continue;
                }
                // a capitalised word: an uppercase letter and lowercase letters as above
                if cls & UPPER != 0 {
                    if let Some((len, a, z, space_after)) = lowercase_word(b, i + 1) {
                        // the lowercase first letter before the packed bytes of the others
                        let a2 = a << 8 | u64::from(x.to_ascii_lowercase());
                        let found = if len < 8 {
                            table.get_letters(a2)
                        } else {
                            table.get_letters_mid(a2, a >> 56 | z << 8)
                        };
                        let info = WORD | CAP | ASCII | found;
                        if info & (lx::CUE | lx::ACCORDING) != 0 {
                            note_cue(info, toks.len(), &mut cues, &mut according);
                        }
                        toks.push(Tok {
                            start: i,
                            end: i + 1 + len,
                            first: char::from(x),
                            info,
                            lo: (0, 0),
                        });
                        i += 1 + len + usize::from(space_after);
                        continue;
                    }
                }
                // an ASCII word: letters and digits, with `'` and `-` between two word
                // characters
                let mut end = i + 1;
                loop {
                    end = alnum_run(b, end);
                    if end < n && (b[end] == b'\'' || b[end] == b'-') && word_char_at(text, end + 1)
                    {
                        end += 1;
                        continue;
                    }
                    break;
                }
                let first = char::from(x);
                let cap = if cls & UPPER != 0 { CAP } else { 0 };
                let (end, info, lo) = if end < n && b[end] >= 0x80 {
                    // the word may go on with a non-ASCII character: the general scan
                    let lo_start = wide.len();
                    let end = scan_word(text, i, first, &mut wide);
                    let info = WORD | cap | table.get(&wide.as_bytes()[lo_start..]);
                    (end, info, (lo_start as u32, wide.len() as u32))
                } else {
                    let found = table.get(lb.get(i..end).unwrap_or_default());
                    (end, WORD | cap | ASCII | found, (0, 0))
                };
                if info & (lx::CUE | lx::ACCORDING) != 0 {
                    note_cue(info, toks.len(), &mut cues, &mut according);
                }
                toks.push(Tok {
                    start: i,
                    end,
                    first,
                    info,
                    lo,
                });
                i = end;
                continue;
            }
            let (c, cl) = if x < 0x80 {
                (char::from(x), 1)
            } else {
                let Some(c) = char_at(text, i) else {
                    break;
                };
                if c.is_whitespace()
                    || matches!(
                        c,
                        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
                    )
                {
                    i += c.len_utf8();
                    continue;
                }
                (c, c.len_utf8())
            };
            if x >= 0x80 && is_word_char_wide(c) {
                let lo_start = wide.len();
                let end = scan_word(text, i, c, &mut wide);
                let mut info = WORD | table.get(&wide.as_bytes()[lo_start..]);
                if c.is_uppercase() {
                    info |= CAP;
                }
                if info & (lx::CUE | lx::ACCORDING) != 0 {
                    note_cue(info, toks.len(), &mut cues, &mut according);
                }
                toks.push(Tok {
                    start: i,
                    end,
                    first: c,
                    info,
                    lo: (lo_start as u32, wide.len() as u32),
                });
                i = end;
            } else {
                // two apostrophes stand for a double quote mark (`''Yes,'' he said`)
                let doubled = c == '\'' && b.get(i + 1) == Some(&b'\'');
                let len = if doubled { 2 } else { cl };
                let first = if doubled { '"' } else { c };
                if crate::marks::is_mark(first) {
                    marks.push(toks.len());
                }
                toks.push(Tok {
                    start: i,
                    end: i + len,
                    first,
                    info: 0,
                    lo: (0, 0),
                });
                i += len;
            }
        }
        // how many words come before each token (a tight pass of its own: fewer values live in
        // the loop above)
        let mut word_prefix: Vec<u32> = Vec::with_capacity(toks.len() + 1);
        let mut words = 0u32;
        word_prefix.extend(toks.iter().map(|t| {
            let before = words;
            words += t.info >> 31;
            before
        }));
        word_prefix.push(words);
        Self {
            toks,
            cues,
            according,
            marks,
            word_prefix,
            lower,
            wide,
        }
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The lowercase form of word `i`, or `None` for punctuation and out of range.
    #[inline]
    pub(crate) fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        if t.info & WORD == 0 {
            None
        } else if t.info & ASCII != 0 {
            self.lower.get(t.start..t.end)
        } else {
            self.wide.get(t.lo.0 as usize..t.lo.1 as usize)
        }
    }

    /// Whether token `i` is a word.
    #[cfg(test)]
    pub(crate) fn is_word(&self, i: usize) -> bool {
        self.info(i) & WORD != 0
    }

    /// The lexicon classes of word `i` (see [`crate::lexicon`]); `0` for punctuation and out of
    /// range.
    #[inline]
    pub(crate) fn info(&self, i: usize) -> Info {
        self.toks.get(i).map_or(0, |t| t.info)
    }

    /// Whether token `i` is a word in any of the lexicon classes `bits`.
    #[inline]
    pub(crate) fn has(&self, i: usize, bits: Info) -> bool {
        self.info(i) & bits != 0
    }

    /// The cue information of word `i`, if it is a cue form.
    #[inline]
    pub(crate) fn cue(&self, i: usize) -> Option<CueInfo> {
        CueInfo::from_info(self.info(i))
    }

    /// Whether token `i` is a word starting with an uppercase letter.
    #[inline]
    pub(crate) fn cap(&self, i: usize) -> bool {
        self.info(i) & CAP != 0
    }

    /// Whether token `i` is the punctuation character `c`.
    #[inline]
    pub(crate) fn is(&self, i: usize, c: char) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.info & WORD == 0 && t.first == c)
    }

    /// The punctuation character of token `i`, if it is punctuation.
    #[inline]
    pub(crate) fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        (t.info & WORD == 0).then_some(t.first)
    }

    /// The first token whose start is at or after byte `pos`.
    pub(crate) fn first_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }

    /// [`Self::first_at`] when it is known to be at least `lo`: a galloping search from `lo`
    /// (cheap for positions read in order).
    pub(crate) fn first_at_from(&self, pos: usize, lo: usize) -> usize {
        let n = self.toks.len();
        let mut lo = lo.min(n);
        let mut step = 1;
        let mut hi = lo;
        while hi < n && self.toks[hi].start < pos {
            lo = hi + 1;
            hi = hi.saturating_add(step).min(n);
            step *= 2;
        }
        lo + self.toks[lo..hi.max(lo)].partition_point(|t| t.start < pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let t = Tokens::new("Canada’s well-known “test”, don't-stop 'x' É.");
        let words: Vec<_> = (0..t.len()).filter_map(|i| t.word(i)).collect();
        assert_eq!(
            words,
            vec!["canada's", "well-known", "test", "don't-stop", "x", "é"]
        );
        assert!(t.is(2, '“'));
        assert!(t.cap(0) && !t.cap(1));
        assert_eq!(t.first_at(1), 1);
        let d = Tokens::new("''Yes,'' he said");
        assert!(d.is(0, '"') && d.toks[0].end == 2 && d.is(3, '"'));
    }

    #[test]
    fn galloping_search_equals_the_binary_search() {
        let text = "a bb, “ccc” d. ee ff ggg h";
        let t = Tokens::new(text);
        for pos in 0..=text.len() + 2 {
            let want = t.first_at(pos);
            for lo in 0..=want {
                assert_eq!(t.first_at_from(pos, lo), want, "{pos} {lo}");
            }
        }
        assert_eq!(Tokens::new("").first_at_from(3, 0), 0);
    }

    #[test]
    fn general_punctuation_has_no_word_characters() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!is_word_char(c), "{c:?}");
            assert!(!is_word_char_wide(c));
        }
        assert!(is_word_char_wide('é') && is_word_char_wide('\u{2070}'));
    }

    #[test]
    fn words_carry_their_lexicon_classes() {
        let t = Tokens::new("Officials SAID, he’d say: the Mayor.");
        assert!(t.cue(1).is_some() && t.cap(1) && t.cap(0));
        assert!(t.cue(4).is_some() && !t.cap(4));
        assert!(t.has(6, lx::DETERMINER) && t.has(7, lx::TITLE) && t.cap(7));
        assert!(!t.has(2, lx::DETERMINER) && t.cue(2).is_none() && t.info(99) == 0);
        assert_eq!(t.word(3), Some("he'd"));
    }

    /// The tokenizer as first written (a char loop), the reference for the byte loop.
    fn reference(text: &str) -> Vec<(usize, usize, Kind, char, Option<String>, bool)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let cl = c.len_utf8();
            if c.is_whitespace()
                || matches!(
                    c,
                    '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
                )
            {
                i += cl;
                continue;
            }
            if is_word_char(c) {
                let mut lower = String::new();
                push_lower(&mut lower, c);
                let mut end = i + cl;
                while let Some(d) = text[end..].chars().next() {
                    if is_word_char(d) {
                        push_lower(&mut lower, d);
                        end += d.len_utf8();
                    } else if joins_word(d)
                        && text[end + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char)
                    {
                        lower.push(if d == '\u{2019}' { '\'' } else { d });
                        end += d.len_utf8();
                    } else {
                        break;
                    }
                }
                out.push((i, end, Kind::Word, c, Some(lower), c.is_uppercase()));
                i = end;
            } else {
                let doubled = c == '\'' && text.as_bytes().get(i + 1) == Some(&b'\'');
                let len = if doubled { 2 } else { cl };
                let first = if doubled { '"' } else { c };
                out.push((i, i + len, Kind::Punct, first, None, false));
                i += len;
            }
        }
        out
    }

    fn tokens_of(text: &str) -> Vec<(usize, usize, Kind, char, Option<String>, bool)> {
        let t = Tokens::new(text);
        // the lists made while tokenizing, against the tokens
        let mut words = 0;
        for k in 0..t.len() {
            assert_eq!(t.word_prefix[k], words, "{text:?} {k}");
            words += u32::from(t.is_word(k));
        }
        assert_eq!(t.word_prefix.len(), t.len() + 1);
        assert_eq!(t.word_prefix[t.len()], words);
        let with =
            |bits: Info| -> Vec<usize> { (0..t.len()).filter(|&k| t.has(k, bits)).collect() };
        assert_eq!(t.cues, with(lx::CUE));
        assert_eq!(t.according, with(lx::ACCORDING));
        let marks: Vec<usize> = (0..t.len())
            .filter(|&k| t.punct(k).is_some_and(crate::marks::is_mark))
            .collect();
        assert_eq!(t.marks, marks);
        (0..t.len())
            .map(|i| {
                let k = t.toks[i];
                let w = t.word(i).map(str::to_owned);
                if let Some(w) = &w {
                    assert_eq!(t.info(i) & !(WORD | CAP | ASCII), lx::info(w), "{w:?}");
                }
                (k.start, k.end, k.kind(), k.first, w, t.cap(i))
            })
            .collect()
    }

    #[test]
    fn byte_loop_equals_the_char_loop_on_tricky_text() {
        for text in [
            "",
            "a",
            "  Hello, World!  ",
            "don't-stop -x- x- 'x' x’ ’x x’y x‑y x‐y x–y",
            "\u{212A}elvin \u{130}stanbul SAID straße ΣΑΣ é\u{301} 3\u{2070} x\u{2071}",
            "a\u{200B}b c\u{00AD}d \u{FEFF}e\u{2028}f\u{00A0}g\u{3000}h\u{0B}i\u{1C}j",
            "''Yes,'' he said. “Fine” — «non» „ja“ ٣٤ 中文 😀x",
        ] {
            assert_eq!(tokens_of(text), reference(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn byte_loop_equals_the_char_loop(
            text in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => proptest::sample::select(vec![
                        'a', 'Z', 's', 'I', '0', '9', ' ', '\n', '\t', '\'', '-', '"', '.',
                        ',', '\u{2019}', '\u{2018}', '\u{201C}', '\u{201D}', '\u{2010}',
                        '\u{2011}', '\u{2013}', '\u{2014}', '\u{200B}', '\u{00AD}',
                        '\u{FEFF}', '\u{00A0}', '\u{2028}', 'é', '\u{301}', '\u{130}',
                        '\u{212A}', 'ß', 'Σ', '\u{2070}', '\u{2071}', '٣', '中', '😀',
                        '\u{0B}', '\u{1C}', '\u{85}',
                    ]),
                    1 => proptest::prelude::any::<char>(),
                ],
                0..40,
            )
        ) {
            let text: String = text.into_iter().collect();
            proptest::prop_assert_eq!(tokens_of(&text), reference(&text));
        }

        /// Long runs of ASCII letters and digits (the 8-byte steps of [`alnum_run`]) between
        /// the characters that end or join them, and listed words.
        #[test]
        fn byte_loop_equals_the_char_loop_on_long_words(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => "[a-z]{0,24}",
                    2 => "[A-Za-z0-9]{1,20}",
                    2 => "[A-Z][a-z]{0,16}",
                    1 => "[a-zA-Z]{0,9}[é\u{2019}'\\-ΣZ9\u{7F}\u{80}\u{FF}@\\[`{]{1,2}[a-z]{0,9}",
                    2 => proptest::sample::select(vec![
                        " ", " ", "\n", ", ", "\"", "\u{201C}", "\u{201D}", "''", "'", "-",
                        "\u{2019}", "said", "Said", "according", "ACCORDING", "told", ". ",
                        "\u{00A0}", "é", "\u{2011}", "\u{200B}", "\u{2014}",
                    ]).prop_map(str::to_owned),
                ],
                0..30,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(tokens_of(&text), reference(&text));
        }
    }
}
