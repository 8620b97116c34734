//! The gazetteer matcher: whole-word, leftmost-longest dictionary search (an Aho-Corasick DFA
//! for small dictionaries, a word-token trie for large ones).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::fxhash::FxBuild;
use crate::strmap::{self, StrMap};

use crate::is_word_char;
use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
use nutgraf_core::{Error, Result, Span};

use crate::Gazetteer;

/// Dictionaries with at most this many patterns get an Aho-Corasick DFA; larger ones a trie
/// over word tokens (a DFA for 100k names takes hundreds of MB and seconds to build, the trie
/// a few MB and milliseconds).
pub const DFA_MAX_PATTERNS: usize = 2_000;

/// The longest name or alias a gazetteer may hold, in bytes. Matching tries names at every word
/// start, so this bounds the work per byte of text (real names are far shorter).
pub const MAX_NAME_BYTES: usize = 256;

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
/// How it searches: only positions that start a word and whose first byte starts some pattern
/// are tried, each with an anchored longest search (an Aho-Corasick DFA up to
/// [`DFA_MAX_PATTERNS`] patterns, a hash trie over word tokens above, which looks one token up
/// per step, so most words cost one hash lookup). ALL-CAPS variants (`WASHINGTON`)
/// are looked up in a hash table on runs of all-caps words instead of doubling the automaton.
///
/// Built once and shared: `Matcher` is `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Matcher {
    ac: Option<Auto>,
    /// Entry index of each pattern.
    entry_of: Vec<u32>,
    /// Bytes that start some pattern.
    first_byte: Box<[bool; 256]>,
    /// Bytes where the scan tries a match: pattern starts, and with ALL-CAPS variants any
    /// uppercase ASCII letter or non-ASCII lead byte.
    start: Box<[bool; 256]>,
    /// ALL-CAPS variants: the uppercased name and its entry.
    upper: StrMap<u32>,
    /// Most words in an ALL-CAPS variant.
    upper_max_words: usize,
    case_insensitive: bool,
    /// The few patterns whose first byte is neither an ASCII capital nor non-ASCII (`the
    /// States`, `al-Qaeda`): the scan finds where they occur with a small automaton, so every
    /// other position can be ruled out eight bytes at a time. `None` when there are none, or
    /// more than [`ODD_MAX`] (then every start byte is tried, as with a case-folded matcher).
    odd: Option<OddStarts>,
}

/// Most patterns with an odd first byte that [`Matcher`] finds with their own automaton.
const ODD_MAX: usize = 64;

/// Patterns whose first byte is not an ASCII capital or a non-ASCII byte.
#[derive(Clone, Debug)]
struct OddStarts {
    /// Finds every occurrence (overlapping) of the patterns.
    ac: aho_corasick::AhoCorasick,
    /// Their first bytes.
    bytes: Box<[bool; 256]>,
}

/// Whether `b` is an ASCII capital or a non-ASCII byte: the bytes the eight-byte skip finds.
fn capital_class(b: u8) -> bool {
    b.is_ascii_uppercase() || b >= 0x80
}

/// The [`OddStarts`] of `odd` (patterns with an odd first byte), `None` when there are none
/// or more than [`ODD_MAX`].
fn odd_starts(odd: &[&str]) -> Option<OddStarts> {
    if odd.is_empty() || odd.len() > ODD_MAX {
        return None;
    }
    let mut bytes = Box::new([false; 256]);
    for p in odd {
        bytes[usize::from(p.as_bytes()[0])] = true;
    }
    aho_corasick::AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(odd)
        .ok()
        .map(|ac| OddStarts { ac, bytes })
}

/// The compiled dictionary, searched anchored at word starts.
#[derive(Clone, Debug)]
enum Auto {
    /// Small dictionaries: an Aho-Corasick DFA walked anchored at each candidate start.
    Dfa(Box<DFA>),
    /// Large dictionaries and per-document matchers: a trie over word tokens.
    Trie(WordTrie),
}

/// The end of the token that starts at `i` in `s`: a maximal run of word characters, or one
/// other character. Patterns and text are cut the same way, so a whole-word match of a pattern
/// is exactly a text token sequence that begins with the pattern's tokens.
#[inline]
fn token_end(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let n = b.len();
    let mut j = i;
    while j < n {
        // ASCII letters and digits eight bytes at a time
        j = nutgraf_core::swar::run_end(b, j, nutgraf_core::swar::not_alnum);
        let Some(&c) = b.get(j) else {
            break;
        };
        if c < 0x80 {
            // one other ASCII character is a token of its own
            return if j == i { j + 1 } else { j };
        }
        let ch = s[j..].chars().next().unwrap_or(' ');
        if is_word_char(ch) {
            j += ch.len_utf8();
        } else {
            return if j == i { j + ch.len_utf8() } else { j };
        }
    }
    j
}

/// Whether every byte of `table` is an ASCII capital or a non-ASCII byte.
fn capitals_only(table: &[bool; 256]) -> bool {
    (0u8..=255).all(|b| !table[usize::from(b)] || capital_class(b))
}

/// The first position at or after `i` whose byte is in `table`.
///
/// When `capitals_only` (see [`capitals_only`]; names start with a capital, so this is the
/// usual case), eight bytes at a time are ruled out with word
/// arithmetic: most news text has a capital only every few dozen bytes.
fn next_start(
    bytes: &[u8],
    mut i: usize,
    table: &[bool; 256],
    capitals_only: bool,
) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    if capitals_only {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            let low = x & !HI;
            // per byte of `low` (below 0x80, so no carry crosses a byte): high bit set when
            // the byte is at least b'A', and when it is above b'Z'
            let ge_a = low.wrapping_add(LO * u64::from(0x80 - b'A')) & HI;
            let gt_z = low.wrapping_add(LO * u64::from(0x80 - b'Z' - 1)) & HI;
            let mut hits = (x & HI) | (ge_a & !gt_z);
            while hits != 0 {
                let k = i + (hits.trailing_zeros() / 8) as usize;
                if table[usize::from(bytes[k])] {
                    return Some(k);
                }
                hits &= hits - 1;
            }
            i += 8;
        }
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| table[usize::from(b)])
        .map(|k| i + k)
}

/// Patterns as sequences of tokens (see [`token_end`]) in a trie keyed by (node, token).
///
/// Building is a few hash insertions per pattern (100k names in milliseconds, a few MB), and a
/// search costs one token hash per step, so only the words that continue some name are looked
/// at. The semantics are the automaton's: every pattern that is a prefix of the text at a
/// position and ends on a token boundary is reported, shortest first; patterns that end inside
/// a text token could never pass the whole-word check.
#[derive(Clone, Debug)]
struct WordTrie {
    /// Token bytes to (token id, the root's child for the token or `u32::MAX`): the first step
    /// of a search is this one lookup.
    tokens: StrMap<(u32, u32)>,
    /// (node, token id) to the child node, below the root (node 0).
    edges: HashMap<(u32, u32), u32, FxBuild>,
    /// The pattern that ends at each node, or `u32::MAX`.
    ends: Vec<u32>,
    /// A one-hash Bloom filter of the patterns' first tokens, about 16 bits per pattern (64 KB
    /// at most, which stays in L2): most capitalised words of a text start no name and are
    /// rejected without touching the tables.
    first: Box<[u64]>,
    /// `64 - log2(bits of first)`: the shift that takes a hash to its bit.
    first_shift: u32,
}

/// Most bits in [`WordTrie::first`].
const FIRST_BITS_MAX: usize = 1 << 19;

impl WordTrie {
    /// The Bloom filter bit of a first token.
    #[inline]
    fn first_bit(&self, tok: &str) -> usize {
        self.bit_of(strmap::hash(tok))
    }

    /// The Bloom filter bit of a first token's hash: the high bits of the Fx product are the
    /// well-mixed ones.
    #[inline]
    fn bit_of(&self, h: u64) -> usize {
        (h >> self.first_shift) as usize
    }

    /// Whether a first token of hash `h` ([`strmap::hash`]) may start a pattern.
    #[inline]
    fn may_start_hashed(&self, h: u64) -> bool {
        let bit = self.bit_of(h);
        self.first[bit / 64] & (1 << (bit % 64)) != 0
    }
}

impl WordTrie {
    /// An empty trie for about `patterns` patterns.
    fn empty(patterns: usize) -> Self {
        let bits = patterns
            .saturating_mul(16)
            .next_power_of_two()
            .clamp(1024, FIRST_BITS_MAX);
        // names average about three tokens (two words and a space), half of them shared
        let mut ends = Vec::with_capacity(patterns.saturating_mul(3) + 1);
        ends.push(u32::MAX);
        Self {
            tokens: StrMap::with_capacity(patterns),
            edges: HashMap::with_capacity_and_hasher(
                patterns.saturating_mul(3),
                FxBuild::default(),
            ),
            ends,
            first: vec![0u64; bits / 64].into_boxed_slice(),
            first_shift: 64 - bits.trailing_zeros(),
        }
    }

    /// Adds pattern `p` (not empty) as `pid`; false, and nothing changes, when `p` is there
    /// already.
    fn insert(&mut self, p: &str, pid: u32) -> bool {
        let mut node = 0u32;
        let mut i = 0;
        while i < p.len() {
            let e = token_end(p, i);
            if i == 0 {
                let bit = self.first_bit(&p[..e]);
                self.first[bit / 64] |= 1 << (bit % 64);
            }
            let next_id = u32::try_from(self.tokens.len()).unwrap_or(u32::MAX);
            let next_node = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
            let slot = self.tokens.get_or_insert(&p[i..e], (next_id, u32::MAX));
            let tok = slot.0;
            if i == 0 {
                if slot.1 == u32::MAX {
                    slot.1 = next_node;
                }
                node = slot.1;
            } else {
                node = *self.edges.entry((node, tok)).or_insert(next_node);
            }
            if node == next_node {
                self.ends.push(u32::MAX);
            }
            i = e;
        }
        let end = &mut self.ends[node as usize];
        if *end != u32::MAX {
            return false;
        }
        *end = pid;
        true
    }

    /// The id of pattern `p` exactly, if it is in the trie.
    fn get(&self, p: &str) -> Option<u32> {
        let mut node = 0u32;
        let mut i = 0;
        while i < p.len() {
            let e = token_end(p, i);
            let &(tok, root) = self.tokens.get(&p[i..e])?;
            node = if i == 0 {
                Some(root).filter(|&r| r != u32::MAX)?
            } else {
                *self.edges.get(&(node, tok))?
            };
            i = e;
        }
        let pid = self.ends[node as usize];
        (node != 0 && pid != u32::MAX).then_some(pid)
    }

    fn shrink(&mut self) {
        self.tokens.shrink();
        self.edges.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// `first`: the end of the token at `i` and its [`strmap::hash`], when the caller has
    /// them (see [`WordStarts`]).
    fn prefixes_at(
        &self,
        hay: &str,
        i: usize,
        first: Option<(usize, u64)>,
        f: &mut dyn FnMut(usize, usize),
    ) {
        let mut node = 0u32;
        let mut pos = i;
        if pos >= hay.len() {
            return;
        }
        // one hash of the first token serves the filter and the table
        let (mut e, h) = first.unwrap_or_else(|| {
            let e = token_end(hay, pos);
            (e, strmap::hash(&hay[pos..e]))
        });
        if !self.may_start_hashed(h) {
            return;
        }
        let mut first = Some(h);
        loop {
            let tok_text = &hay[pos..e];
            let found = match first.take() {
                Some(h) => self.tokens.get_hashed(tok_text, h),
                None => self.tokens.get(tok_text),
            };
            let Some(&(tok, root)) = found else {
                return;
            };
            let child = if node == 0 {
                root
            } else {
                self.edges.get(&(node, tok)).copied().unwrap_or(u32::MAX)
            };
            if child == u32::MAX {
                return;
            }
            node = child;
            pos = e;
            let pid = self.ends[node as usize];
            if pid != u32::MAX {
                f(pid as usize, pos);
            }
            if pos >= hay.len() {
                return;
            }
            e = token_end(hay, pos);
        }
    }

    fn memory_usage(&self) -> usize {
        self.tokens.memory_usage()
            + self.edges.capacity() * (1 + std::mem::size_of::<((u32, u32), u32)>())
            + self.ends.capacity() * 4
            + self.first.len() * 8
    }
}

impl Auto {
    fn memory_usage(&self) -> usize {
        match self {
            Auto::Dfa(a) => a.memory_usage(),
            Auto::Trie(t) => t.memory_usage(),
        }
    }

    /// Calls `f(pattern, end)` for every pattern that starts at `i` in `hay`, shortest first;
    /// `first` as in [`WordTrie::prefixes_at`].
    fn prefixes_at(
        &self,
        hay: &str,
        i: usize,
        first: Option<(usize, u64)>,
        f: &mut dyn FnMut(usize, usize),
    ) {
        match self {
            Auto::Dfa(a) => walk(&**a, hay.as_bytes(), i, f),
            Auto::Trie(t) => t.prefixes_at(hay, i, first, f),
        }
    }
}

fn walk<A: Automaton>(a: &A, hay: &[u8], i: usize, f: &mut dyn FnMut(usize, usize)) {
    let Ok(mut sid) = a.start_state(Anchored::Yes) else {
        return;
    };
    for (j, &b) in hay.iter().enumerate().skip(i) {
        sid = a.next_state(Anchored::Yes, sid, b);
        if a.is_special(sid) {
            if a.is_dead(sid) {
                return;
            }
            if a.is_match(sid) {
                let end = j + 1;
                for k in 0..a.match_len(sid) {
                    let pid = a.match_pattern(sid, k);
                    // match states also hold patterns that end here but start later
                    if a.pattern_len(pid) == end - i {
                        f(pid.as_usize(), end);
                    }
                }
            }
        }
    }
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

/// The ALL-CAPS form of a name, when it differs and has at least three letters.
fn all_caps(name: &str) -> Option<String> {
    if name.is_ascii() {
        // the same tests on bytes, without Unicode tables
        let b = name.as_bytes();
        let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
        let has_lower = b.iter().any(u8::is_ascii_lowercase);
        return (has_lower && letters >= 3).then(|| name.to_ascii_uppercase());
    }
    let upper = name.to_uppercase();
    (upper != name && name.chars().filter(|c| c.is_alphabetic()).count() >= 3).then_some(upper)
}

/// The apostrophe variants of a name (`'` and `’`), the name itself first (borrowed).
fn apostrophe_variants<'a>(name: &'a str, out: &mut Vec<Cow<'a, str>>) {
    out.push(Cow::Borrowed(name));
    let b = name.as_bytes();
    // byte tests first: most names have neither mark (`’` is E2 80 99 in UTF-8)
    let straight = b.contains(&b'\'');
    let curly = !b.is_ascii() && name.contains('\u{2019}');
    if straight {
        out.push(Cow::Owned(name.replace('\'', "\u{2019}")));
    }
    if curly {
        out.push(Cow::Owned(name.replace('\u{2019}', "'")));
    }
}

fn too_many() -> Error {
    Error::Load {
        source_name: "gazetteer".into(),
        line: None,
        message: "too many entries".into(),
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
        Self::build(gazetteer, options, DFA_MAX_PATTERNS, false)
    }

    /// Compiles with a DFA up to `dfa_max` patterns, or, with `table` or above `dfa_max`, into
    /// a word trie.
    pub(crate) fn build(
        gazetteer: &Gazetteer,
        options: MatchOptions,
        dfa_max: usize,
        table: bool,
    ) -> Result<Self> {
        let variants = options.variants && !options.case_insensitive;
        // large dictionaries go straight into the trie (no owned pattern list, no index);
        // small ones are listed for the DFA. Both match the same (see the tests).
        let names: usize = gazetteer
            .entries()
            .iter()
            .map(|e| 1 + e.aliases.len())
            .sum();
        let estimate = names.saturating_mul(if variants { 2 } else { 1 });
        let use_trie = table || estimate > dfa_max;
        let mut trie = WordTrie::empty(if use_trie { estimate.min(1 << 20) } else { 0 });
        let mut index: HashMap<String, u32, FxBuild> = HashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut entry_of: Vec<u32> = Vec::new();
        let mut upper: StrMap<u32> = StrMap::with_capacity(if variants { names } else { 0 });
        let mut upper_max_words = 0;
        let mut first_byte = Box::new([false; 256]);
        let mut odd: Vec<String> = Vec::new();
        let mut buf = Vec::new();
        for (i, e) in gazetteer.entries().iter().enumerate() {
            let i = u32::try_from(i).map_err(|_| too_many())?;
            buf.clear();
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                if name.len() > MAX_NAME_BYTES {
                    return Err(Error::Load {
                        source_name: "gazetteer".into(),
                        line: None,
                        message: format!(
                            "entry {} has a name or alias of {} bytes; the limit is {MAX_NAME_BYTES}",
                            i + 1,
                            name.len()
                        ),
                    });
                }
                if variants {
                    apostrophe_variants(name, &mut buf);
                    if let Some(u) = all_caps(name) {
                        upper_max_words = upper_max_words.max(u.split(' ').count());
                        upper.get_or_insert(&u, i);
                    }
                } else {
                    buf.push(Cow::Borrowed(name));
                }
            }
            for p in buf.drain(..) {
                let p = if options.case_insensitive {
                    Cow::Owned(fold(&p))
                } else {
                    p
                };
                if use_trie {
                    let pid = u32::try_from(entry_of.len()).map_err(|_| too_many())?;
                    if trie.insert(&p, pid) {
                        first_byte[usize::from(p.as_bytes()[0])] = true;
                        entry_of.push(i);
                        if !capital_class(p.as_bytes()[0]) && odd.len() <= ODD_MAX {
                            odd.push(p.into_owned());
                        }
                    }
                } else if let std::collections::hash_map::Entry::Vacant(v) =
                    index.entry(p.into_owned())
                {
                    first_byte[usize::from(v.key().as_bytes()[0])] = true;
                    if !capital_class(v.key().as_bytes()[0]) && odd.len() <= ODD_MAX {
                        odd.push(v.key().clone());
                    }
                    patterns.push(v.key().clone());
                    v.insert(i);
                    entry_of.push(i);
                }
            }
        }
        // an ALL-CAPS variant never hides a name listed as written (`NASA`)
        let mut upper = upper.retained(|k| {
            if use_trie {
                trie.get(k).is_none()
            } else {
                !index.contains_key(k)
            }
        });
        upper.shrink();
        drop(index);
        let build_err = |e: aho_corasick::BuildError| Error::Load {
            source_name: "gazetteer".into(),
            line: None,
            message: format!("cannot build the matcher: {e}"),
        };
        let ac = if entry_of.is_empty() {
            None
        } else if use_trie {
            trie.shrink();
            Some(Auto::Trie(trie))
        } else {
            Some(Auto::Dfa(Box::new(
                DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .start_kind(StartKind::Anchored)
                    .prefilter(false)
                    .build(&patterns)
                    .map_err(build_err)?,
            )))
        };
        let mut start = first_byte.clone();
        if !upper.is_empty() {
            for b in (b'A'..=b'Z').chain(0xC0..=0xFF) {
                start[usize::from(b)] = true;
            }
        }
        let odd = odd_starts(&odd.iter().map(String::as_str).collect::<Vec<_>>());
        Ok(Self {
            ac,
            entry_of,
            first_byte,
            start,
            upper,
            upper_max_words,
            case_insensitive: options.case_insensitive,
            odd,
        })
    }

    /// A matcher for a few names of one text: case-sensitive, no variants, a word trie. Match
    /// entries are indexes into `names`; a name listed twice keeps its first index. Cheaper to
    /// build than [`Matcher::build`] on a [`Gazetteer`] (no entries, no owned patterns).
    pub(crate) fn for_names(names: &[&str]) -> Self {
        // the trie itself tells a name already listed (its insert refuses it); it is dropped
        // with the text, so it is not shrunk
        let mut trie = WordTrie::empty(names.len());
        let mut entry_of = Vec::with_capacity(names.len());
        let mut first_byte = Box::new([false; 256]);
        let mut odd: Vec<&str> = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let n = n.trim();
            let pid = u32::try_from(entry_of.len()).unwrap_or(u32::MAX);
            if n.is_empty() || !trie.insert(n, pid) {
                continue;
            }
            first_byte[usize::from(n.as_bytes()[0])] = true;
            if !capital_class(n.as_bytes()[0]) && odd.len() <= ODD_MAX {
                odd.push(n);
            }
            entry_of.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        let ac = (!entry_of.is_empty()).then_some(Auto::Trie(trie));
        Self {
            ac,
            entry_of,
            start: first_byte.clone(),
            first_byte,
            upper: StrMap::with_capacity(0),
            upper_max_words: 0,
            case_insensitive: false,
            odd: odd_starts(&odd),
        }
    }

    /// Number of patterns (names, aliases and variants) in the automaton and the ALL-CAPS table.
    #[must_use]
    pub fn pattern_count(&self) -> usize {
        self.entry_of.len() + self.upper.len()
    }

    /// Heap memory of the automaton, the pattern table and the ALL-CAPS table, in bytes.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        let upper = self.upper.memory_usage();
        self.ac.as_ref().map_or(0, Auto::memory_usage) + self.entry_of.capacity() * 4 + upper + 256
    }

    /// Whether the dictionary is an Aho-Corasick DFA (small dictionaries) rather than a word trie.
    #[must_use]
    pub fn is_dfa(&self) -> bool {
        matches!(self.ac, Some(Auto::Dfa(_)))
    }

    /// Every whole-word, leftmost-longest, non-overlapping match in `text`, in order.
    #[must_use]
    pub fn find_all(&self, text: &str) -> Vec<GazetteerMatch> {
        let mut out = Vec::new();
        if self.ac.is_none() && self.upper.is_empty() {
            return out;
        }
        if self.case_insensitive {
            // fold char by char; keep a map from folded to raw offsets once lengths differ
            let mut folded = String::with_capacity(text.len());
            let mut map: Vec<(usize, usize)> = Vec::new(); // (folded offset, raw offset)
            for (i, c) in text.char_indices() {
                let f = fold_char(c);
                if f.len_utf8() != c.len_utf8() || !map.is_empty() {
                    map.push((folded.len(), i));
                }
                folded.push(f);
            }
            if map.is_empty() {
                self.scan(&folded, text, &|p| p, &mut out);
            } else {
                map.push((folded.len(), text.len()));
                let to_raw = |pos: usize| -> usize {
                    match map.binary_search_by_key(&pos, |&(f, _)| f) {
                        Ok(k) => map[k].1,
                        Err(0) => pos,
                        Err(k) => map[k - 1].1 + (pos - map[k - 1].0),
                    }
                };
                self.scan(&folded, text, &to_raw, &mut out);
            }
        } else {
            self.scan(text, text, &|p| p, &mut out);
        }
        out
    }

    /// Scans `hay` (the text, or its folded form) word start by word start; boundaries are
    /// checked on `raw` at the positions `to_raw` gives.
    /// The bytes where a scan tries a match: with a few odd-start patterns, those are found by
    /// their own automaton ([`Self::odd_positions`]) and the rest of the start bytes are
    /// capitals, skipped to eight bytes at a time.
    fn start_table(&self) -> [bool; 256] {
        let mut table = *self.start;
        if let Some(odd) = &self.odd {
            for (b, (on, &odd_byte)) in (0u8..=255).zip(table.iter_mut().zip(odd.bytes.iter())) {
                *on &= !odd_byte || capital_class(b);
            }
        }
        table
    }

    /// Where the odd-start patterns occur in `hay`, in order (none without such patterns).
    fn odd_positions(&self, hay: &str) -> Vec<usize> {
        let Some(odd) = &self.odd else {
            return Vec::new();
        };
        let mut odd_at: Vec<usize> = odd
            .ac
            .find_overlapping_iter(aho_corasick::Input::new(hay))
            .map(|m| m.start())
            .collect();
        // overlapping matches come in order of their ends
        odd_at.sort_unstable();
        odd_at.dedup();
        odd_at
    }

    /// [`Self::find_all`] of `text`, trying only the word starts of `starts` (found on the same
    /// `text`) and the odd-start patterns' positions: the same matches, without rescanning the
    /// text. A case-folding matcher, or one whose start bytes are not all capitals, scans.
    pub(crate) fn find_all_from(&self, text: &str, starts: &WordStarts) -> Vec<GazetteerMatch> {
        let mut out = Vec::new();
        if self.ac.is_none() && self.upper.is_empty() {
            return out;
        }
        let table = self.start_table();
        if self.case_insensitive || !capitals_only(&table) {
            return self.find_all(text);
        }
        let odd_at = self.odd_positions(text);
        let bytes = text.as_bytes();
        let same = |p: usize| p;
        let (mut i, mut k, mut next_odd) = (0, 0, 0);
        loop {
            while starts
                .at
                .get(k)
                .is_some_and(|&(p, _, _)| p < i || !table[usize::from(bytes[p])])
            {
                k += 1;
            }
            while odd_at.get(next_odd).is_some_and(|&o| o < i) {
                next_odd += 1;
            }
            // an odd start byte is never a capital, so the two lists never share a position
            let (p, first) = match (starts.at.get(k), odd_at.get(next_odd)) {
                (Some(&(p, e, h)), Some(&o)) if p < o => (p, Some((e, h))),
                (_, Some(&o)) => (o, None),
                (Some(&(p, e, h)), None) => (p, Some((e, h))),
                (None, None) => return out,
            };
            // word starts follow no word char; an odd position is checked here
            if first.is_some() || !follows_word_char(text, p) {
                if let Some((entry, end)) = self.match_at(text, text, &same, p, first) {
                    out.push(GazetteerMatch {
                        span: Span::new(p, end),
                        entry: entry as usize,
                    });
                    i = end;
                    continue;
                }
            }
            // every later candidate starts a char
            i = p + 1;
        }
    }

    fn scan(
        &self,
        hay: &str,
        raw: &str,
        to_raw: &dyn Fn(usize) -> usize,
        out: &mut Vec<GazetteerMatch>,
    ) {
        let bytes = hay.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        let table = self.start_table();
        let odd_at = self.odd_positions(hay);
        let caps = capitals_only(&table);
        let mut next_odd = 0;
        while i < n {
            // jump to the next byte that may start a match: most text has none for many bytes
            while odd_at.get(next_odd).is_some_and(|&k| k < i) {
                next_odd += 1;
            }
            let odd_here = odd_at.get(next_odd).copied();
            match (next_start(bytes, i, &table, caps), odd_here) {
                (Some(k), Some(o)) => i = k.min(o),
                (Some(k), None) => i = k,
                (None, Some(o)) => i = o,
                (None, None) => return,
            }
            let b = bytes[i];
            // a match starts a word: the char before is not a word char
            let prev_word = follows_word_char(hay, i);
            let clen = if b < 0x80 {
                1
            } else {
                hay[i..].chars().next().map_or(1, char::len_utf8)
            };
            if !prev_word {
                if let Some(m) = self.match_at(hay, raw, to_raw, i, None) {
                    let end = m.1;
                    out.push(GazetteerMatch {
                        span: Span::new(to_raw(i), to_raw(end)),
                        entry: m.0 as usize,
                    });
                    i = end;
                    continue;
                }
            }
            i += clen;
        }
    }

    /// The longest whole-word match starting at `i`: (entry, end in `hay`); `first` as in
    /// [`WordTrie::prefixes_at`].
    fn match_at(
        &self,
        hay: &str,
        raw: &str,
        to_raw: &dyn Fn(usize) -> usize,
        i: usize,
        first: Option<(usize, u64)>,
    ) -> Option<(u32, usize)> {
        let ok = |end: usize| is_whole_word(raw, Span::new(to_raw(i), to_raw(end)));
        // ALL-CAPS runs: `NEW HARBOUR CITY`
        let caps = if self.upper.is_empty() {
            None
        } else {
            self.caps_match(hay, i).filter(|&(_, e)| ok(e))
        };
        let mut best: Option<(u32, usize)> = None;
        if let Some(ac) = &self.ac {
            if self.first_byte[usize::from(hay.as_bytes()[i])] {
                // every pattern that starts here (an anchored overlapping search stops as soon
                // as no pattern can continue); keep the longest that ends on a boundary
                ac.prefixes_at(hay, i, first, &mut |pid, end| {
                    if best.is_none_or(|(_, e)| end > e) && ok(end) {
                        best = Some((self.entry_of[pid], end));
                    }
                });
            }
        }
        match (best, caps) {
            (Some(b), Some(c)) => Some(if c.1 > b.1 { c } else { b }),
            (b, c) => b.or(c),
        }
    }

    /// The longest ALL-CAPS variant starting at `i`, looked up word run by word run.
    fn caps_match(&self, hay: &str, i: usize) -> Option<(u32, usize)> {
        let mut head = hay[i..].chars();
        if !(head.next().is_some_and(char::is_uppercase)
            && head.next().is_some_and(|c| c.is_uppercase() || c == '.'))
        {
            return None;
        }
        let mut ends = Vec::new();
        let mut pos = i;
        for _ in 0..self.upper_max_words {
            let rest = &hay[pos..];
            // names are short: look at most 64 bytes ahead, so long runs stay linear
            let window = &rest[..nutgraf_core::text::floor_char_boundary(rest, 64)];
            let Some(wlen) = window
                .find(|c: char| {
                    !(is_word_char(c) || c == '.' || c == '-' || c == '\'' || c == '\u{2019}')
                })
                .or((window.len() == rest.len()).then_some(rest.len()))
            else {
                break;
            };
            let word = &rest[..wlen];
            if wlen == 0 || word.chars().any(char::is_lowercase) {
                break;
            }
            ends.push(pos + wlen);
            if !rest[wlen..].starts_with(' ') {
                break;
            }
            pos += wlen + 1;
        }
        for &end in ends.iter().rev() {
            // a trailing period (`U.S.`) may or may not belong to the name
            let cand = &hay[i..end];
            for c in [cand, cand.trim_end_matches('.')] {
                if let Some(&e) = self.upper.get(c) {
                    return Some((e, i + c.len()));
                }
            }
        }
        None
    }
}

/// Whether the char before byte `i` (a char boundary) of `text` is a word char.
#[inline]
fn follows_word_char(text: &str, i: usize) -> bool {
    match i.checked_sub(1).map(|p| text.as_bytes()[p]) {
        None => false,
        Some(p) if p < 0x80 => p.is_ascii_alphanumeric(),
        Some(_) => nutgraf_core::text::char_before(text, i).is_some_and(is_word_char),
    }
}

/// ASCII capitals and the lead bytes of multi-byte chars: where a word start may begin a
/// name for a case-sensitive matcher (see [`WordStarts`]).
static CAPITAL_STARTS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_uppercase() || b >= 0xC0;
        b += 1;
    }
    t
};

/// The word starts of one text that a case-sensitive matcher may try: every ASCII capital and
/// every non-ASCII char that follows no word char, with the end and the hash of the token it
/// begins. Found once per text and shared by the matchers run on it (the default gazetteer's
/// and the per-document name matchers, see [`Matcher::find_all_from`]), so each looks only at
/// these positions instead of rescanning the text and rehashing its words.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordStarts {
    /// (start, end of its first token, [`strmap::hash`] of that token), in order.
    at: Vec<(usize, usize, u64)>,
}

impl WordStarts {
    /// The word starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // news text has a capitalised word about every thirty bytes: room for one per twenty,
        // so most texts never regrow the list
        let mut at = Vec::with_capacity(bytes.len() / 20 + 8);
        let mut i = 0;
        while let Some(k) = next_start(bytes, i, &CAPITAL_STARTS, true) {
            if !follows_word_char(text, k) {
                let e = token_end(text, k);
                at.push((k, e, strmap::hash(&text[k..e])));
            }
            i = k + 1;
        }
        Self { at }
    }
}

fn is_word_byte_char(c: char) -> bool {
    crate::is_word_char(c)
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
        // a curly apostrophe in the list matches a straight one in the text, and the reverse
        let mut g = Gazetteer::new();
        g.push(GazetteerEntry::new("Ana’s Yard", EntityKind::Location));
        let m = Matcher::new(&g).unwrap();
        assert_eq!(
            texts("Ana's Yard, Ana’s Yard", &m),
            ["Ana's Yard", "Ana’s Yard"]
        );
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

    #[test]
    fn all_caps_variants_span_words() {
        let mut g = gaz(&["New Harbour City", "Orlen", "NASA"]);
        g.push(GazetteerEntry::new("United Realms", EntityKind::Location).with_aliases(["U.R."]));
        let m = Matcher::new(&g).unwrap();
        let t = "NEW HARBOUR CITY (Wire) - ORLEN and NASA met in the U.R. ORLENS NEW HARBOUR";
        assert_eq!(texts(t, &m), ["NEW HARBOUR CITY", "ORLEN", "NASA", "U.R."]);
    }

    #[test]
    fn large_dictionaries_use_the_trie_with_the_same_semantics() {
        let mut names: Vec<String> = (0..3000).map(|i| format!("Name{i} Harbour")).collect();
        names.extend(["testing".into(), "testing 123".into(), "Name1".into()]);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let m = Matcher::new(&gaz(&refs)).unwrap();
        assert!(!m.is_dfa());
        let t = "testing 12345, Name1 Harbour2 and Name12 Harbour; Name299 Harbour's";
        assert_eq!(
            texts(t, &m),
            ["testing", "Name1", "Name12 Harbour", "Name299 Harbour"]
        );
        let got: Vec<(usize, usize)> = m
            .find_all(t)
            .iter()
            .map(|x| (x.span.start, x.span.end))
            .collect();
        assert_eq!(got, reference(t, &refs));
    }

    /// The obvious quadratic reference: at each word start, the longest whole-word pattern.
    fn reference(text: &str, pats: &[&str]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if !text.is_char_boundary(i) {
                i += 1;
                continue;
            }
            let best = pats
                .iter()
                .filter(|p| text[i..].starts_with(**p))
                .map(|p| i + p.len())
                .filter(|&e| is_whole_word(text, Span::new(i, e)))
                .max();
            if let Some(e) = best {
                out.push((i, e));
                i = e;
            } else {
                i += 1;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference(text in "[ab é'.-]{0,40}", pats in proptest::collection::vec("[ab é'.-]{1,5}", 1..6)) {
            let pats: Vec<&str> = pats.iter().map(|p| p.trim()).filter(|p| {
                p.chars().next().is_some_and(is_word_char)
            }).collect();
            let m = Matcher::with_options(&gaz(&pats), MatchOptions { case_insensitive: false, variants: false }).unwrap();
            let got: Vec<(usize, usize)> = m.find_all(&text).iter().map(|x| (x.span.start, x.span.end)).collect();
            proptest::prop_assert_eq!(got, reference(&text, &pats));
        }

        #[test]
        fn the_table_agrees_with_the_automaton(text in "[ab é'.-]{0,40}", pats in proptest::collection::vec("[ab é'.-]{1,5}", 1..6)) {
            let pats: Vec<&str> = pats.iter().map(|p| p.trim()).filter(|p| {
                p.chars().next().is_some_and(is_word_char)
            }).collect();
            let opts = MatchOptions { case_insensitive: false, variants: false };
            let table = Matcher::build(&gaz(&pats), opts, 64, true).unwrap();
            let dfa = Matcher::build(&gaz(&pats), opts, 64, false).unwrap();
            let got: Vec<GazetteerMatch> = table.find_all(&text);
            proptest::prop_assert_eq!(&got, &dfa.find_all(&text));
            let spans: Vec<(usize, usize)> = got.iter().map(|x| (x.span.start, x.span.end)).collect();
            proptest::prop_assert_eq!(spans, reference(&text, &pats));
        }
    }

    proptest::proptest! {
        /// Any patterns (also ones starting or ending with punctuation or spaces) over a wider
        /// alphabet: the trie, the DFA, a per-document name matcher and the reference agree
        /// (a name listed twice keeps its first index).
        #[test]
        fn the_trie_and_the_dfa_agree_on_any_patterns(
            text in "[aB1 é’'.\u{301}-]{0,60}",
            pats in proptest::collection::vec("[aB1 é’'.\u{301}-]{1,6}", 1..8),
        ) {
            // the gazetteer trims names and skips empty ones
            let pats: Vec<&str> = pats.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
            let opts = MatchOptions { case_insensitive: false, variants: false };
            let trie = Matcher::build(&gaz(&pats), opts, 0, false).unwrap();
            let dfa = Matcher::build(&gaz(&pats), opts, 64, false).unwrap();
            proptest::prop_assert!(!trie.is_dfa() && (pats.is_empty() || dfa.is_dfa()));
            let got = trie.find_all(&text);
            proptest::prop_assert_eq!(&got, &dfa.find_all(&text));
            proptest::prop_assert_eq!(&got, &Matcher::for_names(&pats).find_all(&text));
            let spans: Vec<(usize, usize)> = got.iter().map(|x| (x.span.start, x.span.end)).collect();
            proptest::prop_assert_eq!(spans, reference(&text, &pats));
        }
    }

    proptest::proptest! {
        /// Matching from shared word starts finds what a scan finds: per-document matchers,
        /// tries and DFAs with ALL-CAPS variants, and folding matchers (which scan).
        #[test]
        fn word_starts_find_what_the_scan_finds(
            text in "[aB1 éÉ’'.\u{301},-]{0,80}",
            pats in proptest::collection::vec("[aBÉ1’'.-]{1,4}( [aBÉ]{1,3})?", 1..70),
        ) {
            let pats: Vec<&str> = pats.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
            let starts = WordStarts::new(&text);
            let names = Matcher::for_names(&pats);
            proptest::prop_assert_eq!(names.find_all_from(&text, &starts), names.find_all(&text));
            for (case_insensitive, variants) in [(false, true), (false, false), (true, false)] {
                let opts = MatchOptions { case_insensitive, variants };
                for (dfa_max, table) in [(0, false), (0, true), (4096, false)] {
                    let m = Matcher::build(&gaz(&pats), opts, dfa_max, table).unwrap();
                    proptest::prop_assert_eq!(m.find_all_from(&text, &starts), m.find_all(&text));
                }
            }
        }
    }

    proptest::proptest! {
        /// Few and many (more than [`ODD_MAX`]) patterns that start with a lowercase letter,
        /// among capitalised ones, over texts long enough for the eight-byte skip.
        #[test]
        fn odd_first_bytes_are_found_however_many(
            text in "[abcAB ,.-]{0,200}",
            pats in proptest::collection::vec("[abcAB]{1,3}( [abcAB]{1,2})?", 1..120),
        ) {
            let pats: Vec<&str> = pats.iter().map(String::as_str).collect();
            let opts = MatchOptions { case_insensitive: false, variants: false };
            for (dfa_max, table) in [(0, true), (4096, false)] {
                let m = Matcher::build(&gaz(&pats), opts, dfa_max, table).unwrap();
                let spans: Vec<(usize, usize)> =
                    m.find_all(&text).iter().map(|x| (x.span.start, x.span.end)).collect();
                proptest::prop_assert_eq!(spans, reference(&text, &pats));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn all_caps_on_ascii_is_the_unicode_rule(name in "[aZ9 .'-]{0,12}") {
            let general = {
                let upper = name.to_uppercase();
                (upper != name && name.chars().filter(|c| c.is_alphabetic()).count() >= 3)
                    .then_some(upper)
            };
            proptest::prop_assert_eq!(all_caps(&name), general);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_word_skip_finds_the_first_table_byte(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            on in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..6),
            capitals in proptest::prelude::any::<bool>(),
            from in 0usize..90,
        ) {
            let mut table = [false; 256];
            for b in on {
                // capital tables: only A-Z and non-ASCII bytes, as names give
                let b = if capitals && b < 0x80 { b'A' + b % 26 } else { b };
                table[usize::from(b)] = true;
            }
            let caps = capitals_only(&table);
            proptest::prop_assert!(!capitals || caps);
            let want = bytes
                .iter()
                .enumerate()
                .skip(from)
                .find(|&(_, &b)| table[usize::from(b)])
                .map(|(k, _)| k);
            proptest::prop_assert_eq!(next_start(&bytes, from, &table, caps), want);
        }
    }

    #[test]
    fn names_of_one_text_keep_their_first_index() {
        let m = Matcher::for_names(&["Vance", " Gloria Vance ", "", "Vance", "Lind"]);
        assert!(!m.is_dfa());
        let t = "Gloria Vance met Vance's aide and Lindqvist.";
        let got: Vec<(&str, usize)> = m
            .find_all(t)
            .iter()
            .map(|x| (x.span.get(t).unwrap(), x.entry))
            .collect();
        assert_eq!(got, [("Gloria Vance", 1), ("Vance", 0)]);
        assert!(Matcher::for_names(&[" "]).find_all("a b").is_empty());
    }

    #[test]
    fn the_table_finds_the_longest_whole_word_form() {
        let pats = ["Vance", "Gloria Vance", "Gloria", "Lind"];
        let opts = MatchOptions {
            case_insensitive: false,
            variants: false,
        };
        let m = Matcher::build(&gaz(&pats), opts, 64, true).unwrap();
        assert!(!m.is_dfa());
        let t = "Gloria Vance met Vance's aide, Lindqvist and Gloria.";
        assert_eq!(texts(t, &m), ["Gloria Vance", "Vance", "Gloria"]);
    }
}
