//! The entity recognizer: gazetteer matches, discovery rules and in-document coreference.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::fxhash::FxBuild;
use std::sync::LazyLock;

use nutgraf_core::{Entity, EntityKind, EntitySource, Gender, Result, Span};

use crate::lexicon::{Facts, Lexicon, class, fact, lexicon};
use crate::matcher::{GazetteerMatch, MatchOptions, Matcher, WordStarts};
use crate::tokens::{Tok, tokenize};
use crate::{Gazetteer, GazetteerEntry};
use std::cell::Cell;

/// What an [`EntityRecognizer`] does besides matching the user's gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecognizerOptions {
    /// Also match the embedded default gazetteer ([`Gazetteer::default_english`]).
    pub default_gazetteer: bool,
    /// Find names no gazetteer holds (people after titles, first names, organisation suffixes,
    /// acronyms) and link surnames and acronyms to them.
    pub discovery: bool,
    /// Match the user's gazetteer regardless of case (offsets still point at the input).
    pub case_insensitive: bool,
}

impl Default for RecognizerOptions {
    fn default() -> Self {
        Self {
            default_gazetteer: true,
            discovery: true,
            case_insensitive: false,
        }
    }
}

/// Finds the entities of a text: compiled once, `Send + Sync`, shareable across threads.
#[derive(Debug)]
pub struct EntityRecognizer {
    user: Option<(Gazetteer, Matcher)>,
    options: RecognizerOptions,
}

static DEFAULT_MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    Matcher::new(crate::lexicon::default_gazetteer()).expect("the default gazetteer compiles")
});

/// Connectors allowed inside a capitalised name (`Bank of England`, `Charles de Gaulle`): the
/// name particles and `of`, `for`, `on`, `the`.
fn is_connector_word(w: &str) -> bool {
    is_name_particle(w) || matches!(w, "of" | "for" | "on" | "the")
}

/// Connectors that may stay inside a person's name. (`matches!` on strings compiles to a
/// length switch and a few compares, much cheaper than scanning a list on every word.)
fn is_name_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "da"
            | "do"
            | "dos"
            | "das"
            | "del"
            | "della"
            | "di"
            | "du"
            | "van"
            | "von"
            | "der"
            | "den"
            | "la"
            | "le"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "y"
    )
}

fn is_determiner(w: &str) -> bool {
    matches!(w, "The" | "A" | "An" | "the" | "a" | "an")
}
/// Speech verbs after a person's name (`Hale said`).
fn is_speech_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "told"
            | "added"
            | "explained"
            | "wrote"
            | "asked"
            | "stated"
            | "noted"
            | "argued"
            | "insisted"
            | "claimed"
            | "recalled"
            | "announced"
            | "replied"
            | "answered"
            | "warned"
            | "admitted"
            | "confirmed"
            | "denied"
            | "tweeted"
            | "testified"
            | "continued"
            | "concluded"
            | "acknowledged"
    )
}
/// All-caps words that are not organisations.
const NOT_ACRONYMS: &[&str] = &[
    "OK", "TV", "CEO", "CFO", "COO", "CTO", "PhD", "AM", "PM", "GMT", "UTC", "EST", "PST", "BST",
    "CET", "DNA", "RNA", "GDP", "HIV", "AIDS", "UFO", "ID", "IQ", "VIP", "FAQ", "DIY", "LOL",
    "OMG", "USD", "EUR", "GBP", "JPY", "CNY", "RUB", "MP", "MPs", "PR", "HQ", "AI", "IT", "PC",
    "SUV", "ATM", "PIN", "DVD", "CD", "GPS", "SMS", "PDF", "URL", "RSVP", "ASAP", "POV", "BC",
    "AD", "BCE", "CE", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XX", "XXI",
    "ET", "PT", "CT", "MT", "KM", "MPH", "COVID", "SARS", "LGBT", "LGBTQ", "POTUS", "FLOTUS",
    "SCOTUS",
];

/// Lowercase words glued to a name by a hyphen that make an adjective (`Kest-born`).
const HYPHEN_SUFFIXES: &[&str] = &[
    "born", "run", "made", "style", "like", "era", "wide", "class", "area", "bound", "area", "day",
    "year", "time", "size", "type", "width", "zone", "only", "free", "proof", "ish",
];

/// An undefined acronym must occur this often to count as an organisation.
const ACR_MIN: usize = 2;

/// Name suffixes that are not surnames.
fn is_generational(w: &str) -> bool {
    matches!(w, "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV")
}

/// Mention priority: lower wins an overlap.
mod prio {
    pub const USER: u8 = 0;
    pub const STRONG: u8 = 1;
    pub const FORM: u8 = 3;
    pub const SUFFIX: u8 = 2;
    pub const DEFAULT: u8 = 4;
    pub const WEAK: u8 = 5;
}

/// An entity under construction.
#[derive(Debug)]
struct Ent {
    name: String,
    kind: EntityKind,
    roles: Vec<String>,
    source: EntitySource,
    id: Option<String>,
    gender: Option<Gender>,
    /// Multi-word person names found by a strong rule.
    person_tokens: usize,
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    span: Span,
    ent: usize,
    prio: u8,
}

/// The working state of one `recognize` call.
struct Work<'t> {
    text: &'t str,
    lex: &'static Lexicon,
    toks: Vec<Tok>,
    /// The lexicon's facts of each token, looked up on first use.
    facts: Vec<Cell<Option<Facts>>>,
    ents: Vec<Ent>,
    by_key: HashMap<String, usize, FxBuild>,
    /// Entity of each gazetteer entry seen: (user gazetteer, entry index).
    by_entry: HashMap<(bool, usize), usize, FxBuild>,
    cands: Vec<Cand>,
    lower_words: LowerWords<'t>,
    /// The capitalised runs, once [`Work::discover`] has found them.
    runs: Vec<(usize, usize)>,
    mid_counts: std::cell::OnceCell<HashMap<&'t str, usize, FxBuild>>,
    /// The text's word starts, for the gazetteer and name matchers.
    starts: WordStarts,
}

/// Which words the text uses in lowercase (a word starting with a lowercase letter, exactly as
/// written), asked of capitalised words' lowercase forms: is sentence-initial `Earlier` the
/// common word `earlier`?
///
/// Only the lowercase forms of sentence-initial and all-capitals words are asked about in
/// practice, and of the sentence-initial ones only those that are not stopwords (the stopword
/// test comes first), so only they are looked for, behind a small filter that passes over
/// most words without hashing them. Any other word asked about builds the full set once.
struct LowerWords<'t> {
    /// The words foreseen, and whether a lowercase word of the text is one.
    asked: HashMap<String, bool, FxBuild>,
    /// Every lowercase word, when a word not foreseen is asked about.
    all: std::cell::OnceCell<HashSet<&'t str, FxBuild>>,
}

impl<'t> LowerWords<'t> {
    /// Bits of the (length, first byte, last byte) filter.
    const FILTER_BITS: usize = 1 << 12;

    fn filter_bit(w: &[u8]) -> usize {
        let (first, last) = (w.first().copied(), w.last().copied());
        let key = (w.len() as u32)
            .wrapping_mul(0x9E37_79B9)
            .wrapping_add(u32::from(first.unwrap_or(0)) << 8 | u32::from(last.unwrap_or(0)))
            .wrapping_mul(0x85EB_CA6B);
        (key >> 20) as usize % Self::FILTER_BITS
    }

    /// No word foreseen yet.
    fn empty() -> Self {
        Self {
            asked: HashMap::default(),
            all: std::cell::OnceCell::new(),
        }
    }

    /// Looks for the lowercase forms of the capitalised sentence-initial and all-capitals
    /// tokens `k` for which `foresee(k)`.
    fn new(text: &'t str, toks: &[Tok], foresee: impl Fn(usize) -> bool) -> Self {
        let mut asked: HashMap<String, bool, FxBuild> = HashMap::default();
        let mut filter = vec![0u64; Self::FILTER_BITS / 64];
        for (k, t) in toks.iter().enumerate() {
            if t.cap && (t.sent_start || t.all_caps) && foresee(k) {
                let Some(w) = t.span.get(text) else { continue };
                let key = lowercase(w);
                let bit = Self::filter_bit(key.as_bytes());
                filter[bit / 64] |= 1 << (bit % 64);
                asked.entry(key).or_insert(false);
            }
        }
        if !asked.is_empty() {
            for w in toks
                .iter()
                .filter(|t| t.lower)
                .filter_map(|t| t.span.get(text))
            {
                let bit = Self::filter_bit(w.as_bytes());
                if filter[bit / 64] & (1 << (bit % 64)) != 0 {
                    if let Some(seen) = asked.get_mut(w) {
                        *seen = true;
                    }
                }
            }
        }
        Self {
            asked,
            all: std::cell::OnceCell::new(),
        }
    }

    /// Whether `text`, split into `toks` (those given to [`LowerWords::new`]), has the
    /// lowercase word `lower`, exactly.
    fn contains(&self, text: &'t str, toks: &[Tok], lower: &str) -> bool {
        if let Some(&seen) = self.asked.get(lower) {
            return seen;
        }
        self.all
            .get_or_init(|| {
                toks.iter()
                    .filter(|t| t.lower)
                    .filter_map(|t| t.span.get(text))
                    .collect()
            })
            .contains(lower)
    }
}

/// A set of byte positions of a text, one bit each.
struct ByteSet {
    words: Vec<u64>,
}

impl ByteSet {
    fn new(len: usize) -> Self {
        Self {
            words: vec![0; len / 64 + 1],
        }
    }

    /// The bits of `start..end` in word `w`.
    fn mask(w: usize, start: usize, end: usize) -> u64 {
        let lo = start.max(w * 64) - w * 64;
        let hi = end.min(w * 64 + 64) - w * 64;
        // lo < hi <= 64
        (u64::MAX >> (64 - (hi - lo))) << lo
    }

    /// Whether any position of `start..end` (not empty, within the text) is in the set.
    fn any(&self, start: usize, end: usize) -> bool {
        (start / 64..=(end - 1) / 64).any(|w| self.words[w] & Self::mask(w, start, end) != 0)
    }

    /// Adds the positions `start..end` (not empty, within the text).
    fn insert(&mut self, start: usize, end: usize) {
        for w in start / 64..=(end - 1) / 64 {
            self.words[w] |= Self::mask(w, start, end);
        }
    }
}

/// Calls `f` with the lowercase form of `w`, without allocating for short ASCII words.
pub(crate) fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    const MAX: usize = 32;
    if w.len() <= MAX && w.is_ascii() {
        let mut buf = [0u8; MAX];
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        // ASCII lowercasing is the Unicode one on ASCII, and keeps the bytes valid UTF-8
        b.make_ascii_lowercase();
        f(std::str::from_utf8(b).unwrap_or_default())
    } else {
        f(&w.to_lowercase())
    }
}

/// `s` with its whitespace runs made single spaces and its ends trimmed; borrowed when it
/// already is (nearly every name: this runs for each candidate).
fn norm_name(s: &str) -> Cow<'_, str> {
    let mut prev_space = true;
    let plain = s.chars().all(|c| {
        let space = c.is_whitespace();
        let ok = !(space && (c != ' ' || prev_space));
        prev_space = space;
        ok
    }) && !prev_space;
    if plain || s.is_empty() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The lowercase form of `s` (ASCII names without the Unicode machinery).
fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// Sorts candidates by priority, then longest first, then leftmost, keeping the order of
/// equal ones (a stable sort). Below 2^28 bytes of text the three keys and the position pack
/// into one integer, sorted without the stable sort's buffer and comparisons.
fn sort_cands(cands: &mut Vec<Cand>, text_len: usize) {
    const BITS: u32 = 28;
    let fits = text_len < 1 << BITS && u32::try_from(cands.len()).is_ok();
    if !fits {
        cands.sort_by(|a, b| {
            a.prio
                .cmp(&b.prio)
                .then(b.span.len().cmp(&a.span.len()))
                .then(a.span.start.cmp(&b.span.start))
        });
        return;
    }
    let max = (1u64 << BITS) - 1;
    let mut keys: Vec<(u64, u32)> = cands
        .iter()
        .zip(0u32..)
        .map(|(c, i)| {
            // spans lie within the text (or are dropped later): both fit in BITS bits
            let len = (c.span.len() as u64).min(max);
            let start = (c.span.start as u64).min(max);
            (
                (u64::from(c.prio) << (2 * BITS)) | ((max - len) << BITS) | start,
                i,
            )
        })
        .collect();
    keys.sort_unstable();
    let old = std::mem::take(cands);
    cands.extend(keys.into_iter().map(|(_, i)| old[i as usize]));
}

fn kind_rank(k: &EntityKind) -> u8 {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Facility => 2,
        EntityKind::Location => 3,
        _ => 4,
    }
}

impl EntityRecognizer {
    /// A recognizer for `gazetteer` (if any) plus the default gazetteer and discovery.
    ///
    /// # Errors
    /// [`nutgraf_core::Error::Load`] when the gazetteer cannot be compiled.
    pub fn new(gazetteer: Option<&Gazetteer>) -> Result<Self> {
        Self::with_options(gazetteer, RecognizerOptions::default())
    }

    /// A recognizer with explicit options.
    ///
    /// # Errors
    /// [`nutgraf_core::Error::Load`] when the gazetteer cannot be compiled.
    pub fn with_options(gazetteer: Option<&Gazetteer>, options: RecognizerOptions) -> Result<Self> {
        let user = match gazetteer {
            Some(g) if !g.is_empty() => {
                let m = Matcher::with_options(
                    g,
                    MatchOptions {
                        case_insensitive: options.case_insensitive,
                        variants: true,
                    },
                )?;
                Some((g.clone(), m))
            }
            _ => None,
        };
        if options.default_gazetteer {
            LazyLock::force(&DEFAULT_MATCHER);
        }
        Ok(Self { user, options })
    }

    /// The options in force.
    #[must_use]
    pub fn options(&self) -> RecognizerOptions {
        self.options
    }

    /// Finds the entities of `text`. Spans are byte ranges of `text`; `sentences` (spans of
    /// `text`, may be empty) tell where sentences start, which keeps sentence-initial words such
    /// as `Earlier` from becoming names. Entities come in order of their first mention, each
    /// with its mentions sorted. Mentions do not overlap, except that a gazetteer place may sit
    /// inside the name of an organisation, facility or place (`Kestrel` in `University of
    /// Kestrel`), as a mention of the place.
    #[must_use]
    pub fn recognize(&self, text: &str, sentences: &[Span]) -> Vec<Entity> {
        if text.is_empty() {
            return Vec::new();
        }
        let mut starts: Vec<usize> = sentences
            .iter()
            .filter(|s| s.is_valid_in(text))
            .map(|s| s.start)
            .collect();
        starts.sort_unstable();
        let toks = tokenize(text, &starts);
        // about one candidate mention per ten words
        let cands_hint = toks.len() / 10 + 8;
        // about one entity per forty words
        let ents_hint = toks.len() / 40 + 8;
        let mut w = Work {
            text,
            lex: lexicon(),
            facts: vec![Cell::new(None); toks.len()],
            toks,
            ents: Vec::with_capacity(ents_hint),
            by_key: HashMap::with_capacity_and_hasher(ents_hint, FxBuild::default()),
            by_entry: HashMap::default(),
            cands: Vec::with_capacity(cands_hint),
            lower_words: LowerWords::empty(),
            runs: Vec::new(),
            mid_counts: std::cell::OnceCell::new(),
            // every matcher run below tries the same word starts
            starts: if self.user.is_some()
                || self.options.default_gazetteer
                || self.options.discovery
            {
                WordStarts::new(text)
            } else {
                WordStarts::default()
            },
        };
        // a sentence-initial stopword is stripped before the lowercase-word question
        let lower_words = LowerWords::new(text, &w.toks, |k| {
            w.toks[k].all_caps || !w.facts(k).has(fact::STOP)
        });
        w.lower_words = lower_words;
        if let Some((g, m)) = &self.user {
            for gm in m.find_all_from(text, &w.starts) {
                let ent = w.gaz_entity(&g.entries()[gm.entry], true, gm.entry);
                w.cands.push(Cand {
                    span: gm.span,
                    ent,
                    prio: prio::USER,
                });
            }
        }
        if self.options.default_gazetteer {
            let g = crate::lexicon::default_gazetteer();
            for gm in DEFAULT_MATCHER.find_all_from(text, &w.starts) {
                if w.dubious_default(gm) {
                    continue;
                }
                let ent = w.gaz_entity(&g.entries()[gm.entry], false, gm.entry);
                w.cands.push(Cand {
                    span: gm.span,
                    ent,
                    prio: prio::DEFAULT,
                });
            }
        }
        if self.options.discovery {
            w.discover();
            w.link_forms();
        }
        w.finish()
    }
}

impl<'t> Work<'t> {
    fn word(&self, k: usize) -> &'t str {
        self.toks[k].span.get(self.text).unwrap_or("")
    }

    /// What the word lists say of token `k` (looked up once per token).
    fn facts(&self, k: usize) -> Facts {
        let cell = &self.facts[k];
        cell.get().unwrap_or_else(|| {
            let f = self.lex.facts(self.word(k));
            cell.set(Some(f));
            f
        })
    }

    /// The entity of a gazetteer entry, merged with any entity of the same name.
    fn gaz_entity(&mut self, e: &GazetteerEntry, user: bool, idx: usize) -> usize {
        let key = (user, idx);
        if let Some(&i) = self.by_entry.get(&key) {
            return i;
        }
        let name_key = lowercase(&norm_name(&e.name));
        if let Some(&i) = self.by_key.get(&name_key) {
            self.by_entry.insert(key, i);
            return i;
        }
        let i = self.ents.len();
        self.ents.push(Ent {
            name: e.name.clone(),
            kind: e.kind.clone(),
            roles: Vec::new(),
            source: EntitySource::Gazetteer,
            id: if user { e.id.clone() } else { None },
            gender: None,
            person_tokens: 0,
        });
        self.by_entry.insert(key, i);
        self.by_key.insert(name_key, i);
        i
    }

    /// The entity of a discovered name, merged by name.
    fn disc_entity(&mut self, name: &str, kind: EntityKind) -> usize {
        let name = norm_name(name);
        // most names are seen again: look them up through short ASCII lowercasing on the
        // stack, and allocate the key only for a new entity
        if let Some(&i) = with_lower(&name, |k| self.by_key.get(k)) {
            return i;
        }
        let key = lowercase(&name);
        let i = self.ents.len();
        self.ents.push(Ent {
            name: name.into_owned(),
            kind,
            roles: Vec::new(),
            source: EntitySource::Discovered,
            id: None,
            gender: None,
            person_tokens: 0,
        });
        self.by_key.insert(key, i);
        i
    }

    /// A default-gazetteer match that is probably a common word: a single word at a sentence
    /// start that the text also uses in lowercase, or that is a stopword.
    fn dubious_default(&self, gm: GazetteerMatch) -> bool {
        let s = gm.span.get(self.text).unwrap_or("");
        // part of a hyphenated word with a lowercase part: `pro-Harbour`, `Wai-keung`
        fn lower_part(mut it: impl Iterator<Item = char>) -> bool {
            it.next().is_some_and(|c| c == '-') && it.next().is_some_and(char::is_lowercase)
        }
        if lower_part(self.text[..gm.span.start].chars().rev())
            || lower_part(self.text[gm.span.end..].chars())
        {
            return true;
        }
        if s.contains(' ') {
            return false;
        }
        let lower = s.to_lowercase();
        let all_caps = s
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        if self.lex.is_stopword(&lower) && !all_caps {
            return true;
        }
        let at = self.toks.partition_point(|t| t.span.start < gm.span.start);
        let initial = self
            .toks
            .get(at)
            .is_some_and(|t| t.span.start == gm.span.start && t.sent_start);
        initial && self.lower_words.contains(self.text, &self.toks, &lower)
    }

    fn add(&mut self, span: Span, ent: usize, prio: u8) {
        if !span.is_empty() {
            self.cands.push(Cand { span, ent, prio });
        }
    }

    fn is_connector(&self, k: usize) -> bool {
        is_connector_word(self.word(k))
    }

    /// Whether token `k` can start or continue a capitalised run.
    fn is_cap(&self, k: usize) -> bool {
        self.toks[k].cap
    }

    /// Whether token `k` ends with a period that closes a name (`Ltd.`, not `Dr.` or `U.S.`).
    fn ends_name(&self, k: usize) -> bool {
        let w = self.word(k);
        let Some(bare) = w.strip_suffix('.') else {
            return false;
        };
        !(self.lex.is_title(w) || bare.contains('.') || bare.chars().count() == 1)
    }

    /// Runs of capitalised words, with connectors inside.
    fn runs(&self) -> Vec<(usize, usize)> {
        let n = self.toks.len();
        let mut out = Vec::new();
        let mut k = 0;
        while k < n {
            if !self.is_cap(k) {
                k += 1;
                continue;
            }
            let a = k;
            let mut b = k;
            let mut j = k + 1;
            while j < n
                && j - a < 12
                && self.toks[j].space_before
                && !self.toks[j].sent_start
                && !self.ends_name(j - 1)
            {
                if self.is_cap(j) {
                    b = j;
                    j += 1;
                } else if self.is_connector(j) {
                    // connector(s) then a capitalised word: `of the`, `de la`
                    let mut m = j + 1;
                    while m < n && m - j < 3 && self.toks[m].space_before && self.is_connector(m) {
                        m += 1;
                    }
                    if m < n && self.toks[m].space_before && self.is_cap(m) {
                        b = m;
                        j = m + 1;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push((a, b));
            k = b + 1;
        }
        out
    }

    fn discover(&mut self) {
        let runs = self.runs();
        for &(a, b) in &runs {
            self.run(a, b, 0);
        }
        // the tokens do not change, so neither do the runs: link_forms reads them again
        self.runs = runs;
    }

    /// Whether token `k` looks like part of a person's name.
    fn namelike(&self, k: usize) -> bool {
        let w = self.word(k);
        let t = &self.toks[k];
        if is_name_particle(w) || is_generational(w) {
            return true;
        }
        if !t.cap || w.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        if t.all_caps && w.chars().filter(|c| c.is_alphabetic()).count() > 1 && !w.contains('.') {
            return false; // an acronym
        }
        let f = self.facts(k);
        !(f.has(fact::STOP | fact::TITLE_OR_MOD) || f.name_class != 0)
    }

    /// Handles the capitalised run `a..=b`.
    fn run(&mut self, mut a: usize, mut b: usize, depth: u8) {
        // a sentence-initial common word is not a name
        while a <= b {
            let w = self.word(a);
            // only a sentence-initial word needs the first-name test below
            let f = self.facts(a);
            let first_name = self.toks[a].sent_start && f.has(fact::FIRST);
            let strip = is_determiner(w)
                || self.is_connector(a)
                || (self.toks[a].sent_start
                    && !first_name
                    && !f.has(fact::TITLE)
                    && (f.has(fact::STOP)
                        || with_lower(w, |lower| {
                            self.lower_words.contains(self.text, &self.toks, lower)
                        })));
            // `Fans of the Harbour Gulls`: an unknown sentence-initial word before a connector
            let loose_head = self.toks[a].sent_start
                && a < b
                && self.is_connector(a + 1)
                && f.name_class == 0
                && !first_name
                && !f.has(fact::TITLE_OR_MOD);
            if !strip && !loose_head {
                break;
            }
            a += 1;
        }
        while b > a && self.is_connector(b) {
            b -= 1;
        }
        if a > b {
            return;
        }
        if self.person_by_title(a, b, depth) {
            return;
        }
        if self.person_by_context(a, b) {
            return;
        }
        // `Harbour Board Ada Lind`: a first name inside starts a person of its own
        if depth == 0 {
            let inner = (a + 1..b).find(|&k| {
                self.facts(k).has(fact::FIRST) && self.namelike(k + 1) && !self.is_connector(k - 1)
            });
            if let Some(k) = inner {
                self.run(a, k - 1, 1);
                self.run(k, b, 1);
                return;
            }
        }
        if self.typed_by_suffix(a, b) {
            return;
        }
        if !self.weak(a, b) {
            self.fallback(a, b);
        }
    }

    /// The longest person name starting at `s` and ending at or before `b`: name-like words,
    /// with particles inside. Returns the last index.
    fn name_end(&self, s: usize, b: usize) -> Option<usize> {
        self.name_end_with(s, b, false)
    }

    /// [`Self::name_end`]; `lenient` also accepts words that type places and organisations
    /// (`Hill`, `Park`) when the context already says this is a person.
    fn name_end_with(&self, s: usize, b: usize, lenient: bool) -> Option<usize> {
        let mut e = None;
        for k in s..=b.min(s + 4) {
            let ok = self.namelike(k)
                || (lenient
                    && k > s
                    && self.toks[k].cap
                    && !self.toks[k].all_caps
                    && self.facts(k).name_class == class::LOC
                    && !self.facts(k).has(fact::STOP));
            if !ok {
                break;
            }
            if k > s && !self.toks[k].space_before {
                break;
            }
            if !is_name_particle(self.word(k)) {
                e = Some(k);
            }
        }
        e
    }

    fn person_gender(&self, s: usize, e: usize, cue: Option<&str>) -> Option<Gender> {
        cue.and_then(|c| {
            c.split_whitespace()
                .rev()
                .find_map(|w| self.lex.title_gender(w))
        })
        .or_else(|| (s..=e).find_map(|k| self.facts(k).first_name().flatten()))
    }

    fn add_person(&mut self, s: usize, e: usize, role: Option<Span>, strong: bool) {
        let span = Span::new(self.toks[s].span.start, self.toks[e].span.end);
        let name = span.get(self.text).unwrap_or("");
        let role_text = role
            .and_then(|r| r.get(self.text))
            .map(|r| norm_name(r).into_owned());
        let gender = self.person_gender(s, e, role_text.as_deref());
        let ent = self.disc_entity(name, EntityKind::Person);
        let words = (s..=e).filter(|&k| !is_name_particle(self.word(k))).count();
        let en = &mut self.ents[ent];
        if en.kind != EntityKind::Person && en.source == EntitySource::Discovered {
            en.kind = EntityKind::Person;
        }
        if let Some(r) = role_text {
            if !r.is_empty() && !en.roles.contains(&r) {
                en.roles.push(r);
            }
        }
        if en.gender.is_none() {
            en.gender = gender;
        }
        if strong {
            en.person_tokens = en.person_tokens.max(words);
        }
        self.add(span, ent, if strong { prio::STRONG } else { prio::WEAK });
    }

    /// `NASA Administrator Jane Hale`, `Sen. Hale`, `President of the X Society`.
    fn person_by_title(&mut self, a: usize, b: usize, depth: u8) -> bool {
        // the last title word that is followed by a name
        let mut t = None;
        for k in a..b {
            let f = self.facts(k);
            if f.has(fact::TITLE_OR_MOD) {
                t = Some(k);
            } else if t.is_some() && f.has(fact::FIRST) {
                break;
            }
        }
        let Some(t) = t else { return false };
        if !(a..=t).any(|k| self.facts(k).has(fact::TITLE)) {
            return false;
        }
        let s = t + 1;
        if self.is_connector(s) {
            // `President of the Harbour Society`: the rest is a name of its own
            let mut r = s;
            while r <= b && self.is_connector(r) {
                r += 1;
            }
            if depth == 0 && r <= b {
                self.run(r, b, 1);
            }
            return true;
        }
        let e = match self.name_end(s, b) {
            Some(e) => e,
            // after a title any capitalised word is a name: `Mr Key`
            None if self.toks[s].cap && !self.toks[s].all_caps && !self.is_connector(s) => s,
            None => return false,
        };
        let role_start = self.role_start(a);
        let role = Span::new(role_start, self.toks[t].span.end);
        self.add_person(s, e, Some(role), true);
        if e < b && depth == 0 {
            self.run(e + 1, b, 1);
        }
        true
    }

    /// Where a role that ends just before token `a` (or at it) starts: lowercase role modifiers
    /// and an adjacent capitalised organisation are part of it.
    fn role_start(&self, a: usize) -> usize {
        let mut k = a;
        // lowercase modifiers right before: `former`, `deputy`
        while k > 0
            && self.toks[k].space_before
            && self.toks[k - 1].lower
            && self.facts(k - 1).has(fact::MOD | fact::ROLE)
        {
            k -= 1;
        }
        self.toks[k].span.start
    }

    /// A name after a lowercase role (`cosmonaut Ivo Lind`, `Harbour Board head Ivo Lind`), a
    /// known first name (`Dmitry Lind`), a speech verb (`Lind said`) or an apposition
    /// (`Lind, a doctor,`).
    fn person_by_context(&mut self, a: usize, b: usize) -> bool {
        let role = self.role_before(a);
        let first_name = self.facts(a).has(fact::FIRST);
        let strong_cue = role.is_some() || (first_name && b >= a + 2);
        let Some(e) = self.name_end_with(a, b, strong_cue && b <= a + 3) else {
            return false;
        };
        // the name must not run into an organisation or place word (`Ada Lind Foundation`);
        // after a connector a new name starts (`Ada Lind of the Harbour Party`)
        let tail_class = (e + 1..=b).take_while(|&k| !self.is_connector(k)).any(|k| {
            let f = self.facts(k);
            f.name_class != 0 || f.has(fact::STOP)
        });
        if tail_class {
            return false;
        }
        // `Cheng Chung-tai`, `Moon Jae-in`: a family name and a hyphenated given name
        if e == a + 1 && b == e {
            if let Some(end) = self.hyphenated_given_name(e) {
                let span = Span::new(self.toks[a].span.start, end);
                let name = span.get(self.text).unwrap_or("");
                let ent = self.disc_entity(name, EntityKind::Person);
                self.ents[ent].person_tokens = 2;
                let role = role
                    .and_then(|r| r.get(self.text))
                    .map(|r| norm_name(r).into_owned());
                if let Some(r) = role {
                    if !self.ents[ent].roles.contains(&r) {
                        self.ents[ent].roles.push(r);
                    }
                }
                self.add(span, ent, prio::STRONG);
                return true;
            }
        }
        let first = first_name && e > a;
        let multi = e > a;
        let apposition = self.apposition_role(e);
        let speech = e + 1 < self.toks.len()
            && self.toks[e + 1].space_before
            && is_speech_verb(self.word(e + 1));
        if role.is_some() && (multi || !self.toks[a].sent_start) {
            self.add_person(a, e, role, true);
        } else if first {
            self.add_person(a, e, None, true);
        } else if let Some(r) = apposition {
            self.add_person(a, e, Some(r), multi);
        } else if speech && (multi || !self.toks[a].sent_start) {
            self.add_person(a, e, None, false);
        } else {
            return false;
        }
        if e < b {
            self.run(e + 1, b, 1);
        }
        true
    }

    /// The end of `-tai` in `Chung-tai` right after token `e`: a short lowercase syllable that
    /// is not an English word of the text.
    fn hyphenated_given_name(&self, e: usize) -> Option<usize> {
        let end = self.toks[e].span.end;
        let rest = self.text[end..].strip_prefix('-')?;
        let len = rest
            .find(|c: char| !c.is_ascii_lowercase())
            .unwrap_or(rest.len());
        let syl = &rest[..len];
        let after = rest[len..].chars().next();
        let ok = (1..=6).contains(&len)
            && !after.is_some_and(crate::is_word_char)
            && after.is_none_or(|c| c != '-')
            && !self.lex.is_stopword(syl)
            && !syl.ends_with("ed")
            && !HYPHEN_SUFFIXES.contains(&syl);
        ok.then_some(end + 1 + len)
    }

    /// A lowercase role word (and what qualifies it) right before token `a`.
    fn role_before(&self, a: usize) -> Option<Span> {
        if a == 0 || !self.toks[a].space_before {
            return None;
        }
        let r = a - 1;
        if !(self.toks[r].lower && self.facts(r).has(fact::ROLE)) {
            return None;
        }
        let mut k = r;
        while k > 0
            && self.toks[k].space_before
            && self.toks[k - 1].lower
            && self.facts(k - 1).has(fact::MOD | fact::ROLE)
        {
            k -= 1;
        }
        // an organisation right before: `Roscosmos head`, `Harbour Board chair`, `Port of
        // Halvik chief executive` (connectors inside, between capitalised words)
        let org_word = |p: usize| {
            self.toks[p].cap && (!self.toks[p].sent_start || !self.facts(p).has(fact::STOP))
        };
        let mut c = k;
        loop {
            if c == 0 || !self.toks[c].space_before || k - (c - 1) > 6 {
                break;
            }
            if org_word(c - 1) {
                c -= 1;
                continue;
            }
            // `of` / `of the` / `for` between two capitalised words already taken
            let mut m = c - 1;
            while m > 0 && c - m <= 2 && self.is_connector(m) && self.toks[m].space_before {
                m -= 1;
            }
            // the head before `of` may be a common word at a sentence start (`Bank of ...`)
            let head = |p: usize| org_word(p) || (self.toks[p].cap && self.toks[p].sent_start);
            if m < c - 1 && c < k && matches!(self.word(m + 1), "of" | "for") && head(m) {
                c = m;
                continue;
            }
            break;
        }
        Some(Span::new(self.toks[c].span.start, self.toks[r].span.end))
    }

    /// `Hale, a doctor,` / `Hale, the agency's spokeswoman`: the role after a name ending at `e`.
    fn apposition_role(&self, e: usize) -> Option<Span> {
        let n = self.toks.len();
        let k = e + 1;
        if k >= n {
            return None;
        }
        let gap = &self.text[self.toks[e].span.end..self.toks[k].span.start];
        if gap.trim() != "," {
            return None;
        }
        let mut j = k;
        if is_determiner(self.word(j)) {
            j += 1;
        }
        let start = j;
        for m in j..(j + 4).min(n) {
            if m > start && !self.toks[m].space_before {
                return None;
            }
            let f = self.facts(m);
            if self.toks[m].lower && f.has(fact::ROLE) {
                return Some(Span::new(
                    self.toks[start].span.start,
                    self.toks[m].span.end,
                ));
            }
            if !(self.toks[m].cap || self.toks[m].lower && f.has(fact::MOD)) {
                return None;
            }
        }
        None
    }

    /// Organisations, facilities and places by their head word (`Harbour Ministry`,
    /// `University of Kest`, `Lake Orv`).
    fn typed_by_suffix(&mut self, a: usize, b: usize) -> bool {
        if a == b {
            return false;
        }
        let head = (a..=b)
            .find(|&k| self.word(k) == "of" && k > a)
            .map_or(b, |k| k - 1);
        let cls = self.facts(head).name_class;
        let first_cls = self.facts(a).name_class;
        let kind = if cls & class::ORG != 0 {
            EntityKind::Organization
        } else if cls & class::FAC != 0 {
            EntityKind::Facility
        } else if cls & class::LOC != 0 || first_cls & class::LOC_OF != 0 {
            EntityKind::Location
        } else {
            return false;
        };
        let span = Span::new(self.toks[a].span.start, self.toks[b].span.end);
        let name = span.get(self.text).unwrap_or("");
        let ent = self.disc_entity(name, kind);
        self.add(span, ent, prio::SUFFIX);
        true
    }

    /// Acronyms (`IAEA`) as organisations and lone first names (`Gloria`) as people, when
    /// nothing better is known.
    fn weak(&mut self, a: usize, b: usize) -> bool {
        if a != b {
            return false;
        }
        let w = self.word(a);
        let t = self.toks[a];
        let f = self.facts(a);
        if !t.all_caps && f.has(fact::FIRST) {
            let ent = self.disc_entity(w, EntityKind::Person);
            if self.ents[ent].gender.is_none() {
                self.ents[ent].gender = f.first_gender;
            }
            self.add(t.span, ent, prio::WEAK);
            return true;
        }
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if !t.all_caps
            || !(2..=6).contains(&letters)
            || f.has(fact::TITLE)
            || NOT_ACRONYMS.contains(&w)
            || w.chars()
                .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M' | '-'))
            || with_lower(w, |l| self.lower_words.contains(self.text, &self.toks, l))
        {
            return false;
        }
        // shouting: the neighbours are all caps too
        let loud = |k: usize| self.toks.get(k).is_some_and(|x| x.all_caps);
        if (a > 0 && loud(a - 1)) || loud(a + 1) {
            return false;
        }
        if f.has(fact::STOP) || self.count_mid_sentence(w) + usize::from(t.sent_start) < ACR_MIN {
            return false;
        }
        let ent = self.disc_entity(w, EntityKind::Organization);
        self.add(t.span, ent, prio::WEAK);
        true
    }

    /// A capitalised name with no other clue, in the middle of a sentence: `the Harbour Gulls`
    /// and single names used at least three times are organisations; the rest is left out.
    fn fallback(&mut self, a: usize, b: usize) {
        if self.toks[a].sent_start {
            return;
        }
        let span = Span::new(self.toks[a].span.start, self.toks[b].span.end);
        let name = span.get(self.text).unwrap_or("");
        if (a..=b).any(|k| self.facts(k).has(fact::STOP) && !self.is_connector(k)) {
            return;
        }
        // demonyms and languages: `Kestrian`, `Orvish`
        let demonym = a == b
            && ["an", "ans", "ese", "ish", "ic", "ics"]
                .iter()
                .any(|suf| name.ends_with(suf));
        if demonym {
            return;
        }
        let after_the = a > 0 && self.toks[a].space_before && self.word(a - 1) == "the";
        let repeated = a == b && self.count_mid_sentence(name) >= 3;
        if after_the || repeated {
            let ent = self.disc_entity(name, EntityKind::Organization);
            self.add(span, ent, prio::WEAK);
        }
    }

    /// How often `word` occurs capitalised and not at a sentence start.
    fn count_mid_sentence(&self, word: &str) -> usize {
        *self
            .mid_counts
            .get_or_init(|| {
                let mid = self.toks.iter().filter(|t| t.cap && !t.sent_start);
                let mut m: HashMap<&'t str, usize, FxBuild> =
                    HashMap::with_capacity_and_hasher(mid.clone().count(), FxBuild::default());
                for t in mid {
                    *m.entry(t.span.get(self.text).unwrap_or("")).or_default() += 1;
                }
                m
            })
            .get(word)
            .unwrap_or(&0)
    }

    /// Links surnames, full names and acronyms defined in parentheses to their entities, over
    /// the whole text.
    fn link_forms(&mut self) {
        // acronym definitions: a candidate followed by ` (ABC)`
        let mut forms: Vec<(String, usize, u8)> = Vec::new();
        let mut best: Vec<Cand> = self.cands.clone();
        best.sort_by_key(|c| (c.prio, std::cmp::Reverse(c.span.len())));
        let mut defined: HashSet<String, FxBuild> = HashSet::default();
        for c in &best {
            if let Some(acr) = self.acronym_after(c.span) {
                if defined.insert(acr.clone()) {
                    forms.push((acr, c.ent, prio::FORM));
                }
            }
        }
        // unknown capitalised long forms: `Harbour Widget Works (HWW)`
        let runs = if self.runs.is_empty() {
            self.runs()
        } else {
            std::mem::take(&mut self.runs)
        };
        for (a, b) in runs {
            if b == a {
                continue;
            }
            let span = Span::new(self.toks[a].span.start, self.toks[b].span.end);
            if let Some(acr) = self.acronym_after(span) {
                if !defined.contains(&acr) {
                    let mut a2 = a;
                    while a2 < b && is_determiner(self.word(a2)) {
                        a2 += 1;
                    }
                    let span = Span::new(self.toks[a2].span.start, self.toks[b].span.end);
                    let name = span.get(self.text).unwrap_or("");
                    let ent = self.disc_entity(name, EntityKind::Organization);
                    self.add(span, ent, prio::SUFFIX);
                    defined.insert(acr.clone());
                    forms.push((acr, ent, prio::FORM));
                }
            }
        }
        // organisations and places typed by their suffix: every occurrence, sentence-initial too
        let mut best_prio = vec![u8::MAX; self.ents.len()];
        for c in &self.cands {
            best_prio[c.ent] = best_prio[c.ent].min(c.prio);
        }
        for (i, e) in self.ents.iter().enumerate() {
            if e.source == EntitySource::Discovered
                && e.kind != EntityKind::Person
                && e.name.chars().count() >= 2
                && best_prio[i] <= prio::SUFFIX
            {
                forms.push((e.name.clone(), i, best_prio[i]));
            }
        }
        // persons: full names and unique surnames
        // Fx hashing: deterministic iteration order, so entity creation order never varies by run
        let mut surnames: HashMap<String, Vec<usize>, FxBuild> = HashMap::default();
        for (i, e) in self.ents.iter().enumerate() {
            if e.kind != EntityKind::Person || e.source != EntitySource::Discovered {
                continue;
            }
            if e.person_tokens >= 2 {
                forms.push((e.name.clone(), i, prio::FORM));
                let last = e
                    .name
                    .split_whitespace()
                    .rev()
                    .find(|w| !is_generational(w));
                if let Some(last) = last {
                    surnames.entry(last.to_owned()).or_default().push(i);
                }
            }
        }
        // first names of multi-word persons: `Gloria` for `Gloria Vance`, when only one fits
        let mut firsts: HashMap<String, Vec<usize>, FxBuild> = HashMap::default();
        for (i, e) in self.ents.iter().enumerate() {
            if e.kind == EntityKind::Person
                && e.source == EntitySource::Discovered
                && e.person_tokens >= 2
            {
                if let Some(f) = e.name.split_whitespace().next() {
                    if self.lex.first_name(f).is_some() && !surnames.contains_key(f) {
                        firsts.entry(f.to_owned()).or_default().push(i);
                    }
                }
            }
        }
        let mut merge: Vec<(usize, usize)> = Vec::new();
        let mut ambiguous = Vec::new();
        for (s, ents) in surnames.iter().chain(firsts.iter()) {
            if ents.len() == 1 {
                forms.push((s.clone(), ents[0], prio::FORM));
                if let Some(&single) = self.by_key.get(&s.to_lowercase()) {
                    if single != ents[0] && self.ents[single].source == EntitySource::Discovered {
                        merge.push((single, ents[0]));
                    }
                }
            } else {
                ambiguous.push(s.clone());
            }
        }
        // a surname that fits several people is a person of its own, linked to none of them
        for s in ambiguous {
            let ent = self.disc_entity(&s, EntityKind::Person);
            forms.push((s, ent, prio::WEAK));
        }
        for (from, to) in merge {
            let roles = std::mem::take(&mut self.ents[from].roles);
            for r in roles {
                if !self.ents[to].roles.contains(&r) {
                    self.ents[to].roles.push(r);
                }
            }
            if self.ents[to].gender.is_none() {
                self.ents[to].gender = self.ents[from].gender;
            }
            for c in &mut self.cands {
                if c.ent == from {
                    c.ent = to;
                    c.prio = c.prio.min(prio::FORM);
                }
            }
        }
        if forms.is_empty() {
            return;
        }
        // people apart from the rest, so a person's name inside an organisation's name is
        // still seen (`Ada Lind` in `Ada Lind Foundation`)
        let (people, others): (Vec<_>, Vec<_>) = forms
            .into_iter()
            .partition(|(_, e, _)| self.ents[*e].kind == EntityKind::Person);
        for group in [people, others] {
            if group.is_empty() {
                continue;
            }
            let names: Vec<&str> = group.iter().map(|(f, _, _)| f.as_str()).collect();
            let m = Matcher::for_names(&names);
            let ent_of: Vec<(usize, u8)> = group.iter().map(|&(_, e, p)| (e, p)).collect();
            for gm in m.find_all_from(self.text, &self.starts) {
                let (ent, p) = ent_of[gm.entry];
                self.add(gm.span, ent, p);
            }
        }
    }

    /// `ABC` when `span` is followed by ` (ABC)` and ABC's letters fit the span's capitals.
    fn acronym_after(&self, span: Span) -> Option<String> {
        let rest = self.text.get(span.end..)?;
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let inner = rest.strip_prefix('(')?;
        // only a short look ahead: an unclosed parenthesis must not cost a scan to the end
        let window = &inner[..nutgraf_core::text::floor_char_boundary(inner, 24)];
        let close = window.find(')')?;
        let acr = &inner[..close];
        let letters: Vec<char> = acr.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 2
            || letters.len() > 8
            || !letters.iter().all(|c| c.is_uppercase())
            || acr.chars().any(char::is_whitespace)
        {
            return None;
        }
        let long = span.get(self.text)?;
        let initials: Vec<char> = long
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        let fits = initials.first() == letters.first()
            && letters
                .iter()
                .all(|l| initials.contains(l) || long.contains(*l));
        fits.then(|| acr.to_owned())
    }

    /// Resolves overlaps by priority and builds the entities.
    fn finish(self) -> Vec<Entity> {
        let Work {
            text,
            ents,
            mut cands,
            ..
        } = self;
        sort_cands(&mut cands, text.len());
        // the bytes already taken by a mention, one bit each: taken mentions never overlap, so
        // a candidate clashes exactly when one of its bytes is taken
        let mut occupied = ByteSet::new(text.len());
        let mut taken: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, ent)
        let mut rejected = Vec::new();
        for c in cands {
            // every candidate is a non-empty span (`add` and the matchers give no empty one)
            if !c.span.is_valid_in(text) || c.span.is_empty() {
                continue;
            }
            if !occupied.any(c.span.start, c.span.end) {
                occupied.insert(c.span.start, c.span.end);
                taken.push((c.span.start, c.span.end, c.ent));
            } else if matches!(c.prio, prio::USER | prio::DEFAULT | prio::FORM) {
                rejected.push(c);
            }
        }
        taken.sort_unstable_by_key(|t| t.0);
        let mut mentions: Vec<Vec<Span>> = vec![Vec::new(); ents.len()];
        // a gazetteer place inside the name of an organisation, facility or place is a mention
        // of its own (`Kestrel` in `University of Kestrel`), never inside a person's name; so is
        // a known person's name inside an organisation's (`Ada Lind` in `Ada Lind Foundation`)
        for c in rejected {
            let inner = &ents[c.ent].kind;
            let place = *inner == EntityKind::Location && c.prio != prio::FORM;
            let person = *inner == EntityKind::Person && c.prio == prio::FORM;
            if !(place || person) {
                continue;
            }
            // the taken mention that starts last at or before this one, if it covers it
            let before = taken.partition_point(|t| t.0 <= c.span.start);
            let outer = before
                .checked_sub(1)
                .map(|k| taken[k])
                .filter(|t| t.1 >= c.span.end)
                .map(|(start, end, ent)| (Span::new(start, end), ent));
            if let Some((o, oe)) = outer {
                let nests = match ents[oe].kind {
                    EntityKind::Organization | EntityKind::Facility => true,
                    EntityKind::Location => place,
                    _ => false,
                };
                if nests && o != c.span && oe != c.ent {
                    mentions[c.ent].push(c.span);
                }
            }
        }
        for (start, end, ent) in taken {
            mentions[ent].push(Span::new(start, end));
        }
        for m in &mut mentions {
            m.sort_unstable();
            m.dedup();
        }
        let mut order: Vec<usize> = (0..ents.len())
            .filter(|&i| !mentions[i].is_empty())
            .collect();
        order.sort_by_key(|&i| mentions[i][0].start);
        // ids given by the gazetteer are reserved first; generated ids avoid them
        let mut used: HashSet<String, FxBuild> =
            order.iter().filter_map(|&i| ents[i].id.clone()).collect();
        // without given ids, generated ids (a prefix letter and a count) cannot clash: the
        // set of used ids is not needed
        let check = !used.is_empty();
        let mut given: HashSet<String, FxBuild> = HashSet::default();
        // one counter per prefix, in the order of `PREFIXES`
        const PREFIXES: [&str; 6] = ["g", "p", "o", "f", "l", "e"];
        let mut counters = [0usize; PREFIXES.len()];
        let mut out = Vec::with_capacity(order.len());
        let mut ents: Vec<Option<Ent>> = ents.into_iter().map(Some).collect();
        for i in order {
            let Some(e) = ents[i].take() else { continue };
            let id = match e.id.clone() {
                Some(id) if given.insert(id.clone()) => id,
                _ => {
                    let p = match (&e.source, kind_rank(&e.kind)) {
                        (EntitySource::Gazetteer, _) => 0,
                        (_, 0) => 1,
                        (_, 1) => 2,
                        (_, 2) => 3,
                        (_, 3) => 4,
                        _ => 5,
                    };
                    loop {
                        counters[p] += 1;
                        let mut id = String::with_capacity(8);
                        id.push_str(PREFIXES[p]);
                        id.push_str(itoa::Buffer::new().format(counters[p]));
                        if !check || !used.contains(&id) {
                            break id;
                        }
                    }
                }
            };
            if check {
                used.insert(id.clone());
            }
            out.push(Entity {
                id,
                name: e.name,
                kind: e.kind,
                roles: e.roles,
                source: e.source,
                mentions: std::mem::take(&mut mentions[i]),
                gender: e.gender,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{ByteSet, Cand, LowerWords, lowercase, norm_name, sort_cands};
    use crate::tokens::tokenize;
    use nutgraf_core::Span;

    proptest::proptest! {
        /// The packed sort orders candidates as the stable three-key sort does.
        #[test]
        fn packed_candidate_sort_is_the_stable_sort(
            raw in proptest::collection::vec((0u8..8, 0usize..60, 1usize..20, 0usize..5), 0..60),
        ) {
            let cands: Vec<Cand> = raw
                .iter()
                .map(|&(prio, start, len, ent)| Cand { span: Span::new(start, start + len), ent, prio })
                .collect();
            let mut want = cands.clone();
            want.sort_by(|a, b| {
                a.prio
                    .cmp(&b.prio)
                    .then(b.span.len().cmp(&a.span.len()))
                    .then(a.span.start.cmp(&b.span.start))
            });
            let key = |c: &Cand| (c.prio, c.span, c.ent);
            let mut got = cands.clone();
            sort_cands(&mut got, 100);
            proptest::prop_assert_eq!(got.iter().map(key).collect::<Vec<_>>(), want.iter().map(key).collect::<Vec<_>>());
            // past the packing limit the stable sort itself runs
            let mut big = cands;
            sort_cands(&mut big, 1 << 30);
            proptest::prop_assert_eq!(big.iter().map(key).collect::<Vec<_>>(), want.iter().map(key).collect::<Vec<_>>());
        }

        /// The foreseen lowercase words and the fallback set both answer as the plain set of
        /// lowercase words.
        #[test]
        fn lower_words_is_the_set_of_lowercase_words(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Earlier", "earlier", "EARLIER", "the", "The", "NASA", "nasa", "Nasa",
                    "Élan", "élan", "ÉLAN", "said", "Said", "iPhone", "Lind", ".", ",", "\n",
                ]),
                0..40,
            ),
            asks in proptest::collection::vec(
                proptest::sample::select(vec![
                    "earlier", "the", "nasa", "élan", "said", "iphone", "lind", "iPhone", "x",
                ]),
                0..6,
            ),
            foresee_every in 1usize..4,
        ) {
            let text = words.join(" ");
            let toks = tokenize(&text, &[]);
            let plain: std::collections::HashSet<&str> = toks
                .iter()
                .filter(|t| t.lower)
                .filter_map(|t| t.span.get(&text))
                .collect();
            // foreseeing no word, some words or all: the answers are the same
            let lw = LowerWords::new(&text, &toks, |k| k % foresee_every == 0);
            for q in asks.iter().chain(words.iter()).map(|w| lowercase(w)) {
                proptest::prop_assert_eq!(lw.contains(&text, &toks, &q), plain.contains(q.as_str()));
            }
        }


        /// The borrowing name normaliser gives what splitting and joining gives.
        #[test]
        fn norm_name_is_split_and_join(s in "[ a\\t\\n\u{a0}\u{2009}Éb.\\r]{0,12}") {
            let slow = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let fast = norm_name(&s);
            proptest::prop_assert_eq!(fast.as_ref(), slow.as_str());
            proptest::prop_assert_eq!(lowercase(&s), s.to_lowercase());
        }

        /// The bit set answers as a plain set of positions, across word boundaries too.
        #[test]
        fn byte_set_is_a_set_of_positions(
            spans in proptest::collection::vec((0usize..200, 1usize..90), 1..30),
        ) {
            let len = 300;
            let mut set = ByteSet::new(len);
            let mut plain = vec![false; len];
            for (start, n) in spans {
                let end = (start + n).min(len);
                let want = plain[start..end].iter().any(|&b| b);
                proptest::prop_assert_eq!(set.any(start, end), want);
                if !want {
                    set.insert(start, end);
                    plain[start..end].iter_mut().for_each(|b| *b = true);
                }
            }
        }
    }
}
