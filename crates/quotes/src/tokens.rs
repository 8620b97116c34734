//! A small tokenizer: words (with inner apostrophes and hyphens) and single punctuation marks,
//! each with its byte span and, for words, a lowercase form.

use crate::is_word_char;

/// Kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, digits, inner `'`, `’` and `-`.
    Word,
    /// One character that is neither a word character nor whitespace.
    Punct,
}

/// One token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    /// First character.
    pub(crate) first: char,
    /// Range of the lowercase form in [`Tokens::lower`].
    lo: (u32, u32),
}

/// The tokens of a text.
pub(crate) struct Tokens {
    pub(crate) toks: Vec<Tok>,
    lower: String,
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

impl Tokens {
    /// Tokenizes `text` in one pass.
    pub(crate) fn new(text: &str) -> Self {
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        let mut lower = String::with_capacity(text.len());
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = if b[i] < 0x80 {
                char::from(b[i])
            } else {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                c
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
                let lo_start = lower.len();
                push_lower(&mut lower, c);
                let mut end = i + cl;
                loop {
                    // ASCII letters and digits without decoding
                    if let Some(&x) = b.get(end)
                        && x.is_ascii_alphanumeric()
                    {
                        lower.push(char::from(x.to_ascii_lowercase()));
                        end += 1;
                        continue;
                    }
                    let Some(d) = text[end..].chars().next() else {
                        break;
                    };
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
                toks.push(Tok {
                    start: i,
                    end,
                    kind: Kind::Word,
                    first: c,
                    lo: (lo_start as u32, lower.len() as u32),
                });
                i = end;
            } else {
                // two apostrophes stand for a double quote mark (`''Yes,'' he said`)
                let doubled = c == '\'' && b.get(i + 1) == Some(&b'\'');
                let len = if doubled { 2 } else { cl };
                toks.push(Tok {
                    start: i,
                    end: i + len,
                    kind: Kind::Punct,
                    first: if doubled { '"' } else { c },
                    lo: (lower.len() as u32, lower.len() as u32),
                });
                i += len;
            }
        }
        Self { toks, lower }
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    /// The lowercase form of word `i`, or `None` for punctuation and out of range.
    pub(crate) fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Word).then(|| &self.lower[t.lo.0 as usize..t.lo.1 as usize])
    }

    /// Whether token `i` is a word starting with an uppercase letter.
    pub(crate) fn cap(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Word && t.first.is_uppercase())
    }

    /// Whether token `i` is the punctuation character `c`.
    pub(crate) fn is(&self, i: usize, c: char) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.first == c)
    }

    /// The punctuation character of token `i`, if it is punctuation.
    pub(crate) fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Punct).then_some(t.first)
    }

    /// The first token whose start is at or after byte `pos`.
    pub(crate) fn first_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
