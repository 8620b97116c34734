//! The two dateline patterns of `meta` run by a small backtracking matcher, so that the
//! regexes (whose Unicode classes cost more to compile than a few hundred articles cost to
//! clean) are built only for a line the matcher cannot decide.
//!
//! The patterns are written as programs of a backtracking machine: a split tries its first
//! branch first, which gives the regex's leftmost-first match and its captures; a visited set
//! of (instruction, position) pairs keeps it linear, as in a bounded backtracker. A character
//! class is decided for ASCII, Latin-1, the general punctuation block and whitespace; any other
//! character tested against a Unicode class (`\p{Lu}`, `\p{L}`, `\p{M}`, `\p{N}`) leaves the
//! line to the regex.

use std::ops::Range;

/// What a dateline pattern captured: the place, the text after its comma, the source in
/// parentheses and the end of the match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caps {
    pub(crate) place: Range<usize>,
    pub(crate) extra: Option<Range<usize>>,
    pub(crate) src: Option<Range<usize>>,
    pub(crate) end: usize,
}

/// A character the matcher cannot classify: the line goes to the regex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Undecided;

/// The character classes of the two patterns.
#[derive(Clone, Copy, Debug)]
enum Class {
    /// `\p{Lu}`
    Upper,
    /// `[\p{Lu}\p{M}'’.\-]`
    CapsWord,
    /// `[\p{L}\p{M}'’.\-]`
    TitleWord,
    /// `[ /]`
    SpaceOrSlash,
    /// ` `
    Space,
    /// `,`
    Comma,
    /// `\s`
    White,
    /// `[\p{L}\p{N} .']`
    Extra,
    /// `\(`
    Open,
    /// `\)`
    Close,
    /// `[^()\n]`
    Src,
    /// `[-–—]`
    Dash,
}

/// General categories the classes need, for one character.
struct Cats {
    lu: bool,
    l: bool,
    m: bool,
    n: bool,
}

/// The categories of `c`, where they are known without Unicode tables.
fn cats(c: char) -> Option<Cats> {
    let none = Cats {
        lu: false,
        l: false,
        m: false,
        n: false,
    };
    let u = u32::from(c);
    if c.is_ascii() {
        return Some(Cats {
            lu: c.is_ascii_uppercase(),
            l: c.is_ascii_alphabetic(),
            m: false,
            n: c.is_ascii_digit(),
        });
    }
    if c.is_whitespace() || (0x2000..=0x206F).contains(&u) {
        // separators, format characters and general punctuation: no letter, mark or number
        return Some(none);
    }
    if (0x80..=0xFF).contains(&u) {
        // Latin-1: capitals À–Ö, Ø–Þ; small letters ß–ö, ø–ÿ, ª, µ, º; numbers ², ³, ¹, ¼–¾
        let lu = matches!(u, 0xC0..=0xD6 | 0xD8..=0xDE);
        let l = lu || matches!(u, 0xDF..=0xF6 | 0xF8..=0xFF | 0xAA | 0xB5 | 0xBA);
        let n = matches!(u, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE);
        return Some(Cats { lu, l, m: false, n });
    }
    None
}

/// Whether `c` is a word character for `\b` (`\w`: alphabetic, a mark, a decimal digit, a
/// connector punctuation or a joiner), where that is known without Unicode tables.
pub(crate) fn word_char(c: char) -> Option<bool> {
    let u = u32::from(c);
    if c.is_ascii() {
        return Some(c.is_ascii_alphanumeric() || c == '_');
    }
    if (0x2000..=0x206F).contains(&u) {
        // the joiners and the connectors ‿ ⁀ ⁔
        return Some(matches!(u, 0x200C | 0x200D | 0x203F | 0x2040 | 0x2054));
    }
    // an alphabetic character is one (below U+0800, where the Unicode versions of the standard
    // library and of the regex tables agree: checked for every character by a test)
    if u < 0x800 && c.is_alphabetic() {
        return Some(true);
    }
    // whitespace, and Latin-1, whose letters are its only word characters past ASCII
    let k = cats(c)?;
    Some(k.l || k.m)
}

/// Whether `c` is a decimal digit (`\d`), where that is known without Unicode tables (Latin-1
/// and general punctuation have none past ASCII).
pub(crate) fn is_decimal_digit(c: char) -> Result<bool, Undecided> {
    if c.is_ascii() {
        return Ok(c.is_ascii_digit());
    }
    // (a decimal digit is numeric)
    if !c.is_numeric() {
        return Ok(false);
    }
    cats(c).map(|_| false).ok_or(Undecided)
}

impl Class {
    /// Whether `c` is in the class, if that is known.
    fn has(self, c: char) -> Result<bool, Undecided> {
        let cat = || cats(c).ok_or(Undecided);
        Ok(match self {
            Class::Upper => cat()?.lu,
            Class::CapsWord => {
                matches!(c, '\'' | '’' | '.' | '-') || {
                    let k = cat()?;
                    k.lu || k.m
                }
            }
            Class::TitleWord => {
                matches!(c, '\'' | '’' | '.' | '-') || {
                    let k = cat()?;
                    k.l || k.m
                }
            }
            Class::SpaceOrSlash => matches!(c, ' ' | '/'),
            Class::Space => c == ' ',
            Class::Comma => c == ',',
            Class::White => c.is_whitespace(),
            Class::Extra => {
                matches!(c, ' ' | '.' | '\'') || {
                    let k = cat()?;
                    k.l || k.n
                }
            }
            Class::Open => c == '(',
            Class::Close => c == ')',
            Class::Src => !matches!(c, '(' | ')' | '\n'),
            Class::Dash => matches!(c, '-' | '–' | '—'),
        })
    }
}

/// One instruction of a pattern program.
#[derive(Clone, Copy, Debug)]
enum Inst {
    /// Consumes one character of the class, then goes on.
    Char(Class, usize),
    /// Tries the first branch, then the second.
    Split(usize, usize),
    /// Records the position in a capture slot.
    Save(usize, usize),
    Match,
}

/// Capture slots: place end, extra start and end, src start and end.
const PLACE_END: usize = 0;
const EXTRA_START: usize = 1;
const EXTRA_END: usize = 2;
const SRC_START: usize = 3;
const SRC_END: usize = 4;

/// `^(?P<place>\p{Lu}W+(?:S\p{Lu}W*)*)(?:,\s*(?P<extra>[\p{L}\p{N} .']+?))?\s*` then, for the
/// capitals pattern, `(?:\((?P<src>[^()\n]+)\))?` and for the title-case one the same group
/// required; then `\s*[-–—]{1,2}\s+`. `W` and `S` are the place word and separator classes.
fn program(shout: bool) -> Vec<Inst> {
    use Inst::{Char, Match, Save, Split};
    let (word, sep) = if shout {
        (Class::CapsWord, Class::SpaceOrSlash)
    } else {
        (Class::TitleWord, Class::Space)
    };
    let mut p = vec![
        // 0: place
        Char(Class::Upper, 1),
        Char(word, 2),
        Split(1, 3),
        Split(4, 8),
        Char(sep, 5),
        Char(Class::Upper, 6),
        Split(7, 3),
        Char(word, 6),
        // 8: end of place; the optional extra after a comma
        Save(PLACE_END, 9),
        Split(10, 17),
        Char(Class::Comma, 11),
        Split(12, 13),
        Char(Class::White, 11),
        Save(EXTRA_START, 14),
        Char(Class::Extra, 15),
        // lazy: leave first
        Split(16, 14),
        Save(EXTRA_END, 17),
        // 17: \s*
        Split(18, 19),
        Char(Class::White, 17),
    ];
    // 19: the source, optional for the capitals pattern
    let src_at = 19 + usize::from(shout);
    if shout {
        p.push(Split(20, 26));
    }
    debug_assert_eq!(p.len(), src_at);
    let after = src_at + 6;
    p.extend([
        Char(Class::Open, src_at + 1),
        Save(SRC_START, src_at + 2),
        Char(Class::Src, src_at + 3),
        Split(src_at + 2, src_at + 4),
        Save(SRC_END, src_at + 5),
        Char(Class::Close, after),
    ]);
    debug_assert_eq!(p.len(), after);
    // \s*[-–—]{1,2}\s+
    p.extend([
        Split(after + 1, after + 2),
        Char(Class::White, after),
        Char(Class::Dash, after + 3),
        Split(after + 4, after + 5),
        Char(Class::Dash, after + 5),
        Char(Class::White, after + 6),
        Split(after + 7, after + 8),
        Char(Class::White, after + 6),
        Match,
    ]);
    p
}

thread_local! {
    static PROGRAMS: [Vec<Inst>; 2] = [program(false), program(true)];
}

/// Where the backtracker goes next.
enum Frame {
    Step(usize, usize),
    Restore(usize, Option<usize>),
}

/// The captures of the capitals (`shout`) or title-case dateline pattern at the start of
/// `text`, as the regex would give them; [`Undecided`] when a character the pattern tests is
/// one the matcher cannot classify.
pub(crate) fn captures(text: &str, shout: bool) -> Result<Option<Caps>, Undecided> {
    // Both patterns start with a capital and a place-word character.
    let mut chars = text.chars();
    let word = if shout {
        Class::CapsWord
    } else {
        Class::TitleWord
    };
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => {
            if !Class::Upper.has(a)? || !word.has(b)? {
                return Ok(None);
            }
        }
        _ => return Ok(None),
    }
    // The title-case pattern needs a `)` followed by whitespace and a dash.
    if !shout && !close_before_dash(text) {
        return Ok(None);
    }
    PROGRAMS.with(|p| run(&p[usize::from(shout)], text))
}

/// Whether some `)` in `text` has a dash after it, with only whitespace between.
fn close_before_dash(text: &str) -> bool {
    memchr::memchr_iter(b')', text.as_bytes()).any(|p| {
        text[p + 1..]
            .chars()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| matches!(c, '-' | '–' | '—'))
    })
}

/// How far into a line the matcher goes before leaving it to the regex, in bytes.
const EXPLORE_MAX: usize = 4096;

/// The (instruction, position) pairs tried: one bit each, grown with the positions reached.
struct Visited {
    bits: Vec<u64>,
    width: usize,
}

impl Visited {
    /// Marks the pair; whether it was new.
    fn insert(&mut self, pc: usize, pos: usize) -> bool {
        let i = pos * self.width + pc;
        if i / 64 >= self.bits.len() {
            self.bits.resize((i / 64 + 1).max(self.bits.len() * 2), 0);
        }
        let (w, m) = (i / 64, 1u64 << (i % 64));
        let new = self.bits[w] & m == 0;
        self.bits[w] |= m;
        new
    }
}

fn run(prog: &[Inst], text: &str) -> Result<Option<Caps>, Undecided> {
    let mut slots: [Option<usize>; 5] = [None; 5];
    let mut stack = vec![Frame::Step(0, 0)];
    let mut visited = Visited {
        bits: vec![0; prog.len()],
        width: prog.len(),
    };
    while let Some(frame) = stack.pop() {
        let (mut pc, mut pos) = match frame {
            Frame::Restore(slot, old) => {
                slots[slot] = old;
                continue;
            }
            Frame::Step(pc, pos) => (pc, pos),
        };
        loop {
            // (a real dateline is short: a search that reaches far into a long line goes to
            // the regex, whose memory is bounded, rather than grow the visited set with it)
            if pos > EXPLORE_MAX {
                return Err(Undecided);
            }
            if !visited.insert(pc, pos) {
                break;
            }
            match prog[pc] {
                Inst::Char(class, next) => {
                    let Some(c) = text[pos..].chars().next() else {
                        break;
                    };
                    if !class.has(c)? {
                        break;
                    }
                    pos += c.len_utf8();
                    pc = next;
                }
                Inst::Split(first, second) => {
                    stack.push(Frame::Step(second, pos));
                    pc = first;
                }
                Inst::Save(slot, next) => {
                    stack.push(Frame::Restore(slot, slots[slot]));
                    slots[slot] = Some(pos);
                    pc = next;
                }
                Inst::Match => {
                    let range = |a: usize, b: usize| Some(slots[a]?..slots[b]?);
                    return Ok(Some(Caps {
                        place: 0..slots[PLACE_END].unwrap_or(0),
                        extra: range(EXTRA_START, EXTRA_END),
                        src: range(SRC_START, SRC_END),
                        end: pos,
                    }));
                }
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn known_categories_are_the_regex_classes() {
        let class = |p: &str| Regex::new(&format!("^{p}$")).unwrap();
        let (lu, l, m, n, w, d) = (
            class(r"\p{Lu}"),
            class(r"\p{L}"),
            class(r"\p{M}"),
            class(r"\p{N}"),
            class(r"\w"),
            class(r"\d"),
        );
        let mut known = 0;
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else {
                continue;
            };
            let s = c.to_string();
            if let Some(k) = cats(c) {
                known += 1;
                assert_eq!(k.lu, lu.is_match(&s), "Lu {c:?}");
                assert_eq!(k.l, l.is_match(&s), "L {c:?}");
                assert_eq!(k.m, m.is_match(&s), "M {c:?}");
                assert_eq!(k.n, n.is_match(&s), "N {c:?}");
            }
            if let Some(x) = word_char(c) {
                assert_eq!(x, w.is_match(&s), "w {c:?}");
            }
            if let Ok(x) = is_decimal_digit(c) {
                assert_eq!(x, d.is_match(&s), "d {c:?}");
            }
        }
        assert!(known > 350, "{known}");
    }
}
