//! Tests of `nutgraf batch` at scale: order across chunk boundaries, gzip, several inputs,
//! standard streams, summary counts and whole-line output.

use std::io::{Read, Write};
use std::process::Stdio;

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use serde_json::Value;

mod common;
use common::{bin, run_with_stdin, temp_dir};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

fn parse_lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A small article of our own with a name, a quote and a number that varies with `i`.
fn article(i: usize) -> String {
    format!(
        "Mara Quill said the ferry to Lowmoor would carry {i} passengers. \"We are ready for the \
         season,\" she said on Tuesday. Harbour staff expect {} crossings.",
        i % 13 + 2
    )
}

/// `n` input lines; every 7th line is broken in one of several ways.
fn corpus(n: usize) -> (String, Vec<bool>) {
    let mut text = String::new();
    let mut bad = Vec::new();
    for i in 0..n {
        let line = match i % 7 {
            3 => {
                bad.push(true);
                match (i / 7) % 3 {
                    0 => "{broken json".to_owned(),
                    1 => format!("{{\"id\": {i}, \"body\": \"no text field\"}}"),
                    _ => format!("{{\"id\": {i}, \"text\": [1, 2]}}"),
                }
            }
            _ => {
                bad.push(false);
                serde_json::json!({"id": i, "text": article(i)}).to_string()
            }
        };
        text.push_str(&line);
        text.push('\n');
    }
    (text, bad)
}

#[test]
fn order_and_one_to_one_output_hold_across_chunk_boundaries() {
    // More lines than one chunk (512), with good and bad lines mixed, on two threads.
    let n = 1300;
    let (input, bad) = corpus(n);
    let mut cmd = bin();
    cmd.args([
        "batch",
        "--threads",
        "2",
        "--stages",
        "clean,segment,entities,quotes",
    ]);
    let out = run_with_stdin(cmd, input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = parse_lines(&out.stdout);
    assert_eq!(lines.len(), n);
    for (i, (v, is_bad)) in lines.iter().zip(&bad).enumerate() {
        if *is_bad {
            assert!(v["error"].is_string(), "line {}: {v}", i + 1);
            assert_eq!(v["line"], i as u64 + 1, "{v}");
        } else {
            assert_eq!(v["id"], i as u64, "{v}");
            assert!(v["error"].is_null(), "{v}");
            let expected = format!("carry {i} passengers");
            assert!(v["text"].as_str().unwrap().contains(&expected), "{v}");
        }
    }
    let errors = bad.iter().filter(|b| **b).count();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{n} records, {errors} errors, {} bytes",
            input.len()
        )),
        "{stderr}"
    );
}

#[test]
fn one_and_two_threads_give_identical_output() {
    let (input, _) = corpus(600);
    let run = |threads: &str| {
        let mut cmd = bin();
        cmd.args(["batch", "--quiet", "--threads", threads]);
        run_with_stdin(cmd, input.as_bytes())
    };
    let (a, b) = (run("1"), run("2"));
    assert!(a.status.success() && b.status.success());
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn gzip_input_and_output_round_trip() {
    let dir = temp_dir("gzip");
    let (input, _) = corpus(40);
    let plain_in = dir.join("in.jsonl");
    let gz_in = dir.join("in.jsonl.gz");
    std::fs::write(&plain_in, &input).unwrap();
    std::fs::write(&gz_in, gzip(input.as_bytes())).unwrap();

    let plain = bin().args(["batch", "-q"]).arg(&plain_in).output().unwrap();
    assert!(plain.status.success());

    let gz_out = dir.join("out.jsonl.gz");
    let out = bin()
        .args(["batch", "-q", "-o"])
        .arg(&gz_out)
        .arg(&gz_in)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let written = std::fs::read(&gz_out).unwrap();
    assert_eq!(&written[..2], &[0x1f, 0x8b], "output is gzip");
    assert_eq!(gunzip(&written), plain.stdout);

    // gzip on standard input is recognised by its magic bytes; --gzip compresses stdout.
    let mut cmd = bin();
    cmd.args(["batch", "-q", "--gzip", "-"]);
    let out = run_with_stdin(cmd, &gzip(input.as_bytes()));
    assert!(out.status.success());
    assert_eq!(gunzip(&out.stdout), plain.stdout);

    // A plain output file.
    let plain_out = dir.join("out.jsonl");
    let out = bin()
        .args(["batch", "-q", "--output"])
        .arg(&plain_out)
        .arg(&plain_in)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read(&plain_out).unwrap(), plain.stdout);
}

#[test]
fn several_inputs_are_read_in_order_with_their_own_line_numbers() {
    let dir = temp_dir("several");
    let a = dir.join("a.jsonl");
    let b = dir.join("b.jsonl.gz");
    std::fs::write(
        &a,
        "{\"id\": \"a1\", \"text\": \"One line here.\"}\nnot json\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        gzip(b"{\"id\": \"b1\", \"text\": \"Another one.\"}\n{\"id\": \"b2\"}\n"),
    )
    .unwrap();
    let out = bin().arg("batch").arg(&a).arg(&b).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = parse_lines(&out.stdout);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "a1");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["id"], "b1");
    assert_eq!(lines[3]["id"], "b2");
    assert_eq!(lines[3]["line"], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("4 records, 2 errors"), "{stderr}");
    // Not a terminal: the summary is the only thing on standard error, no progress bar.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains('\r'));

    // An unreadable input among readable ones: the others are done, the exit code says 1.
    let out = bin()
        .arg("batch")
        .arg(&a)
        .arg(dir.join("missing.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(parse_lines(&out.stdout).len(), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read") && stderr.contains("missing.jsonl"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));

    // Nothing readable at all.
    let out = bin()
        .args(["batch", "/nonexistent/x.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no input could be read"));
}

#[test]
fn a_corrupt_gzip_stream_is_reported_after_the_lines_it_gave() {
    let dir = temp_dir("corrupt");
    let (input, _) = corpus(20);
    let mut gz = gzip(input.as_bytes());
    let cut = gz.len() / 2;
    gz.truncate(cut);
    let path = dir.join("cut.jsonl.gz");
    std::fs::write(&path, &gz).unwrap();
    let out = bin().args(["batch", "-q"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read") && stderr.contains("cut.jsonl.gz"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Whatever was written is whole lines.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'));
}

#[test]
fn overlong_lines_get_an_error_record_without_being_kept() {
    let long = "x".repeat(100_000);
    let input =
        format!("{{\"id\": 1, \"text\": \"{long}\"}}\n{{\"id\": 2, \"text\": \"Short.\"}}\n");
    let mut cmd = bin();
    cmd.args(["batch", "-q", "--max-bytes", "100"]);
    let out = run_with_stdin(cmd, input.as_bytes());
    assert!(out.status.success());
    let lines = parse_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["error"].as_str().unwrap().contains("too long"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[1]["id"], 2);
}

#[test]
fn a_closed_reader_ends_the_batch_quietly() {
    let (input, _) = corpus(3000);
    let mut child = bin()
        .args(["batch", "--threads", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    // Read one line, then close the pipe.
    let mut first = [0u8; 64];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
}

/// A batch killed outright (SIGKILL, which no handler can catch) leaves a byte prefix of the
/// output of a complete run: nothing out of order, nothing written twice, no stray bytes. Only
/// its last line can be cut, when the kill lands inside a write (the kernel stops a write to a
/// regular file at a page boundary on a fatal signal); SIGINT and SIGTERM, which are handled,
/// always leave whole lines (tests/interrupt.rs).
#[test]
fn a_killed_batch_leaves_a_prefix_of_the_complete_output() {
    let dir = temp_dir("interrupt");
    let (input, _) = corpus(20_000);
    let src = dir.join("big.jsonl");
    std::fs::write(&src, &input).unwrap();
    let full_path = dir.join("full.jsonl");
    let status = bin()
        .args(["batch", "-q", "--threads", "2", "-o"])
        .arg(&full_path)
        .arg(&src)
        .status()
        .unwrap();
    assert!(status.success());
    let full = std::fs::read(&full_path).unwrap();
    assert_eq!(full.iter().filter(|&&b| b == b'\n').count(), 20_000);
    for (name, delay_ms) in [("out.jsonl", 30u64), ("out.jsonl.gz", 70)] {
        let dst = dir.join(name);
        let mut child = bin()
            .args(["batch", "-q", "--threads", "2", "-o"])
            .arg(&dst)
            .arg(&src)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill it some time after its first output reached the file (or when it has ended).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while std::fs::metadata(&dst).map_or(true, |m| m.len() == 0)
            && child.try_wait().unwrap().is_none()
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let bytes = std::fs::read(&dst).unwrap();
        let text = if name.ends_with(".gz") {
            // A stream cut short: decode what there is.
            let mut out = Vec::new();
            let _ = MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out);
            out
        } else {
            bytes
        };
        assert!(
            full.starts_with(&text),
            "{name}: {} bytes that are not a prefix of the complete output",
            text.len()
        );
        // Every whole line is the record of its input line, in order.
        let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        for (i, l) in std::str::from_utf8(&text[..whole])
            .unwrap()
            .lines()
            .enumerate()
        {
            let v: Value = serde_json::from_str(l).unwrap();
            if v["error"].is_null() {
                assert_eq!(v["id"], i as u64);
            } else {
                assert_eq!(v["line"], i as u64 + 1, "{l}");
            }
        }
    }
}

#[test]
fn batch_takes_a_gazetteer_and_a_stage_list() {
    let dir = temp_dir("gazetteer");
    let gaz = dir.join("gaz.json");
    std::fs::write(
        &gaz,
        r#"[{"name": "Lowmoor Ferry Company", "kind": "organization", "aliases": ["LFC"]}]"#,
    )
    .unwrap();
    let input = "{\"id\": 1, \"text\": \"The LFC said fares would rise. Lowmoor Ferry Company staff agreed.\"}\n";
    let mut cmd = bin();
    cmd.args(["batch", "-q", "--gazetteer"]).arg(&gaz);
    let out = run_with_stdin(cmd, input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = &parse_lines(&out.stdout)[0];
    let ents = v["entities"].as_array().unwrap();
    let lfc = ents
        .iter()
        .find(|e| e["name"] == "Lowmoor Ferry Company")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(lfc["source"], "gazetteer");
    assert_eq!(lfc["mentions"].as_array().unwrap().len(), 2, "{lfc}");

    // A stage subset: segment only, no entities at all.
    let mut cmd = bin();
    cmd.args(["batch", "-q", "--stages", "segment"]);
    let out = run_with_stdin(cmd, input.as_bytes());
    let v = &parse_lines(&out.stdout)[0];
    assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
    assert!(v["entities"].as_array().unwrap().is_empty());

    // A gazetteer that cannot be read ends the run before any output.
    let out = bin()
        .args(["batch", "--gazetteer", "/nonexistent/g.json", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/g.json"));
}
