//! `nutgraf batch`: reads inputs in bounded chunks, runs each chunk's articles in parallel on a
//! rayon pool (parsing, extraction and serialisation all happen on the workers), and writes each
//! chunk's results in input order, in whole lines, before reading the next chunk. Memory is
//! bounded by one chunk whatever the input size.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use nutgraf::{Document, HtmlExtractor, Pipeline, Record, run_html_guarded};
use rayon::prelude::*;
use serde_json::Value;

use crate::Failure;
use crate::io::{self as bio, Line, LineSink};
use crate::progress::{Counters, Progress};

/// Articles read before a chunk is processed in parallel and written.
pub const CHUNK_ITEMS: usize = 512;
/// Input bytes read before a chunk is processed, whatever its article count.
pub const CHUNK_BYTES: usize = 8 << 20;

/// Options of one batch run.
#[derive(Debug)]
pub struct BatchConfig<'a> {
    /// Read each text as an HTML page with this extractor (`--html`).
    pub html: Option<&'a HtmlExtractor>,
    /// The field that holds the article text (a column name for Parquet).
    pub text_field: &'a str,
    /// The field that holds the article id (a column name for Parquet).
    pub id_field: &'a str,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// Largest article text accepted, in bytes.
    pub max_bytes: usize,
    /// Decode invalid UTF-8 lossily instead of writing an error record.
    pub lossy: bool,
    /// No progress bar and no summary.
    pub quiet: bool,
    /// Where to write (`-` for standard output).
    pub output: &'a Path,
    /// Compress standard output with gzip (files are compressed by their `.gz` name).
    pub gzip_stdout: bool,
    /// Write the whole record as one JSON column in Parquet output (else one column per field).
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub parquet_json: bool,
}

/// Counts for the summary line.
#[derive(Debug, Default)]
pub struct Tally {
    /// Output records written.
    pub records: u64,
    /// Of which error records.
    pub errors: u64,
    /// Input bytes read (decompressed).
    pub bytes: u64,
}

/// One unit of work: an input line still to be parsed, or an article read from a columnar file.
#[derive(Debug)]
pub enum Pending {
    /// A JSON Lines line, without its end-of-line bytes.
    Line {
        /// 1-based line number in its input.
        no: u64,
        /// The line's bytes.
        bytes: Vec<u8>,
    },
    /// A line longer than the limit (its content was skipped).
    TooLong {
        /// 1-based line number in its input.
        no: u64,
        /// The line's length in bytes.
        len: usize,
    },
    /// An article already taken apart (Parquet rows).
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    Article {
        /// 1-based row number in its input.
        no: u64,
        /// The id to copy to the output.
        id: Value,
        /// The text, or why there is none.
        text: Result<String, String>,
    },
}

impl Pending {
    /// The input bytes of the item (for progress).
    fn size(&self) -> u64 {
        match self {
            Pending::Line { bytes, .. } => bytes.len() as u64 + 1,
            Pending::TooLong { len, .. } => *len as u64,
            Pending::Article { text, .. } => text.as_ref().map_or(0, |t| t.len() as u64),
        }
    }
}

/// One result: a JSON object in one line, and whether it is an error record.
#[derive(Debug)]
pub struct Done {
    /// The record, as one line of JSON without the newline.
    pub json: String,
    /// Whether the record is an error record.
    pub error: bool,
}

/// A source of chunks of work.
pub trait Source {
    /// The next chunk of at most `max_items` items and about `max_bytes` input bytes; an empty
    /// vector at the end. Adds the bytes read to `tally.bytes`.
    ///
    /// # Errors
    /// A read error (the message names the input).
    fn next_chunk(
        &mut self,
        max_items: usize,
        max_bytes: usize,
        tally: &mut Tally,
    ) -> Result<Vec<Pending>, String>;
}

/// JSON Lines from a reader: one item per line (`\n`-terminated; trailing `\r` bytes are
/// dropped; a last line without its newline counts), numbered from 1.
pub struct JsonLines {
    reader: Box<dyn std::io::BufRead>,
    name: String,
    line_no: u64,
    line_limit: usize,
    buf: Vec<u8>,
}

impl JsonLines {
    /// Lines from `reader`, called `name` in messages. A line longer than `line_limit` bytes
    /// (see [`line_limit`]) becomes a [`Pending::TooLong`] without being kept in memory.
    pub fn new(reader: Box<dyn std::io::BufRead>, name: String, line_limit: usize) -> Self {
        JsonLines {
            reader,
            name,
            line_no: 0,
            line_limit,
            buf: Vec::new(),
        }
    }
}

/// The longest input line kept for articles of at most `max_bytes`: any such text fits, even
/// with every character `\u`-escaped, with room for the other fields.
pub fn line_limit(max_bytes: usize) -> usize {
    max_bytes.saturating_mul(6).saturating_add(1 << 16)
}

impl Source for JsonLines {
    fn next_chunk(
        &mut self,
        max_items: usize,
        max_bytes: usize,
        tally: &mut Tally,
    ) -> Result<Vec<Pending>, String> {
        let mut chunk = Vec::new();
        let mut bytes = 0usize;
        while chunk.len() < max_items && bytes < max_bytes {
            let line = bio::read_line_bounded(&mut *self.reader, &mut self.buf, self.line_limit)
                .map_err(|e| {
                    format!("cannot read {} after line {}: {e}", self.name, self.line_no)
                })?;
            let n = match line {
                Line::Eof => break,
                Line::Whole(n) => {
                    self.line_no += 1;
                    chunk.push(Pending::Line {
                        no: self.line_no,
                        bytes: std::mem::take(&mut self.buf),
                    });
                    n
                }
                Line::TooLong(n) => {
                    self.line_no += 1;
                    chunk.push(Pending::TooLong {
                        no: self.line_no,
                        len: n,
                    });
                    n
                }
            };
            bytes += n;
            tally.bytes += n as u64;
        }
        Ok(chunk)
    }
}

/// The error record for an input that could not be processed.
pub fn error_record(id: &Value, key: &str, no: u64, msg: &str) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("id".into(), id.clone());
    obj.insert(key.into(), Value::from(no));
    obj.insert("error".into(), Value::String(msg.to_owned()));
    nutgraf::core::wire::escape_line_separators(Value::Object(obj).to_string())
}

/// Which field a key of an input object names.
enum Key {
    Text,
    Id,
    Other,
}

/// Classifies a key without allocating it.
struct KeySeed<'c> {
    text: &'c str,
    id: &'c str,
}

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(if v == self.text {
            Key::Text
        } else if v == self.id {
            Key::Id
        } else {
            Key::Other
        })
    }
}

/// Reads an input object keeping only the text and the id: other fields (gold annotations,
/// HTML, ...) are skipped without being built. The last of duplicate keys wins.
struct LineSeed<'c> {
    text: &'c str,
    id: &'c str,
}

impl<'de> serde::de::DeserializeSeed<'de> for LineSeed<'_> {
    type Value = (Option<Value>, Option<Value>);
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for LineSeed<'_> {
    type Value = (Option<Value>, Option<Value>);
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut text) = (None, None);
        let seed = || KeySeed {
            text: self.text,
            id: self.id,
        };
        while let Some(key) = map.next_key_seed(seed())? {
            match key {
                Key::Text => text = Some(map.next_value::<Value>()?),
                Key::Id => id = Some(map.next_value::<Value>()?),
                Key::Other => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok((id, text))
    }
}

/// Parses one JSON Lines line into the id and the text, or an error message.
fn parse_line(line: &[u8], cfg: &BatchConfig<'_>) -> (Value, Result<String, String>) {
    use serde::de::DeserializeSeed;
    let line = match std::str::from_utf8(line) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) if cfg.lossy => String::from_utf8_lossy(line),
        Err(e) => {
            return (
                Value::Null,
                Err(format!(
                    "invalid UTF-8 at byte offset {} of the line",
                    e.valid_up_to()
                )),
            );
        }
    };
    let mut de = serde_json::Deserializer::from_str(&line);
    let seed = LineSeed {
        text: cfg.text_field,
        id: cfg.id_field,
    };
    let (id, text) = match seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v)) {
        Ok(v) => v,
        Err(e) => return (Value::Null, Err(format!("not a JSON object: {e}"))),
    };
    let id = id.unwrap_or(Value::Null);
    let text = match text {
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(format!("field `{}` is not a string", cfg.text_field)),
        None => Err(format!("missing field `{}`", cfg.text_field)),
    };
    (id, text)
}

/// An item on its way through the pipeline: its document with what its record needs, or
/// already its output line (an error record, or an HTML page, which is run on its own).
// nearly every item is a document: boxing it would cost an allocation per article
#[allow(clippy::large_enum_variant)]
enum Ready {
    Doc {
        key: &'static str,
        no: u64,
        id: Value,
        /// Out while the pipeline runs on it.
        doc: Option<Document>,
        result: nutgraf::Result<()>,
    },
    Done(Done),
}

/// Parses one item and makes its document, or its error record.
fn prepare(item: Pending, pipeline: &Pipeline, cfg: &BatchConfig<'_>) -> Ready {
    let (key, no, id, text) = match item {
        Pending::Line { no, bytes } => {
            let (id, text) = parse_line(&bytes, cfg);
            drop(bytes);
            ("line", no, id, text)
        }
        Pending::TooLong { no, len } => (
            "line",
            no,
            Value::Null,
            Err(format!(
                "line of {len} bytes is too long for an article of at most {} bytes (--max-bytes)",
                cfg.max_bytes
            )),
        ),
        Pending::Article { no, id, text } => ("row", no, id, text),
    };
    let fail = |id: &Value, msg: &str| {
        Ready::Done(Done {
            json: error_record(id, key, no, msg),
            error: true,
        })
    };
    match text {
        Ok(text) if text.len() > cfg.max_bytes => fail(
            &id,
            &format!(
                "{} bytes exceed the limit of {} (--max-bytes)",
                text.len(),
                cfg.max_bytes
            ),
        ),
        Ok(text) => match cfg.html {
            Some(extractor) => Ready::Done(finish(
                key,
                no,
                id,
                run_html_guarded(pipeline, extractor, &text),
            )),
            None => Ready::Doc {
                key,
                no,
                id,
                doc: Some(Document::new(text)),
                result: Ok(()),
            },
        },
        Err(msg) => fail(&id, &msg),
    }
}

/// The output line of a document the pipeline has run on, or of its error.
fn finish(key: &'static str, no: u64, id: Value, result: nutgraf::Result<Document>) -> Done {
    match result {
        Ok(doc) => Done {
            json: Record::new(&doc, id).to_json(),
            error: false,
        },
        Err(e) => Done {
            json: error_record(&id, key, no, &e.to_string()),
            error: true,
        },
    }
}

/// Runs a group of items to their output lines, in order. The pipeline goes over the group
/// stage by stage ([`Pipeline::process_each`]), which keeps each stage's tables in cache; each
/// record is what the item alone would give. Never panics on bad input: stage panics are
/// caught.
fn run_group(
    items: Vec<Pending>,
    pipeline: &Pipeline,
    cfg: &BatchConfig<'_>,
    counters: &Counters,
) -> Vec<Done> {
    let sizes: Vec<u64> = items.iter().map(Pending::size).collect();
    let mut ready: Vec<Ready> = items
        .into_iter()
        .map(|item| prepare(item, pipeline, cfg))
        .collect();
    let mut docs: Vec<Document> = ready
        .iter_mut()
        .filter_map(|r| match r {
            Ready::Doc { doc, .. } => doc.take(),
            Ready::Done(_) => None,
        })
        .collect();
    let results = pipeline.process_each(&mut docs);
    let slots = ready.iter_mut().filter_map(|r| match r {
        Ready::Doc { doc, result, .. } => Some((doc, result)),
        Ready::Done(_) => None,
    });
    for ((slot, r), (doc, res)) in slots.zip(docs.into_iter().zip(results)) {
        *slot = Some(doc);
        *r = res;
    }
    let done: Vec<Done> = ready
        .into_iter()
        .map(|r| match r {
            Ready::Done(d) => d,
            Ready::Doc {
                key,
                no,
                id,
                doc,
                result,
            } => {
                // every document taken out above was put back
                let doc = doc.ok_or_else(|| nutgraf::Error::Stage {
                    stage: "batch".into(),
                    message: "document lost".into(),
                });
                finish(key, no, id, result.and(doc))
            }
        })
        .collect();
    for size in sizes {
        counters.articles.fetch_add(1, Ordering::Relaxed);
        counters.done_bytes.fetch_add(size, Ordering::Relaxed);
    }
    done
}

/// Items run stage by stage together: enough for the stages' tables to stay in cache, few
/// enough (in number and in bytes) to keep memory small.
const GROUP_ITEMS: usize = 32;
/// Input bytes of one group at most (a group has at least one item).
const GROUP_BYTES: u64 = 1 << 20;

/// Splits a chunk into consecutive groups of at most `max_items` items and about
/// [`GROUP_BYTES`] bytes.
fn groups(chunk: Vec<Pending>, max_items: usize) -> Vec<Vec<Pending>> {
    let mut out: Vec<Vec<Pending>> = Vec::new();
    let mut bytes = 0;
    for item in chunk {
        let size = item.size();
        match out.last_mut() {
            Some(g) if g.len() < max_items && bytes + size <= GROUP_BYTES => {
                bytes += size;
                g.push(item);
            }
            _ => {
                bytes = size;
                out.push(vec![item]);
            }
        }
    }
    out
}

/// Output lines are handed to the sink in pieces of whole lines of about this many bytes, so an
/// interruption waits for one piece at most, not for a whole chunk.
const PIECE_BYTES: usize = 1 << 20;

/// Where results go.
pub enum Sink {
    /// JSON Lines to standard output or a file, gzip-compressed or not.
    Lines(LineSink),
    /// JSON Lines to any writer (tests and fuzzing), flushed after each piece of whole lines.
    Writer(Box<dyn std::io::Write + Send>),
    /// A Parquet file.
    #[cfg(feature = "parquet")]
    Parquet(Box<crate::parquet_io::ParquetSink>),
}

impl Sink {
    /// Writes results, in order, as whole lines.
    fn write(&mut self, done: &[Done]) -> Result<(), Failure> {
        let lines = || {
            let mut buf = Vec::with_capacity(done.iter().map(|d| d.json.len() + 1).sum());
            for d in done {
                buf.extend_from_slice(d.json.as_bytes());
                buf.push(b'\n');
            }
            buf
        };
        match self {
            Sink::Lines(s) => {
                let records: Vec<&[u8]> = done.iter().map(|d| d.json.as_bytes()).collect();
                Ok(s.write_records(&records)?)
            }
            Sink::Writer(w) => {
                w.write_all(&lines())?;
                Ok(w.flush()?)
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(s) => s.write(done).map_err(Failure::Message),
        }
    }

    /// Ends the output (a gzip trailer, the Parquet footer and its final name).
    fn finish(self) -> Result<(), Failure> {
        match self {
            Sink::Lines(s) => Ok(s.finish()?),
            Sink::Writer(mut w) => Ok(w.flush()?),
            #[cfg(feature = "parquet")]
            Sink::Parquet(s) => s.finish().map_err(Failure::Message),
        }
    }
}

/// The output of a run, shared by the writer thread and the interrupt handler: the sink and
/// the count of lines written to it. The writer holds the lock across each write of whole
/// lines, so whoever holds the lock sees an output that ends on a line boundary.
pub struct Output {
    state: Mutex<Written>,
}

/// What [`Output`] guards.
struct Written {
    /// `None` once finished (or ended by an interruption).
    sink: Option<Sink>,
    records: u64,
    errors: u64,
}

impl Output {
    /// An output that writes to `sink`.
    pub fn new(sink: Sink) -> Self {
        Output {
            state: Mutex::new(Written {
                sink: Some(sink),
                records: 0,
                errors: 0,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Written> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes results in order, in pieces of whole lines of about [`PIECE_BYTES`], each under
    /// the lock. Does nothing once the output has been finished or ended.
    ///
    /// # Errors
    /// The write error (a closed pipe gives [`Failure::BrokenPipe`]).
    pub fn write(&self, done: &[Done]) -> Result<(), Failure> {
        let mut rest = done;
        while !rest.is_empty() {
            let mut bytes = 0usize;
            let mut n = 0usize;
            while n < rest.len() && (n == 0 || bytes + rest[n].json.len() < PIECE_BYTES) {
                bytes += rest[n].json.len() + 1;
                n += 1;
            }
            let (piece, tail) = rest.split_at(n);
            let mut state = self.lock();
            let Some(sink) = state.sink.as_mut() else {
                return Ok(());
            };
            sink.write(piece)?;
            state.records += piece.len() as u64;
            state.errors += piece.iter().filter(|d| d.error).count() as u64;
            drop(state);
            rest = tail;
        }
        Ok(())
    }

    /// Ends the output (see [`Sink`]); later writes do nothing.
    ///
    /// # Errors
    /// The write error.
    pub fn finish(&self) -> Result<(), Failure> {
        let mut state = self.lock();
        match state.sink.take() {
            Some(sink) => sink.finish(),
            None => Ok(()),
        }
    }

    /// The records and, of them, the error records written so far.
    pub fn written(&self) -> (u64, u64) {
        let state = self.lock();
        (state.records, state.errors)
    }

    /// Ends the output for good after an interruption, between two writes of whole lines: a
    /// line output is flushed (a gzip stream gets its trailer), a Parquet output is left under
    /// its `.partial` name. The lock is never released, so nothing is written after this.
    /// Returns the records and error records written.
    #[cfg_attr(not(unix), allow(dead_code))]
    pub(crate) fn end_interrupted(&self) -> (u64, u64) {
        let mut state = self.lock();
        match state.sink.take() {
            // The output is already broken if this fails; the exit code tells the rest.
            Some(sink @ (Sink::Lines(_) | Sink::Writer(_))) => {
                let _ = sink.finish();
            }
            #[cfg(feature = "parquet")]
            Some(Sink::Parquet(_)) => {}
            None => {}
        }
        let counts = (state.records, state.errors);
        std::mem::forget(state);
        counts
    }
}

/// How much input one chunk holds at most.
#[derive(Debug, Clone, Copy)]
pub struct ChunkLimits {
    /// Items (lines or rows).
    pub items: usize,
    /// Input bytes (a chunk ends after the line that reaches this).
    pub bytes: usize,
}

impl Default for ChunkLimits {
    fn default() -> Self {
        ChunkLimits {
            items: CHUNK_ITEMS,
            bytes: CHUNK_BYTES,
        }
    }
}

/// What [`process`] did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Records processed and input bytes read.
    pub tally: Tally,
    /// Inputs that could not be opened or stopped being readable.
    pub failed_inputs: usize,
}

/// Runs every source, in order, through the pipeline and writes one line per item to
/// `output`, in order, then finishes it. Chunks are processed on `pool` when one is given,
/// else on the calling thread; a writer thread writes each chunk while the next is processed.
/// A source that cannot be opened or read is reported on standard error and counted in
/// [`Outcome::failed_inputs`]; the lines it gave before the fault are kept.
///
/// # Errors
/// The output cannot be written.
pub fn process(
    pipeline: &Pipeline,
    sources: impl IntoIterator<Item = Result<Box<dyn Source>, String>>,
    output: &Output,
    cfg: &BatchConfig<'_>,
    limits: ChunkLimits,
    counters: &Counters,
    pool: Option<&rayon::ThreadPool>,
) -> Result<Outcome, Failure> {
    let mut outcome = Outcome::default();
    // The channel holds at most one chunk of results, so memory stays bounded.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Done>>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<(), Failure> {
            for done in rx {
                output.write(&done)?;
            }
            output.finish()
        });
        let tally = &mut outcome.tally;
        'inputs: for source in sources {
            let mut source = match source {
                Ok(s) => s,
                Err(msg) => {
                    eprintln!("nutgraf: {msg}");
                    outcome.failed_inputs += 1;
                    continue;
                }
            };
            loop {
                let chunk = match source.next_chunk(limits.items, limits.bytes, tally) {
                    Ok(c) => c,
                    Err(msg) => {
                        eprintln!("nutgraf: {msg}");
                        outcome.failed_inputs += 1;
                        break;
                    }
                };
                if chunk.is_empty() {
                    break;
                }
                let done: Vec<Done> = match pool {
                    None => groups(chunk, GROUP_ITEMS)
                        .into_iter()
                        .flat_map(|g| run_group(g, pipeline, cfg, counters))
                        .collect(),
                    Some(pool) => pool.install(|| {
                        // at least four groups per thread, so the last ones do not leave a
                        // thread idle
                        let per = chunk.len() / (pool.current_num_threads() * 4);
                        groups(chunk, per.clamp(1, GROUP_ITEMS))
                            .into_par_iter()
                            .with_max_len(1)
                            .map(|g| run_group(g, pipeline, cfg, counters))
                            .collect::<Vec<Vec<Done>>>()
                            .into_iter()
                            .flatten()
                            .collect()
                    }),
                };
                tally.records += done.len() as u64;
                tally.errors += done.iter().filter(|d| d.error).count() as u64;
                if tx.send(done).is_err() {
                    // The writer stopped on an error, which its result reports.
                    break 'inputs;
                }
            }
        }
        drop(tx);
        writer.join().unwrap_or_else(|_| {
            Err(Failure::Message(
                "the output writer stopped unexpectedly".into(),
            ))
        })
    })?;
    Ok(outcome)
}

fn is_parquet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

fn open_sink(cfg: &BatchConfig<'_>) -> Result<Sink, Failure> {
    let name = cfg.output.display();
    if !bio::is_std(Some(cfg.output)) && is_parquet(cfg.output) {
        #[cfg(feature = "parquet")]
        {
            return crate::parquet_io::ParquetSink::create(cfg.output, cfg.parquet_json)
                .map(|s| Sink::Parquet(Box::new(s)))
                .map_err(Failure::Message);
        }
        #[cfg(not(feature = "parquet"))]
        return Err(Failure::Message(format!(
            "{name}: Parquet output needs a nutgraf built with the `parquet` feature"
        )));
    }
    LineSink::create(cfg.output, cfg.gzip_stdout)
        .map(Sink::Lines)
        .map_err(|e| Failure::Message(format!("cannot create {name}: {e}")))
}

fn open_source(
    path: &Path,
    cfg: &BatchConfig<'_>,
    counters: &Counters,
) -> Result<Box<dyn Source>, String> {
    let name = bio::display_name(Some(path));
    if !bio::is_std(Some(path)) && is_parquet(path) {
        #[cfg(feature = "parquet")]
        {
            return crate::parquet_io::ParquetSource::open(
                path,
                cfg.text_field,
                cfg.id_field,
                Arc::clone(&counters.consumed),
            )
            .map(|s| Box::new(s) as Box<dyn Source>);
        }
        #[cfg(not(feature = "parquet"))]
        return Err(format!(
            "{name}: Parquet input needs a nutgraf built with the `parquet` feature"
        ));
    }
    let reader = bio::open_input(path, Arc::clone(&counters.consumed))
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok(Box::new(JsonLines::new(
        reader,
        name,
        line_limit(cfg.max_bytes),
    )))
}

/// The total size of the inputs when every one is a regular file.
fn total_size(inputs: &[PathBuf]) -> Option<u64> {
    inputs
        .iter()
        .map(|p| {
            if bio::is_std(Some(p)) {
                return None;
            }
            std::fs::metadata(p)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len())
        })
        .sum()
}

/// Runs a whole batch and prints the summary.
///
/// On Unix this installs SIGINT and SIGTERM handlers for the rest of the process: the first
/// signal ends the output between two writes of whole lines, prints a summary saying the run was
/// interrupted and exits the process with 128 + the signal number; a second one exits at once.
///
/// # Errors
/// A failure that ends the run: the output cannot be written, or no input could be read.
pub fn run(
    pipeline: &Pipeline,
    inputs: &[PathBuf],
    cfg: &BatchConfig<'_>,
) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let stdin_only = [PathBuf::from("-")];
    let inputs = if inputs.is_empty() {
        &stdin_only[..]
    } else {
        inputs
    };
    let threads = nutgraf::core::effective_threads(cfg.threads);
    let pool = if threads > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("nutgraf-{i}"))
                .build()
                .map_err(|e| {
                    Failure::Message(format!("cannot start {threads} worker threads: {e}"))
                })?,
        )
    } else {
        None
    };
    let output = Arc::new(Output::new(open_sink(cfg)?));
    let counters = Arc::new(Counters::default());
    let progress = (!cfg.quiet && std::io::stderr().is_terminal()).then(|| {
        Progress::start(
            Arc::clone(&counters),
            total_size(inputs),
            Duration::from_millis(200),
        )
    });
    #[cfg(unix)]
    crate::interrupt::watch(Arc::clone(&output), started, progress.is_some())
        .map_err(|e| Failure::Message(format!("cannot install the SIGINT/SIGTERM handler: {e}")))?;
    let Outcome {
        tally,
        failed_inputs,
    } = process(
        pipeline,
        inputs.iter().map(|p| open_source(p, cfg, &counters)),
        &output,
        cfg,
        ChunkLimits::default(),
        &counters,
        pool.as_ref(),
    )?;
    if let Some(p) = progress {
        p.stop();
    }
    if !cfg.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "nutgraf batch: {} records, {} errors, {} bytes, {:.2} s ({:.2} MB/s)",
            tally.records,
            tally.errors,
            tally.bytes,
            secs,
            tally.bytes as f64 / 1e6 / secs.max(1e-9)
        );
    }
    if failed_inputs == inputs.len() && tally.records == 0 {
        return Err(Failure::Message("no input could be read".into()));
    }
    Ok(if failed_inputs > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> BatchConfig<'static> {
        BatchConfig {
            html: None,
            text_field: "text",
            id_field: "id",
            threads: 1,
            max_bytes: 100,
            lossy: false,
            quiet: true,
            output: Path::new("-"),
            gzip_stdout: false,
            parquet_json: false,
        }
    }

    #[test]
    fn lines_parse_into_ids_and_texts_or_messages() {
        let c = cfg();
        let (id, text) = parse_line(br#"{"id": 3, "text": "Hi."}"#, &c);
        assert_eq!(id, Value::from(3));
        assert_eq!(text.unwrap(), "Hi.");
        let (_, text) = parse_line(b"[1, 2]", &c);
        assert!(text.unwrap_err().starts_with("not a JSON object"));
        let (_, text) = parse_line(br#"{"text": "a"} trailing"#, &c);
        assert!(text.unwrap_err().starts_with("not a JSON object"));
        // Other fields of any shape are skipped; the last duplicate wins; escapes in keys.
        let (id, text) = parse_line(
            br#"{"gold": [{"a": [1, {"b": null}]}], "te\u0078t": "first", "id": [7], "text": "second"}"#,
            &c,
        );
        assert_eq!(id, serde_json::json!([7]));
        assert_eq!(text.unwrap(), "second");
        let (id, text) = parse_line(br#"{"id": "x"}"#, &c);
        assert_eq!(id, "x");
        assert_eq!(text.unwrap_err(), "missing field `text`");
        let (_, text) = parse_line(b"{\"text\": \"a\xff\"}", &c);
        assert!(text.unwrap_err().contains("byte offset 11"));
    }

    #[test]
    fn a_group_gives_what_each_item_gives_alone_in_order() {
        let pipeline = nutgraf::english_news(None).unwrap();
        let c = cfg();
        let line = |no: u64, s: &str| Pending::Line {
            no,
            bytes: s.as_bytes().to_vec(),
        };
        let items = || {
            vec![
                line(1, r#"{"id": 1, "text": "Ada Lind said: \"It works.\""}"#),
                line(2, "not json"),
                Pending::TooLong { no: 3, len: 500 },
                line(
                    4,
                    r#"{"id": 4, "text": "A text well over the one hundred bytes limit of this test configuration, so it ends as an error record."}"#,
                ),
                line(5, r#"{"id": 5}"#),
                line(6, r#"{"id": 6, "text": "The council met on Tuesday."}"#),
                line(7, r#"{"id": 7, "text": ""}"#),
            ]
        };
        let counters = Counters::default();
        let together: Vec<String> = run_group(items(), &pipeline, &c, &counters)
            .into_iter()
            .map(|d| d.json)
            .collect();
        let alone: Vec<String> = items()
            .into_iter()
            .flat_map(|i| run_group(vec![i], &pipeline, &c, &counters))
            .map(|d| d.json)
            .collect();
        assert_eq!(together, alone);
        assert_eq!(together.len(), 7);
        assert!(together[0].contains("\"quotes\":[{"), "{}", together[0]);
        for (i, want_error) in [false, true, true, true, true, false, false]
            .iter()
            .enumerate()
        {
            assert_eq!(
                together[i].contains("\"error\""),
                *want_error,
                "{}",
                together[i]
            );
        }
        assert_eq!(counters.articles.load(Ordering::Relaxed), 14);
    }

    #[test]
    fn chunks_split_into_bounded_groups_in_order() {
        let items: Vec<Pending> = (0..100)
            .map(|no| Pending::TooLong {
                no,
                len: if no == 40 { 3 << 20 } else { 100_000 },
            })
            .collect();
        let sizes: Vec<u64> = items.iter().map(Pending::size).collect();
        let gs = groups(items, GROUP_ITEMS);
        let mut seen = Vec::new();
        for g in &gs {
            assert!(!g.is_empty() && g.len() <= GROUP_ITEMS);
            let bytes: u64 = g.iter().map(Pending::size).sum();
            // only a group of one item may go over the byte bound
            assert!(bytes <= GROUP_BYTES || g.len() == 1, "{bytes}");
            seen.extend(g.iter().map(Pending::size));
        }
        assert_eq!(seen, sizes);
        assert!(groups(Vec::new(), GROUP_ITEMS).is_empty());
        let small: Vec<Pending> = (0..10).map(|no| Pending::TooLong { no, len: 1 }).collect();
        assert_eq!(
            groups(small, 3).iter().map(Vec::len).collect::<Vec<_>>(),
            [3, 3, 3, 1]
        );
    }

    #[test]
    fn error_records_keep_the_id_and_number() {
        let r: Value =
            serde_json::from_str(&error_record(&Value::from("a"), "row", 4, "bad")).unwrap();
        assert_eq!(r, serde_json::json!({"id": "a", "row": 4, "error": "bad"}));
    }

    /// Records every write it is given.
    #[derive(Clone, Default)]
    struct Calls(Arc<Mutex<Vec<Vec<u8>>>>);

    impl std::io::Write for Calls {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn output_is_written_in_pieces_of_whole_lines_and_counted() {
        let calls = Calls::default();
        let output = Output::new(Sink::Writer(Box::new(calls.clone())));
        // 3.5 pieces' worth of lines of varied lengths, every third an error record.
        let done: Vec<Done> = (0..7000)
            .map(|i| Done {
                json: format!("{{\"n\":{i},\"pad\":\"{}\"}}", "x".repeat(i % 1000)),
                error: i % 3 == 0,
            })
            .collect();
        output.write(&done).unwrap();
        assert_eq!(output.written(), (7000, 2334));
        output.finish().unwrap();
        let calls = calls.0.lock().unwrap();
        assert!(calls.len() >= 3, "{} writes", calls.len());
        let mut all = Vec::new();
        for c in calls.iter() {
            assert_eq!(c.last(), Some(&b'\n'), "a write that ends mid-line");
            assert!(c.len() < PIECE_BYTES + 1100);
            all.extend_from_slice(c);
        }
        let want: String = done.iter().map(|d| format!("{}\n", d.json)).collect();
        assert_eq!(String::from_utf8(all).unwrap(), want);
        // Nothing is written after the end.
        drop(calls);
        output.write(&done[..1]).unwrap();
        assert_eq!(output.written(), (7000, 2334));
    }

    #[test]
    fn a_source_reads_bounded_chunks_in_order() {
        let data = b"l1\nl2\nl3\nl4\nl5\n".to_vec();
        let mut src = JsonLines::new(Box::new(std::io::Cursor::new(data)), "mem".into(), 10);
        let mut tally = Tally::default();
        let mut numbers = Vec::new();
        loop {
            let chunk = src.next_chunk(2, 1 << 20, &mut tally).unwrap();
            if chunk.is_empty() {
                break;
            }
            assert!(chunk.len() <= 2);
            numbers.extend(chunk.iter().map(|p| match p {
                Pending::Line { no, .. } => *no,
                _ => 0,
            }));
        }
        assert_eq!(numbers, [1, 2, 3, 4, 5]);
        assert_eq!(tally.bytes, 15);
    }
}
