//! Word lists embedded from `data/` (each file's header gives its source and licence).

use std::collections::{HashMap, HashSet};

use crate::fxhash::FxBuild;
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

/// All the embedded word lists.
pub(crate) struct Lexicon {
    pub first_names: HashMap<&'static str, Option<Gender>, FxBuild>,
    /// Keyed by the word as written; lowercase roles and mods also under their lowercase form.
    pub titles: HashMap<&'static str, Vec<TitleInfo>, FxBuild>,
    pub name_words: HashMap<&'static str, u8, FxBuild>,
    pub stopwords: HashSet<&'static str, FxBuild>,
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
    Lexicon {
        first_names,
        titles,
        name_words,
        stopwords,
    }
});

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
}
