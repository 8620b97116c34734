//! The gazetteer matcher: an Aho-Corasick automaton with whole-word, leftmost-longest semantics.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use nutgraf_core::{Error, Result, Span};

use crate::Gazetteer;

/// Dictionaries with at most this many patterns get a DFA (fastest search); larger ones a
/// contiguous NFA (a DFA for 100k names takes hundreds of MB and seconds to build).
pub const DFA_MAX_PATTERNS: usize = 2_000;

/// How a [`Matcher`] matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchOptions {
    /// Match regardless of (Unicode, simple) case; offsets still point at the input's bytes.
    pub case_insensitive: bool,
    /// Add generated variants of every name: ALL-CAPS (`WASHINGTON`) and the other apostrophe.
    pub variants: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        Self {
            case_insensitive: false,
            variants: true,
        }
    }
}

/// One match of a gazetteer name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GazetteerMatch {
    /// Where the name is, in the searched text.
    pub span: Span,
    /// Index of the entry in [`Gazetteer::entries`].
    pub entry: usize,
}

/// A compiled gazetteer: finds every whole-word, leftmost-longest occurrence of its names.
///
/// A word boundary is a change between a word character (Unicode letter, mark or digit) and
/// anything else; an apostrophe between letters (`O'Neil`) is inside a word, but a possessive
/// `'s` after a name (`NASA's`) ends it. When the longest candidate at a position is not a whole
/// word, shorter candidates there (and candidates starting inside it) are still found: with
/// `testing` and `testing 123`, `testing 12345` yields `testing`.
///
/// Built once and shared: `Matcher` is `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Matcher {
    ac: Option<AhoCorasick>,
    /// Entry index of each pattern.
    entry_of: Vec<u32>,
    case_insensitive: bool,
    pattern_bytes: usize,
}

/// Lowercases `s` char by char (simple Unicode lowercase, first char of the mapping).
fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The variants of a name that a case-sensitive matcher also looks for.
fn variants(name: &str, out: &mut Vec<String>) {
    out.push(name.to_owned());
    let upper = name.to_uppercase();
    if upper != name && name.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
        out.push(upper);
    }
    for (a, b) in [('\'', '\u{2019}'), ('\u{2019}', '\'')] {
        if name.contains(a) {
            let n = out.len();
            for i in 0..n {
                let v = out[i].replace(a, &b.to_string());
                out.push(v);
            }
        }
    }
}

impl Matcher {
    /// Compiles `gazetteer` with the default options.
    ///
    /// # Errors
    /// [`Error::Load`] when the automaton cannot be built (it is too large).
    pub fn new(gazetteer: &Gazetteer) -> Result<Self> {
        Self::with_options(gazetteer, MatchOptions::default())
    }

    /// Compiles `gazetteer`. When two entries list the same spelling, the earlier one wins.
    ///
    /// # Errors
    /// [`Error::Load`] when the automaton cannot be built (it is too large).
    pub fn with_options(gazetteer: &Gazetteer, options: MatchOptions) -> Result<Self> {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entry_of = Vec::new();
        let mut buf = Vec::new();
        for (i, e) in gazetteer.entries().iter().enumerate() {
            let i = u32::try_from(i).map_err(|_| Error::Load {
                source_name: "gazetteer".into(),
                line: None,
                message: "too many entries".into(),
            })?;
            buf.clear();
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                if options.variants && !options.case_insensitive {
                    variants(name, &mut buf);
                } else {
                    buf.push(name.to_owned());
                }
            }
            for p in buf.drain(..) {
                let p = if options.case_insensitive {
                    fold(&p)
                } else {
                    p
                };
                if let std::collections::hash_map::Entry::Vacant(v) = index.entry(p) {
                    patterns.push(v.key().clone());
                    v.insert(i);
                    entry_of.push(i);
                }
            }
        }
        let pattern_bytes = patterns.iter().map(String::len).sum();
        let ac = if patterns.is_empty() {
            None
        } else {
            let kind = if patterns.len() <= DFA_MAX_PATTERNS {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            };
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(kind))
                    .build(&patterns)
                    .map_err(|e| Error::Load {
                        source_name: "gazetteer".into(),
                        line: None,
                        message: format!("cannot build the matcher: {e}"),
                    })?,
            )
        };
        Ok(Self {
            ac,
            entry_of,
            case_insensitive: options.case_insensitive,
            pattern_bytes,
        })
    }

    /// Number of patterns (names, aliases and variants) in the automaton.
    #[must_use]
    pub fn pattern_count(&self) -> usize {
        self.entry_of.len()
    }

    /// Heap memory of the automaton and the pattern table, in bytes.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        self.ac.as_ref().map_or(0, AhoCorasick::memory_usage)
            + self.entry_of.capacity() * 4
            + self.pattern_bytes
    }

    /// Whether the automaton is a DFA (small dictionaries) rather than a contiguous NFA.
    #[must_use]
    pub fn is_dfa(&self) -> bool {
        self.ac
            .as_ref()
            .is_some_and(|a| a.kind() == AhoCorasickKind::DFA)
    }

    /// Every whole-word, leftmost-longest, non-overlapping match in `text`, in order.
    #[must_use]
    pub fn find_all(&self, text: &str) -> Vec<GazetteerMatch> {
        let mut cands = Vec::new();
        self.candidates(text, &mut cands);
        select_leftmost_longest(cands)
    }

    /// Every whole-word match, overlapping ones included, unordered.
    pub(crate) fn candidates(&self, text: &str, out: &mut Vec<GazetteerMatch>) {
        let Some(ac) = &self.ac else { return };
        if self.case_insensitive {
            // fold char by char; keep a map from folded to raw offsets where lengths differ
            let mut folded = String::with_capacity(text.len());
            let mut map: Vec<(usize, usize)> = Vec::new(); // (folded offset, raw offset) checkpoints
            for (i, c) in text.char_indices() {
                let f = fold_char(c);
                if f.len_utf8() != c.len_utf8() || !map.is_empty() {
                    map.push((folded.len(), i));
                }
                folded.push(f);
            }
            map.push((folded.len(), text.len()));
            let to_raw = |pos: usize| -> usize {
                if map.len() == 1 {
                    return pos;
                }
                match map.binary_search_by_key(&pos, |&(f, _)| f) {
                    Ok(k) => map[k].1,
                    Err(0) => pos,
                    Err(k) => map[k - 1].1 + (pos - map[k - 1].0),
                }
            };
            for m in ac.find_overlapping_iter(&folded) {
                let span = Span::new(to_raw(m.start()), to_raw(m.end()));
                if is_whole_word(text, span) {
                    out.push(GazetteerMatch {
                        span,
                        entry: self.entry_of[m.pattern().as_usize()] as usize,
                    });
                }
            }
        } else {
            for m in ac.find_overlapping_iter(text) {
                let span = Span::new(m.start(), m.end());
                if is_whole_word(text, span) {
                    out.push(GazetteerMatch {
                        span,
                        entry: self.entry_of[m.pattern().as_usize()] as usize,
                    });
                }
            }
        }
    }
}

/// Greedy leftmost-longest choice among candidates; ties go to the earlier entry.
pub(crate) fn select_leftmost_longest(mut cands: Vec<GazetteerMatch>) -> Vec<GazetteerMatch> {
    cands.sort_unstable_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
            .then(a.entry.cmp(&b.entry))
    });
    let mut out: Vec<GazetteerMatch> = Vec::with_capacity(cands.len());
    let mut last_end = 0;
    for c in cands {
        if c.span.start >= last_end && !c.span.is_empty() {
            last_end = c.span.end;
            out.push(c);
        }
    }
    out
}

fn is_word_byte_char(c: char) -> bool {
    nutgraf_core::text::is_word_char(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Whether `span` of `text` starts and ends on word boundaries (see [`Matcher`]).
#[must_use]
pub fn is_whole_word(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    // left side
    if span.start > 0 {
        let b = bytes[span.start - 1];
        if b.is_ascii_alphanumeric() {
            return false;
        }
        if b >= 0x80 || b == b'\'' {
            let Some(c) = nutgraf_core::text::char_before(text, span.start) else {
                return false;
            };
            if is_word_byte_char(c) {
                return false;
            }
            if is_apostrophe(c) {
                let before = span.start - c.len_utf8();
                if nutgraf_core::text::char_before(text, before).is_some_and(is_word_byte_char) {
                    return false; // O'Neil: the apostrophe is inside a word
                }
            }
        }
    }
    // a match must itself start and end with something (a pattern starting with a space is fine)
    if span.end < bytes.len() {
        let b = bytes[span.end];
        if b.is_ascii_alphanumeric() {
            return false;
        }
        if b >= 0x80 || b == b'\'' {
            let Some(c) = nutgraf_core::text::char_at(text, span.end) else {
                return false;
            };
            if is_word_byte_char(c) {
                return false;
            }
            if is_apostrophe(c) {
                let after = span.end + c.len_utf8();
                let rest = &text[after..];
                let mut it = rest.chars();
                match it.next() {
                    // possessive 's ends the name; anything longer (O'Shea) does not
                    Some('s' | 'S') if it.next().is_some_and(is_word_byte_char) => return false,
                    Some('s' | 'S') => {}
                    Some(n) if is_word_byte_char(n) => return false,
                    _ => {}
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerEntry;
    use nutgraf_core::EntityKind;

    fn gaz(names: &[&str]) -> Gazetteer {
        let mut g = Gazetteer::new();
        for n in names {
            g.push(GazetteerEntry::new(*n, EntityKind::Organization));
        }
        g
    }

    fn texts(text: &str, m: &Matcher) -> Vec<String> {
        m.find_all(text)
            .iter()
            .map(|x| x.span.get(text).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn hidden_shorter_match_is_found() {
        let m = Matcher::new(&gaz(&["testing", "testing 123"])).unwrap();
        assert_eq!(texts("testing 12345", &m), ["testing"]);
        assert_eq!(texts("testing 123.", &m), ["testing 123"]);
        // a rejected long candidate does not hide a match that starts inside it
        let m = Matcher::new(&gaz(&["Port Louis Harbourside", "Louis"])).unwrap();
        assert_eq!(
            texts("Port Louis Harbourside2 and Louis", &m),
            ["Louis", "Louis"]
        );
    }

    #[test]
    fn word_boundaries() {
        let m = Matcher::new(&gaz(&["Kest", "Neil", "Zürich", "Ana"])).unwrap();
        assert_eq!(texts("Kestrel Kest-based Kest's", &m), ["Kest", "Kest"]);
        assert_eq!(texts("O'Neil Neil O’Neil 'Neil'", &m), ["Neil", "Neil"]);
        assert_eq!(texts("Zürichsee Zürich", &m), ["Zürich"]);
        assert_eq!(
            texts("Anaïs Ana Ana’s Ana's Ana'sa", &m),
            ["Ana", "Ana", "Ana"]
        );
        assert_eq!(texts("Kest9 9Kest _Kest", &m), ["Kest"]);
    }

    #[test]
    fn overlaps_take_leftmost_longest() {
        let m = Matcher::new(&gaz(&["New Harbour", "Harbour City", "New Harbour City"])).unwrap();
        assert_eq!(texts("in New Harbour City today", &m), ["New Harbour City"]);
        let m = Matcher::new(&gaz(&["New Harbour", "Harbour City"])).unwrap();
        assert_eq!(texts("in New Harbour City today", &m), ["New Harbour"]);
    }

    #[test]
    fn variants_and_aliases() {
        let mut g = Gazetteer::new();
        g.push(
            GazetteerEntry::new("Brightwater", EntityKind::Location).with_aliases(["Bright Water"]),
        );
        g.push(GazetteerEntry::new(
            "Saint Kit's Fund",
            EntityKind::Organization,
        ));
        let m = Matcher::new(&g).unwrap();
        let found = m.find_all("BRIGHTWATER (Wire) - Bright Water and Saint Kit’s Fund.");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].entry, 0);
        assert_eq!(found[1].entry, 0);
        assert_eq!(found[2].entry, 1);
        // case-sensitive by default
        assert!(m.find_all("brightwater").is_empty());
    }

    #[test]
    fn case_insensitive_offsets_point_at_raw_bytes() {
        let g = gaz(&["Straße Nord", "İzmir"]);
        let m = Matcher::with_options(
            &g,
            MatchOptions {
                case_insensitive: true,
                variants: false,
            },
        )
        .unwrap();
        let t = "ŞEHİR: İZMİR and STRAßE NORD, straße nord";
        let got = texts(t, &m);
        assert_eq!(got, ["İZMİR", "STRAßE NORD", "straße nord"]);
    }

    #[test]
    fn small_dictionaries_get_a_dfa() {
        let m = Matcher::new(&gaz(&["A1"])).unwrap();
        assert!(m.is_dfa());
        assert!(m.heap_bytes() > 0);
        let empty = Matcher::new(&Gazetteer::new()).unwrap();
        assert!(empty.find_all("anything").is_empty());
        assert_eq!(empty.pattern_count(), 0);
    }
}
