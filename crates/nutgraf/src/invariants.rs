//! Checks that a processed [`Document`] keeps every promise of the wire format.
//!
//! Used by the tests, the fuzz targets and anyone who wants to validate records: every span in
//! bounds and on character boundaries, blocks sorted and covering every non-space byte, sentences
//! in order and not overlapping, mentions non-empty, the clean text's offset map round-tripping.

use nutgraf_core::{Bias, Document, Span};

/// Checks a document, returning a description of the first violation found.
///
/// # Errors
/// A message naming the layer, the span and what is wrong.
pub fn check(doc: &Document) -> Result<(), String> {
    let raw = doc.raw();
    let valid = |s: Span, what: &str| -> Result<(), String> {
        if s.is_valid_in(raw) {
            Ok(())
        } else {
            Err(format!("{what} {s} is not a valid span of the input"))
        }
    };
    if let Some(blocks) = doc.blocks() {
        let mut prev_end = 0;
        for b in blocks {
            valid(b.span, "block")?;
            if b.span.start < prev_end {
                return Err(format!(
                    "block {} overlaps or precedes the previous one",
                    b.span
                ));
            }
            prev_end = b.span.end;
        }
        // Blocks are sorted: walk them alongside the characters.
        let mut it = blocks.iter().peekable();
        for (i, c) in raw.char_indices() {
            while it.peek().is_some_and(|b| b.span.end <= i) {
                it.next();
            }
            let covered = it.peek().is_some_and(|b| b.span.contains(i));
            if !c.is_whitespace() && !covered {
                return Err(format!("byte {i} ({c:?}) is in no block"));
            }
        }
    }
    if let Some(clean) = doc.clean() {
        let (text, map) = (clean.text(), clean.map());
        for (i, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            for bias in [Bias::Start, Bias::End] {
                let r = map.to_raw(i, bias);
                if !raw.is_char_boundary(r) {
                    return Err(format!(
                        "clean position {i} maps inside a character at raw {r}"
                    ));
                }
            }
        }
        for e in map.edits() {
            let back = map.span_to_clean(map.span_to_raw(e.clean));
            if !e.raw.is_empty() && back != e.clean {
                return Err(format!("edit {:?} does not round-trip (got {back})", e));
            }
        }
    }
    for &p in doc.paragraphs().unwrap_or_default() {
        valid(p, "paragraph")?;
    }
    let mut prev_end = 0;
    for &s in doc.sentences().unwrap_or_default() {
        valid(s, "sentence")?;
        if s.start < prev_end {
            return Err(format!(
                "sentence {s} overlaps or precedes the previous one"
            ));
        }
        prev_end = s.end;
    }
    for e in doc.entities().unwrap_or_default() {
        for &m in &e.mentions {
            valid(m, "mention")?;
            if m.is_empty() {
                return Err(format!("empty mention of {}", e.name));
            }
        }
    }
    for q in doc.quotes().unwrap_or_default() {
        valid(q.span, "quote")?;
        if let Some(c) = q.cue {
            valid(c, "cue")?;
        }
        if let Some(s) = &q.speaker {
            valid(s.span, "speaker")?;
        }
    }
    Ok(())
}
