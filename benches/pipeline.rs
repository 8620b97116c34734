//! End-to-end throughput of the English news pipeline, single thread, on generated article-size
//! texts (about 5 KB each, like wire copy with a scraper's leftovers): each stage on its own
//! (given the layers it needs), the whole pipeline, and the pipeline plus the JSON record; then
//! the whole pipeline through `Pipeline::process_batch` on 1 and 2 threads.
//!
//! Run with `cargo bench -p nutgraf --bench pipeline`; see docs/throughput.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use nutgraf::{
    CleanStage, Document, EntityRecognizer, EntityStage, QuoteStage, Record, SegmentStage, Stage,
    english_news,
};

const PEOPLE: &[&str] = &[
    "Marta Eklund",
    "Joseph Adeyemi",
    "Rina Halvorsen",
    "Tomas Ferreira",
    "Grace Okafor",
    "Henrik Vald",
    "Priya Raman",
    "Luis Ortega",
];
const ORGS: &[&str] = &[
    "the Harbour Authority",
    "Northfield Council",
    "the Ministry of Transport",
    "Calder Energy",
    "the Riverside Hospital Trust",
];
const PLACES: &[&str] = &[
    "Lowmoor",
    "Kestrel Bay",
    "Ashford",
    "Port Elwin",
    "Marrow Hill",
];

/// Sentence shapes; `{p}` a person, `{o}` an organisation, `{l}` a place, `{n}` a number.
const SHAPES: &[&str] = &[
    "{p}, a spokesperson for {o}, said the plan would cost about ${n} million over five years.",
    "\"We have waited long enough for this decision,\" {p} said on Wednesday.",
    "Residents of {l} were told the road would stay closed until March {n}.",
    "{o} said in a statement that it was reviewing the figures.",
    "\"It is not a question of money,\" said {p}. \"It is a question of time.\"",
    "According to {p}, the council had known about the fault since {n}.",
    "The vote in {l} passed by {n} to 12, with two abstentions.",
    "{p} told reporters that {o} would publish its report next month.",
    "Officials declined to comment on the timing of the announcement.",
    "Mr. {p} added that the U.S. partners had agreed to the terms in principle.",
];

/// Lines a scraper leaves around an article body.
const LEFTOVERS: &[&str] = &[
    "Advertisement",
    "Share this article",
    "Sign up for our newsletter",
    "Read more: Local news",
];

/// One generated article of about `bytes` bytes, deterministic in `seed`.
fn article(seed: u64, bytes: usize) -> String {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    };
    let mut out = String::with_capacity(bytes + 512);
    out.push_str("Council approves harbour plan after long debate\n");
    out.push_str(LEFTOVERS[next(LEFTOVERS.len())]);
    out.push('\n');
    out.push_str(PLACES[next(PLACES.len())]);
    out.push_str(" (Wire) - ");
    while out.len() < bytes {
        for _ in 0..2 + next(3) {
            let shape = SHAPES[next(SHAPES.len())];
            let s = shape
                .replace("{p}", PEOPLE[next(PEOPLE.len())])
                .replace("{o}", ORGS[next(ORGS.len())])
                .replace("{l}", PLACES[next(PLACES.len())])
                .replace("{n}", &(3 + next(40)).to_string());
            out.push_str(&s);
            out.push(' ');
        }
        out.pop();
        out.push('\n');
        if next(6) == 0 {
            out.push_str(LEFTOVERS[next(LEFTOVERS.len())]);
            out.push('\n');
        }
    }
    out.push_str("Copyright 2026 Example Wire. All rights reserved.\n");
    out
}

fn corpus() -> Vec<String> {
    (0..40).map(|i| article(i, 5_000)).collect()
}

/// Documents after the given stages ran, ready for the next one.
fn prepared(texts: &[String], stages: &[&dyn Stage]) -> Vec<Document> {
    texts
        .iter()
        .map(|t| {
            let mut doc = Document::new(t.clone());
            for s in stages {
                s.process(&mut doc).expect("stage runs on generated text");
            }
            doc
        })
        .collect()
}

fn bench_pipeline(c: &mut Criterion) {
    let texts = corpus();
    let total: usize = texts.iter().map(String::len).sum();
    let clean = CleanStage::default();
    let segment = SegmentStage::default();
    let entities = EntityStage::new(EntityRecognizer::new(None).expect("default recognizer"));
    let quotes = QuoteStage::default();
    let pipeline = english_news(None).expect("default pipeline");

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));

    let stage_cases: [(&str, &dyn Stage, Vec<&dyn Stage>); 4] = [
        ("clean", &clean, vec![]),
        ("segment", &segment, vec![&clean]),
        ("entities", &entities, vec![&clean, &segment]),
        ("quotes", &quotes, vec![&clean, &segment, &entities]),
    ];
    for (name, stage, before) in stage_cases {
        let docs = prepared(&texts, &before);
        group.bench_function(name, |b| {
            b.iter_batched(
                || docs.clone(),
                |mut docs| {
                    for d in &mut docs {
                        stage.process(d).expect("stage runs");
                    }
                    docs
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.bench_function("full", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(pipeline.run(t.as_str()).expect("pipeline runs"));
            }
        });
    });
    group.bench_function("full+json", |b| {
        b.iter(|| {
            for (i, t) in texts.iter().enumerate() {
                let doc = pipeline.run(t.as_str()).expect("pipeline runs");
                black_box(Record::new(&doc, serde_json::Value::from(i)).to_json());
            }
        });
    });
    // as `nutgraf batch` runs it: groups of 32 articles, stage by stage, then the records
    group.bench_function("grouped+json", |b| {
        b.iter(|| {
            for group in texts.chunks(32) {
                let mut docs: Vec<Document> =
                    group.iter().map(|t| Document::new(t.as_str())).collect();
                for r in pipeline.process_each(&mut docs) {
                    r.expect("pipeline runs");
                }
                for (i, doc) in docs.iter().enumerate() {
                    black_box(Record::new(doc, serde_json::Value::from(i)).to_json());
                }
            }
        });
    });
    group.finish();
}

/// The full pipeline over 160 articles with `Pipeline::process_batch` on 1 and 2 threads:
/// the ratio of the two is the speed-up (on an otherwise idle machine).
fn bench_threads(c: &mut Criterion) {
    let texts: Vec<String> = (0..160).map(|i| article(1000 + i, 5_000)).collect();
    let total: usize = texts.iter().map(String::len).sum();
    let pipeline = english_news(None).expect("default pipeline");
    let mut group = c.benchmark_group("threads");
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    for threads in [1, 2] {
        group.bench_function(format!("full/{threads}"), |b| {
            b.iter(|| black_box(pipeline.process_batch(&texts, threads)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_pipeline, bench_threads);
criterion_main!(benches);
