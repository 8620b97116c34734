//! SIGINT and SIGTERM during `nutgraf batch`: the output read from a pipe is a prefix of whole,
//! valid JSON lines in input order, the exit code is 128 + the signal, and standard error says
//! the run was interrupted. Unix only (signals are sent with the `kill` command).
#![cfg(unix)]

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{bin, temp_dir};

/// `n` input lines of our own; every 5th is not JSON, so error records are in the output too.
fn corpus(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        if i % 5 == 4 {
            text.push_str("{not json\n");
        } else {
            let line = serde_json::json!({
                "id": i,
                "text": format!(
                    "Mara Quill said the ferry to Lowmoor would carry {i} passengers. \"We are \
                     ready for the season,\" she said on Tuesday. Harbour staff expect more \
                     crossings once the storm has cleared the northern channel."
                ),
            });
            text.push_str(&line.to_string());
            text.push('\n');
        }
    }
    text
}

/// Sends `signal` (e.g. `-INT`) to the child with the `kill` command.
fn send(child: &Child, signal: &str) {
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {signal} failed");
}

/// Waits for the child, killing it for good (and failing) if it hangs.
fn wait_bounded(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nutgraf did not end within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Checks that `out` is whole lines, each valid JSON, one per input line in order; returns
/// the line count.
fn check_prefix(out: &[u8]) -> usize {
    let text = std::str::from_utf8(out).expect("UTF-8 output");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "the output ends in a partial line: {:?}",
        &text[text.len().saturating_sub(80)..]
    );
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("output line {} is not JSON ({e}): {line}", i + 1));
        if i % 5 == 4 {
            assert_eq!(v["line"], i as u64 + 1, "error record out of place: {line}");
            assert!(v["error"].is_string());
        } else {
            assert_eq!(v["id"], i as u64, "record out of order: {line}");
            assert!(v["error"].is_null());
        }
        n += 1;
    }
    n
}

#[test]
fn a_signal_leaves_whole_lines_in_a_pipe_and_a_nonzero_exit() {
    let dir = temp_dir("signals");
    let n = 40_000;
    let src = dir.join("big.jsonl");
    std::fs::write(&src, corpus(n)).unwrap();
    for (signal, code, name) in [("-INT", 130, "SIGINT"), ("-TERM", 143, "SIGTERM")] {
        let mut child = bin()
            .args(["batch", "--threads", "2"])
            .arg(&src)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let err_reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s);
            s
        });
        // Signal as soon as the first output arrives, while the rest is being worked on.
        let mut out = vec![0u8; 1];
        stdout.read_exact(&mut out).unwrap();
        send(&child, signal);
        stdout.read_to_end(&mut out).unwrap();
        let status = wait_bounded(&mut child, Duration::from_secs(60));
        let stderr = err_reader.join().unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
        let lines = check_prefix(&out);
        if lines == n && status.success() {
            // The run ended before the signal arrived: the whole output is checked above.
            eprintln!("{name}: the batch finished before the signal");
            continue;
        }
        assert_eq!(status.code(), Some(code), "{name}: {status:?}, {stderr}");
        assert!(
            stderr.contains(&format!(
                "interrupted by {name}: {lines} records ({} errors) written",
                lines / 5
            )),
            "{name}: {stderr}"
        );
        assert!(lines < n, "{name}: the batch went on to the end");
    }
}

#[test]
fn a_signal_ends_a_batch_whose_input_has_stalled() {
    // 600 lines fill the first chunk (512) and then the input stops without closing: the
    // first chunk's output arrives, the process waits for more input, and SIGTERM ends it
    // there with exactly that chunk written.
    let mut child = bin()
        .args(["batch", "--threads", "1", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(corpus(600).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 1 << 16];
    while out.iter().filter(|&&b| b == b'\n').count() < 512 {
        let got = stdout.read(&mut buf).unwrap();
        assert!(got > 0, "the output ended early");
        out.extend_from_slice(&buf[..got]);
    }
    send(&child, "-TERM");
    stdout.read_to_end(&mut out).unwrap();
    let status = wait_bounded(&mut child, Duration::from_secs(30));
    drop(stdin);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(check_prefix(&out), 512);
    assert_eq!(status.code(), Some(143), "{status:?}, {stderr}");
    assert!(
        stderr.contains("interrupted by SIGTERM: 512 records (102 errors) written"),
        "{stderr}"
    );
}
