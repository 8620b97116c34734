//! The library behind the `nutgraf` command-line tool. The binary (`src/main.rs`) parses the
//! options; this crate holds the batch machinery (reading JSON Lines in bounded chunks, one
//! result or error record per input line, whole-line output, interruption) so that the binary,
//! the tests and the `batch` fuzz target share one implementation.

pub mod batch;
#[cfg(unix)]
mod interrupt;
pub mod io;
#[cfg(feature = "parquet")]
pub mod parquet_io;
pub mod progress;

/// A failure that ends the whole run.
#[derive(Debug)]
pub enum Failure {
    /// A message for standard error; exit code 1.
    Message(String),
    /// Standard output was closed by its reader: stop quietly.
    BrokenPipe,
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(format!("cannot write output: {e}"))
        }
    }
}
