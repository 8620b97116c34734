//! Quickstart: run the English news preset on the bundled sample article and print who said what.
//!
//! ```text
//! cargo run --release --example quickstart
//! ```
//!
//! The sample article (`examples/data/sample-article.txt`) is written for this project in the
//! style of a scraped news page: a header line, a teaser that repeats the opening glued together,
//! a dateline, a photo caption, a section label, a related headline and a timestamp.

use nutgraf::{Gazetteer, english_news};

const ARTICLE: &str = include_str!("data/sample-article.txt");
const GAZETTEER: &str = include_str!("data/sample-gazetteer.json");

fn main() -> nutgraf::Result<()> {
    let gazetteer = Gazetteer::parse(GAZETTEER, "examples/data/sample-gazetteer.json")?;
    let pipeline = english_news(Some(&gazetteer))?;
    let doc = pipeline.run(ARTICLE)?;

    if let Some(md) = doc.metadata() {
        println!("date:     {}", md.date.as_deref().unwrap_or("-"));
        println!("section:  {}", md.section.as_deref().unwrap_or("-"));
        if let Some(d) = &md.dateline {
            println!(
                "dateline: {} ({})",
                d.place,
                d.source.as_deref().unwrap_or("-")
            );
        }
    }
    for b in doc
        .blocks()
        .unwrap_or_default()
        .iter()
        .filter(|b| !b.kind.is_body())
    {
        println!(
            "removed {:<13} {:?}",
            b.kind.as_str(),
            shorten(doc.raw_slice(b.span), 60)
        );
    }
    println!(
        "\n{} paragraphs, {} sentences\n",
        doc.paragraphs().map_or(0, <[_]>::len),
        doc.sentences().map_or(0, <[_]>::len)
    );

    let entities = doc.entities().unwrap_or_default();
    println!("entities:");
    for e in entities {
        let roles = if e.roles.is_empty() {
            String::new()
        } else {
            format!(" [{}]", e.roles.join("; "))
        };
        println!(
            "  {:<13} {}{} x{}",
            e.kind.as_str(),
            e.name,
            roles,
            e.mentions.len()
        );
    }

    println!("\nwho said what:");
    for q in doc.quotes().unwrap_or_default() {
        let speaker = q.speaker.as_ref().map_or_else(
            || "(unknown)".to_owned(),
            |s| {
                let name = s
                    .entity
                    .as_ref()
                    .and_then(|id| entities.iter().find(|e| &e.id == id))
                    .map(|e| e.name.as_str());
                match name {
                    Some(n) if n != doc.raw_slice(s.span) => {
                        format!("{} (= {n})", doc.raw_slice(s.span))
                    }
                    _ => doc.raw_slice(s.span).to_owned(),
                }
            },
        );
        let cue = q.cue.map_or("", |c| doc.raw_slice(c));
        println!(
            "  {speaker} {cue} [{}] bytes {}..{}: {}",
            q.kind.as_str(),
            q.span.start,
            q.span.end,
            shorten(doc.working_slice(q.span), 70)
        );
    }
    Ok(())
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}
