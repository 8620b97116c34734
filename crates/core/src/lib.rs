//! # nutgraf-core
//!
//! The shapes every nutgraf stage plugs into:
//!
//! - [`Span`]: a half-open byte range. Spans stored in a [`Document`] point into its raw input.
//! - [`Document`]: owns the raw input and typed layers (blocks and metadata, clean text,
//!   paragraphs, sentences, entities, quotes). Setters reject spans out of bounds or off a UTF-8
//!   character boundary.
//! - [`OffsetMap`] and [`Rewriter`]: the sparse edit list between the clean text and the raw
//!   input, with `O(log n)` lookups both ways.
//! - [`Stage`] and [`Pipeline`]: stages declare the layers they need and provide; the builder
//!   rejects an order in which a need is not met.
//! - [`wire`]: the JSON record (schema version 1).
//!
//! ```
//! use nutgraf_core::{Document, Layer, Pipeline, Result, Span, Stage};
//!
//! /// A toy stage: one sentence per line.
//! struct Lines;
//! impl Stage for Lines {
//!     fn name(&self) -> &str { "lines" }
//!     fn provides(&self) -> &[Layer] { &[Layer::Sentences] }
//!     fn process(&self, doc: &mut Document) -> Result<()> {
//!         let mut spans = Vec::new();
//!         let mut start = 0;
//!         for line in doc.working_text().split_inclusive('\n') {
//!             let s = Span::new(start, start + line.trim_end().len());
//!             start += line.len();
//!             spans.push(doc.to_raw(s));
//!         }
//!         doc.set_sentences(spans)
//!     }
//! }
//!
//! let pipeline = Pipeline::builder().stage(Lines).build()?;
//! let doc = pipeline.run("One.\nTwo.")?;
//! assert_eq!(doc.sentences().unwrap().len(), 2);
//! # Ok::<(), nutgraf_core::Error>(())
//! ```

mod document;
mod error;
pub mod hash;
mod model;
mod offset;
mod pipeline;
mod span;
pub mod swar;
pub mod text;
pub mod wire;

pub use document::{CleanText, Document, Layer, check_span};
pub use error::{Error, Result};
pub use model::{
    Block, BlockKind, Dateline, Entity, EntityKind, EntitySource, Gender, Metadata, Quote,
    QuoteKind, SourceElement, Speaker,
};
pub use offset::{Bias, Edit, OffsetMap, Rewriter};
pub use pipeline::{Pipeline, PipelineBuilder, Stage, effective_threads, guarded};
pub use span::Span;
