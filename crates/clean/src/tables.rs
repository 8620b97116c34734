//! Data tables (cue phrases, month names, function words) loaded from `data/`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::fxhash::FxBuild;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
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

/// A pattern compiled when it is first used (the cue patterns only decide the few lines that
/// the literal phrases leave to them); `None` when there is no pattern or it does not compile.
#[derive(Debug, Default)]
pub(crate) struct LazyRegex {
    src: Option<String>,
    re: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn new(src: String) -> Self {
        Self {
            src: Some(src),
            re: OnceLock::new(),
        }
    }

    /// The compiled pattern.
    fn get(&self) -> Option<&Regex> {
        self.re
            .get_or_init(|| self.src.as_deref().and_then(|s| Regex::new(s).ok()))
            .as_ref()
    }
}

/// Cue phrases of one block kind, compiled when first needed.
#[derive(Debug)]
pub(crate) struct KindCues {
    pub(crate) kind: Cue,
    prefix: LazyRegex,
    contains: LazyRegex,
    anywhere: LazyRegex,
}

/// A set of short ASCII words, each packed into a `u64` (its bytes little-endian, zero-padded):
/// a lookup is a multiply and one probe (each word sits in the slot its hash names, a
/// multiplier that gives every word its own slot being searched for when the set is built),
/// with no hashing of strings and no branch.
#[derive(Debug)]
pub(crate) struct PackedWords {
    slots: Vec<u64>,
    /// `slots.len() - 1`.
    mask: usize,
    /// The multiplier of the hash, and the shift that keeps its top bits.
    mul: u64,
    shift: u32,
    /// Some ASCII word of the source set is longer than 8 bytes (not in the table).
    pub(crate) longer: bool,
}

impl PackedWords {
    fn new<'a>(words: impl Iterator<Item = &'a str>) -> Self {
        let mut longer = false;
        let mut packed: Vec<u64> = Vec::new();
        for w in words {
            if !w.is_ascii() || w.is_empty() {
                continue;
            }
            if w.len() > 8 {
                longer = true;
                continue;
            }
            packed.push(Self::pack(w.as_bytes()));
        }
        packed.sort_unstable();
        packed.dedup();
        // Eight slots or more per word: a multiplier without a collision is found within some
        // tens of tries (the table grows when none is).
        let mut size = (packed.len() * 8).next_power_of_two().max(16);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        loop {
            let bits = size.trailing_zeros();
            for _ in 0..256 {
                // (odd multipliers from a fixed sequence: the table is the same on every run)
                seed = seed
                    .wrapping_mul(0x5851_f42d_4c95_7f2d)
                    .wrapping_add(0x1405_7b7e_f767_814f);
                let mul = seed | 1;
                let shift = 64 - bits;
                let mut slots = vec![0u64; size];
                let perfect = packed.iter().all(|&x| {
                    let i = (x.wrapping_mul(mul) >> shift) as usize;
                    std::mem::replace(&mut slots[i], x) == 0
                });
                if perfect {
                    return Self {
                        slots,
                        mask: size - 1,
                        mul,
                        shift,
                        longer,
                    };
                }
            }
            size *= 2;
        }
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

    /// Whether the packed word `x` (non-zero) is in the set.
    #[inline]
    pub(crate) fn contains(&self, x: u64) -> bool {
        // (the top bits of a multiplicative hash; the mask only spares a bounds check)
        let i = (x.wrapping_mul(self.mul) >> self.shift) as usize & self.mask;
        self.slots[i] == x
    }
}

/// The `anywhere` and `contains` cue phrases as one set of literals. A phrase's pattern is the
/// phrase with `\b` on each side that is a letter or digit; on a line whose matches only touch
/// ASCII neighbours there, the kind they give is the one the patterns give.
#[derive(Debug)]
struct Phrases {
    /// The patterns, ASCII letters in any case: on a lower-cased line (which has no ASCII
    /// capital) the exact matches, and on an ASCII line the matches the lower-cased line has
    /// (same positions, as lower-casing ASCII keeps lengths).
    ac: AhoCorasick,
    /// Per pattern: the kinds (indices into [`Tables::cues`]) with whether it is a `contains`
    /// phrase, and whether `\b` comes before and after it.
    info: Vec<PhraseInfo>,
}

#[derive(Debug)]
struct PhraseInfo {
    kinds: Vec<(usize, bool)>,
    word_start: bool,
    word_end: bool,
    /// A `\b` next to a non-ASCII letter: left to the patterns.
    undecided: bool,
}

impl Phrases {
    /// The set for `(phrase, kind, contains)` triples; `None` if it cannot stand for the
    /// patterns (an empty phrase).
    fn new(list: &[(String, usize, bool)]) -> Option<Self> {
        let mut pats: Vec<&str> = Vec::new();
        let mut info: Vec<PhraseInfo> = Vec::new();
        for (phrase, kind, contains) in list {
            let (Some(first), Some(last)) = (phrase.chars().next(), phrase.chars().next_back())
            else {
                return None;
            };
            let i = match pats.iter().position(|p| p == phrase) {
                Some(i) => i,
                None => {
                    let (word_start, word_end) = (first.is_alphanumeric(), last.is_alphanumeric());
                    pats.push(phrase);
                    info.push(PhraseInfo {
                        kinds: Vec::new(),
                        word_start,
                        word_end,
                        // (an alphabetic character is a word character for `\b`)
                        undecided: (word_start && !first.is_alphabetic() && !first.is_ascii())
                            || (word_end && !last.is_alphabetic() && !last.is_ascii()),
                    });
                    pats.len() - 1
                }
            };
            info[i].kinds.push((*kind, *contains));
        }
        // (phrases are lower-cased: a case-insensitive match is one in the lower-cased line)
        if pats
            .iter()
            .any(|p| p.bytes().any(|b| b.is_ascii_uppercase()))
        {
            return None;
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .ok()?;
        Some(Self { ac, info })
    }

    /// The first kind whose `anywhere` phrases (and, unless the line reads like a `sentence`,
    /// `contains` phrases) the lower-cased `line` matches: `Some(None)` when there is none,
    /// `None` when a word boundary next to a non-ASCII character leaves it to the patterns.
    ///
    /// An ASCII `line` may be given as it is (not lower-cased): it is matched ignoring ASCII case,
    /// as any line is (a lower-cased one has no ASCII capital to fold).
    fn first_kind(&self, line: &str, sentence: bool) -> Option<Option<usize>> {
        let ac = &self.ac;
        // most lines have no phrase at all: one quick search first
        if !ac.is_match(line) {
            return Some(None);
        }
        let mut best: Option<usize> = None;
        for m in ac.find_overlapping_iter(line) {
            let p = &self.info[m.pattern().as_usize()];
            let Some(k) = p
                .kinds
                .iter()
                .filter(|&&(_, contains)| !sentence || !contains)
                .map(|&(k, _)| k)
                .min()
            else {
                continue;
            };
            if best.is_some_and(|b| b <= k) {
                continue;
            }
            if p.undecided {
                return None;
            }
            // `\b` next to the phrase's word character: the neighbour is not one
            if p.word_start
                && let Some(prev) = line[..m.start()].chars().next_back()
                && crate::dateline::word_char(prev)?
            {
                continue;
            }
            if p.word_end
                && let Some(next) = line[m.end()..].chars().next()
                && crate::dateline::word_char(next)?
            {
                continue;
            }
            best = Some(k);
        }
        Some(best)
    }
}

/// Every table the cleaner uses.
#[derive(Debug)]
pub(crate) struct Tables {
    pub(crate) cues: Vec<KindCues>,
    exact: HashMap<String, Cue, FxBuild>,
    /// The longest exact phrase, in bytes.
    exact_max: usize,
    /// Whether an exact phrase has this length in bytes.
    exact_lens: Vec<bool>,
    /// The longest prefix phrase, in characters.
    prefix_max: usize,
    /// Every kind's `anywhere` phrases in one pattern, and every kind's `contains` phrases: a
    /// line that matches neither is not tested kind by kind. `None` when it did not compile
    /// (the kinds are then always tested).
    any_anywhere: LazyRegex,
    any_contains: LazyRegex,
    /// The `anywhere` and `contains` phrases as literals, which decide most lines without the
    /// patterns above.
    phrases: Option<Phrases>,
    /// Every kind's prefix phrases in one anchored pattern.
    any_prefix: LazyRegex,
    /// The first three characters of each prefix phrase (all of a shorter one).
    prefix_heads: HashSet<String, FxBuild>,
    /// The prefix phrases by their head: the phrase, its kind (an index into `cues`) and
    /// whether `\b` follows it.
    prefix_by_head: HashMap<String, Vec<(String, usize, bool)>, FxBuild>,
    /// Month name or abbreviation → month number.
    pub(crate) months: HashMap<String, u32, FxBuild>,
    pub(crate) stopwords: HashSet<String, FxBuild>,
    /// Every function word is ASCII.
    pub(crate) stopwords_ascii: bool,
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
    // Copied and lower-cased in bulk, which is all there is to do when every non-ASCII
    // character is its own lower case (as punctuation and small letters are).
    buf.push_str(text);
    buf.make_ascii_lowercase();
    if keeps_non_ascii(text) {
        return buf;
    }
    buf.clear();
    if text.contains('Σ') {
        // a final sigma depends on its neighbours
        buf.push_str(&text.to_lowercase());
    } else {
        lower_runs_into(text, buf, |c, buf| buf.extend(c.to_lowercase()));
    }
    buf
}

/// Whether lower-casing leaves every non-ASCII character of `text` as it is.
fn keeps_non_ascii(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        i = nutgraf_core::swar::run_end(b, i, nutgraf_core::swar::high);
        let Some(c) = text[i..].chars().next() else {
            return true;
        };
        // (general punctuation, U+2000 to U+207F, is decided on its first two bytes)
        let punct = matches!(b.get(i..i + 2), Some([0xE2, 0x80 | 0x81]));
        if !punct {
            let mut l = c.to_lowercase();
            if l.next() != Some(c) || l.next().is_some() {
                return false;
            }
        }
        i += c.len_utf8();
    }
}

/// Appends `text` to `buf` with its ASCII runs copied and lower-cased in bulk (found eight bytes
/// at a time), handing every other character to `other`.
pub(crate) fn lower_runs_into(text: &str, buf: &mut String, other: impl Fn(char, &mut String)) {
    let mut rest = text;
    while !rest.is_empty() {
        let n = nutgraf_core::swar::run_end(rest.as_bytes(), 0, nutgraf_core::swar::high);
        let from = buf.len();
        buf.push_str(&rest[..n]);
        buf[from..].make_ascii_lowercase();
        rest = &rest[n..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        other(c, buf);
        rest = &rest[c.len_utf8()..];
    }
}

impl Tables {
    pub(crate) fn english() -> Self {
        // Per cue kind: prefix, contains and anywhere patterns.
        type Patterns = (Cue, Vec<String>, Vec<String>, Vec<String>);
        let mut by_kind: Vec<Patterns> = Vec::new();
        let mut exact: HashMap<String, Cue, FxBuild> = HashMap::default();
        let mut prefix_max = 0;
        let mut prefix_heads: HashSet<String, FxBuild> = HashSet::default();
        let mut prefix_by_head: HashMap<String, Vec<(String, usize, bool)>, FxBuild> =
            HashMap::default();
        let mut phrase_list: Vec<(String, usize, bool)> = Vec::new();
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
                    let head: String = phrase.chars().take(3).collect();
                    let word_end = phrase.chars().last().is_some_and(char::is_alphanumeric);
                    prefix_by_head.entry(head.clone()).or_default().push((
                        phrase.clone(),
                        idx,
                        word_end,
                    ));
                    prefix_heads.insert(head);
                    by_kind[idx].1.push(pat);
                }
                "contains" | "anywhere" => {
                    phrase_list.push((phrase.clone(), idx, how == "contains"));
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
                return LazyRegex::default();
            }
            let alt = pats.join("|");
            let src = if anchored {
                format!("^(?:{alt})")
            } else {
                format!("(?:{alt})")
            };
            LazyRegex::new(src)
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
            exact_lens: {
                let mut v = vec![false; exact.keys().map(String::len).max().unwrap_or(0) + 1];
                for k in exact.keys() {
                    v[k.len()] = true;
                }
                v
            },
            exact,
            prefix_max,
            prefix_heads,
            prefix_by_head,
            any_anywhere,
            any_contains,
            phrases: Phrases::new(&phrase_list),
            any_prefix,
            months,
            stopwords_ascii: stopwords.iter().all(|w| w.is_ascii()),
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
        // (lower-casing at most shrinks a character to a third of its bytes: `K` to `k`; it
        // keeps the length of ASCII text, which must then be the length of a phrase)
        let ascii = text.is_ascii();
        if stripped.len() <= 3 * self.exact_max
            && (!ascii || self.exact_lens.get(stripped.len()) == Some(&true))
            && let Some(&k) = self.exact.get(lower_into(stripped, buf))
        {
            return Some((k, How::Exact));
        }
        // An ASCII line is matched as it is, ignoring case: its heads are lower-cased alone.
        let mut ascii_prefix_done = false;
        if ascii {
            let b = text.as_bytes();
            let mut h = [0u8; 3];
            for (d, s) in h.iter_mut().zip(b) {
                *d = s.to_ascii_lowercase();
            }
            let n = b.len().min(3);
            let h = std::str::from_utf8(&h[..n]).unwrap_or("");
            match self.prefix_kind(text, (1..=h.len()).map(|k| &h[..k]), true) {
                Some(Some(i)) => return Some((self.cues[i].kind, How::Prefix)),
                Some(None) => ascii_prefix_done = true,
                None => {}
            }
        }
        if !ascii_prefix_done {
            let lower = if short && !ascii {
                lower_into(text, buf)
            } else {
                // The prefix phrases read at most `prefix_max` characters and the one after
                // (`\b`); lower-casing one more keeps the context of a final sigma, which no
                // phrase has.
                let end = text
                    .char_indices()
                    .nth(self.prefix_max + 2)
                    .map_or(text.len(), |(i, _)| i);
                lower_into(&text[..end], buf)
            };
            // A prefix phrase is a literal: the line must start with the head of one.
            // (its first one, two and three characters, as far as it has them)
            let mut ends = [0usize; 3];
            let mut n = 0;
            for (i, c) in lower.char_indices().take(3) {
                ends[n] = i + c.len_utf8();
                n += 1;
            }
            let maybe = |r: &LazyRegex| r.get().is_none_or(|r| r.is_match(lower));
            let heads = || ends[..n].iter().map(|&e| &lower[..e]);
            match self.prefix_kind(lower, heads(), false) {
                Some(Some(i)) => return Some((self.cues[i].kind, How::Prefix)),
                Some(None) => {}
                None if heads().any(|h| self.prefix_heads.contains(h))
                    && maybe(&self.any_prefix) =>
                {
                    for c in &self.cues {
                        if c.prefix.get().is_some_and(|r| r.is_match(lower)) {
                            return Some((c.kind, How::Prefix));
                        }
                    }
                }
                None => {}
            }
        }
        if !short {
            return None;
        }
        // The phrases: an ASCII line as it is, another one lower-cased (whole, as a short
        // line's is above).
        let line = if ascii { text } else { buf.as_str() };
        if let Some(decided) = self
            .phrases
            .as_ref()
            .and_then(|p| p.first_kind(line, sentence))
        {
            return decided.map(|i| (self.cues[i].kind, How::Contains));
        }
        // (the patterns read the whole line, lower-cased)
        let lower = if ascii {
            lower_into(text, buf)
        } else {
            buf.as_str()
        };
        let maybe = |r: &LazyRegex| r.get().is_none_or(|r| r.is_match(lower));
        if maybe(&self.any_anywhere) || (!sentence && maybe(&self.any_contains)) {
            for c in &self.cues {
                if c.anywhere.get().is_some_and(|r| r.is_match(lower))
                    || (!sentence && c.contains.get().is_some_and(|r| r.is_match(lower)))
                {
                    return Some((c.kind, How::Contains));
                }
            }
        }
        None
    }

    /// The first kind (an index into `cues`) with a prefix phrase that `lower` starts with,
    /// looked up by the line's `heads` (its first one, two and three characters): `Some(None)`
    /// when there is none, `None` when a `\b` next to a non-ASCII character leaves it to the
    /// patterns. A phrase's pattern is the phrase, then `\b` if it ends in a letter or digit.
    ///
    /// With `ascii_ci`, `lower` is an ASCII line as it is, compared ignoring ASCII case.
    fn prefix_kind<'a>(
        &self,
        lower: &str,
        heads: impl Iterator<Item = &'a str>,
        ascii_ci: bool,
    ) -> Option<Option<usize>> {
        let mut best: Option<usize> = None;
        for h in heads {
            for (phrase, k, word_end) in self.prefix_by_head.get(h).into_iter().flatten() {
                let starts = if ascii_ci {
                    lower
                        .as_bytes()
                        .get(..phrase.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(phrase.as_bytes()))
                } else {
                    lower.starts_with(phrase.as_str())
                };
                if best.is_some_and(|b| b <= *k) || !starts {
                    continue;
                }
                if *word_end {
                    // the phrase ends in a word character (an alphabetic one is): the next
                    // one must not be one
                    if !phrase.chars().next_back().is_some_and(char::is_alphabetic)
                        && !phrase.is_ascii()
                    {
                        return None;
                    }
                    if let Some(next) = lower[phrase.len()..].chars().next()
                        && crate::dateline::word_char(next)?
                    {
                        continue;
                    }
                }
                best = Some(*k);
            }
        }
        Some(best)
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
    fn general_punctuation_is_its_own_lower_case() {
        for c in ('\u{2000}'..='\u{207F}').filter(|c| c.len_utf8() == 3) {
            let b = c.to_string();
            assert!(matches!(b.as_bytes()[..2], [0xE2, 0x80 | 0x81]), "{c:?}");
            assert_eq!(c.to_lowercase().to_string(), b, "{c:?}");
        }
        // and nothing else starts with those two bytes
        assert_eq!('\u{2080}'.to_string().as_bytes()[1], 0x82);
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
            "“QUOTED” — café’s…",
            "“QUOTED” — Éric’s…",
        ] {
            assert_eq!(lower_into(t, &mut buf), t.to_lowercase(), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lower_casing_any_text_into_a_buffer_is_str_to_lowercase(t in "\\PC{0,60}", a in "[A-Za-z .,]{0,20}") {
            let t = format!("{a}{t}{a}");
            let mut buf = String::new();
            proptest::prop_assert_eq!(lower_into(&t, &mut buf), t.to_lowercase());
        }
    }

    /// The kind the per-kind patterns give a short lower-cased line.
    fn kind_by_patterns(t: &Tables, lower: &str, sentence: bool) -> Option<usize> {
        t.cues.iter().position(|c| {
            c.anywhere.get().is_some_and(|r| r.is_match(lower))
                || (!sentence && c.contains.get().is_some_and(|r| r.is_match(lower)))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn phrases_give_the_kind_the_patterns_give(
            parts in proptest::collection::vec(
                "(sign up for our|newsletter|newsletters|cookie policy|privacy policy|\\(ap photo|ap photo/|credit:|credit...|via ap|via apx|tous droits réservés|все права защищены|all rights reserved|free articles|_| |x|é|\\.|:|/|\\(|ы|9|—)",
                0..8,
            ),
            sentence in proptest::bool::ANY,
        ) {
            static T: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(Tables::english);
            let line = parts.concat();
            let want = kind_by_patterns(&T, &line, sentence);
            let p = T.phrases.as_ref().unwrap();
            if let Some(got) = p.first_kind(&line, sentence) {
                proptest::prop_assert_eq!(got, want, "{:?}", line);
                // an ASCII line is matched as it is, in any case
                let upper = line.to_ascii_uppercase();
                if line.is_ascii() {
                    proptest::prop_assert_eq!(p.first_kind(&upper, sentence), Some(want));
                }
            } else {
                // left to the patterns only next to non-ASCII text
                proptest::prop_assert!(!line.is_ascii(), "{:?}", line);
            }
        }
    }

    /// The kind the per-kind prefix patterns give a lower-cased line.
    fn prefix_by_patterns(t: &Tables, lower: &str) -> Option<usize> {
        t.cues
            .iter()
            .position(|c| c.prefix.get().is_some_and(|r| r.is_match(lower)))
    }

    #[test]
    fn prefix_phrases_give_the_kind_the_patterns_give() {
        let t = Tables::english();
        let mut lines = Vec::new();
        for list in t.prefix_by_head.values() {
            for (phrase, _, _) in list {
                for tail in ["", " x", "x", "_", "é", ".", ":", "s more"] {
                    lines.push(format!("{phrase}{tail}"));
                }
                lines.push(phrase.chars().take(phrase.chars().count() - 1).collect());
            }
        }
        lines.extend(["", "x", "the", "by", "b", "this is it"].map(String::from));
        for line in &lines {
            let heads: Vec<&str> = (1..=3)
                .filter_map(|k| line.char_indices().nth(k - 1).map(|_| k))
                .map(|k| &line[..line.char_indices().nth(k).map_or(line.len(), |(i, _)| i)])
                .collect();
            match t.prefix_kind(line, heads.clone().into_iter(), false) {
                Some(got) => assert_eq!(got, prefix_by_patterns(&t, line), "{line:?}"),
                None => assert!(!line.is_ascii(), "{line:?}"),
            }
            // an ASCII line as it is, in capitals, with its lower-cased heads
            if line.is_ascii() {
                let upper = line.to_ascii_uppercase();
                assert_eq!(
                    t.prefix_kind(&upper, heads.into_iter(), true),
                    Some(prefix_by_patterns(&t, line)),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn phrases_decide_ascii_lines() {
        let t = Tables::english();
        let p = t.phrases.as_ref().expect("phrases");
        for (line, sentence) in [
            ("sign up for our newsletter", false),
            ("sign up for our newsletter", true),
            ("the newsletters", false),
            ("x_newsletter", false),
            ("photo (ap photo/jane doe)", true),
            ("nothing here", false),
        ] {
            assert_eq!(
                p.first_kind(line, sentence),
                Some(kind_by_patterns(&t, line, sentence)),
                "{line}"
            );
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
