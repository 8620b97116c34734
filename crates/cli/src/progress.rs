//! A one-line progress bar on standard error: articles, megabytes, rate and, when the total
//! input size is known, percentage and ETA. Drawn by a ticker thread from shared counters.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Counters that the batch updates and the progress bar reads.
#[derive(Debug, Default)]
pub struct Counters {
    /// Articles (input lines or rows) finished.
    pub articles: AtomicU64,
    /// Input bytes of the articles finished (decompressed).
    pub done_bytes: AtomicU64,
    /// Input bytes read from disk (compressed bytes for gzip files), ahead of the work.
    pub consumed: Arc<AtomicU64>,
}

/// A running progress bar; [`Progress::stop`] (or dropping it) erases the line.
pub struct Progress {
    done: Arc<(Mutex<bool>, Condvar)>,
    handle: Option<std::thread::JoinHandle<()>>,
    drawn: Arc<AtomicBool>,
}

impl Progress {
    /// Starts drawing every `every` until stopped. `total` is the input size in bytes when known.
    pub fn start(counters: Arc<Counters>, total: Option<u64>, every: Duration) -> Progress {
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let drawn = Arc::new(AtomicBool::new(false));
        let (done2, drawn2) = (Arc::clone(&done), Arc::clone(&drawn));
        let started = Instant::now();
        let handle = std::thread::spawn(move || {
            let (lock, cvar) = &*done2;
            let mut finished = lock
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            while !*finished {
                let (guard, _) = cvar
                    .wait_timeout(finished, every)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                finished = guard;
                if *finished {
                    break;
                }
                let line = render(
                    counters.articles.load(Ordering::Relaxed),
                    counters.done_bytes.load(Ordering::Relaxed),
                    counters.consumed.load(Ordering::Relaxed),
                    total,
                    started.elapsed(),
                );
                let mut err = std::io::stderr().lock();
                // A progress bar that cannot be drawn is not worth failing the run for.
                let _ = write!(err, "\r\x1b[2K{line}");
                let _ = err.flush();
                drawn2.store(true, Ordering::Relaxed);
            }
        });
        Progress {
            done,
            handle: Some(handle),
            drawn,
        }
    }

    /// Stops the ticker and erases the bar.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        let (lock, cvar) = &*self.done;
        *lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
        cvar.notify_all();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
        if self.drawn.load(Ordering::Relaxed) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Formats a duration as `h:mm:ss` or `m:ss`.
fn clock(secs: f64) -> String {
    // Saturating float-to-int conversion; ETAs beyond u64 seconds are not meaningful anyway.
    let s = secs.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The text of the bar: `done` input bytes finished, `consumed` bytes read from disk (fewer
/// than `done` for compressed input), `total` the size on disk when known.
pub fn render(
    articles: u64,
    done: u64,
    consumed: u64,
    total: Option<u64>,
    elapsed: Duration,
) -> String {
    let secs = elapsed.as_secs_f64().max(1e-3);
    let rate = done as f64 / 1e6 / secs;
    let per_sec = articles as f64 / secs;
    match total {
        Some(total) if total > 0 => {
            // Position on disk: what was read, but not ahead of what was finished.
            let consumed = consumed.min(done);
            let mb = consumed as f64 / 1e6;
            let frac = (consumed as f64 / total as f64).clamp(0.0, 1.0);
            let width = 24usize;
            let filled = ((frac * width as f64) as usize).min(width);
            let eta = if consumed > 0 {
                clock(secs * (total.saturating_sub(consumed)) as f64 / consumed as f64)
            } else {
                "?".to_owned()
            };
            format!(
                "[{}{}] {:>3.0}% {articles} articles ({per_sec:.0}/s) {mb:.1}/{:.1} MB {rate:.2} MB/s ETA {eta}",
                "#".repeat(filled),
                "-".repeat(width - filled),
                frac * 100.0,
                total as f64 / 1e6,
            )
        }
        _ => format!(
            "{articles} articles ({per_sec:.0}/s) {:.1} MB {rate:.2} MB/s {}",
            done as f64 / 1e6,
            clock(secs)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_with_known_total_shows_percent_and_eta() {
        let s = render(
            50,
            25_000_000,
            30_000_000,
            Some(100_000_000),
            Duration::from_secs(10),
        );
        assert!(s.contains(" 25%"), "{s}");
        assert!(s.contains("50 articles"), "{s}");
        assert!(s.contains("25.0/100.0 MB"), "{s}");
        assert!(s.contains("2.50 MB/s"), "{s}");
        assert!(s.contains("ETA 0:30"), "{s}");
    }

    #[test]
    fn bar_without_total_shows_rate_only() {
        let s = render(7, 3_000_000, 9_000_000, None, Duration::from_secs(2));
        assert!(!s.contains("ETA"), "{s}");
        assert!(s.contains("1.50 MB/s"), "{s}");
        assert_eq!(clock(3725.0), "1:02:05");
    }
}
