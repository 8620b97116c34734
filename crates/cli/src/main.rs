//! The `nutgraf` command-line tool: `nutgraf extract` for one article, `nutgraf batch` for
//! corpora (JSON Lines, gzip, Parquet with the `parquet` feature). See `nutgraf --help` and
//! docs/batch.md.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The binary's allocator, with the default `mimalloc` feature: faster than the system
/// allocator on the many per-article buffers of a batch run (see docs/throughput.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand};
use nutgraf::{
    Gazetteer, HtmlExtractor, Pipeline, Record, StageName, english_pipeline, run_html_guarded,
};
use nutgraf_cli::{Failure, batch, io};
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
    /// Extract every article of JSON Lines inputs, one output line per input line, in order.
    ///
    /// Inputs ending in `.gz` (or starting with the gzip magic bytes) are decompressed;
    /// `.parquet` inputs and outputs need the `parquet` build feature. Streams in bounded
    /// chunks: memory does not grow with the input. A progress bar is drawn on standard error
    /// when it is a terminal.
    Batch {
        #[command(flatten)]
        common: Common,
        /// Inputs, read in order; `-` or nothing reads standard input.
        inputs: Vec<PathBuf>,
        /// Output file; `-` is standard output. A name ending in `.gz` is gzip-compressed, one
        /// ending in `.parquet` is written as Parquet.
        #[arg(long, short, default_value = "-")]
        output: PathBuf,
        /// Compress standard output with gzip.
        #[arg(long)]
        gzip: bool,
        /// Parquet output: one JSON column `record` instead of one column per record field.
        #[arg(long)]
        parquet_json: bool,
        /// The field that holds the article text.
        #[arg(long, default_value = "text")]
        text_field: String,
        /// The field that holds the article id (copied to the output; `null` when absent).
        #[arg(long, default_value = "id")]
        id_field: String,
        /// No progress bar and no summary on standard error.
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
    /// Largest gazetteer file accepted, in bytes.
    #[arg(long, default_value_t = 1 << 30)]
    max_gazetteer_bytes: u64,
    /// Read the input as an HTML page: extract its main content and metadata first. Spans
    /// then point into the extracted text; blocks carry `html_start`/`html_end`.
    #[arg(long)]
    html: bool,
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
            output,
            gzip,
            parquet_json,
            text_field,
            id_field,
            quiet,
            threads,
        } => build_pipeline(&common).and_then(|pipeline| {
            let extractor = HtmlExtractor::default();
            let cfg = batch::BatchConfig {
                html: common.html.then_some(&extractor),
                text_field: &text_field,
                id_field: &id_field,
                threads,
                max_bytes: common.max_bytes,
                lossy: common.lossy,
                quiet,
                output: &output,
                gzip_stdout: gzip,
                parquet_json,
            };
            batch::run(&pipeline, &inputs, &cfg)
        }),
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
            let size = std::fs::metadata(path)
                .map_err(|e| Failure::Message(format!("cannot read {}: {e}", path.display())))?
                .len();
            if size > common.max_gazetteer_bytes {
                return Err(Failure::Message(format!(
                    "{}: gazetteer of {size} bytes exceeds the limit of {} bytes (--max-gazetteer-bytes)",
                    path.display(),
                    common.max_gazetteer_bytes
                )));
            }
            Some(Gazetteer::from_path(path).map_err(|e| Failure::Message(e.to_string()))?)
        }
        None => None,
    };
    english_pipeline(&stages, gazetteer.as_ref()).map_err(|e| Failure::Message(e.to_string()))
}

/// The byte ranges of `bytes` that are not valid UTF-8 (each one becomes one U+FFFD when
/// decoded lossily), in one linear pass.
fn invalid_utf8_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        match std::str::from_utf8(&bytes[pos..]) {
            Ok(_) => break,
            Err(e) => {
                let start = pos + e.valid_up_to();
                let len = e.error_len().unwrap_or(bytes.len() - start);
                out.push(start..start + len);
                pos = start + len;
            }
        }
    }
    out
}

/// Decodes bytes as UTF-8, or reports where they stop being UTF-8.
fn decode(bytes: Vec<u8>, name: &str, lossy: bool) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => {
            let bytes = e.into_bytes();
            let ranges = invalid_utf8_ranges(&bytes);
            let shown: Vec<String> = ranges
                .iter()
                .take(20)
                .map(|r| format!("{}..{}", r.start, r.end))
                .collect();
            let more = if ranges.len() > shown.len() {
                ", ..."
            } else {
                ""
            };
            eprintln!(
                "nutgraf: {name}: {} invalid UTF-8 sequence(s) replaced by U+FFFD at input bytes {}{more}",
                ranges.len(),
                shown.join(", ")
            );
            Ok(String::from_utf8_lossy(&bytes).into_owned())
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
    let name = io::display_name(file);
    let mut bytes = Vec::new();
    let read = if io::is_std(file) {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
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
    let doc = if common.html {
        run_html_guarded(&pipeline, &HtmlExtractor::default(), &text)
    } else {
        pipeline.run_guarded(text)
    }
    .map_err(|e| Failure::Message(format!("{name}: {e}")))?;
    let record = Record::new(&doc, id.map_or(Value::Null, Value::String));
    let json = if pretty {
        nutgraf::core::wire::escape_line_separators(
            serde_json::to_string_pretty(&record).map_err(|e| Failure::Message(e.to_string()))?,
        )
    } else {
        record.to_json()
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{json}")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::invalid_utf8_ranges;

    #[test]
    fn invalid_ranges_cover_each_bad_sequence() {
        assert!(invalid_utf8_ranges("plain é".as_bytes()).is_empty());
        assert_eq!(invalid_utf8_ranges(b"ab\xffcd\xe2\x82"), vec![2..3, 5..7]);
        assert_eq!(invalid_utf8_ranges(b"\xc3\x28x"), vec![0..1]);
    }
}
