//! The `nutgraf` command-line tool: `nutgraf extract` for one article, `nutgraf batch` for JSON
//! Lines. See `nutgraf --help`.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use nutgraf::{Gazetteer, Pipeline, Record, StageName, english_pipeline};
use serde_json::Value;

/// Structured records from scraped news articles.
#[derive(Debug, Parser)]
#[command(name = "nutgraf", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract one article and print one JSON object (wire format v1).
    Extract {
        #[command(flatten)]
        common: Common,
        /// The article's raw text; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// The `id` to put in the record.
        #[arg(long)]
        id: Option<String>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Extract every article of a JSON Lines file, one output line per input line, in order.
    Batch {
        #[command(flatten)]
        common: Common,
        /// JSON Lines inputs, read in order; `-` or nothing reads standard input.
        inputs: Vec<PathBuf>,
        /// The field that holds the article text.
        #[arg(long, default_value = "text")]
        text_field: String,
        /// The field that holds the article id (copied to the output; `null` when absent).
        #[arg(long, default_value = "id")]
        id_field: String,
        /// No summary on standard error.
        #[arg(long, short)]
        quiet: bool,
        /// Worker threads; 0 uses every core.
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
}

#[derive(Debug, Args)]
struct Common {
    /// Gazetteer file: a JSON array or JSON Lines of {"name", "kind", "aliases"}, or TSV.
    #[arg(long)]
    gazetteer: Option<PathBuf>,
    /// Stages to run, comma-separated, from clean,segment,entities,quotes.
    #[arg(long, default_value = "clean,segment,entities,quotes")]
    stages: String,
    /// Decode invalid UTF-8 with U+FFFD replacements instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Largest article accepted, in bytes; larger ones get an error record.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_bytes: usize,
}

/// A failure that ends the whole run.
#[derive(Debug)]
enum Failure {
    /// A message for standard error; exit code 1.
    Message(String),
    /// Standard output was closed by its reader: stop quietly.
    BrokenPipe,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(format!("cannot write output: {e}"))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract {
            common,
            file,
            id,
            pretty,
        } => extract(&common, file.as_deref(), id, pretty),
        Command::Batch {
            common,
            inputs,
            text_field,
            id_field,
            quiet,
            threads,
        } => {
            let opts = BatchOptions {
                text_field: &text_field,
                id_field: &id_field,
                threads,
            };
            batch(&common, &inputs, &opts, quiet)
        }
    };
    match result {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(m)) => {
            eprintln!("nutgraf: {m}");
            ExitCode::FAILURE
        }
    }
}

fn build_pipeline(common: &Common) -> Result<Pipeline, Failure> {
    let stages =
        StageName::parse_list(&common.stages).map_err(|e| Failure::Message(e.to_string()))?;
    let gazetteer = match &common.gazetteer {
        Some(path) => {
            Some(Gazetteer::from_path(path).map_err(|e| Failure::Message(e.to_string()))?)
        }
        None => None,
    };
    english_pipeline(&stages, gazetteer.as_ref()).map_err(|e| Failure::Message(e.to_string()))
}

fn is_stdin(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-")
}

fn display_name(path: Option<&Path>) -> String {
    match path {
        Some(p) if !is_stdin(Some(p)) => p.display().to_string(),
        _ => "<stdin>".to_owned(),
    }
}

/// Decodes bytes as UTF-8, or reports where they stop being UTF-8.
fn decode(bytes: Vec<u8>, name: &str, lossy: bool) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => {
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let replaced = text.matches('\u{FFFD}').count();
            eprintln!("nutgraf: {name}: invalid UTF-8 replaced by U+FFFD ({replaced} places)");
            Ok(text)
        }
        Err(e) => Err(format!(
            "{name}: invalid UTF-8 at byte offset {} (use --lossy to replace it)",
            e.utf8_error().valid_up_to()
        )),
    }
}

fn extract(
    common: &Common,
    file: Option<&Path>,
    id: Option<String>,
    pretty: bool,
) -> Result<ExitCode, Failure> {
    let pipeline = build_pipeline(common)?;
    let name = display_name(file);
    let mut bytes = Vec::new();
    let read = if is_stdin(file) {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file.unwrap_or(Path::new("-")))
            .and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| Failure::Message(format!("cannot read {name}: {e}")))?;
    if bytes.len() > common.max_bytes {
        return Err(Failure::Message(format!(
            "{name}: {} bytes exceed the limit of {} (--max-bytes)",
            bytes.len(),
            common.max_bytes
        )));
    }
    let text = decode(bytes, &name, common.lossy).map_err(Failure::Message)?;
    let doc = pipeline
        .run_guarded(text)
        .map_err(|e| Failure::Message(format!("{name}: {e}")))?;
    let record = Record::new(&doc, id.map_or(Value::Null, Value::String));
    let json = if pretty {
        serde_json::to_string_pretty(&record).map_err(|e| Failure::Message(e.to_string()))?
    } else {
        record.to_json()
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{json}")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Counts for the summary line.
#[derive(Debug, Default)]
struct Tally {
    records: u64,
    errors: u64,
    bytes: u64,
}

/// One input line, parsed: the article to run, or the error record to write instead.
enum Parsed {
    Article { id: Value, text: String },
    Failed(String),
}

fn error_record(id: &Value, line_no: u64, msg: &str) -> String {
    serde_json::json!({ "id": id, "line": line_no, "error": msg }).to_string()
}

/// Parses one input line into an article or an error record.
fn parse_line(line: &[u8], line_no: u64, batch: &BatchOptions<'_>, common: &Common) -> Parsed {
    let fail = |id: &Value, msg: String| Parsed::Failed(error_record(id, line_no, &msg));
    let line = match std::str::from_utf8(line) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) if common.lossy => String::from_utf8_lossy(line),
        Err(e) => {
            return fail(
                &Value::Null,
                format!(
                    "invalid UTF-8 at byte offset {} of the line",
                    e.valid_up_to()
                ),
            );
        }
    };
    let value: Value = match serde_json::from_str(&line) {
        Ok(v) => v,
        Err(e) => return fail(&Value::Null, format!("not a JSON object: {e}")),
    };
    let Value::Object(mut obj) = value else {
        return fail(&Value::Null, "not a JSON object".into());
    };
    let id = obj.remove(batch.id_field).unwrap_or(Value::Null);
    match obj.remove(batch.text_field) {
        Some(Value::String(text)) if text.len() > common.max_bytes => fail(
            &id,
            format!(
                "{} bytes exceed the limit of {} (--max-bytes)",
                text.len(),
                common.max_bytes
            ),
        ),
        Some(Value::String(text)) => Parsed::Article { id, text },
        Some(_) => fail(&id, format!("field `{}` is not a string", batch.text_field)),
        None => fail(&id, format!("missing field `{}`", batch.text_field)),
    }
}

/// Options of one batch run.
struct BatchOptions<'a> {
    text_field: &'a str,
    id_field: &'a str,
    threads: usize,
}

/// Lines read before a chunk is processed in parallel and written.
const CHUNK_LINES: usize = 256;
/// Bytes read before a chunk is processed, whatever its line count.
const CHUNK_BYTES: usize = 32 << 20;

fn batch(
    common: &Common,
    inputs: &[PathBuf],
    opts: &BatchOptions<'_>,
    quiet: bool,
) -> Result<ExitCode, Failure> {
    let pipeline = build_pipeline(common)?;
    let started = Instant::now();
    let stdin_only = [PathBuf::from("-")];
    let inputs = if inputs.is_empty() {
        &stdin_only[..]
    } else {
        inputs
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut tally = Tally::default();
    let mut unreadable = 0usize;
    for path in inputs {
        let name = display_name(Some(path));
        let reader: Box<dyn BufRead> = if is_stdin(Some(path)) {
            Box::new(BufReader::new(io::stdin()))
        } else {
            match std::fs::File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 20, f)),
                Err(e) => {
                    eprintln!("nutgraf: cannot read {name}: {e}");
                    unreadable += 1;
                    continue;
                }
            }
        };
        run_reader(reader, &name, &pipeline, opts, common, &mut out, &mut tally)?;
    }
    out.flush()?;
    if !quiet {
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
    if unreadable == inputs.len() {
        return Err(Failure::Message("no input could be read".into()));
    }
    Ok(if unreadable > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads one input in chunks, runs each chunk in parallel and writes its lines in order.
fn run_reader(
    mut reader: Box<dyn BufRead>,
    name: &str,
    pipeline: &Pipeline,
    opts: &BatchOptions<'_>,
    common: &Common,
    out: &mut impl Write,
    tally: &mut Tally,
) -> Result<(), Failure> {
    let mut line_no = 0u64;
    let mut eof = false;
    while !eof {
        let mut parsed = Vec::with_capacity(CHUNK_LINES);
        let mut chunk_bytes = 0usize;
        while parsed.len() < CHUNK_LINES && chunk_bytes < CHUNK_BYTES {
            let mut buf = Vec::new();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| Failure::Message(format!("cannot read {name}: {e}")))?;
            if n == 0 {
                eof = true;
                break;
            }
            line_no += 1;
            chunk_bytes += n;
            tally.bytes += n as u64;
            let mut line = &buf[..];
            while let [rest @ .., b'\n' | b'\r'] = line {
                line = rest;
            }
            parsed.push(parse_line(line, line_no, opts, common));
        }
        let texts: Vec<&str> = parsed
            .iter()
            .filter_map(|p| match p {
                Parsed::Article { text, .. } => Some(text.as_str()),
                Parsed::Failed(_) => None,
            })
            .collect();
        let mut docs = pipeline.process_batch(&texts, opts.threads).into_iter();
        let first_line = line_no + 1 - parsed.len() as u64;
        for (i, p) in parsed.iter().enumerate() {
            tally.records += 1;
            let json = match p {
                Parsed::Failed(record) => {
                    tally.errors += 1;
                    record.clone()
                }
                Parsed::Article { id, .. } => match docs.next() {
                    Some(Ok(doc)) => Record::new(&doc, id.clone()).to_json(),
                    Some(Err(e)) => {
                        tally.errors += 1;
                        error_record(id, first_line + i as u64, &e.to_string())
                    }
                    None => {
                        tally.errors += 1;
                        error_record(id, first_line + i as u64, "internal error: result missing")
                    }
                },
            };
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    Ok(())
}
