//! Criterion bench of nutgraf-html on generated news pages.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;

/// A generated article page of `paras` paragraphs with navigation, scripts and a footer.
fn page(paras: usize) -> String {
    let mut s = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour plan | Daily Example</title>\
         <meta property=\"og:title\" content=\"Harbour plan approved\">\
         <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Harbour plan approved\",\
         \"datePublished\":\"2024-05-06T08:00:00Z\",\"author\":{\"@type\":\"Person\",\"name\":\"Ana Ruiz\"}}</script>\
         <script>var x = '<p>not text</p>';</script><style>p{color:red}</style></head><body>\
         <header class=\"site-header\"><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul></nav></header>\
         <main><article class=\"story\"><h1>Harbour plan approved</h1><div class=\"story-body\">",
    );
    for i in 0..paras {
        let _ = write!(
            s,
            "<p>Paragraph {i}: the council voted on the harbour plan, and &ldquo;the debate was long,&rdquo; \
             said <a href=\"/p/{i}\">a member</a> of the board, adding that work starts in <b>June</b>.</p>"
        );
        if i % 7 == 3 {
            s.push_str(
                "<figure><img src=\"a.jpg\"><figcaption>The harbour at dawn.</figcaption></figure>",
            );
        }
        if i % 11 == 5 {
            s.push_str("<h2>What happens next</h2>");
        }
    }
    s.push_str(
        "</div></article><aside class=\"related\"><ul><li><a href=\"/a\">Other story</a></li></ul></aside></main>\
         <footer class=\"footer\">&copy; 2024 Daily Example</footer></body></html>",
    );
    s
}

fn bench(c: &mut Criterion) {
    let ex = nutgraf_html::HtmlExtractor::new();
    let mut g = c.benchmark_group("html");
    for paras in [20usize, 200] {
        let p = page(paras);
        g.throughput(Throughput::Bytes(p.len() as u64));
        g.bench_function(format!("extract_{paras}_paragraphs"), |b| {
            b.iter(|| ex.extract(black_box(&p)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
