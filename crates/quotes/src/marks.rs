//! Pairing of double quote marks into quoted segments.
//!
//! Marks are paired by family (straight `"`, curly `“ ”` with German `„ “`, French `« »`), one
//! paragraph at a time, so that an odd mark loses at most its own paragraph. A quote left open at
//! the end of a paragraph continues into the next one only when that paragraph opens with a mark
//! of the same family (the multi-paragraph convention). Single quotes and apostrophes are never
//! paired here: they are nested quotes or parts of words.

use nutgraf_core::Span;

use crate::tokens::{Kind, Tokens};

/// A family of quote marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Straight,
    Curly,
    German,
    French,
}

/// A pair of marks: the quoted segment, possibly over several paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seg {
    /// Token index of the opening mark.
    pub(crate) open_tok: usize,
    /// Token index of the closing mark.
    pub(crate) close_tok: usize,
    /// The text between the marks, trimmed, without a final `,` or `.`.
    pub(crate) content: Span,
    /// Index of the paragraph of the opening mark.
    pub(crate) para: usize,
    /// Index of the paragraph of the closing mark.
    pub(crate) last_para: usize,
}

fn family_opening(c: char) -> Option<Family> {
    match c {
        '"' => Some(Family::Straight),
        '\u{201C}' | '\u{201D}' | '\u{201F}' => Some(Family::Curly),
        '\u{201E}' => Some(Family::German),
        '\u{00AB}' => Some(Family::French),
        _ => None,
    }
}

/// Whether `c` is a double quote mark of any family.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
    )
}

fn space_or_none(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Where a mark sits: after a space (`opener position`) or glued to the word before.
fn opener_position(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let before_ok = space_or_none(before)
        || before.is_some_and(|c| "([{\u{2014}\u{2013}-/:;\u{2018}'".contains(c));
    let after_ok = after.is_some_and(|c| !c.is_whitespace());
    before_ok && after_ok
}

fn closer_position(text: &str, start: usize) -> bool {
    let before = text[..start].chars().next_back();
    !space_or_none(before)
}

/// Trims the content of a segment: whitespace, then one final `,` or `.`, then whitespace.
pub(crate) fn trim_content(text: &str, span: Span) -> Span {
    let s = span.trim(text);
    let Some(t) = s.get(text) else { return s };
    let cut = t.strip_suffix([',', '.']).unwrap_or(t);
    Span::new(s.start, s.start + cut.len()).trim(text)
}

/// The token range of each paragraph.
pub(crate) fn para_tokens(toks: &Tokens, paras: &[Span]) -> Vec<(usize, usize)> {
    // sorted and disjoint: each search starts where the previous paragraph ended
    let mut lo = 0;
    paras
        .iter()
        .map(|p| {
            let a = toks.first_at_from(p.start, lo);
            lo = toks.first_at_from(p.end, a);
            (a, lo)
        })
        .collect()
}

/// Pairs the marks of every paragraph. `paras` are sorted, non-overlapping byte spans;
/// `para_toks` their token ranges ([`para_tokens`]).
pub(crate) fn pair(
    text: &str,
    toks: &Tokens,
    paras: &[Span],
    para_toks: &[(usize, usize)],
) -> Vec<Seg> {
    let mut segs = Vec::new();
    // an open quote carried over from an earlier paragraph: (open token, family, paragraph)
    let mut carried: Option<(usize, Family, usize)> = None;
    for (pi, &(first, last)) in para_toks.iter().enumerate().take(paras.len()) {
        let mut open: Option<(usize, Family, usize)> = None;
        let mut i = first;
        if let Some((ot, fam, op)) = carried.take() {
            // continuation only if the paragraph opens with a mark of the same family
            let t = toks.toks.get(first);
            let starts = t.is_some_and(|t| {
                t.kind() == Kind::Punct
                    && first < last
                    && family_opening(t.first) == Some(fam)
                    && opener_position(text, t.start, t.end)
            });
            if starts {
                open = Some((ot, fam, op));
                i = first + 1;
            }
        }
        // only the double quote marks of the paragraph (listed in order when tokenizing)
        let mut next_mark = toks.marks.partition_point(|&x| x < i);
        while let Some(&m) = toks.marks.get(next_mark).filter(|&&x| x < last) {
            next_mark += 1;
            i = m;
            let t = toks.toks[i];
            let c = t.first;
            let opener_pos = opener_position(text, t.start, t.end);
            let closer_pos = closer_position(text, t.start);
            match open {
                Some((ot, fam, op)) => {
                    let closes = match fam {
                        Family::Straight => c == '"' && (closer_pos || !opener_pos),
                        Family::Curly => {
                            c == '\u{201D}'
                                || ((c == '\u{201C}' || c == '"') && closer_pos && !opener_pos)
                        }
                        Family::German => c == '\u{201C}' || c == '\u{201D}',
                        Family::French => c == '\u{00BB}',
                    };
                    if closes {
                        let content = Span::new(toks.toks[ot].end, t.start);
                        segs.push(Seg {
                            open_tok: ot,
                            close_tok: i,
                            content: trim_content(text, content),
                            para: op,
                            last_para: pi,
                        });
                        open = None;
                    } else if family_opening(c) == Some(fam) && opener_pos {
                        // the earlier mark was never closed: restart here
                        open = Some((i, fam, pi));
                    }
                }
                None => {
                    let fam = match c {
                        '\u{201D}' | '"' if !opener_pos => None,
                        _ => family_opening(c),
                    };
                    if let Some(fam) = fam {
                        open = Some((i, fam, pi));
                    }
                }
            }
        }
        // carry an open quote only when its mark opens the paragraph or follows `:` or `,`
        // (`She said: “...`), as the multi-paragraph convention has it
        carried = open.filter(|&(ot, _, _)| {
            ot <= first || matches!(toks.punct(ot - 1), Some(':' | ',' | '.' | '?' | '!'))
        });
    }
    segs.retain(|s| !s.content.is_empty());
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str, paras: &[Span]) -> Vec<String> {
        let toks = Tokens::new(text);
        pair(text, &toks, paras, &para_tokens(&toks, paras))
            .iter()
            .map(|s| s.content.get(text).unwrap().to_owned())
            .collect()
    }

    fn paras(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            out.push(Span::new(start, start + part.len()));
            start += part.len() + 2;
        }
        out
    }

    fn one(text: &str) -> Vec<String> {
        contents(text, &[Span::new(0, text.len())])
    }

    #[test]
    fn pairs_each_family() {
        assert_eq!(one(r#"He said "yes." Then "no," she said."#), ["yes", "no"]);
        assert_eq!(one("“Canada’s turn,” he said."), ["Canada’s turn"]);
        assert_eq!(one("Sie sagte: „Wir kommen.“"), ["Wir kommen"]);
        assert_eq!(one("Il a dit : « Nous venons » hier."), ["Nous venons"]);
    }

    #[test]
    fn nested_single_quotes_do_not_break_pairing() {
        assert_eq!(
            one("“He told me ‘never again’ and left,” she said."),
            ["He told me ‘never again’ and left"]
        );
    }

    #[test]
    fn odd_mark_is_local_to_its_paragraph() {
        let text = "A stray “ mark here.\n\n“Still found,” she said.";
        assert_eq!(contents(text, &paras(text)), ["Still found"]);
    }

    #[test]
    fn multi_paragraph_quote_is_one_segment() {
        let text = "“One.\n\n“Two.\n\n“Three,” he said.";
        let toks = Tokens::new(text);
        let ps = paras(text);
        let segs = pair(text, &toks, &ps, &para_tokens(&toks, &ps));
        assert_eq!(segs.len(), 1);
        assert_eq!((segs[0].para, segs[0].last_para), (0, 2));
        assert!(segs[0].content.get(text).unwrap().ends_with("Three"));
    }
}
