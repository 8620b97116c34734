//! Word lists loaded from the data files under `data/`.

use std::collections::{HashMap, HashSet};

use crate::fxhash::FxBuild;
use std::sync::LazyLock;

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

fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn set(data: &'static str) -> HashSet<&'static str, FxBuild> {
    lines(data).collect()
}

static CUES: LazyLock<HashMap<&'static str, CueInfo, FxBuild>> = LazyLock::new(|| {
    let mut m = HashMap::default();
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
            m.insert(
                form,
                CueInfo {
                    ing: form.ends_with("ing") && form != base,
                    reports,
                    takes_object,
                    needs_out,
                    needs_that: needs_that || strict_that,
                    strict_that,
                },
            );
        }
    }
    m
});

static TITLES: LazyLock<HashSet<&'static str, FxBuild>> =
    LazyLock::new(|| set(include_str!("../data/titles.txt")));
static SPEAKER_NOUNS: LazyLock<HashSet<&'static str, FxBuild>> =
    LazyLock::new(|| set(include_str!("../data/speaker_nouns.txt")));
static FUNCTION_WORDS: LazyLock<HashSet<&'static str, FxBuild>> =
    LazyLock::new(|| set(include_str!("../data/function_words.txt")));
static TIME_WORDS: LazyLock<HashSet<&'static str, FxBuild>> =
    LazyLock::new(|| set(include_str!("../data/time_words.txt")));
static ADJUNCT_WORDS: LazyLock<HashSet<&'static str, FxBuild>> =
    LazyLock::new(|| set(include_str!("../data/adjunct_words.txt")));

/// Forces every table to load (so the first document does not pay for it).
pub(crate) fn warm() {
    LazyLock::force(&CUES);
    LazyLock::force(&TITLES);
    LazyLock::force(&SPEAKER_NOUNS);
    LazyLock::force(&FUNCTION_WORDS);
    LazyLock::force(&TIME_WORDS);
    LazyLock::force(&ADJUNCT_WORDS);
}

/// The cue information of a lowercase word form.
pub(crate) fn cue(lower: &str) -> Option<CueInfo> {
    CUES.get(lower).copied()
}

/// Whether a lowercase word is a title or role word stripped from names.
pub(crate) fn is_title(lower: &str) -> bool {
    TITLES.contains(lower.trim_end_matches('.'))
}

/// Whether a lowercase word can head a speaker phrase with no name.
pub(crate) fn is_speaker_noun(lower: &str) -> bool {
    SPEAKER_NOUNS.contains(lower)
}

/// Whether a lowercase word is a function word or sentence opener.
pub(crate) fn is_function_word(lower: &str) -> bool {
    FUNCTION_WORDS.contains(lower)
}

/// Whether a lowercase word names a day, month or the like.
pub(crate) fn is_time_word(lower: &str) -> bool {
    TIME_WORDS.contains(lower)
}

/// Whether a lowercase word starts an adjunct phrase after a cue.
pub(crate) fn is_adjunct_start(lower: &str) -> bool {
    ADJUNCT_WORDS.contains(lower)
}

/// Lowercase personal pronouns that can be a speaker, with the gender they tell.
pub(crate) fn pronoun(lower: &str) -> Option<Option<nutgraf_core::Gender>> {
    use nutgraf_core::Gender;
    match lower {
        "he" => Some(Some(Gender::Male)),
        "she" => Some(Some(Gender::Female)),
        "they" | "it" => Some(None),
        _ => None,
    }
}

/// Words that, right before a speaker phrase, show that the phrase is inside a subordinate
/// clause or a prepositional phrase (`what he said`, `about Smith said`), so not a speaker.
pub(crate) fn blocks_speaker(lower: &str) -> bool {
    matches!(
        lower,
        "what"
            | "which"
            | "that"
            | "who"
            | "whom"
            | "whose"
            | "where"
            | "if"
            | "as"
            | "than"
            | "how"
            | "why"
            | "whether"
            | "about"
            | "of"
            | "to"
            | "from"
            | "by"
            | "with"
            | "for"
            | "whatever"
            | "what's"
    )
}

/// Words a speaker phrase may start with when it has no name (`the`, `a`, `some`).
pub(crate) fn is_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "the"
            | "a"
            | "an"
            | "some"
            | "many"
            | "most"
            | "several"
            | "other"
            | "another"
            | "both"
            | "all"
            | "few"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "one"
            | "this"
            | "these"
            | "those"
            | "two"
            | "three"
            | "four"
            | "five"
    )
}

/// Adverbs and auxiliaries that may stand between a speaker and a cue (`Smith also said`,
/// `she has said`, `he would later say`).
pub(crate) fn is_cue_modifier(lower: &str) -> bool {
    matches!(
        lower,
        "also"
            | "later"
            | "then"
            | "previously"
            | "earlier"
            | "further"
            | "repeatedly"
            | "recently"
            | "once"
            | "again"
            | "has"
            | "have"
            | "had"
            | "would"
            | "will"
            | "could"
            | "might"
            | "may"
            | "did"
            | "does"
            | "do"
            | "just"
            | "simply"
            | "often"
            | "publicly"
            | "privately"
            | "reportedly"
            | "allegedly"
            | "frequently"
            | "quickly"
            | "flatly"
            | "last"
            | "week"
            | "month"
            | "year"
            | "famously"
            | "subsequently"
            | "initially"
            | "first"
            | "finally"
            | "even"
            | "never"
            | "always"
            | "still"
            | "now"
    )
}

/// Auxiliaries and modals (`was`, `would`): after a cue they show that the cue is a noun
/// (`the claim was filed`) or that it sits in a relative clause (`that he said was wrong`).
pub(crate) fn is_auxiliary(lower: &str) -> bool {
    matches!(
        lower,
        "was"
            | "were"
            | "is"
            | "are"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "could"
            | "should"
            | "can"
            | "may"
            | "might"
            | "must"
            | "been"
            | "did"
            | "does"
    )
}

/// Cue forms that are only verbs (a plain past in `-ed`, `said`, `told`, `says`), never nouns.
pub(crate) fn is_verb_form(lower: &str) -> bool {
    lower.ends_with("ed") || matches!(lower, "said" | "says" | "told" | "wrote" | "thought")
}

/// Auxiliaries that make a following cue passive or non-finite (`is said to`, `was told`).
pub(crate) fn is_passive_aux(lower: &str) -> bool {
    matches!(
        lower,
        "is" | "was" | "were" | "are" | "been" | "being" | "be" | "am" | "get" | "got"
    )
}

/// Words that can start the subject of a reported clause, used to find where an adjunct after
/// the cue ends (`said on Friday the company would ...`).
pub(crate) fn starts_subject(lower: &str) -> bool {
    matches!(
        lower,
        "he" | "she"
            | "it"
            | "they"
            | "we"
            | "i"
            | "you"
            | "there"
            | "the"
            | "a"
            | "an"
            | "this"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
    )
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
    }
}
