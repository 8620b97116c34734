//! Units (lines and wrapped paragraphs), their features, and the block classifier.

use std::sync::LazyLock;

use nutgraf_core::{BlockKind, Span};
use regex::Regex;

use crate::meta;
use crate::tables::{Cue, How, PackedWords, Tables};
use nutgraf_core::swar;

/// `... - Sputnik International, 1920, 13.02.2026`: a photo credit with the image width and date.
static CREDIT_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[-–—]\s*\p{Lu}[\p{L}\p{N} .&'’]{1,50},\s*\d{3,4}\s*,\s*\d{1,2}\.\d{1,2}\.\d{4}\s*$",
    )
    .expect("regex")
});

/// Whether `text` ends like a date such as `13.02.2026` (a digit, a full stop, four digits,
/// then only whitespace): what [`CREDIT_TAIL`] needs at its end.
fn ends_with_dotted_date(text: &str) -> bool {
    // (`\d` is any decimal digit: numeric characters pass)
    let mut c = text.trim_end().chars().rev();
    c.by_ref()
        .take(4)
        .filter(|&c| nutgraf_core::text::is_numeric(c))
        .count()
        == 4
        && c.next() == Some('.')
        && c.next().is_some_and(nutgraf_core::text::is_numeric)
}

/// Whether `text` can start a [`GALLERY`] caption: with a word of it (`image`, `photo`,
/// `picture`, `slide`), whitespace or a digit (any decimal digit: non-ASCII passes).
///
/// A line that starts with an ASCII letter must start with one of the words (in any case: the
/// only non-ASCII letters that fold to theirs, `ſ` for `s`, are not ASCII).
///
/// An ASCII line must then have one to three digits, whitespace, and `of` or `/`.
fn gallery_start(text: &str) -> bool {
    let b = text.as_bytes();
    const WORDS: [&[u8]; 4] = [b"image", b"photo", b"picture", b"slide"];
    let word = WORDS
        .iter()
        .find(|w| b.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)));
    let start = b
        .first()
        .is_some_and(|&c| c.is_ascii_digit() || is_ascii_space(c) || c >= 0x80 || word.is_some());
    if !start || !text.is_ascii() {
        return start;
    }
    let rest = &b[word.map_or(0, |w| w.len())..];
    let ws = |s: &[u8]| s.iter().take_while(|&&c| is_ascii_space(c)).count();
    let rest = &rest[ws(rest)..];
    let d = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &rest[d..];
    let rest = &rest[ws(rest)..];
    (1..=3).contains(&d)
        && (rest.first() == Some(&b'/')
            || rest.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"of")))
}

/// Whether an ASCII `text` ends like [`COMMENT_HEAD`] (whitespace, one of its verbs in any
/// case, whitespace and a colon); other text is left to the pattern.
fn comment_head_shape(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let Some(t) = text.strip_suffix(':') else {
        return false;
    };
    let b = t
        .trim_end_matches(|c: char| c.is_ascii_whitespace() || c == '\u{b}')
        .as_bytes();
    COMMENT_VERBS.iter().any(|w| {
        b.len() > w.len()
            && b[b.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
            && is_ascii_space(b[b.len() - w.len() - 1])
    })
}

/// The verbs of [`COMMENT_HEAD`].
const COMMENT_VERBS: [&str; 7] = [
    "says",
    "said",
    "wrote",
    "writes",
    "commented",
    "replied",
    "replies",
];

/// Whether an ASCII `text` starts like [`COMMENT_COUNT`] (digits, whitespace and the start of
/// one of its words in any case); other text is left to the pattern.
fn comment_count_shape(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let b = text.as_bytes();
    let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let w = b[d..].iter().take_while(|&&c| is_ascii_space(c)).count();
    d > 0
        && w > 0
        && ["response", "comment", "replies", "thought", "reaction"]
            .iter()
            .any(|p| {
                b[d + w..]
                    .get(..p.len())
                    .is_some_and(|x| x.eq_ignore_ascii_case(p.as_bytes()))
            })
}

/// Matchers for the anchored patterns below (whether they match, not where): decided by hand
/// where every character they test is ASCII, Latin-1, general punctuation or whitespace, and
/// `Err` for the pattern otherwise (`(?i)` folds `ſ` onto `s` and the Kelvin sign onto `k`;
/// `\d` is any decimal digit).
mod by_hand {
    use crate::dateline::{Undecided, is_decimal_digit, word_char};

    /// The two characters past ASCII that `(?i)` folds onto ASCII letters.
    const FOLDS: [char; 2] = ['\u{17F}', '\u{212A}'];

    /// Whether `s` starts with the ASCII word `w` in any case (the text has no character
    /// that folds onto an ASCII letter: see [`FOLDS`]).
    fn starts_ci(s: &str, w: &str) -> bool {
        s.as_bytes()
            .get(..w.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(w.as_bytes()))
    }

    /// The length in bytes of the run of decimal digits at the start of `s`, and its count.
    fn digits(s: &str) -> Result<(usize, usize), Undecided> {
        let mut n = 0;
        let mut len = 0;
        for c in s.chars() {
            if !is_decimal_digit(c)? {
                break;
            }
            n += 1;
            len += c.len_utf8();
        }
        Ok((len, n))
    }

    /// `s` after its leading whitespace.
    fn ws(s: &str) -> &str {
        s.trim_start_matches(char::is_whitespace)
    }

    /// `\b` after a word character, before the start of `rest`.
    fn boundary_after_word(rest: &str) -> Result<bool, Undecided> {
        match rest.chars().next() {
            None => Ok(true),
            Some(c) => Ok(!word_char(c).ok_or(Undecided)?),
        }
    }

    /// [`super::COPYRIGHT_YEAR`]: `(?i)^copyright\s+(?:©\s*)?(?:19|20)\d\d\b`.
    pub(super) fn copyright_year(t: &str) -> Result<bool, Undecided> {
        if t.contains(FOLDS) {
            return Err(Undecided);
        }
        if !starts_ci(t, "copyright") {
            return Ok(false);
        }
        let after = &t[9..];
        let rest = ws(after);
        if rest.len() == after.len() {
            return Ok(false);
        }
        let rest = match rest.strip_prefix('©') {
            Some(r) => ws(r),
            None => rest,
        };
        let Some(rest) = rest.strip_prefix("19").or_else(|| rest.strip_prefix("20")) else {
            return Ok(false);
        };
        // two digits and a boundary: a third digit leaves none
        let (len, n) = digits(rest)?;
        if n != 2 {
            return Ok(false);
        }
        boundary_after_word(&rest[len..])
    }

    /// [`super::COMMENT_COUNT`]:
    /// `(?i)^\d+\s+(?:responses?|comments?|replies|thoughts|reactions?)\b`.
    pub(super) fn comment_count(t: &str) -> Result<bool, Undecided> {
        if t.contains(FOLDS) {
            return Err(Undecided);
        }
        let (len, n) = digits(t)?;
        if n == 0 {
            return Ok(false);
        }
        let after = &t[len..];
        let rest = ws(after);
        if rest.len() == after.len() {
            return Ok(false);
        }
        for w in [
            "responses",
            "response",
            "comments",
            "comment",
            "replies",
            "thoughts",
            "reactions",
            "reaction",
        ] {
            if starts_ci(rest, w) && boundary_after_word(&rest[w.len()..])? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// [`super::GALLERY`]:
    /// `(?i)^(?:image|photo|picture|slide)?\s*\d{1,3}\s*(?:of|/)\s*\d{1,3}\b`.
    pub(super) fn gallery(t: &str) -> Result<bool, Undecided> {
        if t.contains(FOLDS) {
            return Err(Undecided);
        }
        let mut rest = t;
        for w in ["image", "photo", "picture", "slide"] {
            if starts_ci(t, w) {
                rest = &t[w.len()..];
                break;
            }
        }
        let rest = ws(rest);
        let (len, n) = digits(rest)?;
        if !(1..=3).contains(&n) {
            return Ok(false);
        }
        let rest = ws(&rest[len..]);
        let rest = if let Some(r) = rest.strip_prefix('/') {
            r
        } else if starts_ci(rest, "of") {
            &rest[2..]
        } else {
            return Ok(false);
        };
        let rest = ws(rest);
        let (len, n) = digits(rest)?;
        if !(1..=3).contains(&n) {
            return Ok(false);
        }
        boundary_after_word(&rest[len..])
    }

    /// [`super::COMMENT_HEAD`]:
    /// `(?i)^\S.{0,60}\s(?:says|said|wrote|writes|commented|replied|replies)\s*:$`.
    pub(super) fn comment_head(t: &str) -> Result<bool, Undecided> {
        if t.contains(FOLDS) {
            return Err(Undecided);
        }
        let Some(body) = t.strip_suffix(':') else {
            return Ok(false);
        };
        let body = body.trim_end_matches(char::is_whitespace);
        for w in super::COMMENT_VERBS {
            let Some(at) = body.len().checked_sub(w.len()) else {
                continue;
            };
            // (with no folding character, the verb is the last bytes, all ASCII)
            if !body.as_bytes()[at..].eq_ignore_ascii_case(w.as_bytes()) {
                continue;
            }
            // `\s` before the verb; before that `\S`, then up to 60 characters but `\n`
            let head = &body[..at];
            let Some(sp) = head.chars().next_back() else {
                continue;
            };
            if !sp.is_whitespace() {
                continue;
            }
            let head = &head[..head.len() - sp.len_utf8()];
            let mut chars = head.chars();
            let Some(first) = chars.next() else {
                continue;
            };
            let middle = chars.as_str();
            if !first.is_whitespace() && !middle.contains('\n') && middle.chars().count() <= 60 {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// `jdoe42 says:`: the header of a reader comment.
static COMMENT_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\S.{0,60}\s(?:says|said|wrote|writes|commented|replied|replies)\s*:$")
        .expect("regex")
});

/// `34 responses to ...`, `12 comments`: the head of a comment section.
static COMMENT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d+\s+(?:responses?|comments?|replies|thoughts|reactions?)\b").expect("regex")
});

/// `Copyright 2019 Example Media`.
static COPYRIGHT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^copyright\s+(?:©\s*)?(?:19|20)\d\d\b").expect("regex"));

/// `1 of 4 ...`, `Photo 2/5`: a gallery caption.
static GALLERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:image|photo|picture|slide)?\s*\d{1,3}\s*(?:of|/)\s*\d{1,3}\b")
        .expect("regex")
});

/// One candidate block: a raw line, or several wrapped lines of one paragraph.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// Trimmed raw span.
    pub(crate) span: Span,
    /// Number of whitespace-separated words.
    pub(crate) words: usize,
    /// Ends with sentence punctuation (possibly followed by closing quotes or brackets).
    pub(crate) terminal: bool,
    /// Reads like running text.
    pub(crate) prose: bool,
    /// Share of content words (not function words) that start with a capital.
    pub(crate) title_ratio: f32,
    /// Share of words that are function words.
    pub(crate) stop_density: f32,
    /// The kind decided so far.
    pub(crate) kind: Option<BlockKind>,
    /// Ends the article: the main-text search does not run across it (comment sections).
    pub(crate) hard: bool,
    /// Most likely ends the article (`Top stories`): the search pays a high price to cross it.
    pub(crate) end: bool,
    /// Reads like the head of a reader comment (`jdoe says:`).
    pub(crate) comment_head: bool,
    /// A link to another story inside the article (`READ MORE: Storm hits the coast`).
    pub(crate) inline_link: bool,
}

impl Unit {
    /// Whether the unit has an ASCII digit (read when asked: few units are).
    pub(crate) fn has_digit(&self, raw: &str) -> bool {
        has_ascii_digit(raw[self.span.range()].as_bytes())
    }
}

/// Splits `raw` into units: non-blank lines, with hard-wrapped lines of one paragraph merged.
pub(crate) fn units(raw: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut pos = 0;
    let mut blank_before = true;
    // the lines with their `\n`, as `split_inclusive('\n')` has them
    while pos < raw.len() {
        let end = memchr::memchr(b'\n', &raw.as_bytes()[pos..]).map_or(raw.len(), |p| pos + p + 1);
        let span = trim_line(raw, pos, end);
        pos = end;
        if span.is_empty() {
            blank_before = true;
            continue;
        }
        let text = &raw[span.range()];
        if !blank_before
            && let Some(last) = out.last_mut()
            && wraps_into(&raw[last.range()], text)
        {
            last.end = span.end;
        } else {
            out.push(span);
        }
        blank_before = false;
    }
    out
}

/// `Span::new(start, end).trim(raw)`: ASCII whitespace trimmed byte by byte, and the
/// general trim only when a non-ASCII character is left at an end.
fn trim_line(raw: &str, start: usize, end: usize) -> Span {
    let b = raw.as_bytes();
    let (mut a, mut z) = (start, end);
    while a < z && is_ascii_space(b[a]) {
        a += 1;
    }
    while z > a && is_ascii_space(b[z - 1]) {
        z -= 1;
    }
    if a == z {
        return Span::empty(end);
    }
    if b[a] >= 0x80 || b[z - 1] >= 0x80 {
        return Span::new(start, end).trim(raw);
    }
    Span::new(a, z)
}

/// Whether `next` continues the paragraph `prev` (a hard-wrapped line).
fn wraps_into(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return false;
    };
    let Some(first) = next.chars().next() else {
        return false;
    };
    (nutgraf_core::text::is_alphanumeric(last) || matches!(last, ',' | ';' | '-'))
        && first.is_lowercase()
        && prev.split_whitespace().nth(5).is_some()
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '*')
}

/// Computes the features of a unit.
pub(crate) fn features(raw: &str, span: Span, tables: &Tables) -> Unit {
    SCRATCH.with_borrow_mut(|buf| features_with(raw, span, tables, buf))
}

thread_local! {
    /// Scratch space for lower-cased words and lines, reused across units.
    static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn features_with(raw: &str, span: Span, tables: &Tables, buf: &mut String) -> Unit {
    let text = &raw[span.range()];
    let mut words = 0usize;
    let mut content = 0usize;
    let mut capital = 0usize;
    let mut stops = 0usize;
    // Whitespace-separated words; an ASCII word is read byte by byte without decoding.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // The common case, decided on eight bytes loaded once: an ASCII word of up to seven
        // bytes that ASCII whitespace ends (the whitespace is skipped too). Its first and last
        // letter or digit are the lowest and highest of the load's letter and digit bytes.
        if let Some(c) = bytes.get(i..i + 8) {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            let x = u64::from_le_bytes(a);
            // (the first control character, space or non-ASCII byte: the word ends there if it
            // is whitespace)
            let k = (swar::low_or_high(x).trailing_zeros() / 8) as usize;
            if k > 0 && k < 8 && is_ascii_space((x >> (8 * k)) as u8) {
                words += 1;
                let an = !swar::not_alnum(x) & (swar::HIGH >> (64 - 8 * k));
                i += k + 1;
                if an == 0 {
                    continue;
                }
                let skip = an.trailing_zeros() & !7;
                let len = ((71 - an.leading_zeros() - skip) / 8) as usize;
                // the letters and digits from the first to the last (all in the load: the word
                // ends before its end), the first of them a letter (over `9`)
                let from_first = x >> skip;
                let first = from_first as u8;
                if first <= b'9' {
                    continue;
                }
                // lower-cased and packed as `ascii_stop` packs them
                let packed = (from_first | 0x2020_2020_2020_2020) & (u64::MAX >> (64 - 8 * len));
                if tables.stop_packed.contains(packed) {
                    stops += 1;
                    continue;
                }
                content += 1;
                if first <= b'Z' {
                    capital += 1;
                }
                continue;
            }
            // A word of eight to fifteen bytes, from two loads.
            if k == 8
                && let Some(c) = bytes.get(i + 8..i + 16)
            {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                let y = u64::from_le_bytes(a);
                let k = (swar::low_or_high(y).trailing_zeros() / 8) as usize;
                if k < 8 && is_ascii_space((y >> (8 * k)) as u8) {
                    words += 1;
                    let an_x = !swar::not_alnum(x) & swar::HIGH;
                    let an_y = !swar::not_alnum(y)
                        & swar::HIGH.checked_shr(64 - 8 * k as u32).unwrap_or(0);
                    let word = i;
                    i += 8 + k + 1;
                    let first_an = if an_x != 0 {
                        word + (an_x.trailing_zeros() / 8) as usize
                    } else if an_y != 0 {
                        word + 8 + (an_y.trailing_zeros() / 8) as usize
                    } else {
                        continue;
                    };
                    let last_an = if an_y != 0 {
                        word + 8 + ((63 - an_y.leading_zeros()) / 8) as usize
                    } else {
                        word + ((63 - an_x.leading_zeros()) / 8) as usize
                    };
                    if !bytes[first_an].is_ascii_alphabetic() {
                        continue;
                    }
                    if ascii_stop(bytes, first_an, last_an + 1, tables) {
                        stops += 1;
                        continue;
                    }
                    content += 1;
                    if bytes[first_an].is_ascii_uppercase() {
                        capital += 1;
                    }
                    continue;
                }
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            if is_ascii_space(b) {
                i += 1;
                continue;
            }
        } else if let Some(c) = text[i..].chars().next()
            && c.is_whitespace()
        {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut ascii = true;
        loop {
            // a run of ASCII that is not whitespace, in a tight loop
            i = swar::run_end(bytes, i, swar::space_or_high);
            if i == bytes.len() || WORD_CLASS[usize::from(bytes[i])] == W_SPACE {
                break;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            ascii = false;
            i += c.len_utf8();
        }
        words += 1;
        let w = &text[start..i];
        let (first, stop) = if ascii {
            // the first and last letter or digit of the word
            let Some(first_an) = bytes[start..i]
                .iter()
                .position(u8::is_ascii_alphanumeric)
                .map(|p| start + p)
            else {
                continue;
            };
            if !bytes[first_an].is_ascii_alphabetic() {
                continue;
            }
            let last_an = bytes[first_an..i]
                .iter()
                .rposition(u8::is_ascii_alphanumeric)
                .map_or(first_an, |p| first_an + p);
            let stop = ascii_stop(bytes, first_an, last_an + 1, tables);
            (char::from(bytes[first_an]), stop)
        } else {
            let core = w.trim_matches(|c: char| !nutgraf_core::text::is_alphanumeric(c));
            let Some(first) = core.chars().next() else {
                continue;
            };
            if !nutgraf_core::text::is_alphabetic(first) {
                continue;
            }
            let mut stop = false;
            // (the function words are ASCII: a word with another character is one only if
            // that character lower-cases to ASCII, as the Kelvin sign does)
            if core.len() <= 12
                && (!tables.stopwords_ascii
                    || core.chars().all(|c| c.is_ascii() || c == '\u{212A}'))
            {
                buf.clear();
                if core.is_ascii() {
                    buf.push_str(core);
                    buf.make_ascii_lowercase();
                } else {
                    buf.extend(core.chars().flat_map(char::to_lowercase));
                }
                stop = tables.stopwords.contains(buf.as_str());
            }
            (first, stop)
        };
        if stop {
            stops += 1;
            continue;
        }
        content += 1;
        if first.is_uppercase() {
            capital += 1;
        }
    }
    let end = text.trim_end_matches(is_closer);
    // An utterance broken off (`but just one that you --`) ends like a sentence too.
    let broken_off =
        (end.ends_with("--") || end.ends_with(" —") || end.ends_with(" –")) && words >= 6;
    let terminal = broken_off
        || end
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | '~' | '。' | '！' | '？'));
    let title_ratio = if content == 0 {
        0.0
    } else {
        capital as f32 / content as f32
    };
    let stop_density = if words == 0 {
        0.0
    } else {
        stops as f32 / words as f32
    };
    // Text without spaces between words (Chinese, Japanese) counts by characters.
    let (chars, cjk) = if text.is_ascii() {
        (text.len(), 0)
    } else {
        // Characters are the bytes that do not continue one; the CJK ranges are three-byte
        // characters led by E3 to ED, the only ones decoded.
        // (the counts are decoded only when one of those lead bytes is there)
        let mut k = 0;
        if swar::any_byte(bytes, |x| swar::within_high(x, 0xE3, 0xED)) {
            for (i, &b) in bytes.iter().enumerate() {
                if (0xE3..=0xED).contains(&b) && text[i..].chars().next().is_some_and(is_cjk) {
                    k += 1;
                }
            }
        }
        (text.chars().count(), k)
    };
    // A short line that trails off (`Banks report record losses...`) is a teaser, not text.
    let teaser = words <= 15 && (text.ends_with("...") || text.ends_with('…'));
    let prose = if teaser {
        false
    } else if cjk * 2 > chars {
        chars >= 30 && terminal || chars >= 80
    } else {
        (words >= 6 && terminal) || (words >= 20 && title_ratio < 0.7)
    };
    Unit {
        span,
        words: if cjk * 2 > chars { chars / 2 } else { words },
        terminal,
        prose,
        title_ratio,
        stop_density,
        kind: None,
        hard: false,
        end: false,
        comment_head: false,
        inline_link: false,
    }
}

/// Whether `bytes` has an ASCII digit, eight bytes at a time.
fn has_ascii_digit(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        // digits become the bytes under 10, and only they; then the exact test for a byte
        // under 10 (a borrow sets the top bit of the first such byte)
        let x = u64::from_le_bytes(a) ^ (ONES * 0x30);
        if x.wrapping_sub(ONES * 10) & !x & (ONES * 0x80) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// ASCII whitespace as [`char::is_whitespace`] has it (tab to carriage return, and space).
#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, 9..=13 | b' ')
}

/// Byte classes for splitting words: ASCII letters and digits, other ASCII, ASCII whitespace,
/// and bytes of non-ASCII characters.
const W_ALNUM: u8 = 0;
const W_PUNCT: u8 = 1;
const W_SPACE: u8 = 2;
const W_OTHER: u8 = 3;

static WORD_CLASS: [u8; 256] = {
    let mut t = [W_OTHER; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            W_ALNUM
        } else if matches!(b as u8, 9..=13 | b' ') {
            W_SPACE
        } else {
            W_PUNCT
        };
        b += 1;
    }
    t
};

/// Whether the ASCII letters and digits `bytes[a..b]` are a function word (compared in lower
/// case).
#[inline(always)]
fn ascii_stop(bytes: &[u8], a: usize, b: usize, tables: &Tables) -> bool {
    let len = b - a;
    if len <= 8 {
        let x = if let Some(w) = bytes.get(a..a + 8) {
            let mut c = [0u8; 8];
            c.copy_from_slice(w);
            u64::from_le_bytes(c)
        } else {
            PackedWords::pack(&bytes[a..b])
        };
        // (a word has one byte or more) letters and digits only: `| 0x20` lower-cases
        let x = (x | 0x2020_2020_2020_2020) & (u64::MAX >> (64 - 8 * len.max(1)));
        tables.stop_packed.contains(x)
    } else if len <= 12 && tables.stop_packed.longer {
        let low = bytes[a..b].to_ascii_lowercase();
        // ASCII bytes: always UTF-8
        std::str::from_utf8(&low).is_ok_and(|k| tables.stopwords.contains(k))
    } else {
        false
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF)
}

/// The kind a unit has by its own text (cue phrases, patterns), if any; sets `u.hard` for the
/// lines that end an article.
pub(crate) fn own_kind(raw: &str, u: &mut Unit, tables: &Tables) -> Option<BlockKind> {
    let text = &raw[u.span.range()];
    if !text.chars().any(nutgraf_core::text::is_alphanumeric) {
        return Some(BlockKind::Other);
    }
    if meta::is_timestamp_line(text, tables) {
        return Some(BlockKind::Timestamp);
    }
    // Each pattern runs only on lines that can match it (cheap checks of the first or last
    // characters), which also spares compiling the large ones for most inputs.
    if u.words <= 60
        && ((ends_with_dotted_date(text) && CREDIT_TAIL.is_match(text))
            || (gallery_start(text)
                && by_hand::gallery(text).unwrap_or_else(|_| GALLERY.is_match(text))))
    {
        return Some(BlockKind::Caption);
    }
    if u.words <= 8
        && text.trim_end().ends_with(':')
        && comment_head_shape(text)
        && by_hand::comment_head(text).unwrap_or_else(|_| COMMENT_HEAD.is_match(text))
    {
        // Confirmed by a timestamp next to it; see `confirm_comment_heads`.
        u.comment_head = true;
        return Some(BlockKind::Other);
    }
    // (`\d` is any decimal digit, not only ASCII ones)
    let digit_first = text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b >= 0x80);
    if u.words <= 12
        && digit_first
        && comment_count_shape(text)
        && by_hand::comment_count(text).unwrap_or_else(|_| COMMENT_COUNT.is_match(text))
    {
        u.hard = true;
        return Some(BlockKind::Other);
    }
    if u.words <= 40
        && matches!(text.as_bytes().first(), Some(b'c' | b'C'))
        && (!text.is_ascii()
            || text
                .as_bytes()
                .get(..9)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"copyright")))
        && by_hand::copyright_year(text).unwrap_or_else(|_| COPYRIGHT_YEAR.is_match(text))
    {
        return Some(BlockKind::Legal);
    }
    let (cue, how) =
        SCRATCH.with_borrow_mut(|buf| tables.cue_kind(text, u.words <= 30, u.prose, buf))?;
    let kind = match cue {
        Cue::Comment => {
            if u.words > 12 {
                return None;
            }
            u.hard = true;
            return Some(BlockKind::Other);
        }
        Cue::End => {
            if u.words > 6 {
                return None;
            }
            u.end = true;
            return Some(BlockKind::Related);
        }
        Cue::Kind(k) => k,
    };
    match kind {
        // Cookie and copyright notices can be long.
        BlockKind::Legal => Some(kind),
        _ if u.words > 60 => None,
        BlockKind::Byline => {
            // `By Jane Doe`, not `By the time the vote ended, ...`: a capital after the cue.
            let words: Vec<&str> = text.split_whitespace().take(5).collect();
            let skip = words
                .iter()
                .position(|w| w.eq_ignore_ascii_case("by") || w.ends_with(':'))
                .map_or(1, |p| p + 1);
            let name_ok = words.get(skip).is_some_and(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && !tables.stopwords.contains(&w.to_lowercase())
            });
            // `By Jane Doe | November 18, 2019 at 2:26 PM - Updated ...` is longer.
            let short = u.words <= 14 || (u.words <= 30 && u.has_digit(raw) && !u.terminal);
            (short && name_ok).then_some(kind)
        }
        BlockKind::Timestamp => (u.words <= 12 && u.has_digit(raw)).then_some(kind),
        BlockKind::Promo | BlockKind::Navigation if how == How::Exact => Some(kind),
        BlockKind::Promo if how == How::Prefix && u.words >= 5 && u.words <= 30 => {
            u.inline_link = text.char_indices().take(16).any(|(_, c)| c == ':');
            Some(kind)
        }
        BlockKind::Promo | BlockKind::Navigation => (u.words <= 40 || !u.prose).then_some(kind),
        _ => Some(kind),
    }
}

/// `1. Keep a diary`, `2) Sleep`, `• Water`, `- salt`: an item of a numbered or bulleted list.
pub(crate) fn is_list_item(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        return matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
            && text.as_bytes().get(digits + 1) == Some(&b' ');
    }
    text.starts_with(['•', '·', '*', '–', '-', '▪', '►'])
        && text
            .chars()
            .nth(1)
            .is_some_and(|c| c == ' ' || c.is_uppercase())
}

/// Keeps the comment heads (`jdoe says:`) that a timestamp follows, or that carry one, as hard
/// ends of the article; the others (`The report says:`) go back to being undecided.
pub(crate) fn confirm_comment_heads(raw: &str, units: &mut [Unit]) {
    for i in 0..units.len() {
        if !units[i].comment_head {
            continue;
        }
        let next_time = units
            .get(i + 1)
            .is_some_and(|u| matches!(u.kind, Some(BlockKind::Timestamp | BlockKind::Metadata)));
        let own_time = raw[units[i].span.range()]
            .bytes()
            .any(|b| b.is_ascii_digit());
        if next_time || own_time {
            units[i].hard = true;
        } else {
            units[i].comment_head = false;
            units[i].kind = None;
        }
    }
}

/// Whether a unit looks like a section label: one to three capitalised words, no punctuation.
pub(crate) fn is_label_like(raw: &str, u: &Unit) -> bool {
    let text = &raw[u.span.range()];
    u.words <= 3
        && text.chars().count() <= 30
        && !u.terminal
        && !u.has_digit(raw)
        && text.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '&')
        })
}

/// Whether a unit looks like a headline: a few words, mostly capitalised, no final full stop.
pub(crate) fn is_headline_like(raw: &str, u: &Unit) -> bool {
    let text = &raw[u.span.range()];
    let ends_stop = text.trim_end_matches(is_closer).ends_with('.');
    u.words >= 3 && u.words <= 25 && !ends_stop && u.title_ratio >= 0.6
}

/// The score of a unit for the main-text search: positive for running text, negative for
/// furniture, very negative for the lines that end an article.
pub(crate) fn score(u: &Unit) -> f32 {
    let w = u.words as f32;
    if u.hard {
        return -1.0e6;
    }
    if u.end {
        return -200.0;
    }
    if u.inline_link {
        return -10.0;
    }
    match u.kind {
        Some(BlockKind::Body) => w.min(80.0) + if u.stop_density > 0.2 { 5.0 } else { 0.0 },
        Some(BlockKind::Promo | BlockKind::Legal | BlockKind::Navigation | BlockKind::Related) => {
            -(25.0 + 2.0 * w)
        }
        Some(BlockKind::Caption) => -2.0,
        Some(_) => -1.0,
        None => {
            if u.terminal && u.words >= 2 {
                1.0
            } else {
                -(1.0 + w * 0.25)
            }
        }
    }
}

/// The index range of the highest-scoring run of units (maximum subarray) and its score, if any
/// unit scores above zero.
pub(crate) fn best_region(scores: &[f32]) -> Option<(usize, usize, f32)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut cur = 0.0f32;
    let mut start = 0;
    for (i, &s) in scores.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            start = i;
        }
        cur += s;
        if cur > 0.0 && best.is_none_or(|(b, _, _)| cur > b) {
            best = Some((cur, start, i + 1));
        }
    }
    best.map(|(s, a, b)| (a, b, s))
}

/// The best run of units that starts within `window` units from `from` (the article after its
/// headline), as `(start, end, score)`.
pub(crate) fn best_region_after(
    scores: &[f32],
    from: usize,
    window: usize,
) -> Option<(usize, usize, f32)> {
    let mut best: Option<(usize, usize, f32)> = None;
    for start in from..scores.len().min(from + window) {
        if scores[start] <= 0.0 {
            continue;
        }
        let mut cur = 0.0f32;
        for (i, &s) in scores.iter().enumerate().skip(start) {
            cur += s;
            if cur > 0.0 && best.is_none_or(|(_, _, b)| cur > b) {
                best = Some((start, i + 1, cur));
            }
            if cur < -1.0e5 {
                break;
            }
        }
    }
    best
}

/// Lower-cased words of a text, joined by one space, without punctuation.
pub(crate) fn word_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    word_key_into(text, &mut out);
    out
}

/// [`word_key`] into `out`.
pub(crate) fn word_key_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        // ASCII letters and digits are the alphanumeric characters, lower-cased alone
        for w in text
            .as_bytes()
            .split(|b| !b.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(w.iter().map(|&b| char::from(b.to_ascii_lowercase())));
        }
        return;
    }
    for w in text
        .split(|c: char| !nutgraf_core::text::is_alphanumeric(c))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
}

/// The keys a repeated headline can have, from the page's first line (a `<title>` such as
/// `Headline - Site Name`): the whole line and its longest part between separators (the site
/// name is the shorter part), when they have three words or more.
pub(crate) fn title_keys(first: &str) -> Vec<String> {
    let mut keys = vec![word_key(first)];
    let first = first.replace(" - ", " | ").replace(" :: ", " | ");
    if let Some(longest) = first
        .split(['|', '–', '—', '·', '»'])
        .map(word_key)
        .max_by_key(|k| k.split(' ').count())
        && !keys.contains(&longest)
    {
        keys.push(longest);
    }
    keys.retain(|k| k.split(' ').count() >= 3);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{Cue, How, Tables};

    #[test]
    fn digits_are_found_eight_bytes_at_a_time() {
        for b in 0..=255u8 {
            for pos in 0..19 {
                let mut v = vec![b'x'; 19];
                v[pos] = b;
                assert_eq!(has_ascii_digit(&v), b.is_ascii_digit(), "{b} at {pos}");
            }
        }
        assert!(!has_ascii_digit(b""));
        assert!(!has_ascii_digit("/:٣ \u{ff10}".as_bytes()));
    }

    #[test]
    fn only_the_kelvin_sign_lower_cases_to_ascii() {
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            if c.to_lowercase().all(|l| l.is_ascii()) {
                assert_eq!(c, '\u{212A}');
            }
        }
    }

    #[test]
    fn word_keys_of_ascii_text_are_the_decoded_ones() {
        for t in [
            "Ferry Strike: Ends -- after 3 DAYS!",
            "",
            "  ",
            "a_b c'd",
            "x\u{7f}y",
        ] {
            let want = t
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(word_key(t), want, "{t:?}");
        }
    }

    #[test]
    fn list_items() {
        assert!(is_list_item("1. Ask first"));
        assert!(is_list_item("12) Twelve"));
        assert!(is_list_item("• Water"));
        assert!(!is_list_item("2026 was a year"));
        assert!(!is_list_item("1.5 million people"));
        assert!(is_list_item("-Andrew looks at the polls"));
        assert!(!is_list_item("-5 degrees tonight"));
    }

    #[test]
    fn title_keys_prefer_the_headline() {
        let k = title_keys("Ferry Strike Ends After Three Days | The Coastal Daily Times");
        assert!(k.contains(&"ferry strike ends after three days".to_string()));
        assert!(!k.contains(&"the coastal daily times".to_string()));
        assert!(title_keys("Home").is_empty());
    }

    #[test]
    fn regions() {
        assert_eq!(
            best_region(&[-1.0, 5.0, -2.0, 4.0, -9.0, 3.0]),
            Some((1, 4, 7.0))
        );
        assert_eq!(best_region(&[-1.0, -2.0]), None);
        assert_eq!(
            best_region_after(&[9.0, -1.0, 2.0, 3.0], 1, 4),
            Some((2, 4, 5.0))
        );
    }

    #[test]
    fn ascii_and_decoded_words_give_the_same_features() {
        // The same words read on the ASCII path and, with curly quotes and an accented copy of
        // a letter around them, on the decoding one.
        let t = Tables::english();
        let plain = "The Mayor of the town spoke to the press about a new bridge";
        let quoted = "“The Mayor of the town spoke to the press about a new bridge”";
        let f = |s: &str| {
            let u = features(s, Span::new(0, s.len()), &t);
            (u.words, u.title_ratio, u.stop_density, u.prose, u.terminal)
        };
        assert_eq!(f(plain), f(quoted));
        let u = features(plain, Span::new(0, plain.len()), &t);
        // 13 words; the, of, the, to, the, about, a: function words; Mayor of the 6 others is
        // capitalised
        assert!(
            (u.stop_density - 7.0 / 13.0).abs() < 1e-6,
            "{}",
            u.stop_density
        );
        assert!(
            (u.title_ratio - 1.0 / 6.0).abs() < 1e-6,
            "{}",
            u.title_ratio
        );
        // CJK is counted by characters, on the byte scan
        let cjk = "東京都は月曜日に新しい橋を開通させたと発表した。市長は記者会見で説明した。";
        let u = features(cjk, Span::new(0, cjk.len()), &t);
        assert_eq!(u.words, cjk.chars().count() / 2);
        assert!(u.prose);
    }

    /// Words, content words, capitalised content words and function words of a text, read off
    /// `split_whitespace` and `char` methods.
    fn word_counts(text: &str, t: &Tables) -> (usize, usize, usize, usize) {
        let (mut words, mut content, mut capital, mut stops) = (0, 0, 0, 0);
        for w in text.split_whitespace() {
            words += 1;
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            let Some(first) = core.chars().next() else {
                continue;
            };
            if !first.is_alphabetic() {
                continue;
            }
            let low: String = core.chars().flat_map(char::to_lowercase).collect();
            if core.len() <= 12 && t.stopwords.contains(&low) {
                stops += 1;
                continue;
            }
            content += 1;
            capital += usize::from(first.is_uppercase());
        }
        (words, content, capital, stops)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn word_features_are_those_of_the_split_words(
            parts in proptest::collection::vec(
                "(The|the|THE|of|a|A|and|And|from|between|because|Mayor|x|it's|\\u{1}|a\\u{1f}b|Government,|(themselves)|\"Throughout|fifteen-letters|sixteen-letterss|12345678|--------|\"Quoted\"|“The|don’t|(and)|--|-|12|3rd|é|café|Élan|\u{212A}|abcdefg|abcdefgh|abcdefghi|longerthantwelve|, |. | |  |\t|\n|\u{a0}|\u{2003}|,|.|’)",
                0..30,
            ),
        ) {
            let t = &*crate::ENGLISH;
            let text = parts.concat();
            let u = features(&text, Span::new(0, text.len()), t);
            let (words, content, capital, stops) = word_counts(&text, t);
            proptest::prop_assert_eq!(u.words, words, "{:?}", text);
            let title = if content == 0 { 0.0 } else { capital as f32 / content as f32 };
            let density = if words == 0 { 0.0 } else { stops as f32 / words as f32 };
            proptest::prop_assert_eq!(u.title_ratio.to_bits(), title.to_bits(), "{:?}", text);
            proptest::prop_assert_eq!(u.stop_density.to_bits(), density.to_bits(), "{:?}", text);
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_trim_as_spans_do(raw in "[a\n\t\r \u{a0}\u{2003}é\u{b}\u{c}]{0,12}", a in 0usize..13, b in 0usize..13) {
            let (a, b) = (a.min(raw.len()), b.min(raw.len()));
            let (a, b) = (a.min(b), a.max(b));
            if raw.is_char_boundary(a) && raw.is_char_boundary(b) {
                proptest::prop_assert_eq!(trim_line(&raw, a, b), Span::new(a, b).trim(&raw));
            }
        }

        #[test]
        fn units_split_the_lines_as_split_inclusive_does(raw in "[a-zA-Z .,\n\t\r\u{a0}é]{0,80}") {
            // the lines by `split_inclusive`, merged as `units` merges them
            let mut want: Vec<Span> = Vec::new();
            let mut pos = 0;
            let mut blank_before = true;
            for line in raw.split_inclusive('\n') {
                let span = Span::new(pos, pos + line.len()).trim(&raw);
                pos += line.len();
                if span.is_empty() {
                    blank_before = true;
                    continue;
                }
                if !blank_before
                    && let Some(last) = want.last_mut()
                    && wraps_into(&raw[last.range()], &raw[span.range()])
                {
                    last.end = span.end;
                } else {
                    want.push(span);
                }
                blank_before = false;
            }
            proptest::prop_assert_eq!(units(&raw), want);
        }
    }

    #[test]
    fn regex_gates_pass_what_the_patterns_match() {
        assert!(ends_with_dotted_date(
            "Sputnik International, 1920, 13.02.2026  "
        ));
        // `\d` is any decimal digit
        assert!(ends_with_dotted_date("Agency, 1920, ١٣.٠٢.٢٠٢٦"));
        assert!(!ends_with_dotted_date("on 13.02.26"));
        assert!(!ends_with_dotted_date("in 2026"));
        let t = Tables::english();
        let caption = "The bridge at dusk - Nordpress International, 1920, 13.02.2026";
        let mut u = features(caption, Span::new(0, caption.len()), &t);
        assert_eq!(own_kind(caption, &mut u, &t), Some(BlockKind::Caption));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn shape_gates_pass_what_the_patterns_match(
            parts in proptest::collection::vec(
                "(Image|PHOTO|slide|ſlide|12|3|1234|٣| |  |\t|\n|\u{a0}|of|OF|oF|/|x|_|jdoe|Says|SAID|ſays|wrote|replies|:| :|comments|Responses|response|thoughts|reaction|copyright|Copyright|COPYRIGHT|2019|20|19|©|é|’|—|a long line of words beyond sixty characters in all, surely)",
                0..9,
            ),
        ) {
            let text = parts.concat();
            proptest::prop_assert!(!GALLERY.is_match(&text) || gallery_start(&text), "{:?}", text);
            proptest::prop_assert!(!COMMENT_HEAD.is_match(&text) || comment_head_shape(&text), "{:?}", text);
            proptest::prop_assert!(!COMMENT_COUNT.is_match(&text) || comment_count_shape(&text), "{:?}", text);
            type Matcher = fn(&str) -> Result<bool, crate::dateline::Undecided>;
            let matchers: [(&Regex, Matcher); 4] = [
                (&GALLERY, by_hand::gallery),
                (&COMMENT_HEAD, by_hand::comment_head),
                (&COMMENT_COUNT, by_hand::comment_count),
                (&COPYRIGHT_YEAR, by_hand::copyright_year),
            ];
            for (re, f) in matchers {
                if let Ok(got) = f(&text) {
                    proptest::prop_assert_eq!(got, re.is_match(&text), "{:?} {:?}", text, re.as_str());
                }
            }
        }
    }

    #[test]
    fn gallery_gate_passes_what_the_pattern_matches() {
        for t in [
            "Image 1 of 4",
            "PHOTO 2/5 The bridge",
            "picture 3 of 3",
            "Slide 1 of 9",
            "ſlide 1 of 9",
            "1 of 4",
            " 1/4",
            "image1 of 2",
        ] {
            assert!(GALLERY.is_match(t), "{t}");
            assert!(gallery_start(t), "{t}");
        }
        assert!(!gallery_start("In 1 of 4 cases"));
        assert!(!gallery_start("Slid 1 of 4"));
        assert!(!GALLERY.is_match("Slid 1 of 4"));
    }

    #[test]
    fn long_lines_match_prefix_cues_on_their_start() {
        // Over 30 words: only the start is lower-cased for the prefix cues.
        let t = Tables::english();
        let words = " the council voted on the plan".repeat(6);
        let long = format!("READ MORE: Council backs the bridge plan{words}");
        let mut u = features(&long, Span::new(0, long.len()), &t);
        assert!(u.words > 30);
        assert_eq!(
            t.cue_kind(&long, false, u.prose, &mut String::new()),
            Some((Cue::Kind(BlockKind::Promo), How::Prefix))
        );
        assert_eq!(
            own_kind(&long, &mut u, &t),
            None,
            "a long promo line stays text"
        );
        // exact phrases behind decoration, in any case
        assert!(matches!(
            t.cue_kind("» ADVERTISEMENT ·", true, false, &mut String::new()),
            Some((_, How::Exact))
        ));
    }
}
