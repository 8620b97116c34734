//! Language data: abbreviations, sentence openers, prepositions and calendar words.
//!
//! Everything language-specific that the rules consult lives in plain-text data files under
//! `crates/segment/data/<lang>/`, parsed by [`Language::from_data`]. A second language is a new
//! set of files, not new code.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, LazyLock};

use nutgraf_core::{Error, Result};
use regex::Regex;

/// A small, fast hasher for the short keys of the word tables (FNV-1a, 64 bit). The tables
/// hold fixed data, so hash flooding is not a concern.
#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FastMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;
type FastSet = HashSet<String, BuildHasherDefault<Fnv>>;

/// How an abbreviation behaves before the next word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbbrevClass {
    /// Stands before a name and never ends a sentence (`Sen.`, `Dr.`, `Mt.`).
    Title,
    /// Stands before a number: no sentence end when a number follows (`No. 5`, `p. 55`).
    Number,
    /// May end a sentence: it does when the next word is a usual sentence opener or a title
    /// (`Apple Inc. The ...`), not before another capitalized word (`U.S. Government`).
    Ambiguous,
    /// Never ends a sentence (`e.g.`, `i.e.`).
    Never,
}

impl AbbrevClass {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "title" => Self::Title,
            "number" => Self::Number,
            "ambiguous" => Self::Ambiguous,
            "never" => Self::Never,
            _ => return None,
        })
    }
}

/// The language data the segmentation rules consult.
///
/// Build one with [`Language::english`] or, for another language, [`Language::from_data`].
#[derive(Clone)]
pub struct Language {
    code: String,
    /// Entries with a capital letter: matched exactly.
    exact: FastMap<AbbrevClass>,
    /// Entries in lower case: matched in any case.
    folded: FastMap<AbbrevClass>,
    starters: FastSet,
    prepositions: FastSet,
    dateline: Option<Regex>,
    /// A capitalized preposition glued to the text before it (`... constituency In the ...`).
    glued_opener: Option<Regex>,
    labels: FastSet,
    /// Longest abbreviation in bytes: longer tokens skip the lookup.
    max_abbrev: usize,
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Language")
            .field("code", &self.code)
            .field("abbreviations", &(self.exact.len() + self.folded.len()))
            .field("starters", &self.starters.len())
            .field("prepositions", &self.prepositions.len())
            .field("labels", &self.labels.len())
            .field("datelines", &self.dateline.is_some())
            .field("glued_openers", &self.glued_opener.is_some())
            .finish()
    }
}

/// The data files of a language, as text (usually from `include_str!`).
#[derive(Clone, Copy, Debug, Default)]
pub struct LanguageData<'a> {
    /// Abbreviations in `[class]` sections (see `data/en/abbreviations.txt`).
    pub abbreviations: &'a str,
    /// Words that usually open a sentence, one per line.
    pub starters: &'a str,
    /// Prepositions that open a short introductory phrase, one per line.
    pub prepositions: &'a str,
    /// Calendar words in `[weekday]` and `[month]` sections.
    pub dates: &'a str,
    /// Caption and credit labels (`Image`, `Photo`), one per line, case-sensitive.
    pub labels: &'a str,
}

static ENGLISH: LazyLock<Arc<Language>> = LazyLock::new(|| {
    let data = LanguageData {
        abbreviations: include_str!("../data/en/abbreviations.txt"),
        starters: include_str!("../data/en/starters.txt"),
        prepositions: include_str!("../data/en/prepositions.txt"),
        dates: include_str!("../data/en/dates.txt"),
        labels: include_str!("../data/en/labels.txt"),
    };
    // The bundled data is checked by the tests; a failure here is a build defect.
    Arc::new(Language::from_data("en", &data).expect("bundled English data is valid"))
});

/// Meaningful lines of a data file: (1-based line number, trimmed text), comments and blanks
/// dropped.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn load_error(source: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Load {
        source_name: source.to_owned(),
        line: Some(line),
        message: message.into(),
    }
}

fn word_set(source: &str, text: &str) -> Result<FastSet> {
    let mut set = FastSet::default();
    for (n, line) in data_lines(text) {
        if line.split_whitespace().count() != 1 {
            return Err(load_error(source, n, "expected one word per line"));
        }
        set.insert(line.to_lowercase());
    }
    Ok(set)
}

/// Parses `[section]` files into (section, line number, entry) triples.
fn sections<'a>(
    source: &str,
    text: &'a str,
    allowed: &[&str],
) -> Result<Vec<(&'a str, usize, &'a str)>> {
    let mut current: Option<&str> = None;
    let mut out = Vec::new();
    for (n, line) in data_lines(text) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            if !allowed.contains(&name) {
                return Err(load_error(
                    source,
                    n,
                    format!(
                        "unknown section [{name}] (expected one of {})",
                        allowed.join(", ")
                    ),
                ));
            }
            current = Some(name);
            continue;
        }
        let Some(section) = current else {
            return Err(load_error(source, n, "entry before the first [section]"));
        };
        if line.split_whitespace().count() != 1 {
            return Err(load_error(source, n, "expected one entry per line"));
        }
        out.push((section, n, line));
    }
    Ok(out)
}

impl Language {
    /// The bundled English data (shared, cheap to clone).
    #[must_use]
    pub fn english() -> Arc<Language> {
        Arc::clone(&ENGLISH)
    }

    /// Builds a language from its data files.
    ///
    /// # Errors
    /// [`Error::Load`] naming the file and line of a malformed entry, an unknown section or an
    /// abbreviation listed twice.
    pub fn from_data(code: &str, data: &LanguageData<'_>) -> Result<Language> {
        let abbr_src = format!("{code}/abbreviations.txt");
        let mut exact = FastMap::default();
        let mut folded = FastMap::default();
        for (section, n, entry) in sections(
            &abbr_src,
            data.abbreviations,
            &["title", "number", "ambiguous", "never"],
        )? {
            let class = AbbrevClass::parse(section).ok_or_else(|| {
                load_error(
                    &abbr_src,
                    n,
                    format!("unknown abbreviation class [{section}]"),
                )
            })?;
            let entry = entry.strip_suffix('.').unwrap_or(entry);
            if entry.is_empty() {
                return Err(load_error(&abbr_src, n, "empty abbreviation"));
            }
            let map = if entry.chars().any(char::is_uppercase) {
                &mut exact
            } else {
                &mut folded
            };
            if map.insert(entry.to_owned(), class).is_some() {
                return Err(load_error(
                    &abbr_src,
                    n,
                    format!("`{entry}` is listed twice"),
                ));
            }
        }
        // Lower-casing can change the byte length (a few letters), hence the margin.
        let max_abbrev = exact
            .keys()
            .chain(folded.keys())
            .map(|k| k.len() + 2)
            .max()
            .unwrap_or(0);
        let starters = word_set(&format!("{code}/starters.txt"), data.starters)?;
        let prepositions = word_set(&format!("{code}/prepositions.txt"), data.prepositions)?;

        let dates_src = format!("{code}/dates.txt");
        let mut weekdays = Vec::new();
        let mut months = Vec::new();
        for (section, n, entry) in sections(&dates_src, data.dates, &["weekday", "month"])? {
            match section {
                "weekday" => weekdays.push(regex::escape(entry)),
                "month" => months.push(regex::escape(entry)),
                _ => {
                    return Err(load_error(
                        &dates_src,
                        n,
                        format!("unknown section [{section}]"),
                    ));
                }
            }
        }
        let labels = data_lines(data.labels)
            .map(|(n, l)| {
                if l.split_whitespace().count() == 1 {
                    Ok(l.to_owned())
                } else {
                    Err(load_error(
                        &format!("{code}/labels.txt"),
                        n,
                        "expected one label per line",
                    ))
                }
            })
            .collect::<Result<FastSet>>()?;
        // Only short prepositions: title case leaves them in lower case ("Tales From the Crypt"
        // capitalizes "From" but not "in").
        let short: Vec<&String> = prepositions
            .iter()
            .filter(|w| w.chars().count() <= 3)
            .collect();
        let glued_opener =
            if short.is_empty() {
                None
            } else {
                let mut words: Vec<String> = short
                    .iter()
                    .map(|w| {
                        let mut cs = w.chars();
                        cs.next().map_or_else(String::new, |f| {
                            regex::escape(&(f.to_uppercase().collect::<String>() + cs.as_str()))
                        })
                    })
                    .collect();
                words.sort();
                // Literals only, so the search runs on the fast literal prefilter; the neighbours
                // are checked by the rule.
                let pattern = format!(" (?:{}) ", words.join("|"));
                Some(Regex::new(&pattern).map_err(|e| {
                    load_error(&format!("{code}/prepositions.txt"), 1, e.to_string())
                })?)
            };
        let dateline = if weekdays.is_empty() || months.is_empty() {
            None
        } else {
            let pattern = format!(
                r"\b(?:{})\s*,\s*(?:{})\s+\d{{1,2}}\s*,\s*\d{{4}}\b",
                weekdays.join("|"),
                months.join("|")
            );
            Some(Regex::new(&pattern).map_err(|e| load_error(&dates_src, 1, e.to_string()))?)
        };
        Ok(Language {
            code: code.to_owned(),
            exact,
            folded,
            starters,
            prepositions,
            dateline,
            glued_opener,
            labels,
            max_abbrev,
        })
    }

    /// The language code given to [`Language::from_data`] (`"en"`).
    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The class of an abbreviation written without its final period (`"Sen"`, `"U.S"`), if
    /// the data lists it.
    #[must_use]
    pub fn abbreviation(&self, token: &str) -> Option<AbbrevClass> {
        if token.len() > self.max_abbrev {
            return None;
        }
        if let Some(&c) = self.exact.get(token) {
            return Some(c);
        }
        with_lowercase(token, |lower| self.folded.get(lower).copied())
    }

    /// Whether `word` usually opens a sentence (any case).
    #[must_use]
    pub fn is_starter(&self, word: &str) -> bool {
        with_lowercase(word, |lower| self.starters.contains(lower))
    }

    /// Whether `word` is a preposition that opens an introductory phrase (any case).
    #[must_use]
    pub fn is_preposition(&self, word: &str) -> bool {
        with_lowercase(word, |lower| self.prepositions.contains(lower))
    }

    /// The regex of a full dateline (`Friday, May 8, 2009`), if the data has calendar words.
    pub(crate) fn dateline(&self) -> Option<&Regex> {
        self.dateline.as_ref()
    }

    /// The regex of a capitalized short preposition between spaces (` In `).
    pub(crate) fn glued_opener(&self) -> Option<&Regex> {
        self.glued_opener.as_ref()
    }

    /// Whether `word` is a caption or credit label (`Image`, `Photo`), case-sensitive.
    #[must_use]
    pub fn is_caption_label(&self, word: &str) -> bool {
        self.labels.contains(word)
    }
}

/// Calls `f` with the lower-cased `word`, without allocating for short ASCII words.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let bytes = word.as_bytes();
    if bytes.len() <= 32 && word.is_ascii() {
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII in, ASCII out: always valid UTF-8.
        let lower = std::str::from_utf8(&buf[..bytes.len()]).unwrap_or_default();
        f(lower)
    } else {
        f(&word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_data_loads_and_classifies() {
        let en = Language::english();
        assert_eq!(en.code(), "en");
        assert!(format!("{en:?}").starts_with("Language { code: \"en\", abbreviations: "));
        assert_eq!(en.abbreviation("Mr"), Some(AbbrevClass::Title));
        assert_eq!(en.abbreviation("MR"), Some(AbbrevClass::Title));
        assert_eq!(en.abbreviation("No"), Some(AbbrevClass::Number));
        assert_eq!(en.abbreviation("Inc"), Some(AbbrevClass::Ambiguous));
        assert_eq!(en.abbreviation("e.g"), Some(AbbrevClass::Never));
        // Case-sensitive entries: the state, not the adjective.
        assert_eq!(en.abbreviation("Ill"), Some(AbbrevClass::Ambiguous));
        assert_eq!(en.abbreviation("ill"), None);
        assert_eq!(en.abbreviation("house"), None);
        assert!(en.is_starter("The") && en.is_starter("THEY") && !en.is_starter("Government"));
        assert!(en.is_preposition("At"));
        assert!(en.is_caption_label("Photo") && !en.is_caption_label("photo"));
        assert!(
            en.dateline()
                .is_some_and(|r| r.is_match("Friday, May 8, 2009"))
        );
    }

    #[test]
    fn malformed_data_is_reported_with_its_line() {
        let bad = LanguageData {
            abbreviations: "# header\n[title]\nmr\n[bogus]\nxx\n",
            ..LanguageData::default()
        };
        let err = Language::from_data("xx", &bad).unwrap_err();
        assert!(
            matches!(&err, Error::Load { source_name, line: Some(4), .. } if source_name == "xx/abbreviations.txt"),
            "{err}"
        );
        let dup = LanguageData {
            abbreviations: "[title]\nmr\n[number]\nmr\n",
            ..LanguageData::default()
        };
        assert!(Language::from_data("xx", &dup).is_err());
        let orphan = LanguageData {
            abbreviations: "mr\n",
            ..LanguageData::default()
        };
        assert!(Language::from_data("xx", &orphan).is_err());
        let two_words = LanguageData {
            starters: "the end\n",
            ..LanguageData::default()
        };
        assert!(Language::from_data("xx", &two_words).is_err());
    }

    #[test]
    fn a_language_without_calendar_words_has_no_dateline_rule() {
        let lang = Language::from_data("xx", &LanguageData::default()).unwrap();
        assert!(lang.dateline().is_none());
        assert_eq!(lang.abbreviation("Mr"), None);
    }
}
