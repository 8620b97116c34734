//! The error type of nutgraf.

use crate::{Layer, Span};

/// Everything that can go wrong in nutgraf's core and stages.
///
/// No dependency's error type appears here: messages are rendered into strings at the seam.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A span reaches past the end of its text.
    #[error("span {span} is out of bounds for a text of {len} bytes")]
    SpanOutOfBounds {
        /// The offending span.
        span: Span,
        /// Length of the text.
        len: usize,
    },
    /// A span starts or ends inside a UTF-8 character.
    #[error("span {span} does not fall on UTF-8 character boundaries")]
    SpanNotOnCharBoundary {
        /// The offending span.
        span: Span,
    },
    /// A pipeline stage needs a layer that no earlier stage provides.
    #[error("stage `{stage}` needs the `{layer}` layer, which no earlier stage provides")]
    MissingLayer {
        /// Name of the stage.
        stage: String,
        /// The missing layer.
        layer: Layer,
    },
    /// Two stages of a pipeline provide the same layer.
    #[error(
        "stage `{stage}` provides the `{layer}` layer, which stage `{earlier}` already provides"
    )]
    DuplicateLayer {
        /// Name of the later stage.
        stage: String,
        /// Name of the earlier stage.
        earlier: String,
        /// The layer provided twice.
        layer: Layer,
    },
    /// A pipeline was built without any stage.
    #[error("a pipeline needs at least one stage")]
    EmptyPipeline,
    /// The input is larger than the configured limit.
    #[error("input of {len} bytes exceeds the limit of {limit} bytes")]
    InputTooLarge {
        /// Length of the input.
        len: usize,
        /// The configured limit.
        limit: usize,
    },
    /// An offset map does not fit its texts.
    #[error("offset map: {0}")]
    OffsetMap(String),
    /// A layer refers to something that does not exist (an entity id, say).
    #[error("invalid layer: {0}")]
    InvalidLayer(String),
    /// A stage failed on a document.
    #[error("stage `{stage}` failed: {message}")]
    Stage {
        /// Name of the stage.
        stage: String,
        /// What went wrong.
        message: String,
    },
    /// Reading a resource (a gazetteer, a data file) failed.
    #[error("{source_name}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Load {
        /// The file or resource name.
        source_name: String,
        /// The 1-based line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
}

/// Shorthand for results with nutgraf's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
