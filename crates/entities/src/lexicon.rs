//! Word lists embedded from `data/` (each file's header gives its source and licence).

use std::collections::{HashMap, HashSet};

use crate::fxhash::FxBuild;
use crate::strmap::StrMap;
use std::sync::LazyLock;

use nutgraf_core::Gender;

use crate::Gazetteer;

const FIRST_NAMES: &str = include_str!("../data/first_names.tsv");
const TITLES: &str = include_str!("../data/titles.tsv");
const NAME_WORDS: &str = include_str!("../data/name_words.tsv");
const STOPWORDS: &str = include_str!("../data/stopwords.txt");
const COUNTRIES_EXTRA: &str = include_str!("../data/countries_extra.tsv");
const PLACES: &str = include_str!("../data/places.tsv");
const ORGANIZATIONS: &str = include_str!("../data/organizations.tsv");

/// What a title or role word does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TitleClass {
    /// Capitalised before a name: `President`, `Dr.`.
    Title,
    /// A lowercase noun before a name: `cosmonaut`.
    Role,
    /// A modifier of a title or role: `Prime`, `deputy`.
    Mod,
}

/// A title or role word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TitleInfo {
    pub class: TitleClass,
    pub gender: Option<Gender>,
}

/// Name-typing word classes (bit flags).
pub(crate) mod class {
    pub const ORG: u8 = 1;
    pub const FAC: u8 = 2;
    pub const LOC: u8 = 4;
    pub const LOC_OF: u8 = 8;
}

/// Bits of [`Facts::bits`].
pub(crate) mod fact {
    /// A known first name.
    pub const FIRST: u8 = 1;
    /// A capitalised title (`President`).
    pub const TITLE: u8 = 2;
    /// A role noun (`cosmonaut`).
    pub const ROLE: u8 = 4;
    /// A title or role modifier (`deputy`).
    pub const MOD: u8 = 8;
    /// Starts with an uppercase letter and is in the title list.
    pub const TITLE_OR_MOD: u8 = 16;
    /// Its lowercase form is a stopword.
    pub const STOP: u8 = 32;
}

/// Everything the word lists say of one word as written, from one lookup: the answers of
/// [`Lexicon::first_name`], [`Lexicon::is_title`], [`Lexicon::is_role`],
/// [`Lexicon::is_role_mod`], [`Lexicon::is_title_or_mod`], [`Lexicon::title_gender`],
/// [`Lexicon::name_class`] and, for the lowercase form, [`Lexicon::is_stopword`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    /// [`fact`] bits.
    pub bits: u8,
    /// [`class`] bits.
    pub name_class: u8,
    /// The gender of a first name.
    pub first_gender: Option<Gender>,
    /// The gender a title or role word implies.
    pub title_gender: Option<Gender>,
}

impl Facts {
    /// Whether any of `bits` is set.
    pub fn has(self, bits: u8) -> bool {
        self.bits & bits != 0
    }

    /// [`Lexicon::first_name`]'s answer.
    pub fn first_name(self) -> Option<Option<Gender>> {
        self.has(fact::FIRST).then_some(self.first_gender)
    }
}

/// All the embedded word lists.
pub(crate) struct Lexicon {
    pub first_names: HashMap<&'static str, Option<Gender>, FxBuild>,
    /// Keyed by the word as written; lowercase roles and mods also under their lowercase form.
    pub titles: HashMap<&'static str, Vec<TitleInfo>, FxBuild>,
    pub name_words: HashMap<&'static str, u8, FxBuild>,
    pub stopwords: HashSet<&'static str, FxBuild>,
    /// The first three lists merged: one lookup answers them all (see [`Facts`]).
    facts: StrMap<Facts>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn gender(s: Option<&str>) -> Option<Gender> {
    match s.map(str::trim) {
        Some("m") => Some(Gender::Male),
        Some("f") => Some(Gender::Female),
        _ => None,
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut first_names = HashMap::default();
    for l in data_lines(FIRST_NAMES) {
        let mut cols = l.split('\t');
        if let Some(name) = cols.next() {
            first_names.insert(name, gender(cols.next()));
        }
    }
    let mut titles: HashMap<&'static str, Vec<TitleInfo>, FxBuild> = HashMap::default();
    for l in data_lines(TITLES) {
        let mut cols = l.split('\t');
        let (Some(word), Some(cls)) = (cols.next(), cols.next()) else {
            continue;
        };
        let class = match cls {
            "title" => TitleClass::Title,
            "role" => TitleClass::Role,
            _ => TitleClass::Mod,
        };
        titles.entry(word).or_default().push(TitleInfo {
            class,
            gender: gender(cols.next()),
        });
    }
    let mut name_words: HashMap<&'static str, u8, FxBuild> = HashMap::default();
    for l in data_lines(NAME_WORDS) {
        let mut cols = l.split('\t');
        let (Some(word), Some(cls)) = (cols.next(), cols.next()) else {
            continue;
        };
        let bit = match cls {
            "org" => class::ORG,
            "fac" => class::FAC,
            "loc" => class::LOC,
            "locof" => class::LOC_OF,
            _ => 0,
        };
        *name_words.entry(word).or_default() |= bit;
    }
    let stopwords = data_lines(STOPWORDS)
        .flat_map(str::split_whitespace)
        .collect();
    let mut lex = Lexicon {
        first_names,
        titles,
        name_words,
        stopwords,
        facts: StrMap::with_capacity(0),
    };
    // every listed word, and each stopword in the three casings of `simply_cased` words: a
    // simply cased word missing from the table then has no stopword as its lowercase form
    let stop_variants: Vec<String> = lex
        .stopwords
        .iter()
        .flat_map(|s| [capitalised(s), s.to_ascii_uppercase()])
        .collect();
    let keys: Vec<&str> = lex
        .first_names
        .keys()
        .chain(lex.titles.keys())
        .chain(lex.name_words.keys())
        .chain(lex.stopwords.iter())
        .copied()
        .chain(stop_variants.iter().map(String::as_str))
        .collect();
    let mut facts = StrMap::with_capacity(keys.len());
    for w in keys {
        facts.get_or_insert(w, lex.facts_by_lists(w, true));
    }
    lex.facts = facts;
    lex
});

/// `word` with its first character uppercased.
fn capitalised(word: &str) -> String {
    let mut cs = word.chars();
    cs.next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// An ASCII word in lowercase, capitalised (`The`) or in capitals: the casings the stopword
/// variants of the merged table cover.
fn simply_cased(word: &str) -> bool {
    let b = word.as_bytes();
    if !b.is_ascii() {
        return false;
    }
    let rest = b.get(1..).unwrap_or_default();
    let no_upper = |s: &[u8]| !s.iter().any(u8::is_ascii_uppercase);
    no_upper(rest) || !b.iter().any(u8::is_ascii_lowercase)
}

/// The embedded word lists.
pub(crate) fn lexicon() -> &'static Lexicon {
    &LEXICON
}

static DEFAULT_GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut g = Gazetteer::parse(COUNTRIES_EXTRA, "countries_extra.tsv")
        .expect("embedded countries_extra.tsv is valid");
    g.merge(
        Gazetteer::parse(ORGANIZATIONS, "organizations.tsv")
            .expect("embedded organizations.tsv is valid"),
    );
    g.merge(Gazetteer::parse(PLACES, "places.tsv").expect("embedded places.tsv is valid"));
    g
});

/// The default gazetteer, parsed once.
pub(crate) fn default_gazetteer() -> &'static Gazetteer {
    &DEFAULT_GAZETTEER
}

impl Lexicon {
    /// Title information for a word, as written or lowercased.
    pub fn title(&self, word: &str) -> Option<&[TitleInfo]> {
        self.titles.get(word).map(Vec::as_slice)
    }

    /// Whether the word (as written) is a capitalised title.
    pub fn is_title(&self, word: &str) -> bool {
        self.title(word)
            .is_some_and(|t| t.iter().any(|i| i.class == TitleClass::Title))
    }

    /// Whether the word (as written) is a capitalised title or title modifier.
    pub fn is_title_or_mod(&self, word: &str) -> bool {
        word.chars().next().is_some_and(char::is_uppercase) && self.title(word).is_some()
    }

    /// Whether the lowercase word is a role noun.
    pub fn is_role(&self, word: &str) -> bool {
        self.title(word)
            .is_some_and(|t| t.iter().any(|i| i.class == TitleClass::Role))
    }

    /// Whether the lowercase word is a role modifier (`deputy`, `former`).
    pub fn is_role_mod(&self, word: &str) -> bool {
        self.title(word)
            .is_some_and(|t| t.iter().any(|i| i.class == TitleClass::Mod))
    }

    /// The gender a title or role word implies.
    pub fn title_gender(&self, word: &str) -> Option<Gender> {
        self.title(word)?.iter().find_map(|i| i.gender)
    }

    /// Whether the word, lowercased, is a common word.
    pub fn is_stopword(&self, lower: &str) -> bool {
        self.stopwords.contains(lower)
    }

    /// Name-class flags of a word as written.
    pub fn name_class(&self, word: &str) -> u8 {
        self.name_words.get(word).copied().unwrap_or(0)
    }

    /// Whether the word is a known first name; the outer option is "known", the inner the gender.
    pub fn first_name(&self, word: &str) -> Option<Option<Gender>> {
        self.first_names.get(word).copied()
    }

    /// The facts of `word` as written, from the merged table (one lookup, plus one for the
    /// stopword test of its lowercase form).
    pub fn facts(&self, word: &str) -> Facts {
        if let Some(&f) = self.facts.get(word) {
            return f;
        }
        let mut f = Facts::default();
        if !simply_cased(word) && crate::recognizer::with_lower(word, |l| self.is_stopword(l)) {
            f.bits |= fact::STOP;
        }
        f
    }

    /// The facts of `word` asked of each list in turn; `stop` adds the stopword test. The
    /// merged table is built from this, and tests compare the two.
    fn facts_by_lists(&self, word: &str, stop: bool) -> Facts {
        let mut bits = 0;
        let flags = [
            (self.first_name(word).is_some(), fact::FIRST),
            (self.is_title(word), fact::TITLE),
            (self.is_role(word), fact::ROLE),
            (self.is_role_mod(word), fact::MOD),
            (self.is_title_or_mod(word), fact::TITLE_OR_MOD),
            (
                stop && crate::recognizer::with_lower(word, |l| self.is_stopword(l)),
                fact::STOP,
            ),
        ];
        for (on, bit) in flags {
            if on {
                bits |= bit;
            }
        }
        Facts {
            bits,
            name_class: self.name_class(word),
            first_gender: self.first_name(word).flatten(),
            title_gender: self.title_gender(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_load() {
        let l = lexicon();
        assert!(l.first_names.len() > 2000);
        for n in [
            "Dmitry", "Andrey", "Olga", "Jared", "Mehmet", "Ngozi", "Mary",
        ] {
            assert!(l.first_name(n).is_some(), "{n}");
        }
        assert_eq!(l.first_name("Olga"), Some(Some(Gender::Female)));
        assert!(l.is_title("Administrator") && l.is_title("Sen.") && l.is_title("Dr."));
        assert!(l.is_role("cosmonaut") && l.is_role("head") && l.is_role("spokeswoman"));
        assert_eq!(l.title_gender("spokeswoman"), Some(Gender::Female));
        assert!(l.name_class("Ministry") & class::ORG != 0);
        assert!(l.is_stopword("earlier") && l.is_stopword("the"));
        let g = default_gazetteer();
        assert!(g.len() > 20_000);
        assert!(
            g.entries()
                .iter()
                .any(|e| e.name == "United States" && e.aliases.iter().any(|a| a == "U.S."))
        );
    }

    /// The merged table answers as the lists do, for every listed word, its case variants,
    /// and words in no list.
    #[test]
    fn merged_facts_agree_with_the_lists() {
        let l = lexicon();
        let mut words: Vec<String> = Vec::new();
        for w in l
            .first_names
            .keys()
            .chain(l.titles.keys())
            .chain(l.name_words.keys())
            .chain(l.stopwords.iter())
        {
            words.extend([
                (*w).to_owned(),
                w.to_lowercase(),
                w.to_uppercase(),
                capitalised(w),
                capitalised(&w.to_lowercase()),
            ]);
        }
        words.extend(["", "Zzyzx", "ÉMILE", "émile", "Ünal", "x"].map(String::from));
        for w in &words {
            assert_eq!(l.facts(w), l.facts_by_lists(w, true), "{w:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn merged_facts_agree_on_any_word(w in "[A-Za-zÉéÜüİı.'-]{0,12}|([Tt][Hh][Ee])|([Aa][Nn][Dd])") {
            let l = lexicon();
            proptest::prop_assert_eq!(l.facts(&w), l.facts_by_lists(&w, true));
        }
    }
}
