//! Helpers shared by the CLI test files (each test file is its own crate and uses a subset).
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The `nutgraf` binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nutgraf"))
}

/// Runs `cmd` with `stdin` as its standard input, writing from another thread so a large input
/// cannot deadlock against a full output pipe.
pub fn run_with_stdin(mut cmd: Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// A fresh directory for one test of this process.
pub fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nutgraf-cli-test-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `bytes` to a file `name` in this process's test directory.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = temp_dir("files").join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
