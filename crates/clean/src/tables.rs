//! Data tables (cue phrases, month names, function words) loaded from `data/`.

use std::collections::{HashMap, HashSet};

use crate::fxhash::FxBuild;

use nutgraf_core::BlockKind;
use regex::Regex;

const CUES: &str = include_str!("../data/cues.txt");
const MONTHS: &str = include_str!("../data/months.txt");
const STOPWORDS: &str = include_str!("../data/stopwords.txt");

/// What a cue phrase says about a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    /// The line is a block of this kind.
    Kind(BlockKind),
    /// The line belongs to a comment section: labelled `other`, and it ends the article.
    Comment,
    /// The header of a list of links after an article (`Top stories`): labelled `related`.
    End,
}

/// How a cue phrase matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum How {
    /// The whole line is the phrase.
    Exact,
    /// The line starts with the phrase.
    Prefix,
    /// The line contains the phrase (and does not read like a sentence).
    Contains,
}

/// Cue phrases of one block kind, compiled.
#[derive(Debug)]
pub(crate) struct KindCues {
    pub(crate) kind: Cue,
    prefix: Option<Regex>,
    contains: Option<Regex>,
    anywhere: Option<Regex>,
}

/// A set of short ASCII words, each packed into a `u64` (its bytes little-endian, zero-padded):
/// a lookup is a multiply and a probe or two, with no hashing of strings.
#[derive(Debug)]
pub(crate) struct PackedWords {
    slots: Vec<u64>,
    /// Some ASCII word of the source set is longer than 8 bytes (not in the table).
    pub(crate) longer: bool,
}

impl PackedWords {
    fn new<'a>(words: impl Iterator<Item = &'a str>) -> Self {
        let words: Vec<&str> = words.collect();
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut t = Self {
            slots: vec![0; size],
            longer: false,
        };
        for w in words {
            if !w.is_ascii() || w.is_empty() {
                continue;
            }
            if w.len() > 8 {
                t.longer = true;
                continue;
            }
            let x = Self::pack(w.as_bytes());
            let mut i = t.slot(x);
            while t.slots[i] != 0 && t.slots[i] != x {
                i = (i + 1) & (size - 1);
            }
            t.slots[i] = x;
        }
        t
    }

    /// Packs up to 8 bytes.
    #[inline]
    pub(crate) fn pack(w: &[u8]) -> u64 {
        let mut a = [0u8; 8];
        for (d, s) in a.iter_mut().zip(w) {
            *d = *s;
        }
        u64::from_le_bytes(a)
    }

    #[inline]
    fn slot(&self, x: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        // the top bits of a multiplicative hash
        (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    /// Whether the packed word `x` (non-zero) is in the set.
    #[inline]
    pub(crate) fn contains(&self, x: u64) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(x);
        loop {
            let s = self.slots[i];
            if s == x {
                return true;
            }
            if s == 0 {
                return false;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Every table the cleaner uses.
#[derive(Debug)]
pub(crate) struct Tables {
    pub(crate) cues: Vec<KindCues>,
    exact: HashMap<String, Cue, FxBuild>,
    /// The longest exact phrase, in bytes.
    exact_max: usize,
    /// The longest prefix phrase, in characters.
    prefix_max: usize,
    /// Every kind's `anywhere` phrases in one pattern, and every kind's `contains` phrases: a
    /// line that matches neither is not tested kind by kind. `None` when it did not compile
    /// (the kinds are then always tested).
    any_anywhere: Option<Regex>,
    any_contains: Option<Regex>,
    /// Every kind's prefix phrases in one anchored pattern.
    any_prefix: Option<Regex>,
    /// The first three characters of each prefix phrase (all of a shorter one).
    prefix_heads: HashSet<String, FxBuild>,
    /// Month name or abbreviation → month number.
    pub(crate) months: HashMap<String, u32, FxBuild>,
    pub(crate) stopwords: HashSet<String, FxBuild>,
    /// The ASCII function words of up to 8 bytes, packed.
    pub(crate) stop_packed: PackedWords,
    /// Weekday names and abbreviations, lower case.
    pub(crate) weekdays: HashSet<String, FxBuild>,
}

fn parse_kind(s: &str) -> Option<Cue> {
    Some(Cue::Kind(match s {
        "promo" => BlockKind::Promo,
        "legal" => BlockKind::Legal,
        "caption" => BlockKind::Caption,
        "navigation" => BlockKind::Navigation,
        "byline" => BlockKind::Byline,
        "timestamp" => BlockKind::Timestamp,
        "comment" => return Some(Cue::Comment),
        "end" => return Some(Cue::End),
        _ => return None,
    }))
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Strips trailing punctuation, arrows and similar decoration from a lower-cased line.
pub(crate) fn strip_decoration(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '.'
                    | '»'
                    | '›'
                    | '>'
                    | '→'
                    | '|'
                    | '•'
                    | '·'
                    | '+'
                    | '-'
                    | '–'
                    | '—'
                    | '…'
                    | '!'
                    | '*'
            )
    })
}

/// `text` lower-cased into `buf`, as [`str::to_lowercase`] does it.
fn lower_into<'b>(text: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if text.is_ascii() {
        buf.push_str(text);
        buf.make_ascii_lowercase();
    } else if text.contains('Σ') {
        // a final sigma depends on its neighbours
        buf.push_str(&text.to_lowercase());
    } else {
        for c in text.chars() {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
    buf
}

impl Tables {
    pub(crate) fn english() -> Self {
        // Per cue kind: prefix, contains and anywhere patterns.
        type Patterns = (Cue, Vec<String>, Vec<String>, Vec<String>);
        let mut by_kind: Vec<Patterns> = Vec::new();
        let mut exact: HashMap<String, Cue, FxBuild> = HashMap::default();
        let mut prefix_max = 0;
        let mut prefix_heads: HashSet<String, FxBuild> = HashSet::default();
        for line in data_lines(CUES) {
            let mut parts = line.splitn(3, char::is_whitespace);
            let (Some(kind), Some(how), Some(phrase)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Some(kind) = parse_kind(kind) else {
                continue;
            };
            let phrase = phrase.trim().to_lowercase();
            if how == "exact" {
                exact.insert(phrase, kind);
                continue;
            }
            let idx = match by_kind.iter().position(|(k, _, _, _)| *k == kind) {
                Some(i) => i,
                None => {
                    by_kind.push((kind, Vec::new(), Vec::new(), Vec::new()));
                    by_kind.len() - 1
                }
            };
            let pat = regex::escape(&phrase);
            // A word boundary after a phrase that ends in a word character.
            let pat = if phrase.chars().last().is_some_and(char::is_alphanumeric) {
                format!("{pat}\\b")
            } else {
                pat
            };
            match how {
                "prefix" => {
                    prefix_max = prefix_max.max(phrase.chars().count());
                    prefix_heads.insert(phrase.chars().take(3).collect());
                    by_kind[idx].1.push(pat);
                }
                "contains" | "anywhere" => {
                    let pat = if phrase.chars().next().is_some_and(char::is_alphanumeric) {
                        format!("\\b{pat}")
                    } else {
                        pat
                    };
                    if how == "contains" {
                        by_kind[idx].2.push(pat);
                    } else {
                        by_kind[idx].3.push(pat);
                    }
                }
                _ => {}
            }
        }
        let compile = |pats: &[String], anchored: bool| {
            if pats.is_empty() {
                return None;
            }
            let alt = pats.join("|");
            let src = if anchored {
                format!("^(?:{alt})")
            } else {
                format!("(?:{alt})")
            };
            Regex::new(&src).ok()
        };
        let all = |pick: fn(&Patterns) -> &Vec<String>, anchored: bool| {
            let pats: Vec<String> = by_kind
                .iter()
                .flat_map(|k| pick(k).iter().cloned())
                .collect();
            compile(&pats, anchored)
        };
        let any_anywhere = all(|k| &k.3, false);
        let any_contains = all(|k| &k.2, false);
        let any_prefix = all(|k| &k.1, true);
        let cues = by_kind
            .into_iter()
            .map(|(kind, prefix, contains, anywhere)| KindCues {
                kind,
                prefix: compile(&prefix, true),
                contains: compile(&contains, false),
                anywhere: compile(&anywhere, false),
            })
            .collect();
        let mut months = HashMap::default();
        let mut weekdays = HashSet::default();
        for line in data_lines(MONTHS) {
            if let Some(rest) = line.strip_prefix("weekday ") {
                weekdays.extend(rest.split_whitespace().map(str::to_lowercase));
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(Ok(n)) = parts.next().map(str::parse::<u32>) else {
                continue;
            };
            for name in parts {
                months.insert(name.to_lowercase(), n);
            }
        }
        let stopwords: HashSet<String, FxBuild> = data_lines(STOPWORDS)
            .flat_map(str::split_whitespace)
            .map(str::to_lowercase)
            .collect();
        let stop_packed = PackedWords::new(stopwords.iter().map(String::as_str));
        Self {
            cues,
            exact_max: exact.keys().map(String::len).max().unwrap_or(0),
            exact,
            prefix_max,
            prefix_heads,
            any_anywhere,
            any_contains,
            any_prefix,
            months,
            stopwords,
            stop_packed,
            weekdays,
        }
    }

    /// The kind whose cue phrase the line matches (compared in lower case), if any.
    ///
    /// `short` lines are also tested against the `contains` cues. `buf` is scratch space. A
    /// long line is lower-cased only as far as the phrases reach: the exact phrases when what is
    /// left once the decoration is stripped is short enough, and the start for the prefixes.
    pub(crate) fn cue_kind(
        &self,
        text: &str,
        short: bool,
        sentence: bool,
        buf: &mut String,
    ) -> Option<(Cue, How)> {
        // Decoration is the same in lower case, and nothing lower-cases into it: stripping it
        // first and lower-casing what is left is the same as the other way round.
        let stripped = strip_decoration(text);
        // (lower-casing at most shrinks a character to a third of its bytes: `K` to `k`)
        if stripped.len() <= 3 * self.exact_max
            && let Some(&k) = self.exact.get(lower_into(stripped, buf))
        {
            return Some((k, How::Exact));
        }
        let lower = if short {
            lower_into(text, buf)
        } else {
            // The prefix phrases read at most `prefix_max` characters and the one after (`\b`);
            // lower-casing one more keeps the context of a final sigma, which no phrase has.
            let end = text
                .char_indices()
                .nth(self.prefix_max + 2)
                .map_or(text.len(), |(i, _)| i);
            lower_into(&text[..end], buf)
        };
        // A prefix phrase is a literal: the line must start with the head of one.
        let head = |k: usize| lower.char_indices().nth(k).map_or(lower.len(), |(i, _)| i);
        let maybe = |r: &Option<Regex>| r.as_ref().is_none_or(|r| r.is_match(lower));
        if (1..=3)
            .any(|k| head(k - 1) < lower.len() && self.prefix_heads.contains(&lower[..head(k)]))
            && maybe(&self.any_prefix)
        {
            for c in &self.cues {
                if c.prefix.as_ref().is_some_and(|r| r.is_match(lower)) {
                    return Some((c.kind, How::Prefix));
                }
            }
        }
        if short && (maybe(&self.any_anywhere) || (!sentence && maybe(&self.any_contains))) {
            for c in &self.cues {
                if c.anywhere.as_ref().is_some_and(|r| r.is_match(lower))
                    || (!sentence && c.contains.as_ref().is_some_and(|r| r.is_match(lower)))
                {
                    return Some((c.kind, How::Contains));
                }
            }
        }
        None
    }

    /// The month number of a name (`feb`, `February`).
    pub(crate) fn month(&self, name: &str) -> Option<u32> {
        let n = name.trim_end_matches('.').to_lowercase();
        self.months.get(&n).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_words_hold_exactly_the_short_ascii_words() {
        let t = PackedWords::new(
            ["the", "of", "because", "a", "straße", "extraordinarily"].into_iter(),
        );
        for w in ["the", "of", "because", "a"] {
            assert!(t.contains(PackedWords::pack(w.as_bytes())), "{w}");
        }
        for w in ["they", "o", "becaus", "an", "b"] {
            assert!(!t.contains(PackedWords::pack(w.as_bytes())), "{w}");
        }
        assert!(t.longer);
        // every English function word is found packed
        let e = Tables::english();
        for w in &e.stopwords {
            assert!(
                w.len() > 8 || e.stop_packed.contains(PackedWords::pack(w.as_bytes())),
                "{w}"
            );
        }
    }

    #[test]
    fn lower_casing_into_a_buffer_is_str_to_lowercase() {
        let mut buf = String::new();
        for t in [
            "ΟΔΟΣ ΣΑΣ.",
            "İstanbul KELVIN \u{212a}",
            "Straße ẞ",
            "plain ASCII",
            "Ωmega",
        ] {
            assert_eq!(lower_into(t, &mut buf), t.to_lowercase(), "{t}");
        }
    }

    #[test]
    fn gated_cue_patterns_still_match() {
        let t = Tables::english();
        let mut buf = String::new();
        // a prefix phrase whose head is common in running text ("rep", "con")
        assert_eq!(
            t.cue_kind(
                "Reporting by Jane Doe; editing by Ann Lee",
                true,
                false,
                &mut buf
            ),
            Some((Cue::Kind(BlockKind::Byline), How::Prefix))
        );
        assert_eq!(
            t.cue_kind("Republicans met on Monday", true, false, &mut buf),
            None
        );
        // the combined `anywhere` and `contains` patterns let the kinds be tested
        assert_eq!(
            t.cue_kind(
                "Please sign up for our daily briefing",
                true,
                true,
                &mut buf
            ),
            Some((Cue::Kind(BlockKind::Promo), How::Contains))
        );
        assert_eq!(
            t.cue_kind("Our weekly newsletter", true, false, &mut buf),
            Some((Cue::Kind(BlockKind::Promo), How::Contains))
        );
        assert_eq!(
            t.cue_kind("Our weekly newsletter", true, true, &mut buf),
            None
        );
    }
}
