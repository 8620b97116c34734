//! SIGINT and SIGTERM during `nutgraf batch`. The signals are caught (with `signal-hook`) and
//! handled on a thread of their own: it waits until no write is in progress (the output's lock,
//! which the writer holds across each write of whole lines), ends the output there, prints a
//! summary saying the run was interrupted and exits with 128 + the signal number (130 for
//! SIGINT, 143 for SIGTERM). The run stops at once however long the current chunk takes or if
//! the input is stalled, and the output is always a prefix of whole lines. A second signal
//! ends the process at once, in case the output itself is stalled.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;
use signal_hook::iterator::Signals;

use crate::batch::Output;

/// Installs the handlers and starts the thread that ends the run on the first signal.
/// `clear_line` erases a progress bar before the message.
///
/// # Errors
/// When a handler cannot be installed or the thread cannot start.
pub(crate) fn watch(
    output: Arc<Output>,
    started: Instant,
    clear_line: bool,
) -> std::io::Result<()> {
    let seen = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag before the first signal sets it: only a
        // second signal exits here.
        flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&seen))?;
        flag::register(sig, Arc::clone(&seen))?;
    }
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("nutgraf-signals".into())
        .spawn(move || {
            let Some(sig) = signals.forever().next() else {
                return;
            };
            let (records, errors) = output.end_interrupted();
            let name = if sig == SIGINT { "SIGINT" } else { "SIGTERM" };
            let mut err = std::io::stderr().lock();
            // A closed standard error must not keep the process from exiting.
            let _ = writeln!(
                err,
                "{}nutgraf batch: interrupted by {name}: {records} records ({errors} errors) \
                 written, one per input line in order; {:.2} s",
                if clear_line { "\r\x1b[2K" } else { "" },
                started.elapsed().as_secs_f64()
            );
            let _ = err.flush();
            std::process::exit(128 + sig);
        })?;
    Ok(())
}
