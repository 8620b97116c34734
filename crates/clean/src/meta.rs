//! Dates and datelines.

use std::sync::LazyLock;

use nutgraf_core::Span;
use regex::Regex;

use crate::dateline;
use crate::tables::Tables;

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b").expect("regex"));
static DMY_NUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([./])(\d{1,2})[./](\d{4})\b").expect("regex"));
// The month word of the two text patterns was `\p{L}{3,9}`; every month name is ASCII and no
// non-ASCII letter lower-cases to an ASCII one that a month name has (only the Kelvin sign
// lower-cases to ASCII, `k`), so only an ASCII word can name a month. The ASCII class matches
// at exactly the places where the `\p{L}` one matched an ASCII word (the word ends where a
// full stop, comma or whitespace follows, and `\b` stays Unicode), and a match of the old
// pattern on a word with other letters, which names no month and was skipped, cannot hide a
// later match (no month word starts inside a match). Compiling `\p{L}{3,9}` twice cost more
// than all the searches of a few hundred articles.
static MDY_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").expect("regex")
});
static DMY_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
        .expect("regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|UTC[+-]?\d*|GMT[+-]?\d*)\)?)?")
        .expect("regex")
});
static AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:about\s+|updated\s+)?(?:\d+|an?|one|two|few)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|months?|years?)\s+ago$")
        .expect("regex")
});

/// A date found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundDate {
    /// `YYYY-MM-DD`.
    pub(crate) iso: String,
    /// Where in the searched text.
    pub(crate) span: Span,
}

fn make(y: u32, m: u32, d: u32) -> Option<String> {
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// Whether `text` can hold a year: every date pattern has four decimal digits in a row. Only an
/// ASCII text is checked (`\d` is any decimal digit).
fn may_have_year(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// Whether `text` can hold a [`TIME`]: a digit, `:` or `.`, and two digits. Only a text whose
/// decimal digits are ASCII is checked (`\d` is any decimal digit).
fn may_have_time(text: &str) -> bool {
    !ascii_digits(text)
        || text.as_bytes().windows(4).any(|w| {
            w[0].is_ascii_digit()
                && matches!(w[1], b':' | b'.')
                && w[2].is_ascii_digit()
                && w[3].is_ascii_digit()
        })
}

/// Whether `text` can name a month for [`MDY_TEXT`] and [`DMY_TEXT`]: every month name is
/// ASCII and starts with one of the twelve three-letter abbreviations, in any case.
fn may_have_month(text: &str) -> bool {
    const HEADS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    text.as_bytes().windows(3).any(|w| {
        // `| 0x20` lower-cases letters; a match is letters only, so nothing else can pass
        let l = [w[0] | 0x20, w[1] | 0x20, w[2] | 0x20];
        w.iter().all(u8::is_ascii_alphabetic) && HEADS.contains(&&l)
    })
}

/// Whether every decimal digit of `text` is ASCII (`\d` is any decimal digit): the shapes
/// below are read on the bytes only then.
fn ascii_digits(text: &str) -> bool {
    text.is_ascii()
        || !text
            .chars()
            .any(|c| !c.is_ascii() && nutgraf_core::text::is_numeric(c))
}

/// Whether `n` ASCII digits start at byte `i`.
fn digits_at(b: &[u8], i: usize, n: usize) -> bool {
    b.get(i..i + n)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

/// Whether an ASCII-digit `text` has the shape [`ISO`] needs: `\d{4}[-/.]\d`.
fn iso_shape(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        digits_at(b, i, 4)
            && matches!(b.get(i + 4), Some(b'-' | b'/' | b'.'))
            && digits_at(b, i + 5, 1)
    })
}

/// Whether an ASCII-digit `text` has the shape [`DMY_NUM`] needs: `\d[./]\d{1,2}[./]\d{4}`.
fn dmy_shape(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len()).any(|j| {
        matches!(b[j], b'.' | b'/') && digits_at(b, j - 1, 1) && {
            let k = j + 1 + (1..=2).take_while(|&n| digits_at(b, j + 1, n)).count();
            k > j + 1 && matches!(b.get(k), Some(b'.' | b'/')) && digits_at(b, k + 1, 4)
        }
    })
}

/// Whether `text`, whose decimal digits are ASCII, has the shapes [`MDY_TEXT`] and
/// [`DMY_TEXT`] need before a year
/// (four digits after whitespace, and an optional comma before that whitespace): a word, an
/// optional full stop, whitespace, one or two digits and an optional ordinal suffix
/// (`March 7th, 2011`); or a digit, an optional ordinal suffix, whitespace, optionally `of` and
/// whitespace, three letters or more and an optional full stop (`3rd of Sept. 2024`).
///
/// Any non-ASCII byte counts as whitespace (`\s` is Unicode): every other piece of the shapes
/// is ASCII, so a run of whitespace read back from one ends where the pattern's does.
fn text_date_shapes(text: &str) -> (bool, bool) {
    let b = text.as_bytes();
    let ws = |c: u8| matches!(c, 9..=13 | b' ' | 0x80..);
    // the start of the run of `pred` bytes that ends at `end`
    let back = |end: usize, pred: &dyn Fn(u8) -> bool| {
        let mut k = end;
        while k > 0 && pred(b[k - 1]) {
            k -= 1;
        }
        k
    };
    // `end` with an ordinal suffix before it dropped
    let unsuffixed = |end: usize| {
        let suffixed = end >= 3
            && matches!(&b[end - 2..end], b"st" | b"nd" | b"rd" | b"th")
            && b[end - 3].is_ascii_digit();
        if suffixed { end - 2 } else { end }
    };
    let (mut mdy, mut dmy) = (false, false);
    for j in 1..b.len().saturating_sub(3) {
        if !ws(b[j - 1]) || !b[j..j + 4].iter().all(u8::is_ascii_digit) {
            continue;
        }
        let mut k = back(j, &|c| ws(c));
        if k > 0 && b[k - 1] == b',' {
            k -= 1;
        }
        // month, day: `\.?\s+\d{1,2}(?:st|nd|rd|th)?`
        let e = unsuffixed(k);
        let d = back(e, &|c| c.is_ascii_digit());
        if (1..=2).contains(&(e - d)) && d > 0 && ws(b[d - 1]) {
            let mut w = back(d, &|c| ws(c));
            if w > 0 && b[w - 1] == b'.' {
                w -= 1;
            }
            mdy |= w > 0 && b[w - 1].is_ascii_alphabetic();
        }
        // day, month: `\d(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,}\.?`
        let e = if k > 0 && b[k - 1] == b'.' { k - 1 } else { k };
        let l = back(e, &|c| c.is_ascii_alphabetic());
        if e - l >= 3 && l > 0 && ws(b[l - 1]) {
            let mut w = back(l, &|c| ws(c));
            if w >= 2 && &b[w - 2..w] == b"of" && w > 2 && ws(b[w - 3]) {
                w = back(w - 2, &|c| ws(c));
            }
            let e = unsuffixed(w);
            dmy |= e > 0 && b[e - 1].is_ascii_digit();
        }
    }
    (mdy, dmy)
}

/// The first date in `text`, in any common form, as `YYYY-MM-DD`.
pub(crate) fn find_date(text: &str, tables: &Tables) -> Option<FoundDate> {
    if !may_have_year(text) {
        return None;
    }
    let mut best: Option<FoundDate> = None;
    let mut consider = |iso: Option<String>, m: regex::Match<'_>| {
        if let Some(iso) = iso {
            if best.as_ref().is_none_or(|b| m.start() < b.span.start) {
                best = Some(FoundDate {
                    iso,
                    span: Span::new(m.start(), m.end()),
                });
            }
        }
    };
    let ascii_digits = ascii_digits(text);
    if (!ascii_digits || iso_shape(text))
        && let Some(c) = ISO.captures(text)
    {
        consider(
            make(num(&c[1]), num(&c[2]), num(&c[3])),
            c.get(0).expect("group 0"),
        );
    }
    if (!ascii_digits || dmy_shape(text))
        && let Some(c) = DMY_NUM.captures(text)
    {
        let (a, b, y) = (num(&c[1]), num(&c[3]), num(&c[4]));
        // `13.02.2026` is day first; `02/13/2026` with a slash is month first when it can be.
        let iso = if &c[2] == "/" && a <= 12 {
            make(y, a, b)
        } else {
            make(y, b, a)
        };
        consider(iso, c.get(0).expect("group 0"));
    }
    if !may_have_month(text) {
        return best;
    }
    // (a text whose decimal digits are ASCII is read for the shapes the patterns need first)
    let (mdy, dmy) = if ascii_digits {
        text_date_shapes(text)
    } else {
        (true, true)
    };
    // (a pattern is compiled only when first used)
    if mdy {
        for c in MDY_TEXT.captures_iter(text) {
            if let Some(m) = tables.month(&c[1]) {
                consider(make(num(&c[3]), m, num(&c[2])), c.get(0).expect("group 0"));
                break;
            }
        }
    }
    if dmy {
        for c in DMY_TEXT.captures_iter(text) {
            if let Some(m) = tables.month(&c[2]) {
                consider(make(num(&c[3]), m, num(&c[1])), c.get(0).expect("group 0"));
                break;
            }
        }
    }
    best
}

/// `TIME.replace_all(text, " ")` for an ASCII `text` (`None` for other text), matched by hand:
/// on ASCII text `\d`, `\s` and `\b` are ASCII, `(?i)` folds only ASCII letters, and each
/// part after the minutes is optional, so the match is the greedy one at the first place it
/// can start. (The zone's `UTC`/`GMT` branches never win: the letters branch before them
/// matches wherever they do.)
fn replace_times_ascii(text: &str) -> Option<String> {
    if !text.is_ascii() {
        return None;
    }
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let ws = |i: usize| b.get(i).is_some_and(|&c| matches!(c, 9..=13 | b' '));
    // the end of the time starting at `p`, if one does
    let time_at = |p: usize| -> Option<usize> {
        if !digit(p) || (p > 0 && (b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b'_')) {
            return None;
        }
        // `\d{1,2}[:.]\d{2}(?::\d{2})?`
        let q = if digit(p + 1) { p + 2 } else { p + 1 };
        if !matches!(b.get(q), Some(b':' | b'.')) || !digit(q + 1) || !digit(q + 2) {
            return None;
        }
        let mut e = q + 3;
        if b.get(e) == Some(&b':') && digit(e + 1) && digit(e + 2) {
            e += 3;
        }
        // `\s*(?:[ap]\.?m\.?)?`
        while ws(e) {
            e += 1;
        }
        if matches!(b.get(e), Some(b'a' | b'A' | b'p' | b'P')) {
            let mut k = e + 1;
            if b.get(k) == Some(&b'.') {
                k += 1;
            }
            if matches!(b.get(k), Some(b'm' | b'M')) {
                k += 1;
                if b.get(k) == Some(&b'.') {
                    k += 1;
                }
                e = k;
            }
        }
        // `(?:\s*\(?[A-Z]{2,5}\)?)?`
        let mut k = e;
        while ws(k) {
            k += 1;
        }
        if b.get(k) == Some(&b'(') {
            k += 1;
        }
        let letters = b[k..]
            .iter()
            .take(5)
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if letters >= 2 {
            k += letters;
            if b.get(k) == Some(&b')') {
                k += 1;
            }
            e = k;
        }
        Some(e)
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut p = 0;
    while p < b.len() {
        match time_at(p) {
            Some(e) => {
                out.push_str(&text[copied..p]);
                out.push(' ');
                copied = e;
                p = e;
            }
            None => p += 1,
        }
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// Whether `text` is only a time, a relative time (`2 hours ago`) or a date with a few label
/// words around it (`Updated 13.02.2026 10:28 GMT`).
pub(crate) fn is_timestamp_line(text: &str, tables: &Tables) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 80 {
        return false;
    }
    // Without a digit only a relative time (`an hour ago`) can be a timestamp.
    // (`ago` ends it: a cheap check first)
    let b = t.as_bytes();
    if b.len() >= 3 && b[b.len() - 3..].eq_ignore_ascii_case(b"ago") && AGO.is_match(t) {
        return true;
    }
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // Remove dates and times, then see what is left.
    let mut rest = t.to_string();
    let mut found = false;
    while let Some(d) = find_date(&rest, tables) {
        rest.replace_range(d.span.range(), " ");
        found = true;
    }
    if may_have_time(&rest) {
        // Each time takes at most one word of letters besides `a`, `m`, `p`, `am` and `pm`
        // (its zone, or what follows `am`), and has a `:` or `.` of its own: with more such
        // words left than that, the line is no timestamp.
        let marks = rest.bytes().filter(|&b| b == b':' || b == b'.').count();
        let plain = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| {
                !w.is_empty()
                    && w.chars().all(char::is_alphabetic)
                    && !["a", "m", "p", "am", "pm"]
                        .iter()
                        .any(|x| w.eq_ignore_ascii_case(x))
            })
            .count();
        if plain > marks + 4 {
            return false;
        }
        let before = rest.len();
        rest =
            replace_times_ascii(&rest).unwrap_or_else(|| TIME.replace_all(&rest, " ").into_owned());
        found |= rest.len() != before;
    }
    if !found {
        return false;
    }
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= 4 && words.iter().all(|w| w.chars().count() <= 16)
}

/// A dateline at the start of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundDateline {
    pub(crate) place: String,
    pub(crate) source: Option<String>,
    /// Length in bytes of the dateline prefix, up to and including the dash.
    pub(crate) len: usize,
}

// `WASHINGTON (Sputnik) -`, `PARIS, Feb 3 (AFP) —`, `KYIV, Ukraine (AP) —`, `LONDON —`.
//
// The two dateline patterns leave their length limits (at most four place words, 30 characters
// after the comma, 40 in the parentheses) to `within_limits`: bounded repetitions of large
// Unicode classes (`{1,40}` of `[^()\n]`) made these two regexes cost about 15 ms to compile
// per process, the unbounded ones under 2 ms. The match is the same: a place word, the text
// after the comma and the source cannot end anywhere but where the pattern ends them, so a
// match of the bounded pattern is a match of the unbounded one within the limits and the other
// way round.
static DATELINE_CAPS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}[\p{Lu}\p{M}'’.\-]+(?:[ /]\p{Lu}[\p{Lu}\p{M}'’.\-]*)*)(?:,\s*(?P<extra>[\p{L}\p{N} .']+?))?\s*(?:\((?P<src>[^()\n]+)\))?\s*[-–—]{1,2}\s+",
    )
    .expect("regex")
});
// `Washington, Feb 3 (Reuters) -`: title-case place, needs the source.
static DATELINE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}[\p{L}\p{M}'’.\-]+(?: \p{Lu}[\p{L}\p{M}'’.\-]*)*)(?:,\s*(?P<extra>[\p{L}\p{N} .']+?))?\s*\((?P<src>[^()\n]+)\)\s*[-–—]{1,2}\s+",
    )
    .expect("regex")
});

/// Title case: `NEW YORK` → `New York`, `WINSTON-SALEM` → `Winston-Salem`.
pub(crate) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = matches!(c, ' ' | '-' | '/' | '.');
        }
    }
    out
}

static NOT_PLACES: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../data/not_places.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

/// [`caps_within_limits`] for a regex match.
#[cfg(test)]
fn within_limits(c: &regex::Captures<'_>) -> bool {
    let place_words = c.name("place").map_or(0, |m| {
        1 + m
            .as_str()
            .bytes()
            .filter(|&b| b == b' ' || b == b'/')
            .count()
    });
    let chars = |name: &str| c.name(name).map_or(0, |m| m.as_str().chars().count());
    place_words <= 4 && chars("extra") <= 30 && chars("src") <= 40
}

/// The captures of the capitals (`shout`) or title-case dateline pattern at the start of
/// `text`, within the length limits: by the matcher of [`dateline`], or by the regex when the
/// matcher cannot classify a character.
fn dateline_caps(text: &str, shout: bool) -> Option<dateline::Caps> {
    let caps = dateline::captures(text, shout).unwrap_or_else(|_| {
        let re = if shout {
            &DATELINE_CAPS
        } else {
            &DATELINE_TITLE
        };
        re.captures(text).map(|c| caps_of(&c))
    })?;
    caps_within_limits(text, &caps).then_some(caps)
}

/// The dateline captures of a regex match.
fn caps_of(c: &regex::Captures<'_>) -> dateline::Caps {
    dateline::Caps {
        place: c.name("place").map_or(0..0, |m| m.range()),
        extra: c.name("extra").map(|m| m.range()),
        src: c.name("src").map(|m| m.range()),
        end: c.get(0).map_or(0, |m| m.end()),
    }
}

/// The length limits of a dateline match in `text`: at most four place words, 30 characters
/// after the comma and 40 inside the parentheses.
fn caps_within_limits(text: &str, c: &dateline::Caps) -> bool {
    let place_words = 1 + text[c.place.clone()]
        .bytes()
        .filter(|&b| b == b' ' || b == b'/')
        .count();
    let chars =
        |r: &Option<std::ops::Range<usize>>| r.clone().map_or(0, |r| text[r].chars().count());
    place_words <= 4 && chars(&c.extra) <= 30 && chars(&c.src) <= 40
}

/// The dateline at the start of `text`, if it has one.
pub(crate) fn find_dateline(text: &str) -> Option<FoundDateline> {
    let (caps, shout) = match dateline_caps(text, true) {
        Some(c) => (c, true),
        None => (dateline_caps(text, false)?, false),
    };
    let place = text[caps.place.clone()].trim_end_matches(['.', '-']);
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || NOT_PLACES.contains(&place.to_lowercase()) {
        return None;
    }
    let source = caps.src.map(|r| text[r].trim().to_string());
    if !shout && source.is_none() {
        return None;
    }
    // A bare upper-case word and a dash needs something after it that reads like a sentence.
    let len = caps.end;
    let after = text[len..].chars().next();
    if !after.is_some_and(|c| {
        c.is_uppercase() || nutgraf_core::text::is_numeric(c) || matches!(c, '"' | '“' | '‘' | '\'')
    }) {
        return None;
    }
    Some(FoundDateline {
        place: title_case(place),
        source: source.filter(|s| !s.is_empty()),
        len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        #[test]
        fn text_date_shapes_pass_what_the_patterns_match(
            parts in proptest::collection::vec(
                "((Jan|January|Sept|xy|x|é)\\.?( |  |\t|\u{b}|,|\u{a0}|é)(5|12|123|x|٣)(st|th|xt)?,?( |\n|_|\u{2003}|’)(2024|20245|202)|(5|12|123|x)(st|th|xt)?( |\t|_|\u{a0})(of |proof |of|of\u{a0}|)(Jan|Sept|May|xy|Septembers|Mé)\\.?,?( |\u{b}|  |_|\u{2003}|é)(2024|20245|202)|x|_|,|\\.| |of|5|2024)",
                1..4,
            ),
        ) {
            let text = parts.concat();
            if !ascii_digits(&text) {
                return Ok(());
            }
            let (mdy, dmy) = text_date_shapes(&text);
            proptest::prop_assert!(!MDY_TEXT.is_match(&text) || mdy, "{:?}", text);
            proptest::prop_assert!(!DMY_TEXT.is_match(&text) || dmy, "{:?}", text);
        }
    }

    #[test]
    fn text_date_shapes_are_found() {
        for t in [
            "on March 7th, 2011",
            "Jan. 5 2024",
            "on 3rd of Sept. 2024",
            "5 May, 2020",
        ] {
            let (mdy, dmy) = text_date_shapes(t);
            assert_eq!(
                (mdy, dmy),
                (MDY_TEXT.is_match(t), DMY_TEXT.is_match(t)),
                "{t}"
            );
            assert!(mdy || dmy, "{t}");
        }
        assert_eq!(text_date_shapes("in January 2009."), (false, false));
    }

    #[test]
    fn dates() {
        let t = Tables::english();
        let d = |s: &str| find_date(s, &t).map(|d| d.iso);
        assert_eq!(
            d("date 2026-02-13 International").as_deref(),
            Some("2026-02-13")
        );
        assert_eq!(d("Updated 13.02.2026").as_deref(), Some("2026-02-13"));
        assert_eq!(d("March 7, 2011 at noon").as_deref(), Some("2011-03-07"));
        assert_eq!(d("on 3rd of Sept. 2024").as_deref(), Some("2024-09-03"));
        assert_eq!(d("12/25/2020").as_deref(), Some("2020-12-25"));
        assert_eq!(d("May be 2020"), None);
        assert_eq!(d("2026-13-45"), None);
    }

    #[test]
    fn timestamps() {
        let t = Tables::english();
        assert!(is_timestamp_line("10:28 GMT", &t));
        assert!(is_timestamp_line("2 hours ago", &t));
        assert!(is_timestamp_line("Updated 13.02.2026, 10:28", &t));
        assert!(!is_timestamp_line(
            "The vote is set for 10:30 on Tuesday in the main hall.",
            &t
        ));
        assert!(!is_timestamp_line("World", &t));
        assert!(is_timestamp_line("date 2026-02-13 International", &t));
    }

    #[test]
    fn datelines() {
        let d = find_dateline("WASHINGTON (Sputnik) - NASA said").unwrap();
        assert_eq!(
            (d.place.as_str(), d.source.as_deref()),
            ("Washington", Some("Sputnik"))
        );
        assert_eq!(d.len, "WASHINGTON (Sputnik) - ".len());
        let d = find_dateline("PARIS, Feb 3 (AFP) – The").unwrap();
        assert_eq!(
            (d.place.as_str(), d.source.as_deref()),
            ("Paris", Some("AFP"))
        );
        let d = find_dateline("NEW YORK — Stocks fell").unwrap();
        assert_eq!((d.place.as_str(), d.source), ("New York", None));
        let d = find_dateline("London, March 2 (Reuters) - Shares").unwrap();
        assert_eq!(d.place, "London");
        assert!(find_dateline("Officials said - nothing").is_none());
        assert!(find_dateline("I - the writer").is_none());
        assert!(find_dateline("BREAKING - Police closed the bridge").is_none());
        assert!(find_dateline("UPDATE — The vote was delayed").is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        #[test]
        fn the_dateline_matcher_captures_what_the_regexes_capture(
            parts in proptest::collection::vec(
                "(NEW|YORK|Paris|É|ÉVORA|Ñ|A\\.B\\.|ST\\.|X-Y|O’NEIL|O'NEIL|de|la|Ω|Ǆ|\u{301}|Ⅻ|٣|²|x|7| |  |/|,|, |\\(|\\)|\n|\t|\u{a0}|\u{2003}|-|--|–|—|“|’|AFP|Reuters|\\.|')",
                0..16,
            ),
            tail in "( The| the|\n\\(AP\\)|)",
        ) {
            let text = format!("{}{tail}", parts.concat());
            for (shout, re) in [(true, &*DATELINE_CAPS), (false, &*DATELINE_TITLE)] {
                if let Ok(got) = dateline::captures(&text, shout) {
                    let want = re.captures(&text).map(|c| caps_of(&c));
                    proptest::prop_assert_eq!(got, want, "{:?} {}", text, shout);
                }
            }
        }
    }

    #[test]
    fn the_dateline_matcher_decides_common_datelines() {
        for t in [
            "WASHINGTON (AP) — The Senate voted",
            "NEW YORK — Stocks fell",
            "PARIS, Feb 3 (AFP) – The",
            "London, March 2 (Reuters) - Shares",
            "The president said on Monday",
            "SÃO PAULO (Reuters) - Brazil",
        ] {
            for (shout, re) in [(true, &*DATELINE_CAPS), (false, &*DATELINE_TITLE)] {
                let want = re.captures(t).map(|c| caps_of(&c));
                assert_eq!(dateline::captures(t, shout), Ok(want), "{t} {shout}");
            }
        }
        assert_eq!(
            dateline::captures("ŁÓDŹ (PAP) - The", true),
            Err(dateline::Undecided)
        );
        // a search that runs far into a long line is left to the regex
        let long = format!("PARIS, {}(AFP) - The", "word ".repeat(2000));
        assert_eq!(dateline::captures(&long, true), Err(dateline::Undecided));
        assert_eq!(
            DATELINE_CAPS
                .captures(&long)
                .map(|c| c.get(0).unwrap().end()),
            Some(long.len() - 3)
        );
    }

    #[test]
    fn dateline_length_limits() {
        assert!(find_dateline("PORT OF NEW HAVEN (AP) - The ship").is_some());
        assert!(find_dateline("THE PORT OF NEW HAVEN (AP) - The ship").is_none());
        let src = "A".repeat(40);
        assert!(find_dateline(&format!("PARIS ({src}) - The")).is_some());
        assert!(find_dateline(&format!("PARIS ({src}B) - The")).is_none());
        let extra = "x".repeat(30);
        assert!(find_dateline(&format!("PARIS, {extra} (AFP) - The")).is_some());
        assert!(find_dateline(&format!("PARIS, {extra}y (AFP) - The")).is_none());
    }

    /// The bounded patterns the dateline regexes had before their limits moved to code.
    fn bounded_dateline(text: &str) -> Option<(String, Option<String>, usize)> {
        static CAPS: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?P<place>\p{Lu}[\p{Lu}\p{M}'’.\-]+(?:[ /]\p{Lu}[\p{Lu}\p{M}'’.\-]*){0,3})(?:,\s*(?P<extra>[\p{L}\p{N} .']{1,30}?))?\s*(?:\((?P<src>[^()\n]{1,40})\))?\s*[-–—]{1,2}\s+").unwrap()
        });
        static TITLE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?P<place>\p{Lu}[\p{L}\p{M}'’.\-]+(?: \p{Lu}[\p{L}\p{M}'’.\-]*){0,3})(?:,\s*(?P<extra>[\p{L}\p{N} .']{1,30}?))?\s*\((?P<src>[^()\n]{1,40})\)\s*[-–—]{1,2}\s+").unwrap()
        });
        let c = CAPS.captures(text).or_else(|| TITLE.captures(text))?;
        let get = |n: &str| c.name(n).map(|m| m.as_str().to_owned());
        Some((get("place")?, get("src"), c.get(0)?.end()))
    }

    /// The new patterns plus `within_limits`, on the same terms as [`bounded_dateline`].
    fn unbounded_dateline(text: &str) -> Option<(String, Option<String>, usize)> {
        let c = DATELINE_CAPS
            .captures(text)
            .filter(within_limits)
            .or_else(|| DATELINE_TITLE.captures(text).filter(within_limits))?;
        let get = |n: &str| c.name(n).map(|m| m.as_str().to_owned());
        Some((get("place")?, get("src"), c.get(0)?.end()))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn datelines_match_the_bounded_patterns(
            words in proptest::collection::vec("(NEW|YORK|Paris|É|A\\.B\\.|ST\\.|X-Y|O’NEIL|de|la)", 1..7),
            seps in proptest::collection::vec("[ /]", 6),
            extra in proptest::option::of("[a-z0-9 .']{0,34}"),
            src in proptest::option::of("[A-Za-z ()\\n]{0,44}"),
            dash in "( - | — |--| -- |-| – )",
        ) {
            let mut t = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    t.push_str(&seps[i - 1]);
                }
                t.push_str(w);
            }
            if let Some(e) = extra {
                t.push_str(", ");
                t.push_str(&e);
            }
            if let Some(s) = src {
                t.push_str(" (");
                t.push_str(&s);
                t.push(')');
            }
            t.push_str(&dash);
            t.push_str(" The");
            proptest::prop_assert_eq!(unbounded_dateline(&t), bounded_dateline(&t), "{:?}", t);
        }
    }

    /// The first month-name date of `text` by two patterns, as `find_date` reads them.
    fn text_dates(text: &str, mdy: &Regex, dmy: &Regex) -> (Option<String>, Option<String>) {
        let t = Tables::english();
        let first = |re: &Regex, word: usize, day: usize| {
            re.captures_iter(text).find_map(|c| {
                let m = t.month(&c[word])?;
                Some(format!(
                    "{}@{} {m} {}",
                    c.get(0)?.start(),
                    c.get(0)?.end(),
                    &c[day]
                ))
            })
        };
        (first(mdy, 1, 2), first(dmy, 2, 1))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn ascii_month_patterns_find_what_the_unicode_ones_found(
            parts in proptest::collection::vec(
                "(March|mar|MAY|Sept|jUne|Märch|Décembre|éjan|jan|of|Noël|Xmarch|Marché|3rd|5|12|2024|1999|,|\\.| |  |\u{a0}|\u{ad}|\u{301}|é|x|-)",
                0..14,
            ),
        ) {
            static OLD_MDY: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"\b(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").unwrap()
            });
            static OLD_DMY: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(\p{L}{3,9})\.?,?\s+(\d{4})\b").unwrap()
            });
            let text = parts.concat();
            proptest::prop_assert_eq!(
                text_dates(&text, &MDY_TEXT, &DMY_TEXT),
                text_dates(&text, &OLD_MDY, &OLD_DMY),
                "{:?}", text
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn numeric_date_shapes_pass_what_the_patterns_match(
            parts in proptest::collection::vec(
                "(2024|1999|12|3|0|13|\\.|/|-| |x|:|٣|²)",
                0..12,
            ),
        ) {
            let text = parts.concat();
            if ascii_digits(&text) {
                proptest::prop_assert!(!ISO.is_match(&text) || iso_shape(&text), "{:?}", text);
                proptest::prop_assert!(!DMY_NUM.is_match(&text) || dmy_shape(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn month_gate_and_ascii_month_words_cover_the_month_table() {
        let t = Tables::english();
        for name in t.months.keys() {
            // an ASCII word the text patterns can capture, which the gate lets through
            assert!(name.len() >= 3 && name.bytes().all(|b| b.is_ascii_lowercase()));
            assert!(may_have_month(name), "{name}");
            assert!(may_have_month(&name.to_uppercase()), "{name}");
        }
        assert!(!may_have_month("on 12 2024 and 1999"));
        assert_eq!(
            find_date("12 Décembre 2024, 3 mar 2024", &t).map(|d| d.iso),
            Some("2024-03-03".to_string())
        );
        assert_eq!(
            find_date("Éjanuary 5, 2024 then MAY 6, 2023", &t).map(|d| d.iso),
            Some("2023-05-06".to_string())
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        #[test]
        fn times_are_replaced_as_the_pattern_replaces_them(
            parts in proptest::collection::vec(
                "(1|12|123|x|_|:|\\.|:30|\\.45|:5| |  |\t|\u{b}|a|A|p|P|m|M|\\.m|am|pm|a\\.m\\.|P\\.M|\\(|\\)|EST|utc|UTC\\+3|GMT-05|Pacific|x\\(|é|’)",
                0..12,
            ),
        ) {
            let text = parts.concat();
            match replace_times_ascii(&text) {
                Some(got) => proptest::prop_assert_eq!(got, TIME.replace_all(&text, " ").into_owned(), "{:?}", text),
                None => proptest::prop_assert!(!text.is_ascii()),
            }
        }
    }

    #[test]
    fn times_by_hand() {
        for t in [
            "6:01 p.m.",
            "12:25 pm \u{2013} President",
            "10:30 America",
            "(11:45 a.m. EST)",
            "9.30am",
            "110:30",
            "1:2345",
            "10:30:45 (GMT) x",
        ] {
            if let Some(got) = replace_times_ascii(t) {
                assert_eq!(got, TIME.replace_all(t, " "), "{t}");
            }
        }
        assert_eq!(replace_times_ascii("6:01 p.m.").as_deref(), Some(" "));
    }

    #[test]
    fn date_and_time_gates_pass_what_the_patterns_match() {
        assert!(may_have_year("on 3rd of Sept. 2024"));
        assert!(!may_have_year("at 10:28 on day 12"));
        assert!(may_have_year("١٣.٠٢.٢٠٢٦"), "non-ASCII text is not checked");
        assert!(may_have_time("10:28 GMT"));
        assert!(may_have_time("at 9.30am"));
        assert!(!may_have_time("2 hours ago"));
        assert!(!may_have_time("1. WHAT TRUMP’S PLAN SAYS."));
        assert!(
            may_have_time("at ١٠:٣٠"),
            "non-ASCII digits are not checked"
        );
        let t = Tables::english();
        assert!(is_timestamp_line("Updated 10:28 GMT", &t));
        assert!(!is_timestamp_line("Updated 10 GMT", &t));
    }
}
