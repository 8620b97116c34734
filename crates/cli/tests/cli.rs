//! Tests of the `nutgraf` binary: output shape, batch accounting and failure messages.

use std::path::PathBuf;

mod common;
use common::{bin, run_with_stdin, temp_file};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn extract_prints_one_record_for_the_sample() {
    let out = bin()
        .arg("extract")
        .arg("--gazetteer")
        .arg(root().join("examples/data/sample-gazetteer.json"))
        .arg(root().join("examples/data/sample-article.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["metadata"]["date"], "2026-03-04");
    assert!(!v["quotes"].as_array().unwrap().is_empty());
    assert!(!v["blocks"].as_array().unwrap().is_empty());
    // Every mention's text is the raw input at its span.
    let raw = std::fs::read(root().join("examples/data/sample-article.txt")).unwrap();
    for e in v["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&raw[s..t], m["text"].as_str().unwrap().as_bytes());
        }
    }
}

#[test]
fn batch_keeps_order_and_turns_bad_lines_into_error_records() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"Ann Lee said the port is open.\"}\n",
        "this is not json\n",
        "{\"id\": 7, \"body\": \"no text field\"}\n",
        "{\"id\": \"d\", \"text\": 42}\n",
        "{\"id\": \"e\", \"text\": \"\\\"It works,\\\" Bo Chan said.\"}\n",
    );
    let out = run_with_stdin(
        {
            let mut c = bin();
            c.args(["batch", "-"]);
            c
        },
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[0]["error"].is_null());
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON object")
    );
    assert_eq!(lines[2]["id"], 7);
    assert!(
        lines[2]["error"]
            .as_str()
            .unwrap()
            .contains("missing field `text`")
    );
    assert!(lines[3]["error"].as_str().unwrap().contains("not a string"));
    assert_eq!(lines[4]["id"], "e");
    assert_eq!(lines[4]["quotes"][0]["kind"], "direct");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("5 records, 3 errors"), "{stderr}");
}

#[test]
fn batch_reads_other_fields_and_stage_subsets() {
    let input = "{\"doc\": \"x1\", \"body\": \"First one. Second one.\"}\n";
    let out = run_with_stdin(
        {
            let mut c = bin();
            c.args([
                "batch",
                "--quiet",
                "--stages",
                "segment",
                "--text-field",
                "body",
                "--id-field",
                "doc",
            ]);
            c
        },
        input.as_bytes(),
    );
    assert!(out.status.success());
    assert!(out.stderr.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "x1");
    assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["blocks"].as_array().unwrap().len(),
        0,
        "segment alone must not clean"
    );
    assert_eq!(v["text"], "First one. Second one.");
}

#[test]
fn invalid_utf8_is_refused_with_its_offset_or_decoded_lossily() {
    let path = temp_file("bad.txt", b"Good text \xff\xfe then more.");
    let out = bin().arg("extract").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid UTF-8 at byte offset 10"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.txt"), "{stderr}");
    assert!(!stderr.contains("panicked"));

    let out = bin()
        .args(["extract", "--lossy"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["text"].as_str().unwrap().contains('\u{FFFD}'));
}

#[test]
fn unreadable_files_bad_gazetteers_and_bad_stage_lists_fail_cleanly() {
    let out = bin()
        .args(["extract", "/nonexistent/article.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/article.txt"));

    let gaz = temp_file(
        "gaz.json",
        b"[{\"name\": \"A\", \"kind\": \"person\"},\n {\"kind\": \"person\"}]",
    );
    let out = bin()
        .arg("extract")
        .arg("--gazetteer")
        .arg(&gaz)
        .arg("-")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gaz.json"), "{stderr}");

    let out = bin()
        .args(["batch", "--stages", "quotes", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs the"));

    let out = bin()
        .args(["batch", "--stages", "clean,parse", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown stage `parse`"));
}

#[test]
fn oversized_records_get_an_error_and_the_batch_goes_on() {
    let input =
        "{\"id\": 1, \"text\": \"short\"}\n{\"id\": 2, \"text\": \"this one is far too long\"}\n";
    let out = run_with_stdin(
        {
            let mut c = bin();
            c.args(["batch", "--max-bytes", "10"]);
            c
        },
        input.as_bytes(),
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains("exceed the limit"), "{}", lines[1]);
}

#[test]
fn html_pages_are_read_with_their_metadata_and_element_ranges() {
    let page = "<html lang=\"en\"><head><title>Dock strike ends</title>\
        <meta property=\"article:published_time\" content=\"2026-05-02T09:00:00Z\">\
        <link rel=\"canonical\" href=\"https://news.example/dock\"></head><body>\
        <nav><a href=\"/\">Home</a></nav><article>\
        <p>Union leader Rosa Marin said on Friday that the dock strike is over.</p>\
        <p>\"Everyone goes back to work on Monday,\" Marin told reporters in the port city.</p>\
        </article><footer>Contact us</footer></body></html>";
    let path = temp_file("page.html", page.as_bytes());
    let out = bin()
        .args(["extract", "--html"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["metadata"]["date"], "2026-05-02");
    assert_eq!(v["metadata"]["url"], "https://news.example/dock");
    assert!(!v["text"].as_str().unwrap().contains("Contact us"));
    let quote = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("back to work"))
        .expect("the direct quote");
    assert_eq!(quote["speaker"]["text"], "Marin");
    let body = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "body")
        .unwrap();
    let (hs, he) = (
        body["html_start"].as_u64().unwrap() as usize,
        body["html_end"].as_u64().unwrap() as usize,
    );
    assert!(page[hs..he].starts_with("<p>") && page[hs..he].ends_with("</p>"));

    // The same page as a batch line, read from its `html` field.
    let line = serde_json::json!({"id": "p1", "html": page}).to_string() + "\n";
    let out = run_with_stdin(
        {
            let mut c = bin();
            c.args(["batch", "--quiet", "--html", "--text-field", "html"]);
            c
        },
        line.as_bytes(),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "p1");
    assert_eq!(v["metadata"]["url"], "https://news.example/dock");
}

#[test]
fn lossy_decoding_reports_the_replaced_ranges_and_gazetteer_size_is_limited() {
    let path = temp_file("lossy.txt", b"Caf\xe9 owner Ana Ruiz said it.\xff");
    let out = bin()
        .args(["extract", "--lossy"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 invalid UTF-8 sequence(s)"), "{stderr}");
    assert!(stderr.contains("3..4, 28..29"), "{stderr}");

    let gaz = temp_file(
        "big-gaz.json",
        b"[{\"name\": \"Ana Ruiz\", \"kind\": \"person\", \"aliases\": []}]",
    );
    let out = bin()
        .args(["extract", "--max-gazetteer-bytes", "10", "--gazetteer"])
        .arg(&gaz)
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("exceeds the limit of 10 bytes (--max-gazetteer-bytes)"),
        "{stderr}"
    );
}
