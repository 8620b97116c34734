//! Segmentation throughput on a few MB of generated news-like text.
//!
//! Run with `cargo bench -p nutgraf-segment --bench segment`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nutgraf_segment::Segmenter;

/// Sentence templates in the style of wire copy; `{}` slots are filled with generated names.
const TEMPLATES: &[&str] = &[
    "Officials in {} said on Tuesday that the bridge would reopen by Feb. 3, a month later than planned.",
    "\"We are ready. The crew is healthy,\" {} said at a briefing in Washington.",
    "Shares of {} Inc. fell 3.5% to $41.20 after the U.S. Commerce Department released new figures.",
    "Sen. {} told reporters at 9 a.m. that the vote would be held next week.",
    "The agency, which employs about 1,200 people, has not said when the review will end.",
    "\"Is this the end?\" asked {}, a resident of the area for 20 years.",
    "More details are available at www.example.org/news or by writing to press@example.org.",
    "The report (see p. 14) lists No. 3 as the most common cause... Nobody disputed it.",
    "Dr. {} and Prof. J. R. Alvarez led the study, which was published in March.",
    "The storm knocked out power to 40,000 homes.Crews worked through the night.",
];

const NAMES: &[&str] = &[
    "Maria Lopez",
    "Tom Reed",
    "Ada Park",
    "Lena Moss",
    "Acme",
    "Rivertown",
    "Omar Haddad",
    "Kofi Mensah",
    "Ingrid Berg",
    "Chen Wei",
];

/// About `bytes` of text: paragraphs of two to five sentences, one paragraph per line, a
/// headline every ten paragraphs. Deterministic (a small linear congruential generator).
fn news_text(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 1024);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let mut para = 0;
    while out.len() < bytes {
        if para % 10 == 0 {
            out.push_str("City council approves new budget for schools\n");
        }
        let sentences = 2 + next(4);
        for k in 0..sentences {
            if k > 0 {
                out.push(' ');
            }
            let t = TEMPLATES[next(TEMPLATES.len())];
            out.push_str(&t.replace("{}", NAMES[next(NAMES.len())]));
        }
        out.push('\n');
        para += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let seg = Segmenter::english();
    let text = news_text(4 << 20);
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("sentences_4MB", |b| {
        b.iter(|| seg.sentences(black_box(&text)));
    });
    group.bench_function("paragraphs_4MB", |b| {
        b.iter(|| seg.paragraphs(black_box(&text)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
