//! Flat-time check: time per byte of every stage on every hostile input kind at several sizes.
//!
//! ```text
//! cargo run --release --example flat_time            # 1, 10 and 50 MB
//! cargo run --release --example flat_time -- 1 4     # other sizes, in MB
//! ```
//!
//! Prints one row per kind and stage: nanoseconds per byte at each size and the ratio of the
//! largest to the smallest. A linear stage keeps the ratio near 1; a quadratic one grows with
//! the size. Each stage is timed on its own, on the layers the earlier stages produced.

use std::time::Instant;

use nutgraf::adversarial::{Kind, generate};
use nutgraf::{
    CleanStage, Document, EntityRecognizer, EntityStage, QuoteStage, SegmentStage, Stage,
};

fn main() -> nutgraf::Result<()> {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect();
        if args.is_empty() {
            vec![1, 10, 50]
        } else {
            args
        }
    };
    let stages: Vec<Box<dyn Stage>> = vec![
        Box::new(CleanStage::default()),
        Box::new(SegmentStage::default()),
        Box::new(EntityStage::new(EntityRecognizer::new(None)?)),
        Box::new(QuoteStage::default()),
    ];
    print!("{:<14} {:<9}", "kind", "stage");
    for mb in &sizes {
        print!(" {:>9}", format!("{mb}MB ns/B"));
    }
    println!(" {:>7}", "ratio");
    for kind in Kind::ALL {
        let mut rows = vec![Vec::new(); stages.len()];
        for &mb in &sizes {
            let mut doc = Document::new(generate(kind, mb << 20));
            let len = doc.raw().len().max(1) as f64;
            for (i, stage) in stages.iter().enumerate() {
                let t = Instant::now();
                stage.process(&mut doc)?;
                rows[i].push(t.elapsed().as_nanos() as f64 / len);
            }
        }
        for (stage, row) in stages.iter().zip(&rows) {
            print!("{:<14} {:<9}", kind.name(), stage.name());
            for ns in row {
                print!(" {ns:>9.2}");
            }
            let (first, last) = (row[0].max(1e-3), row[row.len() - 1]);
            println!(" {:>7.2}", last / first);
        }
    }
    Ok(())
}
