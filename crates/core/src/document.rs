//! The document: the raw input and the layers stages add to it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Block, Entity, Error, Metadata, OffsetMap, Quote, Result, SourceElement, Span};

/// A layer of a [`Document`] that a stage can need or provide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layer {
    /// Labelled blocks of the raw input.
    Blocks,
    /// Page metadata (date, section, dateline).
    Metadata,
    /// The clean text and its offset map.
    Clean,
    /// Paragraph spans.
    Paragraphs,
    /// Sentence spans.
    Sentences,
    /// Named entities.
    Entities,
    /// Attributed quotes.
    Quotes,
}

impl Layer {
    /// Every layer, in pipeline order.
    pub const ALL: [Layer; 7] = [
        Layer::Blocks,
        Layer::Metadata,
        Layer::Clean,
        Layer::Paragraphs,
        Layer::Sentences,
        Layer::Entities,
        Layer::Quotes,
    ];

    /// The layer's name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Layer::Blocks => "blocks",
            Layer::Metadata => "metadata",
            Layer::Clean => "clean",
            Layer::Paragraphs => "paragraphs",
            Layer::Sentences => "sentences",
            Layer::Entities => "entities",
            Layer::Quotes => "quotes",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The clean article text and the map from it back to the raw input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanText {
    text: String,
    map: OffsetMap,
}

impl CleanText {
    /// Pairs a clean text with its map.
    ///
    /// # Errors
    /// [`Error::OffsetMap`] when the map's clean length is not the text's length.
    pub fn new(text: String, map: OffsetMap) -> Result<Self> {
        if map.clean_len() != text.len() {
            return Err(Error::OffsetMap(format!(
                "map is for a clean text of {} bytes, the text has {}",
                map.clean_len(),
                text.len()
            )));
        }
        Ok(Self { text, map })
    }

    /// The clean text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset map.
    #[must_use]
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }
}

/// A raw input and its layers.
///
/// Every span stored in a document points into [`Document::raw`]; setters reject spans that are
/// out of bounds or off a UTF-8 character boundary. Stages work on the *working text*: the clean
/// text once a cleaning stage has run, the raw input before. [`Document::to_raw`] and
/// [`Document::to_working`] convert spans between the two.
#[derive(Clone, Debug, Default)]
pub struct Document {
    raw: String,
    blocks: Option<Vec<Block>>,
    metadata: Option<Metadata>,
    clean: Option<CleanText>,
    paragraphs: Option<Vec<Span>>,
    sentences: Option<Vec<Span>>,
    entities: Option<Vec<Entity>>,
    quotes: Option<Vec<Quote>>,
    source: Option<Vec<SourceElement>>,
    source_len: usize,
}

impl Document {
    /// A document with no layers yet.
    #[must_use]
    pub fn new(raw: impl Into<String>) -> Self {
        Self {
            raw: raw.into(),
            ..Self::default()
        }
    }

    /// The raw input.
    #[must_use]
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether the layer has been set.
    #[must_use]
    pub fn has(&self, layer: Layer) -> bool {
        match layer {
            Layer::Blocks => self.blocks.is_some(),
            Layer::Metadata => self.metadata.is_some(),
            Layer::Clean => self.clean.is_some(),
            Layer::Paragraphs => self.paragraphs.is_some(),
            Layer::Sentences => self.sentences.is_some(),
            Layer::Entities => self.entities.is_some(),
            Layer::Quotes => self.quotes.is_some(),
        }
    }

    /// The source elements, when the raw input was extracted from a richer document (HTML).
    #[must_use]
    pub fn source_elements(&self) -> Option<&[SourceElement]> {
        self.source.as_deref()
    }

    /// Records where the raw input came from in a source document of `source_len` bytes.
    ///
    /// # Errors
    /// When an element's text span is not a valid span of the raw input, or its source span
    /// reaches past `source_len`.
    pub fn set_source_elements(
        &mut self,
        elements: Vec<SourceElement>,
        source_len: usize,
    ) -> Result<()> {
        for e in &elements {
            self.check_span(e.text)?;
            if e.source.start > e.source.end || e.source.end > source_len {
                return Err(Error::SpanOutOfBounds {
                    span: e.source,
                    len: source_len,
                });
            }
        }
        self.source = Some(elements);
        self.source_len = source_len;
        Ok(())
    }

    /// The source element whose text contains the raw span `span`, if any.
    #[must_use]
    pub fn source_of(&self, span: Span) -> Option<&SourceElement> {
        let elements = self.source.as_deref()?;
        let i = elements.partition_point(|e| e.text.end < span.end.max(span.start + 1));
        elements
            .get(i)
            .filter(|e| e.text.start <= span.start && span.end <= e.text.end)
    }

    /// Checks that `span` is a valid span of the raw input.
    ///
    /// # Errors
    /// [`Error::SpanOutOfBounds`] or [`Error::SpanNotOnCharBoundary`].
    pub fn check_span(&self, span: Span) -> Result<()> {
        check_span(&self.raw, span)
    }

    /// The labelled blocks, if a cleaning stage has run.
    #[must_use]
    pub fn blocks(&self) -> Option<&[Block]> {
        self.blocks.as_deref()
    }

    /// Sets the blocks.
    ///
    /// # Errors
    /// When a block's span is not a valid span of the raw input.
    pub fn set_blocks(&mut self, blocks: Vec<Block>) -> Result<()> {
        for b in &blocks {
            self.check_span(b.span)?;
        }
        self.blocks = Some(blocks);
        Ok(())
    }

    /// The metadata, if a cleaning stage has run.
    #[must_use]
    pub fn metadata(&self) -> Option<&Metadata> {
        self.metadata.as_ref()
    }

    /// Sets the metadata.
    ///
    /// # Errors
    /// When the dateline's span is not a valid span of the raw input.
    pub fn set_metadata(&mut self, metadata: Metadata) -> Result<()> {
        if let Some(d) = &metadata.dateline {
            self.check_span(d.span)?;
        }
        self.metadata = Some(metadata);
        Ok(())
    }

    /// The clean text, if a cleaning stage has run.
    #[must_use]
    pub fn clean(&self) -> Option<&CleanText> {
        self.clean.as_ref()
    }

    /// Sets the clean text.
    ///
    /// Checks that the map covers the raw input and that every byte the map keeps is the same in
    /// both texts, in one linear pass.
    ///
    /// # Errors
    /// [`Error::OffsetMap`] when the map does not describe how `clean` came from the raw input.
    pub fn set_clean(&mut self, clean: CleanText) -> Result<()> {
        let map = clean.map();
        if map.raw_len() != self.raw.len() {
            return Err(Error::OffsetMap(format!(
                "map is for a raw input of {} bytes, the document has {}",
                map.raw_len(),
                self.raw.len()
            )));
        }
        let (raw, text) = (self.raw.as_bytes(), clean.text().as_bytes());
        let (mut r, mut c) = (0usize, 0usize);
        let kept_equal = |r: usize, c: usize, n: usize| raw.get(r..r + n) == text.get(c..c + n);
        for e in map.edits() {
            let n = e.raw.start - r;
            if !kept_equal(r, c, n) {
                return Err(Error::OffsetMap(format!(
                    "kept text before raw {} differs",
                    e.raw
                )));
            }
            for side in [(self.raw.as_str(), e.raw), (clean.text(), e.clean)] {
                if !side.1.is_valid_in(side.0) {
                    return Err(Error::OffsetMap(format!(
                        "edit {} is off a boundary",
                        side.1
                    )));
                }
            }
            r = e.raw.end;
            c = e.clean.end;
        }
        if !kept_equal(r, c, raw.len() - r) {
            return Err(Error::OffsetMap("kept text at the end differs".into()));
        }
        self.clean = Some(clean);
        Ok(())
    }

    /// The text stages work on: the clean text when there is one, the raw input otherwise.
    #[must_use]
    pub fn working_text(&self) -> &str {
        self.clean
            .as_ref()
            .map_or(self.raw.as_str(), CleanText::text)
    }

    /// Maps a span of the working text to the raw input.
    #[must_use]
    pub fn to_raw(&self, working: Span) -> Span {
        match &self.clean {
            Some(c) => c.map().span_to_raw(working),
            None => working,
        }
    }

    /// Maps a span of the raw input to the working text.
    #[must_use]
    pub fn to_working(&self, raw: Span) -> Span {
        match &self.clean {
            Some(c) => c.map().span_to_clean(raw),
            None => raw,
        }
    }

    /// The working text (the clean text when there is one) at a span of the raw input.
    #[must_use]
    pub fn working_slice(&self, raw: Span) -> &str {
        self.to_working(raw).get(self.working_text()).unwrap_or("")
    }

    /// The raw input at a span, or `""` when the span is not valid.
    #[must_use]
    pub fn raw_slice(&self, raw: Span) -> &str {
        raw.get(&self.raw).unwrap_or("")
    }

    /// Paragraph spans (raw input), if a segmentation stage has run.
    #[must_use]
    pub fn paragraphs(&self) -> Option<&[Span]> {
        self.paragraphs.as_deref()
    }

    /// Sets the paragraph spans (raw input).
    ///
    /// # Errors
    /// When a span is not a valid span of the raw input.
    pub fn set_paragraphs(&mut self, spans: Vec<Span>) -> Result<()> {
        for &s in &spans {
            self.check_span(s)?;
        }
        self.paragraphs = Some(spans);
        Ok(())
    }

    /// Sentence spans (raw input), if a segmentation stage has run.
    #[must_use]
    pub fn sentences(&self) -> Option<&[Span]> {
        self.sentences.as_deref()
    }

    /// Sets the sentence spans (raw input).
    ///
    /// # Errors
    /// When a span is not a valid span of the raw input.
    pub fn set_sentences(&mut self, spans: Vec<Span>) -> Result<()> {
        for &s in &spans {
            self.check_span(s)?;
        }
        self.sentences = Some(spans);
        Ok(())
    }

    /// The entities, if an entity stage has run.
    #[must_use]
    pub fn entities(&self) -> Option<&[Entity]> {
        self.entities.as_deref()
    }

    /// Sets the entities.
    ///
    /// # Errors
    /// When a mention's span is not a valid span of the raw input, or two entities share an id.
    pub fn set_entities(&mut self, entities: Vec<Entity>) -> Result<()> {
        let mut ids = std::collections::HashSet::new();
        for e in &entities {
            if !ids.insert(e.id.as_str()) {
                return Err(Error::InvalidLayer(format!(
                    "entity id `{}` is used twice",
                    e.id
                )));
            }
            for &m in &e.mentions {
                self.check_span(m)?;
            }
        }
        self.entities = Some(entities);
        Ok(())
    }

    /// The quotes, if a quote stage has run.
    #[must_use]
    pub fn quotes(&self) -> Option<&[Quote]> {
        self.quotes.as_deref()
    }

    /// Sets the quotes.
    ///
    /// # Errors
    /// When a span is not a valid span of the raw input, or a speaker names an entity id that the
    /// entity layer does not have.
    pub fn set_quotes(&mut self, quotes: Vec<Quote>) -> Result<()> {
        for q in &quotes {
            self.check_span(q.span)?;
            if let Some(c) = q.cue {
                self.check_span(c)?;
            }
            if let Some(s) = &q.speaker {
                self.check_span(s.span)?;
                if let Some(id) = &s.entity {
                    let known = self
                        .entities()
                        .is_some_and(|es| es.iter().any(|e| &e.id == id));
                    if !known {
                        return Err(Error::InvalidLayer(format!(
                            "quote speaker names unknown entity `{id}`"
                        )));
                    }
                }
            }
        }
        self.quotes = Some(quotes);
        Ok(())
    }
}

/// Checks that `span` is a valid span of `text`.
///
/// # Errors
/// [`Error::SpanOutOfBounds`] or [`Error::SpanNotOnCharBoundary`].
pub fn check_span(text: &str, span: Span) -> Result<()> {
    if span.start > span.end || span.end > text.len() {
        return Err(Error::SpanOutOfBounds {
            span,
            len: text.len(),
        });
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(Error::SpanNotOnCharBoundary { span });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BlockKind, Rewriter};

    #[test]
    fn setters_reject_bad_spans() {
        let mut d = Document::new("Zürich is big.");
        assert!(matches!(
            d.set_sentences(vec![Span::new(0, 99)]),
            Err(Error::SpanOutOfBounds { .. })
        ));
        assert!(matches!(
            d.set_sentences(vec![Span::new(0, 2)]),
            Err(Error::SpanNotOnCharBoundary { .. })
        ));
        assert!(d.set_sentences(vec![Span::new(0, 3)]).is_ok());
        assert!(
            d.set_blocks(vec![Block {
                kind: BlockKind::Body,
                span: Span::new(2, 3)
            }])
            .is_err()
        );
        assert!(!d.has(Layer::Blocks));
        assert!(d.has(Layer::Sentences));
    }

    #[test]
    fn set_clean_checks_the_map() {
        let raw = "a  b";
        let mut d = Document::new(raw);
        let mut w = Rewriter::new(raw);
        w.keep_to(1);
        w.delete_to(2);
        w.keep_to(4);
        let (text, map) = w.finish();
        let clean = CleanText::new(text, map.clone()).unwrap();
        d.set_clean(clean).unwrap();
        assert_eq!(d.working_text(), "a b");
        assert_eq!(d.to_raw(Span::new(2, 3)), Span::new(3, 4));
        assert_eq!(d.working_slice(Span::new(3, 4)), "b");
        // a map that claims an unchanged byte that differs
        let bad = CleanText::new("a c".into(), map).unwrap();
        assert!(Document::new(raw).set_clean(bad).is_err());
        // a map for another length
        assert!(CleanText::new("abc".into(), OffsetMap::identity(4)).is_err());
    }

    #[test]
    fn source_elements_locate_spans() {
        let mut d = Document::new("Title\n\nBody one.");
        let els = vec![
            SourceElement {
                text: Span::new(0, 5),
                source: Span::new(10, 24),
                tag: "h1".into(),
            },
            SourceElement {
                text: Span::new(7, 16),
                source: Span::new(30, 48),
                tag: "p".into(),
            },
        ];
        assert!(d.set_source_elements(els.clone(), 40).is_err());
        d.set_source_elements(els, 60).unwrap();
        assert_eq!(d.source_of(Span::new(7, 11)).unwrap().tag, "p");
        assert_eq!(
            d.source_of(Span::new(0, 5)).unwrap().source,
            Span::new(10, 24)
        );
        assert!(d.source_of(Span::new(3, 9)).is_none());
    }

    #[test]
    fn quotes_must_name_known_entities() {
        use crate::{Quote, QuoteKind, Speaker};
        let mut d = Document::new("He said it.");
        let q = Quote {
            kind: QuoteKind::Indirect,
            span: Span::new(8, 10),
            speaker: Some(Speaker {
                span: Span::new(0, 2),
                entity: Some("e9".into()),
            }),
            cue: Some(Span::new(3, 7)),
        };
        assert!(matches!(d.set_quotes(vec![q]), Err(Error::InvalidLayer(_))));
    }
}
