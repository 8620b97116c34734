//! Throughput of `Cleaner::clean` on generated scraped pages (navigation, teaser, dateline,
//! body paragraphs with glued sentences and mojibake, captions, related cards, comments).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nutgraf_clean::Cleaner;

const SUBJECTS: &[&str] = &[
    "The council",
    "Governor Ada Lind",
    "The ministry",
    "Local farmers",
    "The port authority",
];
const VERBS: &[&str] = &[
    "approved",
    "rejected",
    "postponed",
    "welcomed",
    "questioned",
];
const OBJECTS: &[&str] = &[
    "the new budget for the coming year",
    "a plan to rebuild the northern bridge",
    "the proposal to extend the tram line",
    "a report on water quality in the bay",
];

/// A deterministic scraped page of about `paragraphs` body paragraphs.
fn page(seed: usize, paragraphs: usize) -> String {
    let mut s = String::new();
    s.push_str("Skip to content\nHome\nWorld\nBusiness\nSport\nLog In\n\n");
    s.push_str("date 2026-02-13 Regional\n");
    let sentence = |i: usize| {
        format!(
            "{} {} {} on Tuesday , officials said.",
            SUBJECTS[(seed + i) % SUBJECTS.len()],
            VERBS[(seed + 2 * i) % VERBS.len()],
            OBJECTS[(seed + 3 * i) % OBJECTS.len()]
        )
    };
    // Teaser: the opening paragraphs glued together.
    for i in 0..3 {
        s.push_str(&sentence(i));
    }
    s.push('\n');
    for i in 0..paragraphs {
        if i == 0 {
            s.push_str("HARBOURTON (Nordpress) - ");
        }
        s.push_str(&sentence(i));
        s.push_str(
            " \u{201c}We didnâ€™t expect this,\u{201d} a resident said.The vote was close.\u{a0}\n",
        );
        if i % 5 == 4 {
            s.push_str("In this photo provided by the council, the bridge is seen at dusk - Nordpress International, 1920, 13.02.2026\n");
        }
    }
    s.push_str("World\nRegional Councils Struggle With Rising Costs of Repairs\n10:28 GMT\n");
    s.push_str(
        "Leave a Reply\nreader1 says:\nGood news for the town, finally something moves here.\n",
    );
    s.push_str("© 2026 Nordpress. All rights reserved.\n");
    s
}

fn bench(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let mut group = c.benchmark_group("clean");
    for (name, paras) in [("article", 12usize), ("long_page", 400)] {
        let pages: Vec<String> = (0..8).map(|s| page(s, paras)).collect();
        let bytes: usize = pages.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for p in &pages {
                    black_box(cleaner.clean(black_box(p)));
                }
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
