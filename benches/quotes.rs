//! Criterion bench of the quote stage on article-size text generated here.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nutgraf_core::{Entity, EntityKind, EntitySource, Span};
use nutgraf_quotes::QuoteExtractor;

const NAMES: [&str; 6] = [
    "Lena Marchetti",
    "Tomas Eklund",
    "Ruth Okafor",
    "Daniel Pike",
    "Noor Aziz",
    "Karl Dunn",
];

/// A news-like article of `paras` paragraphs mixing direct, indirect, mixed, floating and
/// unattributed text, with its paragraphs, sentences and person entities.
fn article(paras: usize) -> (String, Vec<Span>, Vec<Span>, Vec<Entity>) {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    let mut mentions: Vec<Vec<Span>> = vec![Vec::new(); NAMES.len()];
    for i in 0..paras {
        let name = NAMES[i % NAMES.len()];
        let surname = name.split(' ').nth(1).unwrap_or(name);
        let start = text.len();
        let body: Vec<(String, Option<&str>)> = match i % 5 {
            0 => vec![(
                format!("Port Director {name} on Tuesday said that the harbour is \u{201c}fully committed\u{201d} to reopening the northern pier before the summer season."),
                Some(name),
            )],
            1 => vec![(
                format!("\u{201c}We are arranging meetings with every shipping partner in the coming weeks, and we expect answers soon,\u{201d} {surname} said during a briefing."),
                Some(surname),
            )],
            2 => vec![
                ("The pier has been closed since the storm in March. Repairs cost more than expected.".to_owned(), None),
                ("The work will take months, as the city and the fleet have a lot to do together, she added.".to_owned(), None),
            ],
            3 => vec![(
                "\u{201c}It will serve the whole valley, and it will be open every day of the week.\u{201d}".to_owned(),
                None,
            )],
            _ => vec![(
                format!("According to {name}, the budget for the project will grow by a fifth next year."),
                Some(name),
            )],
        };
        for (k, (s, who)) in body.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let s_start = text.len();
            text.push_str(s);
            sentences.push(Span::new(s_start, text.len()));
            if let Some(who) = who {
                if let Some(off) = s.find(who) {
                    let idx = NAMES.iter().position(|n| n.contains(who)).unwrap_or(0);
                    mentions[idx].push(Span::new(s_start + off, s_start + off + who.len()));
                }
            }
        }
        paragraphs.push(Span::new(start, text.len()));
        text.push_str("\n\n");
    }
    let entities = NAMES
        .iter()
        .zip(mentions)
        .enumerate()
        .map(|(i, (n, m))| Entity {
            id: format!("p{i}"),
            name: (*n).to_owned(),
            kind: EntityKind::Person,
            roles: vec![],
            source: EntitySource::Discovered,
            mentions: m,
            gender: None,
        })
        .collect();
    (text, paragraphs, sentences, entities)
}

fn bench(c: &mut Criterion) {
    let extractor = QuoteExtractor::english();
    let mut group = c.benchmark_group("quotes");
    for paras in [20, 200] {
        let (text, p, s, e) = article(paras);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("extract/{}B", text.len()), |b| {
            b.iter(|| extractor.extract(black_box(&text), &p, &s, &e));
        });
        group.bench_function(format!("extract_no_layers/{}B", text.len()), |b| {
            b.iter(|| extractor.extract(black_box(&text), &[], &[], &[]));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
