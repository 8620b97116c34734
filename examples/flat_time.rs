//! Flat-time and memory check: time per byte and peak memory of every stage on every hostile
//! input kind at several sizes.
//!
//! ```text
//! cargo run --release --example flat_time            # 1, 10 and 50 MB
//! cargo run --release --example flat_time -- 1 4     # other sizes, in MB
//! ```
//!
//! Prints one row per kind and stage: nanoseconds per byte at each size, the ratio of the
//! largest to the smallest (a linear stage keeps it near 1; a quadratic one grows with the
//! size), and on Linux the peak resident memory during the stage as a multiple of the input
//! (`mem×`). Each stage runs on the layers the earlier stages produced.
//!
//! Every kind and size runs in a fresh child process (this program run with `--one KIND MB`),
//! so memory freed by an earlier input cannot hide or inflate a later figure. `mem×` is the
//! peak resident set size during the stage (reset before it through `/proc/self/clear_refs`)
//! minus the resident size the process had before the input was generated (the program, the
//! lexicons and the default gazetteer), divided by the input size: it covers the input, the
//! layers built so far and what the stage allocates.

use std::process::Command;
use std::time::Instant;

use nutgraf::adversarial::{Kind, generate};
use nutgraf::{
    CleanStage, Document, EntityRecognizer, EntityStage, QuoteStage, SegmentStage, Stage,
};

fn stages() -> nutgraf::Result<Vec<Box<dyn Stage>>> {
    Ok(vec![
        Box::new(CleanStage::default()),
        Box::new(SegmentStage::default()),
        Box::new(EntityStage::new(EntityRecognizer::new(None)?)),
        Box::new(QuoteStage::default()),
    ])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        return Ok(one(&args[1..])?);
    }
    let sizes: Vec<usize> = {
        let v: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
        if v.is_empty() { vec![1, 10, 50] } else { v }
    };
    let names: Vec<String> = stages()?.iter().map(|s| s.name().to_owned()).collect();
    print!("{:<14} {:<9}", "kind", "stage");
    for mb in &sizes {
        print!(" {:>9}", format!("{mb}MB ns/B"));
    }
    print!(" {:>7}", "ratio");
    for mb in &sizes {
        print!(" {:>9}", format!("{mb}MB mem×"));
    }
    println!();
    let exe = std::env::current_exe()?;
    for kind in Kind::ALL {
        // per stage: (ns/B, mem×) at each size
        let mut rows: Vec<Vec<(f64, Option<f64>)>> = vec![Vec::new(); names.len()];
        for &mb in &sizes {
            let out = Command::new(&exe)
                .args(["--one", kind.name(), &mb.to_string()])
                .output()?;
            let text = String::from_utf8_lossy(&out.stdout);
            for (i, line) in text.lines().enumerate().take(names.len()) {
                let mut f = line.split_whitespace().skip(1);
                let ns = f.next().and_then(|x| x.parse().ok()).unwrap_or(f64::NAN);
                let mem = f.next().and_then(|x| x.parse().ok());
                rows[i].push((ns, mem));
            }
        }
        for (name, row) in names.iter().zip(&rows) {
            print!("{:<14} {:<9}", kind.name(), name);
            for (ns, _) in row {
                print!(" {ns:>9.2}");
            }
            let first = row.first().map_or(1.0, |r| r.0.max(1e-3));
            let last = row.last().map_or(1.0, |r| r.0);
            print!(" {:>7.2}", last / first);
            for (_, mem) in row {
                match mem {
                    Some(m) => print!(" {m:>9.1}"),
                    None => print!(" {:>9}", "-"),
                }
            }
            println!();
        }
    }
    Ok(())
}

/// The child: one kind at one size; prints `stage ns/B mem×` per stage.
fn one(args: &[String]) -> nutgraf::Result<()> {
    let kind = args
        .first()
        .and_then(|k| Kind::ALL.into_iter().find(|x| x.name() == k))
        .unwrap_or(Kind::News);
    let mb: usize = args.get(1).and_then(|m| m.parse().ok()).unwrap_or(1);
    let stages = stages()?;
    // the default gazetteer and lexicons load on first use: warm them before the baseline
    let mut warm = Document::new("Warm-up: Ada Lind said \"yes\" in Paris.".to_owned());
    for s in &stages {
        s.process(&mut warm)?;
    }
    drop(warm);
    let base = rss("VmRSS:");
    let mut doc = Document::new(generate(kind, mb << 20));
    let len = doc.raw().len().max(1) as f64;
    for stage in &stages {
        reset_peak();
        let t = Instant::now();
        stage.process(&mut doc)?;
        let ns = t.elapsed().as_nanos() as f64 / len;
        match (rss("VmHWM:"), base) {
            (Some(peak), Some(base)) => {
                let mem = peak.saturating_sub(base) as f64 / len;
                println!("{} {ns:.3} {mem:.2}", stage.name());
            }
            _ => println!("{} {ns:.3} -", stage.name()),
        }
    }
    Ok(())
}

/// Resets the process's peak resident set size (Linux 4.0+; a no-op elsewhere).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A size field of `/proc/self/status` (`VmRSS:`, `VmHWM:`) in bytes (Linux only).
fn rss(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
