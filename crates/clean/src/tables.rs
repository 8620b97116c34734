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

/// Every table the cleaner uses.
#[derive(Debug)]
pub(crate) struct Tables {
    pub(crate) cues: Vec<KindCues>,
    exact: HashMap<String, Cue, FxBuild>,
    /// Month name or abbreviation → month number.
    pub(crate) months: HashMap<String, u32, FxBuild>,
    pub(crate) stopwords: HashSet<String, FxBuild>,
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

impl Tables {
    pub(crate) fn english() -> Self {
        // Per cue kind: prefix, contains and anywhere patterns.
        type Patterns = (Cue, Vec<String>, Vec<String>, Vec<String>);
        let mut by_kind: Vec<Patterns> = Vec::new();
        let mut exact = HashMap::default();
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
                "prefix" => by_kind[idx].1.push(pat),
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
        let stopwords = data_lines(STOPWORDS)
            .flat_map(str::split_whitespace)
            .map(str::to_lowercase)
            .collect();
        Self {
            cues,
            exact,
            months,
            stopwords,
            weekdays,
        }
    }

    /// The kind whose cue phrase the lower-cased line matches, if any.
    ///
    /// `short` lines are also tested against the `contains` cues.
    pub(crate) fn cue_kind(&self, lower: &str, short: bool, sentence: bool) -> Option<(Cue, How)> {
        if let Some(&k) = self.exact.get(strip_decoration(lower)) {
            return Some((k, How::Exact));
        }
        for c in &self.cues {
            if c.prefix.as_ref().is_some_and(|r| r.is_match(lower)) {
                return Some((c.kind, How::Prefix));
            }
        }
        if short {
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
