//! The entity-matching hot path: compiling a gazetteer and searching news-like text with it.
//!
//! Build and search are measured apart, for 10k and 100k generated names; search reports
//! `Throughput::Bytes`. The automaton's heap size is printed once per dictionary.
//!
//! Run: `cargo bench -p nutgraf-entities --bench matching`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use nutgraf_core::EntityKind;
use nutgraf_entities::{EntityRecognizer, Gazetteer, GazetteerEntry, Matcher};

/// A small deterministic generator (xorshift), so runs compare.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mer", "vin", "dra", "sel", "to", "ran", "bri", "ost", "ul", "fen", "ga", "ry",
    "tho", "mi", "zan", "pe", "cor", "li", "ash", "ven", "qui", "nor", "el", "bar", "sta", "wen",
];
const SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    " Agency",
    " Group",
    " Ministry",
    " University",
    " Bay",
    " City",
    " Institute",
];
const WORDS: &[&str] = &[
    "the",
    "said",
    "on",
    "Friday",
    "that",
    "a",
    "meeting",
    "with",
    "officials",
    "was",
    "held",
    "in",
    "after",
    "talks",
    "about",
    "new",
    "rules",
    "for",
    "launch",
    "company",
    "government",
    "minister",
    "reported",
    "according",
    "to",
    "sources",
    "and",
    "of",
    "its",
    "plans",
    "would",
    "be",
    "announced",
    "later",
    "this",
    "week",
    "by",
    "spokeswoman",
    "who",
    "added",
    "are",
];

fn name(rng: &mut Rng) -> String {
    let mut words = Vec::new();
    for _ in 0..1 + rng.next() % 3 {
        let mut w = String::new();
        for _ in 0..2 + rng.next() % 2 {
            w.push_str(rng.pick(SYLLABLES));
        }
        let mut c = w.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>());
        words.push(format!("{}{}", first.unwrap_or_default(), c.as_str()));
    }
    format!("{}{}", words.join(" "), rng.pick(SUFFIXES))
}

fn gazetteer(n: usize) -> (Gazetteer, Vec<String>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ n as u64);
    let mut g = Gazetteer::new();
    let mut names = Vec::with_capacity(n);
    while g.len() < n {
        let nm = name(&mut rng);
        let kind = match rng.next() % 3 {
            0 => EntityKind::Person,
            1 => EntityKind::Organization,
            _ => EntityKind::Location,
        };
        names.push(nm.clone());
        g.push(GazetteerEntry::new(nm, kind));
    }
    (g, names)
}

/// About `bytes` of news-like text: sentences of common words with a name every ~12 words.
fn news_text(names: &[String], bytes: usize) -> String {
    let mut rng = Rng(42);
    let mut out = String::with_capacity(bytes + 200);
    while out.len() < bytes {
        let len = 12 + rng.next() % 14;
        for i in 0..len {
            if i > 0 {
                out.push(' ');
            }
            if rng.next() % 12 == 0 {
                let nm = &names[(rng.next() % names.len() as u64) as usize];
                out.push_str(nm);
                if rng.next() % 5 == 0 {
                    out.push_str("'s");
                }
            } else {
                let w = rng.pick(WORDS);
                if i == 0 {
                    let mut c = w.chars();
                    out.extend(c.next().map(|f| f.to_ascii_uppercase()));
                    out.push_str(c.as_str());
                } else {
                    out.push_str(w);
                }
            }
        }
        out.push_str(if rng.next() % 4 == 0 { ".\n\n" } else { ". " });
    }
    out
}

fn bench(c: &mut Criterion) {
    let sizes = [10_000usize, 100_000];
    let mut build = c.benchmark_group("build");
    build
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let data: Vec<_> = sizes.iter().map(|&n| (n, gazetteer(n))).collect();
    for (n, (g, _)) in &data {
        build.bench_with_input(BenchmarkId::from_parameter(n), g, |b, g| {
            b.iter(|| Matcher::new(black_box(g)).unwrap());
        });
    }
    build.finish();

    let mut search = c.benchmark_group("search");
    search.sample_size(20);
    for (n, (g, names)) in &data {
        let m = Matcher::new(g).unwrap();
        eprintln!(
            "matcher with {n} names: {} patterns, {} automaton, heap {:.1} MB",
            m.pattern_count(),
            if m.is_dfa() { "DFA" } else { "word trie" },
            m.heap_bytes() as f64 / 1e6
        );
        let text = news_text(names, 1 << 20);
        search.throughput(Throughput::Bytes(text.len() as u64));
        search.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, t| {
            b.iter(|| m.find_all(black_box(t)).len());
        });
    }
    search.finish();

    // the whole recognizer (default gazetteer + discovery + coreference) on an article-sized text
    let mut full = c.benchmark_group("recognize");
    full.sample_size(20);
    let (_, names) = &data[0].1;
    let text = news_text(names, 64 << 10);
    let r = EntityRecognizer::new(None).unwrap();
    full.throughput(Throughput::Bytes(text.len() as u64));
    full.bench_function("default+discovery", |b| {
        b.iter(|| r.recognize(black_box(&text), &[]).len());
    });
    full.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
