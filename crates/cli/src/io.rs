//! Inputs and outputs of `nutgraf batch`: files or standard streams, gzip by extension or by
//! its magic bytes, bounded line reading, and outputs written in whole lines only.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IoSlice, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

/// Whether `path` names standard input or output (`-`, or no path at all).
pub fn is_std(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-")
}

/// The name of an input or output for messages.
pub fn display_name(path: Option<&Path>) -> String {
    match path {
        Some(p) if !is_std(Some(p)) => p.display().to_string(),
        _ => "<stdin>".to_owned(),
    }
}

/// Whether a path ends in `.gz`.
pub fn has_gz_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// A reader that adds the bytes it reads to a shared counter (for the progress bar, which
/// measures compressed files by their size on disk).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens an input for line reading: standard input for `-`, else the file. The stream is
/// decompressed when the name ends in `.gz` or the data starts with the gzip magic bytes.
/// Every byte read from the underlying file or stream is added to `consumed`.
///
/// # Errors
/// When the file cannot be opened or its first bytes cannot be read.
pub fn open_input(path: &Path, consumed: Arc<AtomicU64>) -> io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = if is_std(Some(path)) {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    let mut buffered = BufReader::with_capacity(
        1 << 20,
        Counting {
            inner: raw,
            count: consumed,
        },
    );
    let magic = buffered.fill_buf()?;
    let gzip = magic.starts_with(&[0x1f, 0x8b]) || (!is_std(Some(path)) && has_gz_extension(path));
    Ok(if gzip {
        Box::new(BufReader::with_capacity(
            1 << 20,
            MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    })
}

/// The outcome of reading one line with [`read_line_bounded`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// End of input: nothing was read.
    Eof,
    /// A whole line (without its end-of-line bytes) is in the buffer; `n` bytes were consumed.
    Whole(usize),
    /// The line was longer than the limit: only its first bytes are in the buffer, and the
    /// rest was skipped; `n` bytes were consumed in all.
    TooLong(usize),
}

/// Reads one line into `buf` (cleared first), keeping at most `limit` bytes of it in memory
/// and skipping the rest, so that one huge line cannot exhaust memory. Trailing `\n` and `\r`
/// bytes are removed.
///
/// # Errors
/// The underlying read error.
pub fn read_line_bounded(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Line> {
    buf.clear();
    let mut consumed = 0usize;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = limit.saturating_sub(buf.len());
        if take > room {
            too_long = true;
        }
        buf.extend_from_slice(&available[..take.min(room)]);
        reader.consume(take);
        consumed += take;
        if done {
            break;
        }
    }
    if consumed == 0 {
        return Ok(Line::Eof);
    }
    while let [.., b'\n' | b'\r'] = buf.as_slice() {
        buf.pop();
    }
    Ok(if too_long {
        Line::TooLong(consumed)
    } else {
        Line::Whole(consumed)
    })
}

/// A JSON Lines output: standard output or a file, gzip-compressed when its name ends in
/// `.gz`. Each call to [`LineSink::write_lines`] hands over whole lines only and pushes them
/// through to the operating system (a gzip stream is sync-flushed), so a run that is
/// interrupted leaves a valid prefix of whole lines.
pub struct LineSink {
    inner: SinkKind,
}

enum SinkKind {
    Stdout(io::Stdout),
    File(File),
    Gzip(GzEncoder<File>),
    GzipStdout(GzEncoder<io::Stdout>),
}

impl LineSink {
    /// Opens `path` (`-` for standard output). `gzip` forces compression of standard output;
    /// files are compressed when their name ends in `.gz`.
    ///
    /// # Errors
    /// When the file cannot be created.
    pub fn create(path: &Path, gzip: bool) -> io::Result<Self> {
        let inner = if is_std(Some(path)) {
            if gzip {
                SinkKind::GzipStdout(GzEncoder::new(io::stdout(), Compression::fast()))
            } else {
                SinkKind::Stdout(io::stdout())
            }
        } else {
            let file = File::create(path)?;
            if gzip || has_gz_extension(path) {
                SinkKind::Gzip(GzEncoder::new(file, Compression::fast()))
            } else {
                SinkKind::File(file)
            }
        };
        Ok(LineSink { inner })
    }

    /// Writes a buffer of whole lines and pushes it out.
    ///
    /// # Errors
    /// The write error (a closed pipe gives [`io::ErrorKind::BrokenPipe`]).
    pub fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            SinkKind::Stdout(s) => {
                let mut lock = s.lock();
                lock.write_all(lines)?;
                lock.flush()
            }
            SinkKind::File(f) => f.write_all(lines),
            SinkKind::Gzip(g) => {
                g.write_all(lines)?;
                g.flush()
            }
            SinkKind::GzipStdout(g) => {
                g.write_all(lines)?;
                g.flush()
            }
        }
    }

    /// Writes records as lines, each followed by `\n`, and pushes them out: the same bytes as
    /// [`LineSink::write_lines`] of their concatenation. A plain file or standard output gets
    /// them by vectored writes, straight from the records, without copying them into one buffer
    /// first; a gzip stream gets the concatenation.
    ///
    /// # Errors
    /// The write error (a closed pipe gives [`io::ErrorKind::BrokenPipe`]).
    pub fn write_records(&mut self, records: &[&[u8]]) -> io::Result<()> {
        match &mut self.inner {
            SinkKind::Stdout(s) => {
                let mut lock = s.lock();
                write_all_lines(&mut lock, records)?;
                lock.flush()
            }
            SinkKind::File(f) => write_all_lines(f, records),
            SinkKind::Gzip(_) | SinkKind::GzipStdout(_) => {
                let mut buf = Vec::with_capacity(records.iter().map(|r| r.len() + 1).sum());
                for r in records {
                    buf.extend_from_slice(r);
                    buf.push(b'\n');
                }
                self.write_lines(&buf)
            }
        }
    }

    /// Ends the output (writes the gzip trailer).
    ///
    /// # Errors
    /// The write error.
    pub fn finish(self) -> io::Result<()> {
        match self.inner {
            SinkKind::Stdout(s) => s.lock().flush(),
            SinkKind::File(mut f) => f.flush(),
            SinkKind::Gzip(g) => g.finish().map(drop),
            SinkKind::GzipStdout(g) => g.finish()?.lock().flush(),
        }
    }
}

/// Writes every record followed by `\n`, with as few vectored writes as the writer allows.
fn write_all_lines(w: &mut dyn Write, records: &[&[u8]]) -> io::Result<()> {
    let mut slices: Vec<IoSlice<'_>> = Vec::with_capacity(2 * records.len());
    for r in records {
        slices.push(IoSlice::new(r));
        slices.push(IoSlice::new(b"\n"));
    }
    let mut bufs = &mut slices[..];
    while !bufs.is_empty() {
        match w.write_vectored(bufs) {
            // every other slice is a newline, so what is left is never empty
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut bufs, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the bytes, the buffer size and the limit, bounded reading gives the lines
        /// of `split('\n')` (end-of-line bytes trimmed, cut at the limit), flags exactly the
        /// lines over the limit, and accounts for every byte.
        #[test]
        fn bounded_reading_matches_a_plain_split(
            data in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), any::<u8>()], 0..600),
            cap in 1usize..40,
            limit in 0usize..50,
        ) {
            let mut reader = BufReader::with_capacity(cap, &data[..]);
            let mut buf = Vec::new();
            let mut got = Vec::new();
            let mut total = 0;
            loop {
                match read_line_bounded(&mut reader, &mut buf, limit).unwrap() {
                    Line::Eof => break,
                    Line::Whole(n) => { total += n; got.push((false, buf.clone())); }
                    Line::TooLong(n) => { total += n; got.push((true, buf.clone())); }
                }
            }
            prop_assert_eq!(total, data.len());
            let mut pieces: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
            if data.last() == Some(&b'\n') || data.is_empty() {
                pieces.pop();
            }
            prop_assert_eq!(got.len(), pieces.len());
            let last = pieces.len().saturating_sub(1);
            let ends_with_newline = data.last() == Some(&b'\n');
            for (i, ((too_long, line), piece)) in got.iter().zip(&pieces).enumerate() {
                // The line as the reader saw it: with its newline, except an unterminated last one.
                let mut seen = piece.to_vec();
                if i < last || ends_with_newline {
                    seen.push(b'\n');
                }
                prop_assert_eq!(*too_long, seen.len() > limit);
                seen.truncate(limit);
                while let [.., b'\n' | b'\r'] = seen.as_slice() {
                    seen.pop();
                }
                prop_assert_eq!(line, &seen);
            }
        }
    }

    fn lines(input: &[u8], limit: usize) -> Vec<(Line, Vec<u8>)> {
        let mut reader: &[u8] = input;
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            let l = read_line_bounded(&mut reader, &mut buf, limit).unwrap();
            if l == Line::Eof {
                return out;
            }
            out.push((l, buf.clone()));
        }
    }

    #[test]
    fn lines_are_split_and_trimmed() {
        let got = lines(b"ab\r\ncd\n\nlast", 100);
        assert_eq!(
            got,
            vec![
                (Line::Whole(4), b"ab".to_vec()),
                (Line::Whole(3), b"cd".to_vec()),
                (Line::Whole(1), b"".to_vec()),
                (Line::Whole(4), b"last".to_vec()),
            ]
        );
    }

    #[test]
    fn long_lines_are_cut_and_skipped_whole() {
        let got = lines(b"0123456789\nok\n", 4);
        assert_eq!(
            got,
            vec![
                (Line::TooLong(11), b"0123".to_vec()),
                (Line::Whole(3), b"ok".to_vec()),
            ]
        );
    }

    /// Takes at most `max` bytes per write and one slice at most per vectored write.
    struct Trickle {
        out: Vec<u8>,
        max: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(self.max);
            self.out.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    proptest! {
        /// Records come out as lines whatever the writer accepts per call.
        #[test]
        fn records_are_written_whole_as_lines(
            records in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..50), 0..20),
            max in 1usize..70,
        ) {
            let refs: Vec<&[u8]> = records.iter().map(Vec::as_slice).collect();
            let mut w = Trickle { out: Vec::new(), max };
            write_all_lines(&mut w, &refs).unwrap();
            let want: Vec<u8> = records.iter().flat_map(|r| r.iter().copied().chain([b'\n'])).collect();
            prop_assert_eq!(w.out, want);
        }
    }

    #[test]
    fn records_reach_a_file_as_lines() {
        let dir = std::env::temp_dir().join(format!("nutgraf-io-rec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["out.jsonl", "out.jsonl.gz"] {
            let path = dir.join(name);
            let mut sink = LineSink::create(&path, false).unwrap();
            sink.write_records(&[b"{\"a\":1}", b"{}"]).unwrap();
            sink.write_records(&[]).unwrap();
            sink.write_records(&[b"[2]"]).unwrap();
            sink.finish().unwrap();
            let mut text = String::new();
            open_input(&path, Arc::new(AtomicU64::new(0)))
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            assert_eq!(text, "{\"a\":1}\n{}\n[2]\n", "{name}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn gzip_is_detected_by_magic_bytes() {
        let dir = std::env::temp_dir().join(format!("nutgraf-io-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("plain-name.jsonl");
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(b"one\ntwo\n").unwrap();
        std::fs::write(&path, enc.finish().unwrap()).unwrap();
        let count = Arc::new(AtomicU64::new(0));
        let mut r = open_input(&path, Arc::clone(&count)).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "one\ntwo\n");
        assert_eq!(
            count.load(Ordering::Relaxed),
            std::fs::metadata(&path).unwrap().len()
        );
    }
}
