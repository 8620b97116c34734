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
/// Words that, right before a speaker phrase, show that the phrase is inside a subordinate
/// clause or a prepositional phrase (`what he said`, `about Smith said`), so not a speaker.
pub(crate) const BLOCKS: Info = 1 << 15;
/// See [`is_determiner`].
pub(crate) const DETERMINER: Info = 1 << 16;
/// See [`is_cue_modifier`].
pub(crate) const CUE_MODIFIER: Info = 1 << 17;
/// See [`is_auxiliary`].
pub(crate) const AUXILIARY: Info = 1 << 18;
/// The irregular verb forms of [`is_verb_form_with`] (`said`, `told`); forms in `-ed` are
/// tested on the word.
const VERB_WORD: Info = 1 << 19;
/// See [`is_passive_aux`].
pub(crate) const PASSIVE_AUX: Info = 1 << 20;
/// Words that can start the subject of a reported clause, used to find where an adjunct after
/// the cue ends (`said on Friday the company would ...`).
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

/// `log2` of the slots of [`Table::short`]: the table is less than a fifth full (at most half,
/// see the tests), so most words, listed or not, are decided by their first slot.
const SHORT_BITS: u32 = 12;
const SHORT_SLOTS: usize = 1 << SHORT_BITS;
/// `log2` of the slots of [`Table::mid`].
const MID_BITS: u32 = 9;
const MID_SLOTS: usize = 1 << MID_BITS;

/// The word table: keys of up to 16 bytes packed into one or two `u64` (see [`pack`]) in
/// open-addressing tables with linear probing, the longer keys in a list.
///
/// The keys alone fill the probed arrays (8 or 16 bytes a slot, 40 KB in all): a word in no
/// list, most of those looked up, touches nothing else. Listed words have no zero byte, so a
/// packed key is never `0` (an empty slot) and its length is where its bytes stop.
pub(crate) struct Table {
    /// The packed keys of 1 to 8 bytes, `0` for an empty slot.
    short: Box<[u64; SHORT_SLOTS]>,
    /// The classes of the key in the same slot of `short`.
    short_info: Box<[Info; SHORT_SLOTS]>,
    /// The keys of 9 to 16 bytes: their first 8 bytes and the rest packed; `(0, 0)` for an
    /// empty slot.
    mid: Box<[(u64, u64); MID_SLOTS]>,
    /// The classes of the key in the same slot of `mid`.
    mid_info: Box<[Info; MID_SLOTS]>,
    /// The keys of more than 16 bytes (a handful).
    long: Vec<(&'static [u8], Info)>,
}

/// The little-endian `u64` of 4 bytes of `b` from `i` (`0` past the end).
#[inline(always)]
fn load4(b: &[u8], i: usize) -> u64 {
    b.get(i..i + 4)
        .and_then(|x| <[u8; 4]>::try_from(x).ok())
        .map_or(0, |x| u64::from(u32::from_le_bytes(x)))
}

/// The bytes of a key of up to 8 bytes in a `u64`, the first byte lowest, the rest `0` (the
/// first 8 bytes of a longer key): overlapping loads of its ends, no copy.
#[inline]
pub(crate) fn pack(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 8 {
        b.get(..8)
            .and_then(|x| <[u8; 8]>::try_from(x).ok())
            .map_or(0, u64::from_le_bytes)
    } else if n >= 4 {
        // the bytes the two loads share are equal, so `|` keeps them
        load4(b, 0) | load4(b, n - 4) << (8 * (n - 4))
    } else if n > 0 {
        let at = |i: usize| u64::from(b[i]) << (8 * i);
        at(0) | at(n / 2) | at(n - 1)
    } else {
        0
    }
}

/// The length of the key packed in `key` when it has no zero byte (the position after its
/// highest non-zero byte).
#[inline(always)]
fn packed_len(key: u64) -> usize {
    8 - (key.leading_zeros() / 8) as usize
}

/// The slot of packed key `key` in [`Table::short`].
#[inline(always)]
fn short_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SHORT_BITS)) as usize
}

/// The slot of the key packed in `a`, `z` in [`Table::mid`].
#[inline(always)]
fn mid_slot(a: u64, z: u64) -> usize {
    ((a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ z).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
        >> (64 - MID_BITS)) as usize
}

/// A boxed array of `N` copies of `x`.
fn boxed<T: Copy, const N: usize>(x: T) -> Box<[T; N]> {
    let v: Box<[T]> = vec![x; N].into_boxed_slice();
    match v.try_into() {
        Ok(a) => a,
        // (a slice of `N` elements always converts)
        Err(_) => unreachable!(),
    }
}

impl Table {
    fn build(words: Vec<(&'static str, Info)>) -> Self {
        let mut merged: Vec<(&'static str, Info)> = Vec::new();
        let mut index: std::collections::HashMap<&'static str, usize> =
            std::collections::HashMap::new();
        for (w, info) in words {
            match index.get(w) {
                Some(&k) => {
                    // a later cue line replaces the cue bits of an earlier one; classes add up
                    let e = &mut merged[k].1;
                    *e = if info & CUE != 0 {
                        (*e & !CUE_BITS) | info
                    } else {
                        *e | info
                    };
                }
                None => {
                    index.insert(w, merged.len());
                    merged.push((w, info));
                }
            }
        }
        let mut table = Self {
            short: boxed(0),
            short_info: boxed(0),
            mid: boxed((0, 0)),
            mid_info: boxed(0),
            long: Vec::new(),
        };
        let (mut n_short, mut n_mid) = (0, 0);
        for (w, info) in merged {
            let b = w.as_bytes();
            // (a key with a zero byte could not be found; the lists have none)
            if b.is_empty() || b.contains(&0) {
                continue;
            }
            if b.len() <= 8 {
                // never full: one slot stays empty, so every probe ends
                if n_short + 1 >= SHORT_SLOTS {
                    continue;
                }
                let key = pack(b);
                let mut s = short_slot(key);
                while table.short[s] != 0 {
                    s = (s + 1) & (SHORT_SLOTS - 1);
                }
                table.short[s] = key;
                table.short_info[s] = info;
                n_short += 1;
            } else if b.len() <= 16 {
                if n_mid + 1 >= MID_SLOTS {
                    continue;
                }
                let (a, z) = (pack(b), pack(&b[8..]));
                let mut s = mid_slot(a, z);
                while table.mid[s] != (0, 0) {
                    s = (s + 1) & (MID_SLOTS - 1);
                }
                table.mid[s] = (a, z);
                table.mid_info[s] = info;
                n_mid += 1;
            } else {
                table.long.push((b, info));
            }
        }
        table
    }

    /// [`Self::get`] of the word of `len` bytes (1 to 8) whose bytes, the first lowest, are
    /// `key` (the higher bytes `0`): the tokenizer has them in a register already.
    #[inline(always)]
    pub(crate) fn get_packed(&self, key: u64, len: usize) -> Info {
        let mut s = short_slot(key);
        loop {
            let k = self.short[s];
            if k == key {
                // (a word with a zero byte packs like a shorter one; no listed word has one)
                return if packed_len(key) == len {
                    self.short_info[s]
                } else {
                    0
                };
            }
            if k == 0 {
                return 0;
            }
            s = (s + 1) & (SHORT_SLOTS - 1);
        }
    }

    /// [`Self::get`] of the word of `len` bytes (9 to 16) whose first 8 bytes are `a` and whose
    /// other bytes are packed in `z` (the higher bytes `0`).
    #[inline(always)]
    pub(crate) fn get_mid(&self, a: u64, z: u64, len: usize) -> Info {
        let mut s = mid_slot(a, z);
        loop {
            let (ka, kz) = self.mid[s];
            if ka == a && kz == z {
                return if 8 + packed_len(z) == len {
                    self.mid_info[s]
                } else {
                    0
                };
            }
            if ka == 0 {
                return 0;
            }
            s = (s + 1) & (MID_SLOTS - 1);
        }
    }

    /// [`Self::get_packed`] of a word with no zero byte (the tokenizer's words of ASCII
    /// letters), whose length is where its packed bytes stop.
    #[inline(always)]
    pub(crate) fn get_letters(&self, key: u64) -> Info {
        debug_assert!(key.to_le_bytes()[..packed_len(key)].iter().all(|&x| x != 0));
        let mut s = short_slot(key);
        loop {
            let k = self.short[s];
            if k == key {
                return self.short_info[s];
            }
            if k == 0 {
                return 0;
            }
            s = (s + 1) & (SHORT_SLOTS - 1);
        }
    }

    /// [`Self::get_mid`] of a word with no zero byte (see [`Self::get_letters`]).
    #[inline(always)]
    pub(crate) fn get_letters_mid(&self, a: u64, z: u64) -> Info {
        debug_assert!(a.to_le_bytes().iter().all(|&x| x != 0));
        debug_assert!(z.to_le_bytes()[..packed_len(z)].iter().all(|&x| x != 0));
        let mut s = mid_slot(a, z);
        loop {
            let (ka, kz) = self.mid[s];
            if ka == a && kz == z {
                return self.mid_info[s];
            }
            if ka == 0 {
                return 0;
            }
            s = (s + 1) & (MID_SLOTS - 1);
        }
    }

    /// The classes of the lowercase word `w` (`0` for a word in no list).
    #[inline]
    pub(crate) fn get(&self, w: &[u8]) -> Info {
        match w.len() {
            0 => 0,
            n @ 1..=8 => self.get_packed(pack(w), n),
            n @ 9..=16 => self.get_mid(pack(w), pack(&w[8..]), n),
            _ => self
                .long
                .iter()
                .find(|&&(k, _)| k == w)
                .map_or(0, |&(_, info)| info),
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

/// Whether a lowercase word whose classes are `info` is a cue form that is only a verb (a
/// plain past in `-ed`, `said`, `told`, `says`), never a noun.
#[inline]
pub(crate) fn is_verb_form_with(lower: &str, info: Info) -> bool {
    lower.ends_with("ed") || info & VERB_WORD != 0
}

/// Auxiliaries that make a following cue passive or non-finite (`is said to`, `was told`).
pub(crate) fn is_passive_aux(lower: &str) -> bool {
    info(lower) & PASSIVE_AUX != 0
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
        let verb = |w: &str| is_verb_form_with(w, info(w));
        assert!(verb("said") && verb("noted") && !verb("say"));
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

    /// The probed tables are at most half full (so probes stay short), and no key was left
    /// out of them.
    #[test]
    fn tables_are_at_most_half_full() {
        let short = TABLE.short.iter().filter(|&&k| k != 0).count();
        let mid = TABLE.mid.iter().filter(|&&k| k != (0, 0)).count();
        assert!(short * 2 <= SHORT_SLOTS, "{short}");
        assert!(mid * 2 <= MID_SLOTS, "{mid}");
        let mut keys: Vec<&str> = words().into_iter().map(|(w, _)| w).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(short + mid + TABLE.long.len(), keys.len());
        assert!(TABLE.long.len() <= 4);
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
        // zero bytes inside and at the end of keys of every length
        for &w in map.keys() {
            for k in 1..w.len() {
                probes.push(format!("{}\0{}", &w[..k], &w[k..]));
            }
            probes.push(format!("{w}\0\0\0\0\0\0\0\0"));
        }
        for n in 0..40 {
            probes.push("x".repeat(n));
            probes.push("spokespersons".chars().cycle().take(n).collect());
        }
        for p in &probes {
            let want = map.get(p.as_str()).copied().unwrap_or(0);
            assert_eq!(info(p), want, "{p:?}");
            let b = p.as_bytes();
            if (1..=8).contains(&b.len()) {
                assert_eq!(TABLE.get_packed(pack(b), b.len()), want, "{p:?}");
            }
            if (1..=8).contains(&b.len()) && !b.contains(&0) {
                assert_eq!(TABLE.get_letters(pack(b)), want, "{p:?}");
            }
            if (9..=16).contains(&b.len()) && !b.contains(&0) {
                assert_eq!(TABLE.get_letters_mid(pack(b), pack(&b[8..])), want, "{p:?}");
            }
            if (9..=16).contains(&b.len()) {
                assert_eq!(
                    TABLE.get_mid(pack(b), pack(&b[8..]), b.len()),
                    want,
                    "{p:?}"
                );
            }
        }
    }
}
