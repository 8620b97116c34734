//! A small word tokenizer for discovery: words with their capitalisation and sentence position.

use crate::is_word_char;
use nutgraf_core::{Span, swar};

/// Whether `w` is an abbreviation whose final period belongs to the word (`Dr.`, `Inc.`).
fn is_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Mx"
            | "Dr"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Cmdr"
            | "Sgt"
            | "Adm"
            | "Maj"
            | "Rev"
            | "Fr"
            | "St"
            | "Jr"
            | "Sr"
            | "Inc"
            | "Ltd"
            | "Corp"
            | "Co"
            | "Bros"
            | "Mt"
            | "Ft"
            | "Prof"
            | "Pres"
            | "Supt"
            | "Det"
            | "Insp"
            | "Hon"
            | "Messrs"
            | "Mme"
            | "Mlle"
            | "Ave"
            | "Blvd"
            | "Univ"
            | "Dept"
            | "Assn"
            | "vs"
            | "No"
    )
}

/// A word of the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub span: Span,
    /// Starts with an uppercase letter (or is a digit-led token glued to one, like `G7`).
    pub cap: bool,
    /// Two or more letters, all uppercase (`NASA`, `U.S.`).
    pub all_caps: bool,
    /// Starts with a lowercase letter.
    pub lower: bool,
    /// Only spaces (no newline, no punctuation) separate it from the previous word.
    pub space_before: bool,
    /// First word of a sentence (or of a line).
    pub sent_start: bool,
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `text` into words. `sentence_starts` are byte offsets where sentences begin (sorted);
/// when empty, sentence starts are guessed from punctuation and line breaks.
pub(crate) fn tokenize(text: &str, sentence_starts: &[usize]) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // news text has about one word per six bytes, often a little more: room for one per five,
    // so most texts never regrow (and copy) the list
    let mut toks: Vec<Tok> = Vec::with_capacity(n / 5 + 8);
    // the gap since the previous word: its length, whether it holds a line break, and whether
    // it is only spaces and no-break spaces
    let (mut gap_len, mut gap_newline, mut gap_spaces) = (0usize, false, true);
    let mut i = 0;
    while i < n {
        // the next word start; ASCII bytes are tested without decoding
        let b = bytes[i];
        let clen = if b < 0x80 {
            if !is_alnum(b) {
                gap_len += 1;
                gap_newline |= b == b'\n';
                gap_spaces &= b == b' ';
                i += 1;
                continue;
            }
            1
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !is_word_char(c) {
                gap_len += c.len_utf8();
                gap_spaces &= c == '\u{a0}';
                i += c.len_utf8();
                continue;
            }
            c.len_utf8()
        };
        let start = i;
        let mut end = i + clen;
        // whether the word already took a period (`U.S.`)
        let mut dotted = false;
        // extend over word chars and joiners
        while end < n {
            // ASCII letters and digits eight bytes at a time
            end = swar::run_end(bytes, end, swar::not_alnum);
            if end >= n {
                break;
            }
            let j = end;
            // an ASCII byte other than a joiner ends the word without decoding anything
            if bytes[j] < 0x80 && !matches!(bytes[j], b'-' | b'\'' | b'.') {
                break;
            }
            let Some(d) = text[j..].chars().next() else {
                break;
            };
            if is_word_char(d) {
                end = j + d.len_utf8();
                continue;
            }
            let next = text[j + d.len_utf8()..].chars().next();
            let joins = match d {
                '-' | '\u{2010}' | '\u{2011}' => {
                    next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit())
                }
                _ if is_apos(d) => {
                    // O'Neil, don't; but not the possessive 's
                    match next {
                        Some(n) if is_word_char(n) => {
                            let after = j + d.len_utf8() + n.len_utf8();
                            let possessive = (n == 's' || n == 'S')
                                && !text[after..].chars().next().is_some_and(is_word_char);
                            !possessive
                        }
                        _ => false,
                    }
                }
                '.' => {
                    let word = &text[start..end];
                    let mut chars = word.chars();
                    let single =
                        chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
                    if single || dotted || is_abbreviation(word) {
                        // take the period; continue for U.S.-style words
                        end = j + 1;
                        dotted = true;
                        let cont = next.is_some_and(char::is_uppercase)
                            && text[j + 1..].chars().nth(1).is_some_and(|x| x == '.');
                        if cont {
                            continue;
                        }
                    }
                    false
                }
                _ => false,
            };
            if !joins {
                break;
            }
            // the joiner belongs to the word once the word char after it is taken
            end = j + d.len_utf8();
        }
        i = end;
        let word = &text[start..end];
        let (cap, all_caps, lower) = shape(word);
        toks.push(Tok {
            span: Span::new(start, end),
            cap,
            all_caps,
            lower,
            space_before: !toks.is_empty() && gap_len > 0 && gap_spaces,
            // whether the gap holds a line break, until the sentence starts are marked
            sent_start: gap_newline,
        });
        (gap_len, gap_newline, gap_spaces) = (0, false, true);
    }
    mark_sentence_starts(text, &mut toks, sentence_starts);
    toks
}

/// ASCII letters and digits, by table.
#[inline]
pub(crate) fn is_alnum(b: u8) -> bool {
    static ALNUM: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = (b as u8).is_ascii_alphanumeric();
            b += 1;
        }
        t
    };
    ALNUM[usize::from(b)]
}

/// Whether a word is capitalised (or a number with capitals, `3M`), in capitals (two letters or
/// more) and lowercase-initial.
#[inline]
fn shape(word: &str) -> (bool, bool, bool) {
    let b = word.as_bytes();
    // most words: an ASCII lowercase first letter decides all three, whatever follows
    if b.first().is_some_and(u8::is_ascii_lowercase) {
        return (false, false, true);
    }
    if b.is_ascii() {
        // the same tests on bytes, in one pass: ASCII letters are the only alphabetic ASCII
        // characters
        let first = b.first().copied().unwrap_or(b' ');
        let (mut upper, mut lower) = (0usize, 0usize);
        for &c in b {
            upper += usize::from(c.is_ascii_uppercase());
            lower += usize::from(c.is_ascii_lowercase());
        }
        let cap = first.is_ascii_uppercase() || (first.is_ascii_digit() && upper > 0);
        let all_caps = upper + lower >= 2 && lower == 0;
        return (cap, all_caps, first.is_ascii_lowercase());
    }
    let first = word.chars().next().unwrap_or(' ');
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let cap =
        first.is_uppercase() || (first.is_ascii_digit() && word.chars().any(char::is_uppercase));
    let all_caps = letters >= 2
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    (cap, all_caps, first.is_lowercase())
}

/// Marks the first word of each sentence. On entry, each word's `sent_start` says whether a
/// line break precedes it.
fn mark_sentence_starts(text: &str, toks: &mut [Tok], starts: &[usize]) {
    let mut si = 0;
    let mut prev_end = 0;
    for k in 0..toks.len() {
        let s = toks[k].span.start;
        let mut start = k == 0 || toks[k].sent_start;
        if starts.is_empty() {
            let gap = &text[prev_end..s];
            // guess: a sentence ends at . ! ? in the gap (the period of `Dr.` is in the word)
            let g = gap.trim_matches(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '"' | '\''
                            | '\u{201c}'
                            | '\u{201d}'
                            | '\u{2018}'
                            | '\u{2019}'
                            | '('
                            | ')'
                            | '['
                            | ']'
                    )
            });
            if g.contains(['.', '!', '?']) {
                start = true;
            }
            if k > 0 && text[..prev_end].ends_with('.') && gap.chars().all(char::is_whitespace) {
                // `... in the U.S. The` is a boundary, `Dr. Smith` is not
                let pw = toks[k - 1].span.get(text).unwrap_or("");
                let bare = pw.trim_end_matches('.');
                if !is_abbreviation(bare) && bare.chars().count() > 1 && !bare.contains('.') {
                    start = true;
                }
            }
        } else {
            while si < starts.len() && starts[si] <= s {
                if starts[si] >= prev_end || k == 0 {
                    start = true;
                }
                si += 1;
            }
        }
        toks[k].sent_start = start;
        prev_end = toks[k].span.end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, &[])
            .iter()
            .map(|t| t.span.get(text).unwrap())
            .collect()
    }

    #[test]
    fn words_and_joiners() {
        assert_eq!(
            words("Dr. Ana O'Neil's U.S. visit, Kest-based Jean-Pierre (Crew-12) don't"),
            [
                "Dr.",
                "Ana",
                "O'Neil",
                "s",
                "U.S.",
                "visit",
                "Kest",
                "based",
                "Jean-Pierre",
                "Crew-12",
                "don't"
            ]
        );
        assert_eq!(words("Zürich’s mayor"), ["Zürich", "s", "mayor"]);
        assert_eq!(words(""), Vec::<&str>::new());
    }

    /// The first, char-by-char version of [`tokenize`], kept as the reference for its byte loop.
    fn reference(text: &str, sentence_starts: &[usize]) -> Vec<Tok> {
        let mut toks: Vec<Tok> = Vec::new();
        let mut it = text.char_indices().peekable();
        let mut prev_end = 0usize;
        while let Some((i, c)) = it.next() {
            if !is_word_char(c) {
                continue;
            }
            let start = i;
            let mut end = i + c.len_utf8();
            // whether the word already took a period (`U.S.`)
            let mut dotted = false;
            // extend over word chars and joiners
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    it.next();
                    continue;
                }
                let next = text[j + d.len_utf8()..].chars().next();
                let joins = match d {
                    '-' | '\u{2010}' | '\u{2011}' => {
                        next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit())
                    }
                    _ if is_apos(d) => {
                        // O'Neil, don't; but not the possessive 's
                        match next {
                            Some(n) if is_word_char(n) => {
                                let after = j + d.len_utf8() + n.len_utf8();
                                let possessive = (n == 's' || n == 'S')
                                    && !text[after..].chars().next().is_some_and(is_word_char);
                                !possessive
                            }
                            _ => false,
                        }
                    }
                    '.' => {
                        let word = &text[start..end];
                        let mut chars = word.chars();
                        let single =
                            chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
                        if single || dotted || is_abbreviation(word) {
                            // take the period; continue for U.S.-style words
                            end = j + 1;
                            it.next();
                            dotted = true;
                            let cont = next.is_some_and(char::is_uppercase)
                                && (single || dotted)
                                && text[j + 1..].chars().nth(1).is_some_and(|x| x == '.');
                            if cont {
                                continue;
                            }
                        }
                        false
                    }
                    _ => false,
                };
                if joins {
                    it.next();
                } else {
                    break;
                }
            }
            let word = &text[start..end];
            let (cap, all_caps, lower) = shape(word);
            let gap = &text[prev_end..start];
            toks.push(Tok {
                span: Span::new(start, end),
                cap,
                all_caps,
                lower,
                space_before: !toks.is_empty()
                    && !gap.is_empty()
                    && gap.chars().all(|g| g == ' ' || g == '\u{a0}'),
                sent_start: gap.contains('\n'),
            });
            prev_end = end;
        }
        mark_sentence_starts(text, &mut toks, sentence_starts);
        toks
    }

    fn key(t: &Tok) -> (Span, bool, bool, bool, bool, bool) {
        (
            t.span,
            t.cap,
            t.all_caps,
            t.lower,
            t.space_before,
            t.sent_start,
        )
    }

    proptest::proptest! {
        #[test]
        fn the_byte_loop_equals_the_char_loop(text in "[aZsS9 .,'’\\-\u{2011}\u{a0}éÉ\u{301}\n]{0,60}") {
            let got: Vec<_> = tokenize(&text, &[]).iter().map(key).collect();
            let want: Vec<_> = reference(&text, &[]).iter().map(key).collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn the_byte_loop_equals_the_char_loop_with_given_starts(
            text in "[aZsS9 .,'’\\-\u{2011}\u{a0}éÉ\u{301}\n]{0,60}",
            cuts in proptest::collection::vec(0usize..70, 0..6),
        ) {
            let mut starts: Vec<usize> =
                cuts.into_iter().filter(|&c| text.is_char_boundary(c)).collect();
            starts.sort_unstable();
            let got: Vec<_> = tokenize(&text, &starts).iter().map(key).collect();
            let want: Vec<_> = reference(&text, &starts).iter().map(key).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_shape_shortcuts_keep_the_unicode_rules(word in "[aZ9éÉß.'-]{1,8}") {
            let first = word.chars().next().unwrap();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let want = (
                first.is_uppercase()
                    || (first.is_ascii_digit() && word.chars().any(char::is_uppercase)),
                letters >= 2 && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase),
                first.is_lowercase(),
            );
            proptest::prop_assert_eq!(shape(&word), want);
        }
    }

    #[test]
    fn sentence_starts_are_guessed() {
        let t = "Rain fell. Then Dr. Hale spoke in the U.S. Army base.\nNext line";
        let toks = tokenize(t, &[]);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|x| x.sent_start)
            .map(|x| x.span.get(t).unwrap())
            .collect();
        assert_eq!(starts, ["Rain", "Then", "Next"]);
        let given = tokenize(t, &[0, 11]);
        assert_eq!(given.iter().filter(|x| x.sent_start).count(), 3); // + the line start
    }
}
