//! Word lists loaded from the data files under `data/`, and the fixed word classes of the rules.
//!
//! Every list lives in one open-addressing table keyed by the lowercase bytes of a word; a lookup
//! gives a bit set of the word's classes ([`Info`]). The tokenizer looks each word up once, so the
//! rules test bits instead of hashing strings; the `&str` functions below answer the same
//! questions for words that do not come from a token.

use std::sync::LazyLock;

/// The classes of a lowercase word form: a bit set of the constants below.
pub(crate) type Info = u32;

/// A cue-verb form (see [`CueInfo`] for the other `CUE_` bits).
pub(crate) const CUE: Info = 1 << 0;
const CUE_ING: Info = 1 << 1;
const CUE_REPORTS: Info = 1 << 2;
const CUE_TAKES_OBJECT: Info = 1 << 3;
const CUE_NEEDS_OUT: Info = 1 << 4;
const CUE_NEEDS_THAT: Info = 1 << 5;
const CUE_STRICT_THAT: Info = 1 << 6;
const CUE_BITS: Info = CUE
    | CUE_ING
    | CUE_REPORTS
    | CUE_TAKES_OBJECT
    | CUE_NEEDS_OUT
    | CUE_NEEDS_THAT
    | CUE_STRICT_THAT;
/// A title or role word stripped from names (`data/titles.txt`).
pub(crate) const TITLE: Info = 1 << 7;
/// A word that can head a speaker phrase with no name (`data/speaker_nouns.txt`).
pub(crate) const SPEAKER_NOUN: Info = 1 << 8;
/// A function word or sentence opener (`data/function_words.txt`).
pub(crate) const FUNCTION: Info = 1 << 9;
/// A day, month or the like (`data/time_words.txt`).
pub(crate) const TIME: Info = 1 << 10;
/// A word that starts an adjunct phrase after a cue (`data/adjunct_words.txt`).
pub(crate) const ADJUNCT: Info = 1 << 11;
const PRONOUN_MALE: Info = 1 << 12;
const PRONOUN_FEMALE: Info = 1 << 13;
const PRONOUN_NONE: Info = 1 << 14;
/// A personal pronoun that can be a speaker (`he`, `she`, `they`, `it`).
pub(crate) const PRONOUN: Info = PRONOUN_MALE | PRONOUN_FEMALE | PRONOUN_NONE;
/// See [`blocks_speaker`].
pub(crate) const BLOCKS: Info = 1 << 15;
/// See [`is_determiner`].
pub(crate) const DETERMINER: Info = 1 << 16;
/// See [`is_cue_modifier`].
pub(crate) const CUE_MODIFIER: Info = 1 << 17;
/// See [`is_auxiliary`].
pub(crate) const AUXILIARY: Info = 1 << 18;
/// The irregular verb forms of [`is_verb_form`] (`said`, `told`); forms in `-ed` are tested on
/// the word.
const VERB_WORD: Info = 1 << 19;
/// See [`is_passive_aux`].
pub(crate) const PASSIVE_AUX: Info = 1 << 20;
/// See [`starts_subject`].
pub(crate) const STARTS_SUBJECT: Info = 1 << 21;
/// A lowercase particle inside names (`of`, `de`, `van`): see [`is_connector`].
pub(crate) const CONNECTOR: Info = 1 << 22;
/// The word `according` (of `according to`).
pub(crate) const ACCORDING: Info = 1 << 23;

/// What the lexicon knows about a cue-verb form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CueInfo {
    /// The form ends in `-ing` (`adding`, `saying`).
    pub(crate) ing: bool,
    /// The verb can introduce a reported clause (`said that ...`); otherwise it only attributes
    /// text in quote marks.
    pub(crate) reports: bool,
    /// The verb takes a person as direct object (`told reporters`, `informed the council`).
    pub(crate) takes_object: bool,
    /// The verb is `point`, which cues only with the particle `out`.
    pub(crate) needs_out: bool,
    /// The verb mostly takes a noun object (`denied the claim`): a reported clause needs `that`
    /// or a subject pronoun.
    pub(crate) needs_that: bool,
    /// A verb of belief or finding (`think`, `found`): a reported clause needs `that`.
    pub(crate) strict_that: bool,
}

impl CueInfo {
    /// The cue information held in the bits of `info`, if it is a cue form.
    #[inline]
    pub(crate) fn from_info(info: Info) -> Option<Self> {
        (info & CUE != 0).then_some(Self {
            ing: info & CUE_ING != 0,
            reports: info & CUE_REPORTS != 0,
            takes_object: info & CUE_TAKES_OBJECT != 0,
            needs_out: info & CUE_NEEDS_OUT != 0,
            needs_that: info & CUE_NEEDS_THAT != 0,
            strict_that: info & CUE_STRICT_THAT != 0,
        })
    }

    fn bits(self) -> Info {
        let flag = |b: bool, bit: Info| if b { bit } else { 0 };
        CUE | flag(self.ing, CUE_ING)
            | flag(self.reports, CUE_REPORTS)
            | flag(self.takes_object, CUE_TAKES_OBJECT)
            | flag(self.needs_out, CUE_NEEDS_OUT)
            | flag(self.needs_that, CUE_NEEDS_THAT)
            | flag(self.strict_that, CUE_STRICT_THAT)
    }
}

fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Words of the fixed classes, with their bits.
const FIXED: &[(Info, &[&str])] = &[
    (PRONOUN_MALE, &["he"]),
    (PRONOUN_FEMALE, &["she"]),
    (PRONOUN_NONE, &["they", "it"]),
    (
        BLOCKS,
        &[
            "what", "which", "that", "who", "whom", "whose", "where", "if", "as", "than", "how",
            "why", "whether", "about", "of", "to", "from", "by", "with", "for", "whatever",
            "what's",
        ],
    ),
    (
        DETERMINER,
        &[
            "the", "a", "an", "some", "many", "most", "several", "other", "another", "both", "all",
            "few", "his", "her", "their", "its", "our", "one", "this", "these", "those", "two",
            "three", "four", "five",
        ],
    ),
    (
        CUE_MODIFIER,
        &[
            "also",
            "later",
            "then",
            "previously",
            "earlier",
            "further",
            "repeatedly",
            "recently",
            "once",
            "again",
            "has",
            "have",
            "had",
            "would",
            "will",
            "could",
            "might",
            "may",
            "did",
            "does",
            "do",
            "just",
            "simply",
            "often",
            "publicly",
            "privately",
            "reportedly",
            "allegedly",
            "frequently",
            "quickly",
            "flatly",
            "last",
            "week",
            "month",
            "year",
            "famously",
            "subsequently",
            "initially",
            "first",
            "finally",
            "even",
            "never",
            "always",
            "still",
            "now",
        ],
    ),
    (
        AUXILIARY,
        &[
            "was", "were", "is", "are", "has", "have", "had", "will", "would", "could", "should",
            "can", "may", "might", "must", "been", "did", "does",
        ],
    ),
    (VERB_WORD, &["said", "says", "told", "wrote", "thought"]),
    (
        PASSIVE_AUX,
        &[
            "is", "was", "were", "are", "been", "being", "be", "am", "get", "got",
        ],
    ),
    (
        STARTS_SUBJECT,
        &[
            "he", "she", "it", "they", "we", "i", "you", "there", "the", "a", "an", "this",
            "these", "those", "his", "her", "their", "its", "our", "my",
        ],
    ),
    (ACCORDING, &["according"]),
    (
        CONNECTOR,
        &[
            "of", "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "al", "bin",
            "el", "del", "dos", "das", "st",
        ],
    ),
];

/// The word table: open addressing with linear probing over a power-of-two array of slots.
pub(crate) struct Table {
    /// The keys of 1 to 8 bytes again, for [`Table::get_packed`]: `(packed key, length << 32 |
    /// classes)`, an empty slot with length `0`.
    short: Vec<(u64, u64)>,
    /// `64 - log2(short.len())`.
    short_shift: u32,
    /// `0` for an empty slot, else one more than the index into `entries`.
    slots: Vec<u16>,
    entries: Vec<Entry>,
    /// The length of the longest key: longer words are never looked up.
    max_len: usize,
    /// `64 - log2(slots.len())`: a slot is the top bits of the hash.
    shift: u32,
}

/// A key as two words that, with its length, determine a key of up to 16 bytes (see [`sig`]).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Sig {
    a: u64,
    z: u64,
    len: usize,
}

struct Entry {
    sig: Sig,
    key: &'static [u8],
    info: Info,
}

#[inline]
fn load8(b: &[u8]) -> u64 {
    b.get(..8)
        .and_then(|x| <[u8; 8]>::try_from(x).ok())
        .map_or(0, u64::from_le_bytes)
}

#[inline]
fn load4(b: &[u8]) -> u64 {
    b.get(..4)
        .and_then(|x| <[u8; 4]>::try_from(x).ok())
        .map_or(0, |x| u64::from(u32::from_le_bytes(x)))
}

/// The signature of a key without copying it: overlapping loads of its first and last bytes,
/// which cover every byte of a key of up to 16 bytes, so that equal signatures mean equal keys
/// up to that length.
#[inline]
fn sig(b: &[u8]) -> Sig {
    let n = b.len();
    let (a, z) = if n >= 8 {
        (load8(b), load8(&b[n - 8..]))
    } else if n >= 4 {
        (load4(b) | load4(&b[n - 4..]) << 32, 0)
    } else if n > 0 {
        (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    };
    Sig { a, z, len: n }
}

/// The bytes of a key of up to 8 bytes in a `u64`, the first byte lowest, the rest `0`
/// (the first 8 bytes of a longer key).
pub(crate) fn pack(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    for (x, &y) in a.iter_mut().zip(b) {
        *x = y;
    }
    u64::from_le_bytes(a)
}

/// The slot of packed key `key` in [`Table::short`].
#[inline(always)]
fn short_slot(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

impl Sig {
    #[inline]
    fn hash(self) -> u64 {
        const K1: u64 = 0x9E37_79B9_7F4A_7C15;
        const K2: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        ((self.a ^ self.len as u64).wrapping_mul(K1) ^ self.z).wrapping_mul(K2)
    }
}

impl Table {
    fn build(words: Vec<(&'static str, Info)>) -> Self {
        let mut entries: Vec<Entry> = Vec::new();
        let mut index: std::collections::HashMap<&'static str, usize> =
            std::collections::HashMap::new();
        for (w, info) in words {
            match index.get(w) {
                Some(&k) => {
                    // a later cue line replaces the cue bits of an earlier one; classes add up
                    let e = &mut entries[k];
                    e.info = if info & CUE != 0 {
                        (e.info & !CUE_BITS) | info
                    } else {
                        e.info | info
                    };
                }
                None => {
                    index.insert(w, entries.len());
                    entries.push(Entry {
                        sig: sig(w.as_bytes()),
                        key: w.as_bytes(),
                        info,
                    });
                }
            }
        }
        let size = (entries.len() * 4).next_power_of_two().max(64);
        let mut slots = vec![0u16; size];
        let shift = 64 - size.trailing_zeros();
        for (k, e) in entries.iter().enumerate() {
            let mut s = (e.sig.hash() >> shift) as usize;
            while slots[s] != 0 {
                s = (s + 1) & (size - 1);
            }
            slots[s] = u16::try_from(k + 1).unwrap_or(u16::MAX);
        }
        let max_len = entries.iter().map(|e| e.key.len()).max().unwrap_or(0);
        let n_short = entries.iter().filter(|e| e.key.len() <= 8).count();
        let short_size = (n_short * 4).next_power_of_two().max(64);
        let short_shift = 64 - short_size.trailing_zeros();
        let mut short = vec![(0u64, 0u64); short_size];
        for e in entries.iter().filter(|e| (1..=8).contains(&e.key.len())) {
            let key = pack(e.key);
            let mut s = short_slot(key, short_shift);
            while short[s].1 != 0 {
                s = (s + 1) & (short_size - 1);
            }
            short[s] = (key, (e.key.len() as u64) << 32 | u64::from(e.info));
        }
        Self {
            short,
            short_shift,
            slots,
            entries,
            max_len,
            shift,
        }
    }

    /// [`Self::get`] of the word of `len` bytes (1 to 8) whose bytes, the first lowest, are
    /// `key` (the higher bytes `0`): the tokenizer has them in a register already.
    #[inline(always)]
    pub(crate) fn get_packed(&self, key: u64, len: usize) -> Info {
        let mask = self.short.len() - 1;
        let mut s = short_slot(key, self.short_shift);
        loop {
            let Some(&(k, v)) = self.short.get(s) else {
                return 0;
            };
            if v == 0 {
                return 0;
            }
            if k == key && (v >> 32) as usize == len {
                return v as Info;
            }
            s = (s + 1) & mask;
        }
    }

    /// The classes of the lowercase word `w` (`0` for a word in no list).
    #[inline(always)]
    pub(crate) fn get(&self, w: &[u8]) -> Info {
        if w.is_empty() || w.len() > self.max_len {
            return 0;
        }
        let q = sig(w);
        let mask = self.slots.len() - 1;
        let mut s = (q.hash() >> self.shift) as usize;
        loop {
            let Some(&k) = self.slots.get(s) else {
                return 0;
            };
            let Some(e) = usize::from(k)
                .checked_sub(1)
                .and_then(|k| self.entries.get(k))
            else {
                return 0;
            };
            if e.sig == q && (q.len <= 16 || e.key == w) {
                return e.info;
            }
            s = (s + 1) & mask;
        }
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| Table::build(words()));

/// Every word of every list with its class bits, in list order.
fn words() -> Vec<(&'static str, Info)> {
    let mut words: Vec<(&'static str, Info)> = Vec::new();
    for line in lines(include_str!("../data/cue_verbs.txt")) {
        let (reports, line) = match line.strip_prefix('!') {
            Some(rest) => (false, rest),
            None => (true, line),
        };
        let (needs_that, line) = match line.strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let (strict_that, line) = match line.strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let mut forms = line.split_whitespace();
        let Some(base) = forms.next() else { continue };
        let takes_object = matches!(base, "tell" | "inform" | "assure" | "advise" | "warn");
        let needs_out = base == "point";
        for form in std::iter::once(base).chain(forms) {
            let info = CueInfo {
                ing: form.ends_with("ing") && form != base,
                reports,
                takes_object,
                needs_out,
                needs_that: needs_that || strict_that,
                strict_that,
            };
            words.push((form, info.bits()));
        }
    }
    let sets: [(Info, &'static str); 5] = [
        (TITLE, include_str!("../data/titles.txt")),
        (SPEAKER_NOUN, include_str!("../data/speaker_nouns.txt")),
        (FUNCTION, include_str!("../data/function_words.txt")),
        (TIME, include_str!("../data/time_words.txt")),
        (ADJUNCT, include_str!("../data/adjunct_words.txt")),
    ];
    for (bit, data) in sets {
        words.extend(lines(data).map(|w| (w, bit)));
    }
    for &(bit, list) in FIXED {
        words.extend(list.iter().map(|&w| (w, bit)));
    }
    words
}

/// The table of every word list.
pub(crate) fn table() -> &'static Table {
    &TABLE
}

/// Forces the table to load (so the first document does not pay for it).
pub(crate) fn warm() {
    LazyLock::force(&TABLE);
}

/// The classes of a lowercase word form (`0` for a word in no list).
#[inline]
pub(crate) fn info(lower: &str) -> Info {
    TABLE.get(lower.as_bytes())
}

/// The cue information of a lowercase word form.
pub(crate) fn cue(lower: &str) -> Option<CueInfo> {
    CueInfo::from_info(info(lower))
}

/// Whether a lowercase word is a title or role word stripped from names.
pub(crate) fn is_title(lower: &str) -> bool {
    info(lower.trim_end_matches('.')) & TITLE != 0
}

/// Whether a lowercase word can head a speaker phrase with no name.
pub(crate) fn is_speaker_noun(lower: &str) -> bool {
    info(lower) & SPEAKER_NOUN != 0
}

/// Whether a lowercase word is a function word or sentence opener.
pub(crate) fn is_function_word(lower: &str) -> bool {
    info(lower) & FUNCTION != 0
}

/// Whether a lowercase word names a day, month or the like.
pub(crate) fn is_time_word(lower: &str) -> bool {
    info(lower) & TIME != 0
}

/// Whether a lowercase word starts an adjunct phrase after a cue.
pub(crate) fn is_adjunct_start(lower: &str) -> bool {
    info(lower) & ADJUNCT != 0
}

/// The speaker pronoun in the bits of `info`, with the gender it tells.
#[inline]
pub(crate) fn pronoun_of(info: Info) -> Option<Option<nutgraf_core::Gender>> {
    use nutgraf_core::Gender;
    if info & PRONOUN_MALE != 0 {
        Some(Some(Gender::Male))
    } else if info & PRONOUN_FEMALE != 0 {
        Some(Some(Gender::Female))
    } else if info & PRONOUN_NONE != 0 {
        Some(None)
    } else {
        None
    }
}

/// Lowercase personal pronouns that can be a speaker, with the gender they tell.
pub(crate) fn pronoun(lower: &str) -> Option<Option<nutgraf_core::Gender>> {
    pronoun_of(info(lower))
}

/// Words that, right before a speaker phrase, show that the phrase is inside a subordinate
/// clause or a prepositional phrase (`what he said`, `about Smith said`), so not a speaker.
pub(crate) fn blocks_speaker(lower: &str) -> bool {
    info(lower) & BLOCKS != 0
}

/// Words a speaker phrase may start with when it has no name (`the`, `a`, `some`).
pub(crate) fn is_determiner(lower: &str) -> bool {
    info(lower) & DETERMINER != 0
}

/// Adverbs and auxiliaries that may stand between a speaker and a cue (`Smith also said`,
/// `she has said`, `he would later say`).
pub(crate) fn is_cue_modifier(lower: &str) -> bool {
    info(lower) & CUE_MODIFIER != 0
}

/// Auxiliaries and modals (`was`, `would`): after a cue they show that the cue is a noun
/// (`the claim was filed`) or that it sits in a relative clause (`that he said was wrong`).
pub(crate) fn is_auxiliary(lower: &str) -> bool {
    info(lower) & AUXILIARY != 0
}

/// Cue forms that are only verbs (a plain past in `-ed`, `said`, `told`, `says`), never nouns.
pub(crate) fn is_verb_form(lower: &str) -> bool {
    lower.ends_with("ed") || info(lower) & VERB_WORD != 0
}

/// [`is_verb_form`] of a word whose classes are already known.
#[inline]
pub(crate) fn is_verb_form_with(lower: &str, info: Info) -> bool {
    lower.ends_with("ed") || info & VERB_WORD != 0
}

/// Auxiliaries that make a following cue passive or non-finite (`is said to`, `was told`).
pub(crate) fn is_passive_aux(lower: &str) -> bool {
    info(lower) & PASSIVE_AUX != 0
}

/// Words that can start the subject of a reported clause, used to find where an adjunct after
/// the cue ends (`said on Friday the company would ...`).
pub(crate) fn starts_subject(lower: &str) -> bool {
    info(lower) & STARTS_SUBJECT != 0
}

/// Lowercase particles inside names (`Ministry of Health`, `Ludwig van Beethoven`).
pub(crate) fn is_connector(lower: &str) -> bool {
    info(lower) & CONNECTOR != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_and_answer() {
        warm();
        assert!(cue("said").is_some_and(|c| c.reports && !c.ing));
        assert!(cue("adding").is_some_and(|c| c.ing));
        assert!(cue("told").is_some_and(|c| c.takes_object));
        assert!(cue("asked").is_some_and(|c| !c.reports));
        assert!(cue("table").is_none());
        assert!(is_title("administrator") && is_title("dr.") && !is_title("isaacman"));
        assert!(is_speaker_noun("spokesperson") && !is_speaker_noun("banana"));
        assert!(is_function_word("however") && is_time_word("friday"));
        assert_eq!(pronoun("she"), Some(Some(nutgraf_core::Gender::Female)));
        assert_eq!(pronoun("it"), Some(None));
        assert_eq!(pronoun("him"), None);
        assert!(is_connector("van") && !is_connector("and"));
        assert!(is_verb_form("said") && is_verb_form("noted") && !is_verb_form("say"));
        assert_eq!(info(""), 0);
        assert_eq!(info("averyveryverylongwordthatisinnolist"), 0);
    }

    /// The table answers exactly as the lists: every listed word is found with its classes, and
    /// words close to listed ones are not.
    #[test]
    fn table_matches_the_lists() {
        for &(bit, list) in FIXED {
            for w in list {
                assert_ne!(info(w) & bit, 0, "{w}");
                assert_eq!(info(&format!("{w}x")) & bit, 0, "{w}x");
            }
        }
        for line in lines(include_str!("../data/cue_verbs.txt")) {
            let line = line.trim_start_matches(['!', '~', '^']);
            for form in line.split_whitespace() {
                assert!(cue(form).is_some(), "{form}");
            }
        }
        for w in lines(include_str!("../data/titles.txt")) {
            assert!(is_title(w), "{w}");
        }
        assert!(info("saidd") == 0 && info("sai") == 0);
    }

    /// The table against a plain map of the same words, on every key, on keys with one byte
    /// changed, cut or added, and on words of every length.
    #[test]
    fn table_lookups_equal_a_map() {
        let mut map: std::collections::HashMap<&str, Info> = std::collections::HashMap::new();
        for (w, bits) in words() {
            let e = map.entry(w).or_insert(0);
            *e = if bits & CUE != 0 {
                (*e & !CUE_BITS) | bits
            } else {
                *e | bits
            };
        }
        let mut probes: Vec<String> = Vec::new();
        for &w in map.keys() {
            probes.push(w.to_owned());
            for k in 0..w.len() {
                let mut b = w.as_bytes().to_vec();
                b[k] = b[k].wrapping_add(1) & 0x7f;
                probes.push(String::from_utf8_lossy(&b).into_owned());
                probes.push(format!("{}{}", &w[..k], &w[k + 1..]));
            }
            probes.push(format!("{w}e"));
        }
        // keys padded with zero bytes (a packed key pads with zeros), and every word of one or
        // two letters
        for &w in map.keys() {
            probes.push(format!("{w}\0"));
            probes.push(format!("\0{w}"));
        }
        probes.extend(["\0", "\0\0", "\0\0\0\0\0\0\0\0"].map(str::to_owned));
        for a in b'a'..=b'z' {
            probes.push(char::from(a).to_string());
            for b in b'a'..=b'z' {
                probes.push(format!("{}{}", char::from(a), char::from(b)));
            }
        }
        for n in 0..40 {
            probes.push("x".repeat(n));
            probes.push("spokespersons".chars().cycle().take(n).collect());
        }
        for p in &probes {
            let want = map.get(p.as_str()).copied().unwrap_or(0);
            assert_eq!(info(p), want, "{p:?}");
            if (1..=8).contains(&p.len()) {
                assert_eq!(TABLE.get_packed(pack(p.as_bytes()), p.len()), want, "{p:?}");
            }
        }
    }
}
