//! # nutgraf-quotes
//!
//! Direct, indirect and mixed quotes with their cue verb and speaker, from the paragraph,
//! sentence and entity layers, without a parser.
//!
//! - **Direct** quotes: text in double quote marks (straight `"`, curly `“ ”`, German `„ “`,
//!   French `« »`, doubled apostrophes `''`), paired by family one paragraph at a time, so an
//!   odd mark costs at most its own paragraph. Apostrophes and nested single quotes never break
//!   the pairing. A quote whose opening mark is repeated at the start of each paragraph and
//!   closed in the last one is one quote. Short marked phrases inside a sentence with no cue
//!   (scare quotes, titles, nicknames) are not quotes.
//! - **Indirect** quotes: `X said (that) CLAUSE`, `CLAUSE, X said`, `CLAUSE, X said, CLAUSE`,
//!   `..., and added CLAUSE` (same speaker), `that X said was ...`, `As X noted, CLAUSE`,
//!   `X, who noted that ...`, `asked whether ...`; the content runs to the end of the sentence.
//!   Verbs that mostly take a noun object (`denied the report`) report a clause only after `that`
//!   or a subject pronoun; verbs of belief and finding (`believes`, `found`) only after `that`
//!   (evidence such as `polls show` also without it). Headlines: `Name: CLAUSE` and title-case
//!   cues (`County Says ...`).
//! - **Mixed** quotes: reported speech that quotes a fragment verbatim
//!   (`said that he is "certainly planning" to ...`) is one quote of kind mixed, and so is the
//!   predicate of a subject and a finite verb with a short fragment in it (`Christie described
//!   Clinton as a "disgrace"`).
//! - Cue positions: `"...," X said`, `"...," said X`, `X said: "..."`, adjuncts between speaker
//!   and cue (`Smith on Friday said`), `according to X`, trailing `-Title X`, split quotes and
//!   floating quotes (a quoted paragraph with no cue after an attributed quote inherits its
//!   speaker).
//! - Speakers: the source phrase as written with titles stripped: a name with its appositive
//!   (`Jeff Weaver, the campaign manager`, resolved on the name before the comma), a nominal
//!   speaker with its modifiers and prepositional phrase (`FBI officials`, `a spokesman for the
//!   mayor`, `sources familiar with the talks`); names resolve to the entity whose mention
//!   covers them (or whose surname they are), `he`/`she` to the most recent
//!   gender-compatible person mentioned outside quote marks (preferring one who is not the
//!   object of a preposition), `it`/`they` to the last organisation named nearby, `the mayor`
//!   to the last person with that title. First-person `I`/`we` are never speakers.
//!
//! Word lists (cue verbs, titles, speaker nouns) live in `data/`.
//!
//! ```
//! use nutgraf_core::{QuoteKind, Span};
//! use nutgraf_quotes::QuoteExtractor;
//!
//! let text = "“We will build it,” Mayor Ana Ruiz said on Monday.";
//! let quotes = QuoteExtractor::english().extract(text, &[], &[], &[]);
//! assert_eq!(quotes.len(), 1);
//! assert_eq!(quotes[0].kind, QuoteKind::Direct);
//! assert_eq!(quotes[0].span.get(text), Some("We will build it"));
//! let speaker = quotes[0].speaker.as_ref().unwrap();
//! assert_eq!(speaker.span.get(text), Some("Ana Ruiz"));
//! assert_eq!(quotes[0].cue.and_then(|c| c.get(text)), Some("said"));
//! ```

mod extract;
mod lexicon;
mod marks;
mod tokens;

use nutgraf_core::{Document, Entity, Error, Layer, Quote, Result, Span, Stage};

/// Finds quotes and attributes them to speakers.
///
/// Configured once and shared: `extract` takes `&self`, and the extractor is `Send + Sync`.
#[derive(Clone, Debug)]
pub struct QuoteExtractor {
    _private: (),
}

impl QuoteExtractor {
    /// The English extractor with the bundled word lists.
    #[must_use]
    pub fn english() -> Self {
        lexicon::warm();
        Self { _private: () }
    }

    /// Extracts the quotes of `text`.
    ///
    /// `paragraphs` and `sentences` are spans of `text` (when `paragraphs` is empty every
    /// non-empty line is a paragraph; when `sentences` is empty a plain splitter is used);
    /// `entities` have their mentions in `text` coordinates. Every returned span is a span of
    /// `text`; `Speaker::entity` is the `id` of one of `entities`. Quotes are sorted by start and
    /// each content appears once (a repeated paragraph yields its quotes once). Invalid spans in
    /// the inputs are ignored; the call never panics and runs in time linear in the input.
    #[must_use]
    pub fn extract(
        &self,
        text: &str,
        paragraphs: &[Span],
        sentences: &[Span],
        entities: &[Entity],
    ) -> Vec<Quote> {
        let mentions = extract::EntityMentions::new(entities, |m| m);
        self.extract_with(text, paragraphs, sentences, entities, mentions)
    }

    /// [`Self::extract`] with the entities' mentions given apart, in `text` coordinates.
    fn extract_with(
        &self,
        text: &str,
        paragraphs: &[Span],
        sentences: &[Span],
        entities: &[Entity],
        mentions: extract::EntityMentions,
    ) -> Vec<Quote> {
        extract::Extraction::new(text, paragraphs, entities, mentions).run(sentences)
    }
}

impl Default for QuoteExtractor {
    fn default() -> Self {
        Self::english()
    }
}

/// The quote stage: needs paragraphs, sentences and entities, provides quotes.
#[derive(Clone, Debug, Default)]
pub struct QuoteStage {
    extractor: QuoteExtractor,
}

impl QuoteStage {
    /// A stage running `extractor`.
    #[must_use]
    pub fn new(extractor: QuoteExtractor) -> Self {
        Self { extractor }
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &str {
        "quotes"
    }

    fn needs(&self) -> &[Layer] {
        &[Layer::Paragraphs, Layer::Sentences, Layer::Entities]
    }

    fn provides(&self) -> &[Layer] {
        &[Layer::Quotes]
    }

    fn process(&self, doc: &mut Document) -> Result<()> {
        let missing = |layer| Error::MissingLayer {
            stage: self.name().to_owned(),
            layer,
        };
        let paragraphs: Vec<Span> = doc
            .paragraphs()
            .ok_or_else(|| missing(Layer::Paragraphs))?
            .iter()
            .map(|&s| doc.to_working(s))
            .collect();
        let sentences: Vec<Span> = doc
            .sentences()
            .ok_or_else(|| missing(Layer::Sentences))?
            .iter()
            .map(|&s| doc.to_working(s))
            .collect();
        let entities: &[Entity] = doc.entities().ok_or_else(|| missing(Layer::Entities))?;
        // the entities' mentions in working coordinates, without cloning the entities
        let mentions = extract::EntityMentions::new(entities, |m| doc.to_working(m));
        let quotes = self.extractor.extract_with(
            doc.working_text(),
            &paragraphs,
            &sentences,
            entities,
            mentions,
        );
        let quotes = quotes
            .into_iter()
            .map(|mut q| {
                q.span = doc.to_raw(q.span);
                q.cue = q.cue.map(|c| doc.to_raw(c));
                if let Some(s) = &mut q.speaker {
                    s.span = doc.to_raw(s.span);
                }
                q
            })
            .collect();
        doc.set_quotes(quotes)
    }
}

#[cfg(test)]
mod tests;

pub(crate) use nutgraf_core::hash::FxBuild;
pub(crate) use nutgraf_core::text::is_word_char;
