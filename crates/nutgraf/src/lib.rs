//! # nutgraf
//!
//! Structured records from raw scraped news articles, in one deterministic pass: the clean
//! article body, its paragraphs and sentences, the people, organisations and places in it, and
//! every quote attributed to its speaker. Every span is a byte range of the original input.
//!
//! This crate is the facade: it re-exports the core model and the four stages, and offers
//! presets that assemble them into a [`Pipeline`].
//!
//! ```
//! use nutgraf::{english_news, Gazetteer, Record};
//!
//! let gazetteer = Gazetteer::parse(r#"[{"name": "Harbour Board", "kind": "organization", "aliases": []}]"#, "inline")?;
//! let pipeline = english_news(Some(&gazetteer))?;
//! let doc = pipeline.run("\"We are ready,\" Harbour Board chair Lena Moss said on Monday.")?;
//! for q in doc.quotes().unwrap_or_default() {
//!     println!("{} -> {}", doc.working_slice(q.span), q.speaker.as_ref().map_or("?", |s| doc.raw_slice(s.span)));
//! }
//! let json = Record::new(&doc, serde_json::Value::Null).to_json();
//! assert!(json.starts_with("{\"schema_version\":1"));
//! # Ok::<(), nutgraf::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

pub mod adversarial;
pub mod invariants;

pub use nutgraf_clean as clean;
pub use nutgraf_core as core;
pub use nutgraf_entities as entities;
pub use nutgraf_html as html;
pub use nutgraf_quotes as quotes;
pub use nutgraf_segment as segment;

pub use nutgraf_clean::{CleanStage, Cleaner};
pub use nutgraf_core::wire::{Record, SCHEMA_VERSION};
pub use nutgraf_core::{
    Bias, Block, BlockKind, CleanText, Dateline, Document, Edit, Entity, EntityKind, EntitySource,
    Error, Gender, Layer, Metadata, OffsetMap, Pipeline, PipelineBuilder, Quote, QuoteKind, Result,
    Rewriter, Span, Speaker, Stage,
};
pub use nutgraf_entities::{EntityRecognizer, EntityStage, Gazetteer, GazetteerEntry};
pub use nutgraf_html::{HtmlExtract, HtmlExtractor};
pub use nutgraf_quotes::{QuoteExtractor, QuoteStage};
pub use nutgraf_segment::{SegmentStage, Segmenter};

/// One of the four stages, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StageName {
    /// Boilerplate removal, normalisation and metadata.
    Clean,
    /// Paragraphs and sentences.
    Segment,
    /// Gazetteer matching and name discovery.
    Entities,
    /// Quotes and their speakers.
    Quotes,
}

impl StageName {
    /// Every stage, in pipeline order.
    pub const ALL: [StageName; 4] = [
        StageName::Clean,
        StageName::Segment,
        StageName::Entities,
        StageName::Quotes,
    ];

    /// The stage's name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            StageName::Clean => "clean",
            StageName::Segment => "segment",
            StageName::Entities => "entities",
            StageName::Quotes => "quotes",
        }
    }

    /// Parses a comma-separated list such as `clean,segment`, in any order, without repeats.
    ///
    /// # Errors
    /// [`Error::InvalidLayer`] naming an unknown or repeated stage, or an empty list.
    pub fn parse_list(list: &str) -> Result<Vec<StageName>> {
        let mut out = Vec::new();
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let name: StageName = part.parse()?;
            if out.contains(&name) {
                return Err(Error::InvalidLayer(format!(
                    "stage `{part}` is listed twice"
                )));
            }
            out.push(name);
        }
        if out.is_empty() {
            return Err(Error::InvalidLayer("the stage list is empty".into()));
        }
        out.sort();
        Ok(out)
    }
}

impl FromStr for StageName {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        StageName::ALL
            .into_iter()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| {
                Error::InvalidLayer(format!(
                    "unknown stage `{s}` (expected clean, segment, entities or quotes)"
                ))
            })
    }
}

impl fmt::Display for StageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pipeline of the named stages, with English rules, in pipeline order.
///
/// `stages` may be any subset: `[Segment]` segments the raw input with no cleaning, `[Clean]`
/// only cleans. A subset whose needs are not met (quotes without segment, say) is rejected with
/// [`Error::MissingLayer`].
///
/// # Errors
/// When the gazetteer cannot be compiled or the stage order is not valid.
pub fn english_pipeline(stages: &[StageName], gazetteer: Option<&Gazetteer>) -> Result<Pipeline> {
    let mut sorted = stages.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut builder = Pipeline::builder();
    for name in sorted {
        builder = match name {
            StageName::Clean => builder.stage(CleanStage::default()),
            StageName::Segment => builder.stage(SegmentStage::default()),
            StageName::Entities => {
                builder.stage(EntityStage::new(EntityRecognizer::new(gazetteer)?))
            }
            StageName::Quotes => builder.stage(QuoteStage::default()),
        };
    }
    builder.build()
}

/// The full English news preset: clean, segment, entities (the gazetteer, if any, plus name
/// discovery) and quotes.
///
/// # Errors
/// When the gazetteer cannot be compiled.
pub fn english_news(gazetteer: Option<&Gazetteer>) -> Result<Pipeline> {
    english_pipeline(&StageName::ALL, gazetteer)
}

/// Builds a document from an HTML page: its raw input is the main content extracted from the
/// page, each piece of which remembers the byte range of its HTML element.
///
/// # Errors
/// Only if the extractor produced an inconsistent element map (a bug).
pub fn document_from_html(extractor: &HtmlExtractor, html: &str) -> Result<(Document, Metadata)> {
    let extract = extractor.extract(html);
    let mut doc = Document::new(extract.text);
    let elements = extract
        .elements
        .into_iter()
        .map(|e| nutgraf_core::SourceElement {
            text: e.text,
            source: e.html,
            tag: e.tag,
        })
        .collect();
    doc.set_source_elements(elements, html.len())?;
    let mut metadata = extract.metadata;
    if metadata.url.is_none() {
        metadata.url = extract.canonical_url;
    }
    if metadata.language.is_none() {
        metadata.language = extract.language;
    }
    Ok((doc, metadata))
}

/// Runs a pipeline on an HTML page: extraction, then the pipeline's stages on the extracted text.
///
/// What the page says about itself (title, author, date, section, canonical URL, language)
/// fills the metadata fields the text stages left empty. Spans point into the extracted text;
/// blocks map back to their HTML elements through [`Document::source_of`].
///
/// # Errors
/// As [`Pipeline::process`].
pub fn run_html(pipeline: &Pipeline, extractor: &HtmlExtractor, html: &str) -> Result<Document> {
    let (mut doc, page) = document_from_html(extractor, html)?;
    pipeline.process(&mut doc)?;
    let mut merged = doc.metadata().cloned().unwrap_or_default();
    let fill = |slot: &mut Option<String>, from: Option<String>| {
        if slot.is_none() {
            *slot = from;
        }
    };
    fill(&mut merged.date, page.date);
    fill(&mut merged.section, page.section);
    fill(&mut merged.byline, page.byline);
    fill(&mut merged.title, page.title);
    fill(&mut merged.url, page.url);
    fill(&mut merged.language, page.language);
    if merged.dateline.is_none() {
        merged.dateline = page.dateline;
    }
    doc.set_metadata(merged)?;
    Ok(doc)
}

/// [`run_html`], turning a panic inside extraction or a stage into [`Error::Stage`], so one bad
/// page cannot take a batch down.
///
/// # Errors
/// As [`run_html`], plus [`Error::Stage`] for a panic.
pub fn run_html_guarded(
    pipeline: &Pipeline,
    extractor: &HtmlExtractor,
    html: &str,
) -> Result<Document> {
    nutgraf_core::guarded("html", || run_html(pipeline, extractor, html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_lists_parse_and_sort() {
        assert_eq!(
            StageName::parse_list("quotes, clean").unwrap(),
            [StageName::Clean, StageName::Quotes]
        );
        assert!(StageName::parse_list("clean,clean").is_err());
        assert!(StageName::parse_list("").is_err());
        let err = StageName::parse_list("clean,parse")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown stage `parse`"), "{err}");
    }

    #[test]
    fn subsets_build_or_fail_on_missing_layers() {
        assert!(english_pipeline(&[StageName::Segment], None).is_ok());
        assert!(english_pipeline(&[StageName::Clean], None).is_ok());
        let err = english_pipeline(&[StageName::Quotes], None).unwrap_err();
        assert!(matches!(err, Error::MissingLayer { .. }), "{err}");
    }
}
